"""Person and cluster pages: a promotion is one person with both ranks in date order, a host changes by year."""
import pytest

from indexer.profiles import cluster_key, person_key

ARTICLES = {
    "2022.txt": """Cụm thi đua số 5 tổng kết năm 2022
Thứ Hai, 21/11/2022 09:00

Ngày 20/11, tại Công an tỉnh Hà Tĩnh, Cụm thi đua số 5 tổng kết phong trào thi đua. Đại tá Lê Quang Minh, Phó Giám đốc Công an tỉnh Nghệ An dự hội nghị.

Công an tỉnh Hà Tĩnh, đơn vị Cụm trưởng, đã bàn giao Cụm trưởng năm 2023 cho Công an tỉnh Quảng Bình.
""",
    "2024.txt": """Cụm thi đua số 5 sơ kết năm 2024
Thứ Tư, 10/07/2024 10:00

Ngày 9/7, tại Công an tỉnh Quảng Bình, Cụm thi đua số 5 sơ kết 6 tháng. Thiếu tướng Lê Quang Minh, Giám đốc Công an tỉnh Nghệ An phát biểu.

Các tỉnh Nghệ An, Hà Tĩnh, Quảng Bình thống nhất nội dung thi đua.
""",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from indexer.writer import build
    from search_app import create_app

    from .conftest import write_articles

    source = write_articles(tmp_path_factory.mktemp("profiles") / "src", ARTICLES)
    build(str(source), str(source.parent / "index"))
    return create_app({"INDEX_DIR": str(source.parent / "index"), "TESTING": True}).test_client()


def test_keys_merge_spellings_but_keep_tones():
    assert person_key("Lê Quang Minh") == person_key("LÊ  QUANG MINH") == "lê-quang-minh"
    assert person_key("Nguyễn Văn Hận") != person_key("Nguyễn Văn Hân")
    assert person_key("Hoà") == person_key("Hòa")
    assert cluster_key("Cụm thi đua số 5") == "cum-thi-dua-so-5"


def test_a_promoted_person_has_one_page_with_both_ranks_in_date_order(client):
    data = client.get("/api/nguoi/lê-quang-minh").get_json()
    assert [(step["rank"], step["from"]) for step in data["timeline"]] == [
        ("Đại tá", "2022-11-21"), ("Thiếu tướng", "2024-07-10")]
    assert len(data["articles"]) == 2 and data["articles"][0]["date"] == "2024-07-10"
    assert data["namesakes"] is False
    page = client.get("/nguoi/lê-quang-minh").get_data(as_text=True)
    assert "Thiếu tướng, Giám đốc Công an tỉnh Nghệ An" in page


def test_a_cluster_page_gives_its_host_by_year(client):
    data = client.get("/api/cum/cum-thi-dua-so-5").get_json()
    assert data["hosts_by_year"] == {"2022": "Hà Tĩnh", "2023": "Quảng Bình"}
    assert "2024" in data["provinces_by_year"]
    assert client.get("/cum/cum-thi-dua-so-5").status_code == 200


def test_unknown_people_and_clusters_are_404_in_the_json_shape(client):
    response = client.get("/api/nguoi/không-có-ai")
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
    assert client.get("/api/cum/cum-thi-dua-so-99").status_code == 404
