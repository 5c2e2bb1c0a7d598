"""Each extraction rule alone, on short texts written for it."""
import codecs

import pytest

from indexer.errors import SkipFile
from indexer.extract import boilerplate, bylines, clusters, dates, persons, provinces
from indexer.extract.reader import decode, read_text

from .helpers import encode_cp1258


@pytest.mark.parametrize("line, rule", [
    ("1(1).jpg", "image file name"), ("anh-hoi-nghi.PNG", "image file name"),
    ("0:00 / 0:00", "audio player time"), ("0:00", "audio player time"),
    ("• Nữ miền Nam", "voice choice"), ("(0) Bình luận", "comment counter"),
    ("Bình luận (12)", "comment counter"), ("Lượt xem: 66", "view counter"), ("Chia sẻ", "share buttons"),
])
def test_noise_lines(line, rule):
    assert boilerplate.noise_reason(line) == rule


@pytest.mark.parametrize("line", ["Quang cảnh hội nghị", "Chiều 19/11 tại Công an tỉnh.", "Ảnh: Quỳnh Trang"])
def test_text_is_not_noise(line):
    assert boilerplate.noise_reason(line) is None


def test_block_markers_and_section_labels():
    assert boilerplate.is_block_marker("Đừng bỏ lỡ") and boilerplate.is_block_marker("Tin liên quan:")
    assert boilerplate.is_section_label("Tin địa phương") and boilerplate.is_section_label("THÔNG TIN CHUYÊN ĐỀ")
    assert not boilerplate.is_section_label("Công an 5 địa phương tổng kết")
    assert (boilerplate.strip_section_prefix("Pháp luật Cụm thi đua số 6 tổng kết năm")
            == "Cụm thi đua số 6 tổng kết năm")


def test_drop_repeats_removes_doubled_captions_and_the_repeated_title():
    got = boilerplate.drop_repeats(["A b c.", "Chú thích", "Chú thích", "D e.", "Tiêu đề"], "Tiêu đề")
    assert got == ["A b c.", "Chú thích", "D e."]


@pytest.mark.parametrize("line, iso", [
    ("20/11/2024 - 10:38", "2024-11-20"), ("Đăng ngày: 20/11/2024 - Lượt xem: 66", "2024-11-20"),
    ("Thứ Sáu, 13/12/2024 | 08:15", "2024-12-13"), ("Cập nhật: 10:15 03/02/2023", "2023-02-03"),
    ("31/02/2024 - 10:00", None), ("bắt 1.799 đối tượng", None),
])
def test_publication_dates(line, iso):
    assert dates.publication_date(line)[0] == iso


def test_header_date_and_partial_dates_sort_as_first_day():
    assert dates.header_date(" date 2024-07 Pháp luật")[0] == "2024-07"
    assert dates.first_day("2024-07") == "2024-07-01" and dates.first_day("2018") == "2018-01-01"


@pytest.mark.parametrize("lead, published, iso", [
    ("Ngày 30-3, tại Công an TP Cần Thơ … năm 2023", None, "2023-03-30"),
    ("Sáng 12/7, tại Công an tỉnh Nghệ An", "2024-07", "2024-07-12"),
    ("Chiều 28/12, Công an tỉnh", "2025-01-02", "2024-12-28"),
    ("Ngày 19/11/2024, các đơn vị", None, "2024-11-19"),
    ("Năm 2018, các đơn vị", None, None),
    ("Ngày 45/13 không phải ngày", None, None),
])
def test_event_dates_from_the_lead(lead, published, iso):
    assert dates.event_date(lead, "", "", published) == iso


@pytest.mark.parametrize("line, authors", [
    ("Minh Triết-Tiến Dũng", ["Minh Triết", "Tiến Dũng"]),
    ("Phương Huyền – Công an tỉnh", ["Phương Huyền"]),
    ("Nhóm PV", ["Nhóm PV"]),
    ("Hoàng Anh, Minh Đức", ["Hoàng Anh", "Minh Đức"]),
    ("Toàn cảnh hội nghị", None), ("Công an tỉnh", None), ("Ngày 19/11", None),
])
def test_bylines(line, authors):
    assert bylines.parse_byline(line) == authors


@pytest.mark.parametrize("paragraph, outlet", [
    ("(ANTN) - Thực hiện", "ANTN"), ("ANTD.VN -  Ngày 30-3", "ANTD.VN"), ("CAND - Sáng 12/12", "CAND"),
    ("Công an - tỉnh", None), ("Ngày 30-3 - tại", None),
])
def test_outlet_prefix(paragraph, outlet):
    assert bylines.outlet_prefix(paragraph)[0] == outlet


