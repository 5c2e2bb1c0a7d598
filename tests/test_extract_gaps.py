"""Rules for layouts first met in the held-out set D, each on a short text written for it."""
import pytest

from indexer.extract import boilerplate, dates, extract_record, persons

LEAD = ("Ngày 3/5, tại Công an tỉnh Phú Thọ, Cụm thi đua số 3 - Bộ Công an tổ chức hội nghị sơ kết "
        "phong trào thi đua “Vì an ninh Tổ quốc” sáu tháng đầu năm, bàn phương hướng những tháng cuối năm.")
PARA = "Các đơn vị trong Cụm đã phối hợp chặt chẽ, giữ vững an ninh trật tự trên địa bàn giáp ranh giữa các tỉnh."


def test_menu_row_without_separators_is_chrome():
    assert boilerplate.is_menu_row("Trang chủ Chính trị Kinh tế Xã hội Quốc phòng - An ninh Văn hóa Thể thao")
    assert not boilerplate.is_menu_row("Cụm thi đua số 3 sơ kết phong trào thi đua sáu tháng đầu năm")


def test_todays_date_above_the_banner_loses_to_the_line_under_the_headline():
    text = "\n".join([
        "Thứ hai, 20/05/2024, 09:10 [GMT+7]", "BÁO PHÚ THỌ ĐIỆN TỬ",
        "Trang chủ Chính trị Kinh tế Xã hội Quốc phòng - An ninh Văn hóa Thể thao",
        "Cụm thi đua số 3 sơ kết phong trào thi đua sáu tháng đầu năm", "Thứ sáu, 03/05/2024 - 16:40'", LEAD, PARA,
    ])
    record = extract_record(text)
    assert record.title == "Cụm thi đua số 3 sơ kết phong trào thi đua sáu tháng đầu năm"
    assert record.date == "2024-05-03" and record.date_stated


@pytest.mark.parametrize("line", [
    "Ngày thành lập Hội Nông dân (14/10/1930 - 14/10/2024), sáng",
    "Phú Thọ: Ra quân tuần tra dịp nghỉ lễ (30/04/2024)",
])
def test_a_span_or_another_items_date_is_no_date_line(line):
    assert dates.date_line(line) is None


def test_hard_line_breaks_are_joined_and_the_anniversary_is_not_the_date():
    text = "\n".join([
        "TUỔI TRẺ CÔNG AN HAI TỈNH GIAO LƯU BÓNG ĐÁ CHÀO MỪNG NGÀY THÀNH LẬP ĐOÀN",
        "Chào mừng kỷ niệm 93 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh",
        "(26/3/1931 - 26/3/2024), chiều ngày 20/3/2024, tại sân vận động huyện,",
        "Đoàn Thanh niên Công an hai tỉnh đã tổ chức giao lưu bóng đá giữa các",
        "đoàn viên thanh niên với tinh thần đoàn kết, sôi nổi.",
        PARA,
    ])
    record = extract_record(text)
    assert record.paragraphs[0].startswith("Chào mừng kỷ niệm 93 năm")
    assert "giữa các đoàn viên thanh niên" in record.paragraphs[0]
    assert record.date == "2024-03-20" and not record.date_stated


def test_labelled_meta_lines_give_author_and_leave_the_body():
    text = "\n".join([
        "Cụm thi đua số 3 sơ kết phong trào thi đua sáu tháng đầu năm", "- Thứ sáu - 03/05/2024 16:40",
        "- In ra", "- Đóng cửa sổ này", LEAD, PARA,
        "Tác giả bài viết: Ngọc Diệp", "Nguồn tin: Phòng Tham mưu",
        "Địa chỉ bài viết: https://congan.example.gov.vn/tin/cum-3.html",
        "Bản quyền thuộc về Công an tỉnh Phú Thọ",
    ])
    record = extract_record(text)
    body = "\n".join(record.paragraphs)
    assert record.author == ["Ngọc Diệp"]
    assert record.outlet == "Công an tỉnh Phú Thọ"
    assert "Tác giả" not in body and "Nguồn tin" not in body and "https://" not in body and "In ra" not in body


def test_url_alone_on_a_line_is_noise():
    assert boilerplate.noise_reason("https://example.vn/bai-viet-123.html") == "url line"


def test_bare_dash_lead_and_caps_byline_above_comment_chrome():
    text = "\n".join([
        "BÁO PHÚ THỌ ĐIỆN TỬ", "Cụm thi đua số 3 sơ kết phong trào thi đua sáu tháng đầu năm",
        "Thứ Sáu, 03/05/2024, 16:40", "- " + LEAD, PARA, "NGỌC DIỆP", "Bình luận (0)", "Gửi bình luận",
    ])
    record = extract_record(text)
    assert record.paragraphs[0].startswith("Ngày 3/5")
    assert record.author == ["Ngọc Diệp"]
    assert "Gửi bình luận" not in "\n".join(record.paragraphs)


def test_teasers_cut_with_an_ellipsis_after_the_byline_go():
    text = "\n".join([
        "Công an Phú Thọ triển khai nhiệm vụ Cụm trưởng năm 2024", LEAD, "HOÀNG LAN",
        "Sáng 2/5, UBND tỉnh tổ chức hội nghị bàn giải pháp thu hút…",
        "Những ngày cuối tuần, các khu du lịch trên địa bàn tỉnh đã đông…",
    ])
    record = extract_record(text)
    assert record.author == ["Hoàng Lan"]
    assert "du lịch" not in "\n".join(record.paragraphs)


