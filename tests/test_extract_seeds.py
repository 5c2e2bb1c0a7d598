"""The five seed articles, read by hand and checked field by field."""
import pytest

from indexer.extract import extract_record
from indexer.extract.reader import read_text

from .helpers import SEEDS


def _record(prefix):
    path = next(SEEDS.glob(prefix + "_*.txt"))
    return extract_record(read_text(path), path.name)


@pytest.fixture(scope="module")
def seeds():
    return {prefix: _record(prefix) for prefix in ("000", "001", "002", "003", "004")}


def test_seed_000_local_report_with_byline_and_date_line(seeds):
    r = seeds["000"]
    assert r.title == "Công an 5 địa phương tổng kết phong trào thi đua năm 2024"
    assert r.date == "2024-11-20" and r.event_date == "2024-11-19"
    assert r.author == ["Minh Triết", "Tiến Dũng"]
    assert r.outlet is None
    assert r.clusters == ["Cụm thi đua số 12"]
    assert r.provinces == ["Kiên Giang", "An Giang", "Hậu Giang", "Cà Mau", "Bạc Liêu"]
    assert r.persons == [
        {"name": "Lê Hồng Hiệp", "rank": "Thiếu tướng",
         "role": "Phó Cục trưởng Cục Công tác đảng và công tác chính trị"},
        {"name": "Cao Đăng Hưng", "rank": "Thiếu tướng", "role": "Phó Chánh Văn phòng Bộ Công an"},
        {"name": "Lê Trung Hồ", "rank": None, "role": "Phó Chủ tịch UBND tỉnh Kiên Giang"},
        {"name": "Nguyễn Văn Hận", "rank": "Đại tá", "role": "Giám đốc Công an tỉnh Kiên Giang"},
    ]
    assert r.paragraphs[0].startswith("Chiều 19/11 tại Công an tỉnh Kiên Giang")
    assert r.paragraphs[-1].startswith("Tại hội nghị, đại diện các đơn vị")
    assert not any(p.endswith(".jpg") or "Bình luận" in p or p in ("Nổi bật", "Đừng bỏ lỡ") for p in r.paragraphs)
    assert "Quang cảnh hội nghị" in r.paragraphs  # captions are text


def test_seed_001_bloc_clusters_group_byline_and_outlet(seeds):
    r = seeds["001"]
    assert r.title.startswith("Các Cụm thi đua trực thuộc Công an tỉnh tổng kết")
    assert r.date == "2018" and r.event_date is None
    assert r.outlet == "ANTN" and r.outlet_abbr == "ANTN"  # not identified yet: kept as printed
    assert r.author == ["Nhóm PV"]
    assert r.clusters == [  # as written; no province is named, so none is added
        "Cụm thi đua khối Công an các huyện, thành phố, thị xã",
        "Cụm thi đua khối An ninh",
        "Cụm thi đua khối Cảnh sát",
        "Cụm thi đua Khối Tham mưu, Xây dựng lực lượng, Hậu cần",
    ]
    assert r.provinces == [] and r.persons == []
    assert r.paragraphs[0].startswith("Thực hiện hướng dẫn tổng kết")
    assert len(r.paragraphs) == 5


def test_seed_002_audio_player_outlet_and_city_abbreviations(seeds):
    r = seeds["002"]
    assert r.title == "Cụm thi đua số 1 Bộ Công an: Xây dựng lực lượng mạnh hướng về cơ sở"
    assert r.date == "2023-03-30" and r.event_date == "2023-03-30"
    assert r.outlet == "An ninh Thủ đô" and r.outlet_abbr == "ANTD.VN"  # full name; the marker as printed
    assert r.author == []
    assert r.clusters == ["Cụm thi đua số 1"]  # not "số 12" from "Nghị quyết số 12"
    assert r.provinces == ["Cần Thơ", "Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng"]
    assert r.persons == [
        {"name": "Nguyễn Văn Thuận", "rank": "Thiếu tướng", "role": "Giám đốc Công an TP Cần Thơ"},
        {"name": "Phạm Thanh Hùng", "rank": "Đại tá", "role": "Phó Giám đốc CATP Hà Nội"},
    ]
    assert r.paragraphs[0].startswith("Ngày 30-3, tại Công an TP Cần Thơ")
    assert not any("0:00" in p or "miền Bắc" in p for p in r.paragraphs)
    captions = [p for p in r.paragraphs if p.startswith("5 đơn vị trong Cụm")]
    assert len(captions) == 1  # printed twice in the page


def test_seed_003_glued_header_title_and_lead(seeds):
    r = seeds["003"]
    assert r.title == "Cụm thi đua số 6 (Bộ Công an): Chủ động, sáng tạo trong phong trào thi đua 'Vì an ninh Tổ quốc'"
    assert r.date == "2024-07" and r.event_date == "2024-07-12"
    assert r.clusters == ["Cụm thi đua số 6"]
    assert r.provinces == ["Nghệ An", "Ninh Bình", "Thanh Hóa", "Hà Tĩnh", "Quảng Bình"]  # no Hồ Chí Minh
    names = [p["name"] for p in r.persons]
    assert names == ["Bùi Quang Thanh", "Nguyễn Quang Huy", "Bùi Đình Long", "Nguyễn Thị Thúy Thanh"]
    assert r.persons[0]["role"] == "Ủy viên BTV Tỉnh ủy; Giám đốc Công an tỉnh Nghệ An"
    assert r.persons[2] == {"name": "Bùi Đình Long", "rank": None,
                            "role": "Ủy viên BCH Đảng bộ tỉnh, Phó Chủ tịch UBND tỉnh Nghệ An"}
    assert r.photo_credits == ["Quỳnh Trang", "Vương Linh", "Minh Khôi"]
    assert not set(r.photo_credits) & set(names)
    assert r.author == []
    assert r.paragraphs[0].startswith("Sáng 12/7, tại Công an tỉnh Nghệ An")


def test_seed_004_section_label_view_counter_and_unit_byline(seeds):
    r = seeds["004"]
    assert r.title.startswith("Khối Cảnh sát Quản lý hành chính Công an tỉnh tổng kết")
    assert r.date == "2024-11-20" and r.event_date == "2024-11-19"
    assert r.author == ["Phương Huyền"]
    assert r.clusters == ["Khối Cảnh sát Quản lý hành chính Công an tỉnh Hưng Yên"]  # "Công an tỉnh" completed
    assert r.provinces == ["Hưng Yên"]
    assert r.persons == [{"name": "Nguyễn Xuân Hồng", "rank": "Đại tá", "role": "Phó Giám đốc Công an tỉnh"}]
    assert r.paragraphs[-1].startswith("Phát biểu chỉ đạo hội nghị")
    assert not any("Lượt xem" in p or "Tin liên quan" in p for p in r.paragraphs)
