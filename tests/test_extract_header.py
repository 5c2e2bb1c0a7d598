"""The lines around an article's text read by what they are, on short pages written for the rules."""
import time

import pytest

from indexer.extract import bylines, clusters, dates, extract_record, outlets, persons, provinces
from indexer.extract.reader import decode
from indexer.schema import facet_values

PORTAL = """CÔNG AN TỈNH KON TUMhttps://congan.kontum.gov.vn/uploads/logo.png
Trang chủ » Tin tức » Hoạt động
Công an huyện Sa Thầy ra quân bảo đảm trật tự giao thông dịp cuối năm
Thứ tư - 04/12/2024 08:10
Lượt xem: 317
Sáng 3/12, Công an huyện Sa Thầy tổ chức lễ ra quân bảo đảm trật tự an toàn giao thông dịp cuối năm.
Thượng tá Lê Văn Tỉnh, Trưởng Công an huyện, phát biểu giao nhiệm vụ cho các tổ công tác.
Hoài Nam – Công an tỉnh Kon Tum
"""

PAPER = """Báo Sơn La
Xã hội › Pháp luật
KHỐI THI ĐUA SỐ 2:
Cụm thi đua số IV ký giao ước thi đua năm 2023 tại Mộc Châu
MINH NGỌC |
0:00 / 0:00
(Baosonla.vn) - Chiều 9-2, tại huyện Mộc Châu, Cụm thi đua số IV gồm Công an 4 tỉnh tổ chức hội nghị ký giao ước thi đua năm 2023.
Các đơn vị thống nhất đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc; dự có đại diện Cụm thi đua số 2.
Đại tá Nguyễn Hải Trung phát biểu tại hội nghị. ẢNH: THANH HÀ
Hội nghị bầu Công an tỉnh Sơn La làm Cụm trưởng năm 2024.
MINH NGỌC
Tin cùng chuyên mục
Sơn La triển khai kế hoạch năm mới
"""


def test_portal_page_header_byline_and_unit():
    r = extract_record(PORTAL, "p.txt")
    assert r.title == "Công an huyện Sa Thầy ra quân bảo đảm trật tự giao thông dịp cuối năm"
    assert r.date == "2024-12-04" and r.date_stated is True and r.event_date == "2024-12-03"
    assert r.outlet == "Công an tỉnh Kon Tum"
    assert r.author == ["Hoài Nam"]
    assert r.paragraphs[0].startswith("Sáng 3/12")
    assert not any("logo.png" in p or "Lượt xem" in p or "Hoài Nam" in p for p in r.paragraphs)
    assert r.persons[0]["name"] == "Lê Văn Tỉnh"
    assert r.provinces == []  # the portal's own name is no article province


def test_paper_page_kicker_caps_byline_marker_caption_and_clusters():
    r = extract_record(PAPER, "s.txt")
    assert r.title == "Cụm thi đua số IV ký giao ước thi đua năm 2023 tại Mộc Châu"
    assert r.outlet == "Báo Sơn La" and r.outlet_abbr == "Baosonla.vn"
    assert r.author == ["Minh Ngọc"]
    assert r.photo_credits == ["Thanh Hà"]
    assert r.paragraphs[0].startswith("Chiều 9-2, tại huyện Mộc Châu")
    assert r.event_date == "2023-02-09" and r.date == "2023-02-09" and r.date_stated is False
    assert r.clusters_about == ["Cụm thi đua số 4"] and r.clusters_mentioned == ["Cụm thi đua số 2"]
    assert r.clusters == ["Cụm thi đua số 4", "Cụm thi đua số 2"]
    assert facet_values(r)["cluster"] == ["Cụm thi đua số 4"]
    body = "\n".join(r.paragraphs)
    assert "KHỐI THI ĐUA" not in body and "ẢNH:" not in body and "MINH NGỌC" not in body
    assert "Tin cùng chuyên mục" not in body and "0:00" not in body
    assert [p["name"] for p in r.persons] == ["Nguyễn Hải Trung"]


def test_a_one_paragraph_article_is_kept_and_gets_a_title_from_its_lead():
    text = ("(CAND) - Ngày 2/3, Công an tỉnh Bạc Liêu tổ chức hội nghị sơ kết công tác quý I năm 2022, "
            "đánh giá kết quả thực hiện các chỉ tiêu thi đua và bàn biện pháp cho quý tới.")
    r = extract_record(text, "x.txt")
    assert r.paragraphs and r.paragraphs[0].startswith("Ngày 2/3, Công an tỉnh Bạc Liêu")
    assert r.title.startswith("Ngày 2/3, Công an tỉnh Bạc Liêu") and len(r.title) <= 121
    assert "(CAND)" not in r.title and r.outlet == "Công an nhân dân"
    assert r.date == "2022-03-02" and r.date_stated is False


