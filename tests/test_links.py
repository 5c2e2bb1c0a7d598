"""Links that survive: quote links, paragraph anchors, 410 for removed articles, 404 for unknown ids."""
import json
import re
import urllib.parse
from html import unescape

import pytest

from indexer.writer import build
from search_app import create_app

from .helpers import write_articles

ARTICLE = """Cụm thi đua số 9 tổng kết năm 2024
20/11/2024 - 10:38

Chiều 19/11, Cụm thi đua số 9 tổ chức hội nghị tại Công an tỉnh Bình Định.

Đại tá Trần Văn Bình, Giám đốc Công an tỉnh Bình Định trao cờ thi đua cho các đơn vị xuất sắc trong năm.

Phong trào thi đua được phát động sâu rộng trong toàn lực lượng.
"""


@pytest.fixture()
def site(tmp_path):
    source = write_articles(tmp_path / "src", {"a.txt": ARTICLE, "b.txt": ARTICLE.replace("số 9", "số 10")})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    ids = {r["title"][-20:]: r["id"] for r in client.get("/api/search").get_json()["results"]}
    return source, index_dir, client, ids


def _article_id(client, cluster):
    return client.get("/api/search", query_string={"cluster": cluster}).get_json()["results"][0]["id"]


def _quote_link(client, article_id, number):
    html = client.get(f"/doc/{article_id}").data.decode()
    block = re.search(rf'<div class="para" id="p{number}">(.*?)</div>\s*</div>', html, re.S).group(1)
    markdown = unescape(re.search(r'data-format="markdown" data-copy="([^"]+)"', block).group(1))
    return re.fullmatch(r"\[.*\]\(<(.+)>\)", markdown).group(1)


def test_quote_links_contain_no_hash_and_lead_to_the_paragraph(site):
    _source, _index, client, _ids = site
    article_id = _article_id(client, "Cụm thi đua số 9")
    link = _quote_link(client, article_id, 2)
    assert "#" not in link and f"/doc/{article_id}/q?" in link
    response = client.get(link)
    assert response.status_code == 302
    target = urllib.parse.urlsplit(response.headers["Location"])
    assert target.fragment == "p2"
    page = client.get(target.path + "?" + target.query).data.decode()
    # a paragraph's link marks the whole paragraph (it marked only its first twelve words)
    assert ("<mark>Đại tá Trần Văn Bình, Giám đốc Công an tỉnh Bình Định trao cờ thi đua cho các đơn vị xuất sắc "
            "trong năm.</mark>") in page


def test_a_quote_link_finds_the_passage_after_an_edit_and_a_rebuild(site):
    source, index_dir, client, _ids = site
    article_id = _article_id(client, "Cụm thi đua số 9")
    link = _quote_link(client, article_id, 2)
    edited = ARTICLE.replace("Đại tá Trần Văn Bình, Giám đốc", "Thượng tá Trần Văn Bình, Phó Giám đốc") \
                    .replace("Chiều 19/11", "Sáng 19/11, như kế hoạch,")
    (source / "a.txt").write_text("Tin địa phương\n\n" + edited, encoding="utf-8")
    build(str(source), str(index_dir))  # incremental
    assert _article_id(client, "Cụm thi đua số 9") == article_id  # same id after the edit
    target = urllib.parse.urlsplit(client.get(link).headers["Location"])
    assert target.fragment == "p2" and "quote=missing" not in target.query
    build(str(source), str(index_dir), rebuild=True)  # full rebuild
    target = urllib.parse.urlsplit(client.get(link).headers["Location"])
    assert target.fragment == "p2"
    page = client.get(target.path + "?" + target.query).data.decode()
    assert re.search(r"<mark>[^<]*Trần Văn Bình, Phó Giám đốc Công an tỉnh Bình Định[^<]*</mark>", page)


def test_a_quote_that_is_gone_lands_on_the_article_with_a_notice(site):
    _source, _index, client, _ids = site
    article_id = _article_id(client, "Cụm thi đua số 9")
    response = client.get(f"/doc/{article_id}/q", query_string={"exact": "câu này không hề có trong bài viết nào cả"})
    assert response.status_code == 302 and "quote=missing" in response.headers["Location"]
    page = client.get(response.headers["Location"]).data.decode()
    assert "Không còn tìm thấy đoạn trích dẫn" in page


@pytest.mark.parametrize("rebuild", [False, True])
def test_a_removed_article_answers_410_with_its_title_and_date(site, rebuild):
    source, index_dir, client, _ids = site
    article_id = _article_id(client, "Cụm thi đua số 10")
    (source / "b.txt").unlink()
    build(str(source), str(index_dir), rebuild=rebuild)
    page = client.get(f"/doc/{article_id}")
    assert page.status_code == 410
    assert "Cụm thi đua số 10 tổng kết năm 2024" in page.data.decode() and "20/11/2024" in page.data.decode()
    api = client.get(f"/api/doc/{article_id}")
    assert api.status_code == 410 and "Cụm thi đua số 10 tổng kết năm 2024" in api.get_json()["error"]["message"]
    assert client.get(f"/doc/{article_id}/q?exact=x").status_code == 410


def test_a_removed_article_is_told_from_removed_json_alone_or_from_an_older_registry(site):
    """A worker answers 410 from removed.json, never loading the whole registry; an index
    written before removed.json existed is answered from registry.json as before."""
    source, index_dir, client, _ids = site
    article_id = _article_id(client, "Cụm thi đua số 10")
    (source / "b.txt").unlink()
    build(str(source), str(index_dir))
    removed = json.loads((index_dir / "removed.json").read_text(encoding="utf-8"))["removed"]
    assert removed[article_id]["title"] == "Cụm thi đua số 10 tổng kết năm 2024"
    registry = (index_dir / "registry.json").read_bytes()
    (index_dir / "registry.json").unlink()
    (index_dir / "registry.json.bak").unlink()
    assert client.get(f"/api/doc/{article_id}").status_code == 410  # removed.json alone
    (index_dir / "removed.json").unlink()
    (index_dir / "registry.json").write_bytes(registry)
    assert client.get(f"/api/doc/{article_id}").status_code == 410  # an older index: the registry
    (index_dir / "registry.json").unlink()
    assert client.get(f"/api/doc/{article_id}").status_code == 404  # nothing tells it was removed


def test_an_id_that_never_existed_is_404(site):
    _source, _index, client, _ids = site
    assert client.get("/doc/neverexist").status_code == 404
    assert client.get("/api/doc/neverexist").status_code == 404
    assert client.get("/api/doc/neverexist/cite").status_code == 404


def test_paragraphs_keep_anchors_and_offer_a_text_fragment_link(site):
    _source, _index, client, _ids = site
    article_id = _article_id(client, "Cụm thi đua số 9")
    html = client.get(f"/doc/{article_id}").data.decode()
    assert 'id="p2"' in html and 'href="#p2"' in html
    fragment = unescape(re.search(r'data-format="fragment" data-copy="([^"]+)"', html).group(1))
    url, directive = fragment.split("#:~:text=")
    assert url == f"http://localhost/doc/{article_id}"
    start = urllib.parse.unquote(directive.split(",")[0])
    assert start == "Chiều 19/11, Cụm thi đua"