def test_numbered_clusters_are_not_confused():
    text = "Cụm thi đua số 1 và Cụm Thi đua số 12 thực hiện Nghị quyết số 12, Đề án số 06; Cụm số 6 cũng dự."
    assert clusters.numbered_clusters(text) == ["Cụm thi đua số 1", "Cụm thi đua số 12", "Cụm thi đua số 6"]
    assert clusters.numbered_clusters("Cụm số 6 dân cư ở phường 2") == []  # not about a Cụm thi đua
    assert clusters.numbered_clusters("CỤM THI ĐUA SỐ 06") == ["Cụm thi đua số 6"]


def test_blocs_of_different_provinces_stay_apart():
    a = clusters.bloc_clusters("Khối An ninh Công an tỉnh tổng kết thi đua.", [], ["Bắc Giang"])
    b = clusters.bloc_clusters("Khối An ninh Công an tỉnh tổng kết thi đua.", [], ["Hưng Yên"])
    assert a == ["Khối An ninh Công an tỉnh Bắc Giang"] and b == ["Khối An ninh Công an tỉnh Hưng Yên"]
    assert clusters.bloc_clusters("trong khối thi đua đã đạt", [], []) == []


def test_provinces_with_abbreviations_police_and_exclusions():
    text = ("Công an Hưng Yên, CATP Hà Nội, TP. HCM và TPHCM; anh linh Chủ tịch Hồ Chí Minh tại "
            "Quảng trường Hồ Chí Minh ở thành phố Vinh (Nghệ An); tỉnh Thanh Hoá, Đăk Lăk.")
    assert provinces.provinces_in(text) == ["Hưng Yên", "Hà Nội", "Hồ Chí Minh", "Nghệ An", "Thanh Hóa", "Đắk Lắk"]


def test_province_list_holds_units_before_and_after_the_merger():
    names = provinces.province_names()
    assert len(names) == 63
    assert {"Hà Giang", "Bắc Giang", "Kiên Giang", "Bà Rịa - Vũng Tàu", "Cà Mau", "Huế"} <= set(names)


def test_a_province_inside_a_person_name_is_not_counted():
    text = "Đại tá Trần Hà Nam phát biểu"
    spans = [span for _p, span in persons.find_persons(text)]
    assert provinces.provinces_in(text, spans) == []


@pytest.mark.parametrize("text, expected", [
    ("Đại tá Nguyễn Văn Hận, Giám đốc Công an tỉnh Kiên Giang (Cụm trưởng).",
     {"name": "Nguyễn Văn Hận", "rank": "Đại tá", "role": "Giám đốc Công an tỉnh Kiên Giang"}),
    ("thiếu tướng Lê Văn B - Phó Cục trưởng, phát biểu",
     {"name": "Lê Văn B", "rank": "Thiếu tướng", "role": "Phó Cục trưởng"}),
    ("Thượng uý Đỗ Minh Châu trao quà", {"name": "Đỗ Minh Châu", "rank": "Thượng úy", "role": None}),
    ("ông Lê Trung Hồ, Phó Chủ tịch UBND tỉnh Kiên Giang; Đại tá X",
     {"name": "Lê Trung Hồ", "rank": None, "role": "Phó Chủ tịch UBND tỉnh Kiên Giang"}),
])
def test_persons_with_rank_and_role(text, expected):
    assert persons.merge_persons(persons.find_persons(text))[0] == expected


def test_office_only_mentions_and_credits_are_not_persons():
    text = "đồng chí Phó Giám đốc Công an tỉnh ghi nhận. Ảnh: Quỳnh Trang. Ông bà con nhân dân."
    assert persons.find_persons(text) == []


def test_a_later_mention_fills_the_missing_rank():
    found = persons.find_persons(
        "ông Nguyễn Văn A dự họp. Sau đó Đại tá Nguyễn Văn A, Giám đốc Công an tỉnh phát biểu.")
    assert persons.merge_persons(found) == [
        {"name": "Nguyễn Văn A", "rank": "Đại tá", "role": "Giám đốc Công an tỉnh"},
    ]


@pytest.mark.parametrize("data, text", [
    ("Cụm thi đua".encode(), "Cụm thi đua"),
    (codecs.BOM_UTF8 + "Cụm thi đua".encode(), "Cụm thi đua"),
    ("Cụm thi đua".encode("utf-16"), "Cụm thi đua"),
    (encode_cp1258("Cụm thi đua số 12 tổng kết, Đại tá Nguyễn Văn Hận"),
     "Cụm thi đua số 12 tổng kết, Đại tá Nguyễn Văn Hận"),
])
def test_decoding_utf8_bom_utf16_and_windows_1258(data, text):
    import unicodedata
    assert unicodedata.normalize("NFC", decode(data)) == text


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"), (b"  \n \n", "empty file"), (b"\x00\x01\x02binary\x00", "binary file"),
])
def test_unreadable_files_are_skipped_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "f.txt"
    path.write_bytes(content)
    with pytest.raises(SkipFile, match=reason):
        read_text(path)