@pytest.mark.parametrize("line, iso, before", [
    ("Thứ bảy, 06/04/2024 07:20", "2024-04-06", ""),
    ("Thứ ba - 26/11/2024 03:20", "2024-11-26", ""),
    ("(Thứ tư, 22/02/2017, 02:38 GMT+7)", "2017-02-22", ""),
    ("Cập nhật lúc 15:20, 05-01-2025", "2025-01-05", ""),
    ("Cập nhật: 14:35 | 21/10/2023", "2023-10-21", ""),
    ("Đăng vào 12/03/2024", "2024-03-12", ""),
    ("Đăng ngày: 20/11/2024 - Lượt xem: 66", "2024-11-20", ""),
    ("09:15 | 03/06/2019", "2019-06-03", ""),
    ("Ngày 15/3/2022 lúc 10:20", "2022-03-15", ""),
    ("Thứ Hai, 09/12/2024, 16:40 (GMT+7)", "2024-12-09", ""),
    ("Thứ Tư, ngày 20 tháng 11 năm 2024", "2024-11-20", ""),
    ("2024-11-20 10:00:00", "2024-11-20", ""),
    ("Minh Triết-Tiến Dũng 20/11/2024 - 10:38", "2024-11-20", "Minh Triết-Tiến Dũng"),
    ("PV - 11/03/2026 18:59", "2026-03-11", "PV"),
    ("12.05.2023 09:00", "2023-05-12", ""),
])
def test_date_lines(line, iso, before):
    assert dates.date_line(line)[:2] == (iso, before)


def test_a_lead_is_no_date_line_and_fullwidth_digits_are_read():
    assert dates.date_line("Ngày 25/11/2024, tại Công an tỉnh Hưng Yên, các đơn vị") is None
    r = extract_record("Báo X\nTiêu đề về hội nghị thi đua của các đơn vị\nCập nhật: １９/１１/２０２５ １７:０５\n"
                       "Chiều 18-11, tại trụ sở, các đơn vị tổ chức hội nghị tổng kết.", "f.txt")
    assert r.date == "2025-11-19" and r.event_date == "2025-11-18"


@pytest.mark.parametrize("lead, published, expected", [
    ("Sáng 6.8, tại hội trường", "2023-08-07", "2023-08-06"),
    ("Chiều 30/12, Công an tỉnh", "2025-01-02", "2024-12-30"),
    ("Ngày 23-6, thực hiện Chỉ thị ký ngày 10-4-2009 về công tác", None, None),
    ("Ngày 23-6, các đơn vị tổng kết 6 tháng đầu năm 2019", None, "2019-06-23"),
])
def test_event_year_comes_from_the_publication_or_a_stated_year(lead, published, expected):
    assert dates.event_date(lead, "", lead, published) == expected


@pytest.mark.parametrize("paragraph, name, printed", [
    ("(CAND) - Chiều 19/11", "Công an nhân dân", "CAND"), ("QĐND Online- Ngày 15-11", "Quân đội nhân dân", "QĐND"),
    ("TP - Ngày 12/3", "Tiền Phong", "TP"), ("(PL)- Ngày 14-9", "Pháp luật TP.HCM", "PL"),
    ("(CAO) Ngày 23-6", "Công an TP.HCM", "CAO"), ("(GLO)- Chiều 18-11", "Báo Gia Lai", "GLO"),
    ("BGĐT- Chiều 20/10", "Báo Bắc Giang", "BGĐT"), ("(Dân trí) - Công an", "Dân trí", "Dân trí"),
    ("VOV.VN - Ngày 19/11", "Đài Tiếng nói Việt Nam", "VOV.VN"),
])
def test_lead_markers_name_the_outlet(paragraph, name, printed):
    outlet, rest = outlets.lead_marker(paragraph)
    assert (outlet.name, outlet.abbr) == (name, printed) and not rest.startswith(("-", "("))


@pytest.mark.parametrize("paragraph", ["Hà Nội - Sáng nay, trời mưa", "Công an - tỉnh", "(Ảnh minh họa) Hội nghị"])
def test_datelines_and_brackets_are_no_outlet(paragraph):
    assert outlets.lead_marker(paragraph)[0] is None


