"""Person and cluster pages: a promotion is one person with both ranks in date order, namesakes are kept
apart by unit, a host changes by year."""
import pytest

from indexer.namesakes import Mention, same_place, split
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
    # two men named Phạm Quốc Hưng in March 2024, and an article naming one of them without a unit
    "hung-kien-giang.txt": """Kiên Giang triển khai công tác bảo đảm trật tự giao thông
Thứ Bảy, 02/03/2024 08:00

Ngày 1/3, Đại tá Phạm Quốc Hưng, Giám đốc Công an tỉnh Kiên Giang chủ trì hội nghị triển khai công tác bảo đảm trật tự an toàn giao thông quý II.
""",
    "hung-ha-noi.txt": """Triệt phá đường dây cá độ bóng đá qua mạng
Thứ Ba, 05/03/2024 15:30

Thiếu tá Phạm Quốc Hưng, Phó Trưởng phòng Cảnh sát hình sự Công an TP Hà Nội cho biết đường dây có hơn 20 đối tượng tham gia.
""",
    "hung-no-unit.txt": """Hội nghị chuyên đề về phòng cháy chữa cháy
Thứ Tư, 20/03/2024 09:15

Tại hội nghị, Đại tá Phạm Quốc Hưng phát biểu, đề nghị các đơn vị rà soát phương án chữa cháy tại chỗ.
""",
    # one officer promoted and moved: Sóc Trăng, then Tiền Giang, then Đồng Tháp (which Tiền Giang joined in 2025)
    "binh-2020.txt": """Công an tỉnh Sóc Trăng sơ kết công tác 6 tháng
Thứ Sáu, 10/07/2020 10:00

Đại tá Đỗ Thanh Bình, Giám đốc Công an tỉnh Sóc Trăng chủ trì hội nghị sơ kết công tác 6 tháng đầu năm.
""",
    "binh-2023.txt": """Công an tỉnh Tiền Giang tổng kết công tác năm 2023
Thứ Năm, 14/12/2023 14:00

Thiếu tướng Đỗ Thanh Bình, Giám đốc Công an tỉnh Tiền Giang phát biểu chỉ đạo hội nghị.
""",
    "binh-2025.txt": """Công an tỉnh Đồng Tháp ra mắt sau hợp nhất
Thứ Hai, 01/09/2025 08:30

Thiếu tướng Đỗ Thanh Bình, Giám đốc Công an tỉnh Đồng Tháp trao quyết định cho các đơn vị sau hợp nhất.
""",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from indexer.writer import build
    from search_app import create_app

    from .helpers import write_articles

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
    assert data["namesakes"] is False and [person["key"] for person in data["persons"]] == ["nghe-an"]
    page = client.get("/nguoi/lê-quang-minh").get_data(as_text=True)
    assert "Thiếu tướng, Giám đốc Công an tỉnh Nghệ An" in page and "người cùng tên" not in page


def test_two_namesakes_in_two_provinces_in_the_same_month_are_two_persons(client):
    data = client.get("/api/nguoi/phạm-quốc-hưng").get_json()
    assert data["namesakes"] is True
    by_key = {person["key"]: person for person in data["persons"]}
    assert set(by_key) == {"kien-giang", "ha-noi"}
    assert [step["rank"] for step in by_key["ha-noi"]["timeline"]] == ["Thiếu tá"]
    assert len(data["articles"]) == 3  # the name's page still lists every article
    page = client.get("/nguoi/phạm-quốc-hưng").get_data(as_text=True)
    assert "Có 2 người cùng tên Phạm Quốc Hưng, phân biệt theo đơn vị" in page
    assert by_key["ha-noi"]["url"] in page


def test_a_mention_without_a_unit_stays_with_the_only_person_it_fits(client):
    data = client.get("/api/nguoi/phạm-quốc-hưng").get_json()
    by_key = {person["key"]: person for person in data["persons"]}
    # an Đại tá two weeks after: not the Thiếu tá of Hà Nội, so the Đại tá of Kiên Giang
    assert [article["date"] for article in by_key["kien-giang"]["articles"]] == ["2024-03-20", "2024-03-02"]
    assert [article["date"] for article in by_key["ha-noi"]["articles"]] == ["2024-03-05"]
    assert all(person["unit"] for person in data["persons"])  # no group of unknown unit was needed