@pytest.mark.parametrize("text, expected", [
    ("Bộ trưởng Bộ Công an Lương Tam Quang phát biểu chỉ đạo.",
     {"name": "Lương Tam Quang", "rank": None, "role": "Bộ trưởng Bộ Công an"}),
    ("Chủ tịch UBND tỉnh Kiên Giang Lâm Minh Thành cho biết",
     {"name": "Lâm Minh Thành", "rank": None, "role": "Chủ tịch UBND tỉnh Kiên Giang"}),
    ("Phó Chủ tịch Thường trực UBND tỉnh Nguyễn Văn Phương trao bằng khen",
     {"name": "Nguyễn Văn Phương", "rank": None, "role": "Phó Chủ tịch Thường trực UBND tỉnh"}),
    ("Giám đốc Sở Y tế Trần Thị Bích, cho biết", {"name": "Trần Thị Bích", "rank": None, "role": "Giám đốc Sở Y tế"}),
    ("Thứ trưởng Lê Quốc Hùng dự hội nghị", {"name": "Lê Quốc Hùng", "rank": None, "role": "Thứ trưởng"}),
])
def test_a_name_after_its_office_is_a_person_when_it_opens_with_a_family_name(text, expected):
    assert persons.merge_persons(persons.find_persons(text)) == [expected]


@pytest.mark.parametrize("text", [
    "Giám đốc Công an thành phố Hà Nội phát biểu",  # places, though Hà/Cao/Lý open names too
    "Giám đốc Công an tỉnh Cao Bằng trao cờ",
    "Phó Giám đốc CATP Hà Nội phát biểu",
    "Chủ tịch UBND huyện Lý Sơn cho biết",
    "Giám đốc Công an TP Hồ Chí Minh phát biểu",
    "Cục trưởng Cục Công tác Đảng và Công tác Chính trị (Bộ Công an) ghi nhận",
    "Trưởng phòng Hoàng Văn Nam Giám đốc",  # the capitalised run goes on into an office
])
def test_places_and_offices_after_an_office_are_not_persons(text):
    assert persons.find_persons(text) == []


def test_a_ranked_person_is_not_found_twice_by_the_office_before_it():
    text = "Giám đốc Công an tỉnh Nghệ An và Đại tá Nguyễn Quang Huy - Phó Giám đốc Công an tỉnh Thanh Hóa"
    assert persons.merge_persons(persons.find_persons(text)) == [
        {"name": "Nguyễn Quang Huy", "rank": "Đại tá", "role": "Phó Giám đốc Công an tỉnh Thanh Hóa"}]


def test_office_first_names_reach_the_record_and_not_the_provinces():
    from indexer.extract import extract_record

    article = ("Hội nghị sơ kết Cụm thi đua số 9\n15/06/2025 08:30\n\n"
               "Sáng 14/6, Chủ tịch UBND tỉnh Hà Giang Nguyễn Văn Sơn dự hội nghị tại tỉnh Hà Giang.\n\n"
               "Giám đốc Sở Nội vụ Hà Thị Minh Hạnh trao bằng khen cho các tập thể.\n")
    record = extract_record(article, "x.txt")
    assert [(p["name"], p["role"]) for p in record.persons] == [
        ("Nguyễn Văn Sơn", "Chủ tịch UBND tỉnh Hà Giang"), ("Hà Thị Minh Hạnh", "Giám đốc Sở Nội vụ")]
    assert record.provinces == ["Hà Giang"]


@pytest.mark.parametrize("text, expected", [
    ("Công an tỉnh Kiên Giang phối hợp với Trường Đại học An Giang.", ["Kiên Giang"]),
    ("Theo Báo Nghệ An, Công an tỉnh Hà Tĩnh đã triển khai.", ["Hà Tĩnh"]),
    ("Bệnh viện Đà Nẵng và Ngân hàng Quảng Nam tài trợ; tại tỉnh Quảng Ngãi.", ["Quảng Ngãi"]),
    ("Giám đốc Bệnh viện Đa khoa tỉnh Nghệ An", ["Nghệ An"]),
])
def test_a_province_inside_an_institutions_name_is_not_counted(text, expected):
    assert provinces.provinces_in(text) == expected