@pytest.mark.parametrize("line, name", [
    ("BÁO ĐẮK LẮK ĐIỆN TỬ", "Báo Đắk Lắk"), ("CÔNG AN TỈNH BẮC GIANG", "Công an tỉnh Bắc Giang"),
    ("Tuổi Trẻ Online", "Tuổi Trẻ"), ("baomoi.com", "Báo Mới"), ("Thời sự", None), ("Tin tức", None),
])
def test_header_lines_naming_the_outlet(line, name):
    found = outlets.header_outlet(line)
    assert (found.name if found else None) == name


@pytest.mark.parametrize("line, authors", [
    ("Tin, ảnh: THÀNH TRUNG", ["Thành Trung"]), ("LÊ TUẤN - THÀNH CÔNG", ["Lê Tuấn", "Thành Công"]),
    ("Anh Hiếu- Vũ Linh", ["Anh Hiếu", "Vũ Linh"]), ("ĐĂNG NGUYÊN |", ["Đăng Nguyên"]),
    ("Bài, ảnh: Hoàng Lam", ["Hoàng Lam"]), ("Trần Hằng - Phòng Tham mưu Công an tỉnh Nghệ An", ["Trần Hằng"]),
    ("G.TUỆ", ["G.Tuệ"]), ("Trần Hòa/VOV-Tây Bắc", ["Trần Hòa"]),
    ("Hội nghị kết thúc", None), ("Phòng Tham mưu", None),
])
def test_bylines_in_their_common_forms(line, authors):
    assert bylines.parse_byline(line) == authors


def test_unit_byline_at_the_end_and_glued_capitals():
    assert bylines.parse_byline("Phòng Tham mưu", allow_unit=True) == ["Phòng Tham mưu"]
    authors, rest = bylines.glued_byline("Các đơn vị thống nhất hoàn thành chỉ tiêu được giao. KHÁNH LINH")
    assert authors == ["Khánh Linh"] and rest.endswith("được giao.")
    assert bylines.glued_byline("Hội nghị có đại diện Công an TP HCM.")[0] is None


@pytest.mark.parametrize("caption, credit", [
    ("Quang cảnh hội nghị. Ảnh: Vương Linh", "Vương Linh"), ("Lãnh đạo trao cờ (Ảnh: Q.Huy).", "Q.Huy"),
    ("Đại tá phát biểu ẢNH: HOÀNG ANH", "Hoàng Anh"), ("Bộ trưởng phát biểu. Ảnh: VGP/Minh Khôi", "VGP/Minh Khôi"),
    ("Ảnh minh họa (Nguồn: Internet)", None),
])
def test_photo_credits(caption, credit):
    assert bylines.photo_credit(caption)[0] == credit


@pytest.mark.parametrize("text, name", [
    ("Thiếu tướng Nguyễn Hải Trung, Giám đốc Công an TP Hà Nội", "Nguyễn Hải Trung"),
    ("Thượng tướng Nguyễn Văn Thành phát biểu", "Nguyễn Văn Thành"),
    ("Chủ tịch UBND tỉnh Nghệ An Nguyễn Đức Trung dự hội nghị", "Nguyễn Đức Trung"),
    ("Thủ tướng Chính phủ Phạm Minh Chính tặng Bằng khen", "Phạm Minh Chính"),
])
def test_given_names_that_are_office_words_stay_whole(text, name):
    assert [p["name"] for p, _span in persons.find_persons(text)] == [name]


def test_organisations_are_no_people_and_roles_stop_at_duties():
    text = ("có đại diện Đoàn Thanh niên và Hội Phụ nữ; Đại tá Lê Văn Hải, Giám đốc Công an tỉnh Bến Tre, "
            "Cụm trưởng, chủ trì.")
    found = [p for p, _span in persons.find_persons(text)]
    assert found == [{"name": "Lê Văn Hải", "rank": "Đại tá", "role": "Giám đốc Công an tỉnh Bến Tre"}]


def test_clusters_roman_numerals_and_counts():
    assert clusters.numbered_clusters("Cụm thi đua số III và CTĐ số 4; Công an 6 tỉnh") == [
        "Cụm thi đua số 3", "Cụm thi đua số 4"]
    assert clusters.about_and_mentioned(["Cụm thi đua số 1", "Cụm thi đua số 8"], "Công an 5 thành phố",
                                        "Cụm thi đua số 1 họp. Cụm thi đua số 1 bầu. Cụm thi đua số 8.") == (
        ["Cụm thi đua số 1"], ["Cụm thi đua số 8"])