def test_a_role_stops_before_the_verb():
    found = persons.merge_persons(persons.find_persons(
        "Trung tá Hà Minh Khôi, Trưởng phòng Tham mưu Công an tỉnh Phú Thọ thông qua báo cáo tổng kết."))
    assert found[0]["role"] == "Trưởng phòng Tham mưu Công an tỉnh Phú Thọ"


def test_name_dash_office_in_a_list_without_rank():
    found = persons.merge_persons(persons.find_persons(
        "Dự hội nghị có các đồng chí: Đại tá Lưu Văn Hải, Giám đốc Công an tỉnh; "
        "Đinh Thị Hồng Vân - Phó Chủ tịch UBND tỉnh; Kiều Quốc Bảo - Phó Bí thư Tỉnh ủy."))
    roles = {p["name"]: p["role"] for p in found}
    assert roles["Đinh Thị Hồng Vân"] == "Phó Chủ tịch UBND tỉnh"
    assert roles["Kiều Quốc Bảo"] == "Phó Bí thư Tỉnh ủy"


def test_search_engine_cache_banner_is_chrome():
    text = "\n".join([
        "Đây là bản lưu trong bộ nhớ cache của Google của http://example.vn/a. Đây là ảnh chụp nhanh của trang vào "
        "lúc 2 thg 5, 2024 01:00:00 GMT. Trang hiện tại có thể đã thay đổi trong thời gian chờ đợi. Tìm hiểu thêm.",
        "Phiên bản đầy đủ Phiên bản chỉ có văn bản Xem nguồn",
        "Cụm thi đua số 3 sơ kết phong trào thi đua sáu tháng đầu năm",
        "Cập nhật lúc 16:40, Thứ sáu, 03/05/2024 (GMT+7)", LEAD, PARA,
    ])
    record = extract_record(text)
    assert record.title == "Cụm thi đua số 3 sơ kết phong trào thi đua sáu tháng đầu năm"
    assert record.date == "2024-05-03" and record.paragraphs[0].startswith("Ngày 3/5")


def test_mail_headers_are_not_title_date_or_author():
    text = "\n".join([
        "From: Báo Hưng Yên điện tử <tin@example.vn>", "To: docgia@example.com",
        "Date: Mon, 06 May 2024 06:00:00 +0700", "Subject: [Bản tin sáng 6/5] Cụm 3 sơ kết; tin khác",
        "BẢN TIN SÁNG | Thứ Hai, 06/05/2024", "Cụm thi đua số 3 sơ kết phong trào thi đua sáu tháng đầu năm",
        "03/05/2024 16:40", LEAD, PARA, "NGỌC DIỆP",
    ])
    record = extract_record(text)
    assert record.title == "Cụm thi đua số 3 sơ kết phong trào thi đua sáu tháng đầu năm"
    assert record.date == "2024-05-03" and record.author == ["Ngọc Diệp"] and record.outlet == "Báo Hưng Yên"


def test_press_clipping_bulletin_keeps_its_longest_entry():
    text = "\n".join([
        "Phú Thọ qua Báo chí - Tháng 5/2024", "", "7", "Phú Thọ qua Báo chí - Tháng 5/2024",
        "cuối của bài trước, không thuộc bài nào.",
        "011. AN KHÊ/ Trồng rừng trên đất dốc// Nhân dân.- Số 100.- Ngày 2/5/2024 - Tr.5",
        "Nhiều hộ dân đã trồng rừng trên đất dốc.",
        "012. NGỌC DIỆP/ Cụm thi đua số 3 sơ kết sáu tháng// Công an nhân dân.- Số 200.- Ngày 6/5/2024 - Tr.2",
        LEAD, PARA,
        "8", "Phú Thọ qua Báo chí - Tháng 5/2024",
        "013. HÀ LINH/ Diễn tập phòng thủ// Quân đội nhân dân.- Số 300.- Ngày 7/5/2024 - Tr.3",
        "Cuộc diễn tập kéo dài ba ngày.",
    ])
    record = extract_record(text)
    body = "\n".join(record.paragraphs)
    assert record.title == "Cụm thi đua số 3 sơ kết sáu tháng"
    assert record.date == "2024-05-06" and record.event_date == "2024-05-03"
    assert record.author == ["Ngọc Diệp"] and record.outlet == "Công an nhân dân"
    assert "Tháng 5/2024" not in body and "trồng rừng" not in body and "diễn tập" not in body.lower()


def test_social_post_time_without_year_takes_the_year_of_the_text():
    text = "\n".join(["Facebook", "Công an xã Bình Minh", "3 tháng 5 lúc 20:14 · 🌏", LEAD, PARA,
                      "Nguồn: Công an tỉnh Phú Thọ", "12 lượt chia sẻ", "Thích"])
    record = extract_record(text.replace("Ngày 3/5,", "Ngày 3/5/2024,"))
    assert record.date == "2024-05-03" and record.date_stated
    assert record.outlet == "Công an tỉnh Phú Thọ"
