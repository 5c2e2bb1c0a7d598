"""What whoever runs the service relies on: health, readiness, caching, settings, proxies."""
from search_app import create_app


def test_healthz_and_readyz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz").get_json()
    assert ready["status"] == "ready" and ready["articles"] == 9 and ready["generation"].startswith("gen-")


def test_readyz_is_503_without_an_index(tmp_path):
    response = create_app({"INDEX_DIR": str(tmp_path / "none")}).test_client().get("/readyz")
    assert response.status_code == 503 and response.get_json()["status"] == "unavailable"


def test_search_responses_carry_an_etag_and_answer_304_on_a_repeat(client):
    first = client.get("/api/search?q=thi+%C4%91ua&per_page=2")
    assert first.status_code == 200 and first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"] and "public" in first.headers["Cache-Control"]
    again = client.get("/api/search?per_page=2&q=thi+%C4%91ua", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    other = client.get("/api/search?q=an+ninh", headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200


def test_the_etag_changes_when_the_index_changes(make_index):
    from indexer.writer import build

    article = "Bài một về thi đua\n20/11/2024 - 10:00\n\nNội dung về thi đua."
    source, index_dir = make_index({"a.txt": article})
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    before = client.get("/api/search?q=thi+dua").headers["ETag"]
    (source / "b.txt").write_text(article.replace("một", "hai"), encoding="utf-8")
    build(str(source), str(index_dir))
    after = client.get("/api/search?q=thi+dua", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_settings_come_from_the_environment_with_one_prefix(monkeypatch, seed_index):
    monkeypatch.setenv("VNSEARCH_INDEX_DIR", str(seed_index))
    monkeypatch.setenv("INDEX_DIR", "/nowhere")
    assert create_app().config["INDEX_DIR"] == str(seed_index)
    monkeypatch.delenv("VNSEARCH_INDEX_DIR")
    monkeypatch.setenv("INDEX_DIR", str(seed_index))
    assert create_app().config["INDEX_DIR"] == str(seed_index)


def test_absolute_urls_behind_a_proxy(seed_index):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tracuu.example.vn", "X-Forwarded-Prefix": "/kho"}
    trusting = create_app({"INDEX_DIR": str(seed_index), "TRUST_PROXY": True}).test_client()
    url = trusting.get("/api/search?per_page=1", headers=headers).get_json()["results"][0]["url"]
    assert url.startswith("https://tracuu.example.vn/kho/doc/")
    plain = create_app({"INDEX_DIR": str(seed_index)}).test_client()
    assert plain.get("/api/search?per_page=1", headers=headers).get_json()["results"][0]["url"].startswith("http://localhost/doc/")