def test_places_only_and_spellings_unified():
    text = ("Học tập tư tưởng, đạo đức, phong cách Hồ Chí Minh; dâng hoa Chủ tịch Hồ Chí Minh. "
            "Công an Thừa Thiên- Huế, TT-Huế, BR-VT, TPHCM và Công an TP Hồ Chí Minh.")
    assert provinces.provinces_in(text) == ["Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"]
    assert provinces.today(["Thừa Thiên Huế", "Hà Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu"]) == [
        "Huế", "Tuyên Quang", "Hồ Chí Minh", "Cà Mau"]


def test_lookalike_characters_are_read_as_vietnamese():
    r = extract_record("BÁO ÐẮK LẮK\nÐại tá Y Thịnh Byă chủ trì hội nghị tổng kết năm\n"
                       "Sáng 22/11, Cụm thi đua số 6 tổ chức hội nghị tại Ðắk Lắk.", "e.txt")
    assert r.provinces == ["Đắk Lắk"] and r.outlet == "Báo Đắk Lắk"


def test_a_few_invalid_utf8_bytes_are_replaced_not_reread_as_a_code_page():
    data = "Công an tỉnh tổ chức hội nghị tổng kết phong trào thi đua".encode() + b"\xff" + " năm nay.".encode()
    assert decode(data) == "Công an tỉnh tổ chức hội nghị tổng kết phong trào thi đua\ufffd năm nay."


HTML = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Tiêu đề trang | Báo Mẫu</title>
<meta property="og:title" content="Công an tỉnh Phú Yên tổng kết phong trào thi đua năm 2021">
<meta property="og:site_name" content="Báo Phú Yên">
<meta property="article:published_time" content="2021-12-10T08:00:00+07:00">
<meta name="author" content="Lan Anh - Minh Quân">
</head><body><nav><a href="/">Trang chủ</a> <a href="/x">Thời sự</a></nav>
<article><h1>Công an tỉnh Phú Yên tổng kết phong trào thi đua năm 2021</h1>
<div class="sapo">Sáng 9/12, Công an tỉnh Phú Yên tổ chức hội nghị tổng kết phong trào thi đua “Vì an ninh Tổ quốc” năm 2021 với sự tham dự của lãnh đạo tỉnh.</div>
<div class="content"><p>Năm 2021, lực lượng Công an tỉnh đã bảo đảm an ninh trật tự trên địa bàn, kiềm chế tội phạm hình sự, bảo vệ an toàn các sự kiện chính trị quan trọng của địa phương.</p>
<figure><img src="/a.jpg" alt=""><figcaption>Quang cảnh hội nghị. Ảnh: Lan Anh</figcaption></figure>
<p>Hội nghị đã biểu dương nhiều tập thể và cá nhân có thành tích xuất sắc trong phong trào thi đua của năm.</p></div></article>
<aside><h3>Tin liên quan</h3><a href="/y">Tin khác về an ninh</a></aside></body></html>"""


def test_html_pages_are_read_with_their_meta_tags():
    r = extract_record(HTML, "page.html")
    assert r.title == "Công an tỉnh Phú Yên tổng kết phong trào thi đua năm 2021"
    assert r.date == "2021-12-10" and r.date_stated is True and r.event_date == "2021-12-09"
    assert r.author == ["Lan Anh", "Minh Quân"] and r.outlet == "Báo Phú Yên"
    assert r.paragraphs[0].startswith("Sáng 9/12, Công an tỉnh Phú Yên")
    assert r.photo_credits == ["Lan Anh"]
    assert not any("<" in p or "Trang chủ" in p or "Tin liên quan" in p for p in r.paragraphs)


@pytest.mark.parametrize("text", [
    "ĐẠI HỘI " * (1024 * 1024 // 8),
    "A" * (1024 * 1024),
    "Đại tá Nguyễn Văn Xuân, Giám đốc Công an tỉnh Yên Bái, " * (1024 * 1024 // 56),
    ("Tiêu đề\n" + "Cụm thi đua số 1 Khối An ninh Công an tỉnh Hồ Chí Minh, " * (1024 * 1024 // 58)),
])
def test_hostile_megabyte_texts_finish(text):
    started = time.monotonic()
    extract_record(text, "hostile.txt")
    assert time.monotonic() - started < 20  # a hang guard, not a benchmark