def test_one_officer_promoted_and_transferred_over_years_is_one_person(client):
    data = client.get("/api/nguoi/đỗ-thanh-bình").get_json()
    assert data["namesakes"] is False and len(data["persons"]) == 1
    person = data["persons"][0]
    assert [(step["rank"], step["from"]) for step in person["timeline"]] == [
        ("Đại tá", "2020-07-10"), ("Thiếu tướng", "2023-12-14"), ("Thiếu tướng", "2025-09-01")]
    assert person["places"] == ["Sóc Trăng", "Tiền Giang", "Đồng Tháp"] and person["key"] == "soc-trang"


def test_one_of_the_namesakes_has_a_page_of_their_own_by_unit(client):
    data = client.get("/api/nguoi/phạm-quốc-hưng/ha-noi").get_json()
    assert data["key"] == "phạm-quốc-hưng/ha-noi" and data["name_key"] == "phạm-quốc-hưng"
    assert [article["date"] for article in data["articles"]] == ["2024-03-05"]
    assert data["name_url"].endswith("/nguoi/ph%E1%BA%A1m-qu%E1%BB%91c-h%C6%B0ng")
    # any unit of a career finds the person: the sub-key is the first, a later one still leads to them
    assert client.get("/api/nguoi/đỗ-thanh-bình/dong-thap").get_json()["key"] == "đỗ-thanh-bình/soc-trang"
    page = client.get("/nguoi/phạm-quốc-hưng/kien-giang").get_data(as_text=True)
    assert "Phạm Quốc Hưng <small>(Kiên Giang)</small>" in page and "Mọi người tên Phạm Quốc Hưng" in page
    response = client.get("/api/nguoi/phạm-quốc-hưng/quang-ninh")
    assert response.status_code == 404 and response.get_json()["error"]["message"] == (
        "no person with that name in that unit")


def _mention(date, place, rank="Đại tá"):
    return Mention(date, rank, f"Giám đốc Công an tỉnh {place}", {"id": f"{place}-{date}", "provinces": []}, place)


def test_two_directors_of_two_provinces_weeks_apart_are_two_but_years_apart_are_one():
    assert len(split([_mention("2024-03-02", "Kiên Giang"), _mention("2024-03-25", "Hậu Giang")])) == 2
    assert len(split([_mention("2020-03-02", "Kiên Giang"), _mention("2023-03-25", "Hậu Giang")])) == 1
    # back and forth within a year is two people side by side, not two transfers
    assert len(split([_mention("2024-01-10", "Kiên Giang"), _mention("2024-06-10", "Hậu Giang"),
                      _mention("2024-11-10", "Kiên Giang")])) == 2


def test_old_and_new_province_names_are_one_place_only_once_the_merger_is_in_force():
    assert same_place(_mention("2024-05-01", "Kiên Giang"), _mention("2025-08-01", "An Giang"))
    assert not same_place(_mention("2024-05-01", "Kiên Giang"), _mention("2024-05-20", "An Giang"))
    assert len(split([_mention("2025-06-20", "Kiên Giang"), _mention("2025-07-15", "An Giang")])) == 1


def test_a_cluster_page_gives_its_host_by_year(client):
    data = client.get("/api/cum/cum-thi-dua-so-5").get_json()
    assert data["hosts_by_year"] == {"2022": "Hà Tĩnh", "2023": "Quảng Bình"}
    assert "2024" in data["provinces_by_year"]
    assert client.get("/cum/cum-thi-dua-so-5").status_code == 200


def test_unknown_people_and_clusters_are_404_in_the_json_shape(client):
    response = client.get("/api/nguoi/không-có-ai")
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
    assert client.get("/api/cum/cum-thi-dua-so-99").status_code == 404
