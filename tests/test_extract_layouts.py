"""Articles in layouts the seeds do not show (tests/data/articles), read field by field."""
import unicodedata

import pytest

from indexer.extract import extract_record

from .helpers import ARTICLES


def _record(name):
    path = ARTICLES / name
    return extract_record(path.read_text(encoding="utf-8"), name)


def test_weekday_publication_line_outlet_prefix_and_closing_byline():
    r = _record("weekday_header.txt")
    assert r.title == "Cụm thi đua số 8 ký kết giao ước thi đua, quyết tâm hoàn thành chỉ tiêu"
    assert r.date == "2024-12-13" and r.event_date == "2024-12-12"
    assert r.outlet == "Công an nhân dân" and r.outlet_abbr == "CAND"  # full name from indexer/data/outlets.json
    assert r.author == ["Hoàng Anh", "Minh Đức"]
    assert r.clusters == ["Cụm thi đua số 8"]
    assert r.provinces == ["Hồ Chí Minh", "Thừa Thiên Huế", "Long An", "Tây Ninh"]
    assert r.persons == [
        {"name": "Trần Văn Sơn", "rank": "Trung tướng", "role": "Giám đốc Công an TP Hồ Chí Minh"},
        {"name": "Lê Thị Hoà", "rank": None, "role": "Phó Chủ tịch UBND tỉnh Thừa Thiên Huế"},
        {"name": "Phạm Quốc Kỳ", "rank": "Đại úy", "role": "cán bộ Phòng Tham mưu"},
    ]
    text = "\n".join(r.paragraphs)
    assert "Chia sẻ" not in text and ".jpg" not in text and "Bình luận" not in text
    assert "Tin cùng chuyên mục" not in text and "Công an Tây Ninh triển khai" not in text
    assert r.paragraphs.count("Trung tướng Trần Văn Sơn, Giám đốc Công an TP Hồ Chí Minh phát biểu tại hội nghị") == 1
    assert r.paragraphs[0].startswith("Sáng 12/12")  # the outlet prefix is metadata


def test_source_line_year_from_the_lead_and_office_only_mentions():
    r = _record("theo_source.txt")
    assert r.date == "2025-01-05" and r.event_date == "2025-01-05"
    assert r.outlet == "Truyền hình Công an nhân dân" and r.outlet_abbr == "ANTV"
    assert r.clusters == ["Cụm thi đua số 3"]
    assert [p["name"] for p in r.persons] == ["Đặng Văn Tú", "Võ Thị Thuỷ"]  # not "Trưởng phòng …"
    assert r.persons[1]["rank"] == "Thượng tá"
    assert r.photo_credits == ["Thu Hà"]
    assert "Theo ANTV" not in r.paragraphs and "Facebook" not in r.paragraphs


def test_bloc_cluster_named_with_its_province():
    r = _record("bloc_province.txt")
    assert r.date == "2023-02-03" and r.event_date == "2023-02-02"
    assert r.clusters == ["Cụm thi đua khối An ninh Công an tỉnh Bắc Giang"]
    assert r.author == ["Văn Hà", "Thu Trang"]
    assert r.persons == [{"name": "Nguyễn Thị Lý", "rank": "Thiếu tá",
                          "role": "Phó Trưởng phòng An ninh chính trị nội bộ Công an tỉnh Bắc Giang"}]


def test_post_merger_article_with_a_date_header_glued_to_the_title():
    r = _record("after_merger.txt")
    assert r.title == "Cụm thi đua số 2 sơ kết 6 tháng sau sắp xếp đơn vị hành chính"
    assert r.date == "2025-08" and r.event_date == "2025-08-20"
    assert r.provinces == ["Phú Thọ", "Lào Cai", "Tuyên Quang", "Thái Nguyên"]
    assert r.persons[0]["name"] == "Hoàng Quốc Sỹ"


def test_nfd_text_gives_the_same_record_in_nfc():
    text = (ARTICLES / "weekday_header.txt").read_text(encoding="utf-8")
    nfd = extract_record(unicodedata.normalize("NFD", text), "x")
    nfc = extract_record(text, "x")
    assert nfd.to_dict() == nfc.to_dict()
    assert all(unicodedata.is_normalized("NFC", p) for p in nfd.paragraphs)


@pytest.mark.parametrize("text, date", [
    ("Tiêu đề bài viết về thi đua\nĐăng lúc 09:30 05/06/2022\nNội dung bài viết đầy đủ ở đây.", "2022-06-05"),
    ("Tổng kết thi đua năm 2021\nNội dung không có ngày tháng cụ thể nào.", "2021"),
    ("Bài không có ngày\nNội dung không có ngày tháng.", None),
    ("Tin ngắn về hội nghị\nTối 31/12, Công an tỉnh tổ chức hội nghị năm 2023.", "2023-12-31"),
])
def test_date_preference_order(text, date):
    assert extract_record(text, "x").date == date
