"""Rules behind the set E misses, on short made-up texts."""
from indexer.extract import boilerplate, bylines, clusters, dates, extract_record, header, persons, provinces


def test_pipe_menu_row_with_a_numbered_entry_is_chrome():
    assert boilerplate.is_breadcrumb("Trang chủ | Thời sự | Kinh tế | Thể thao | Cà Mau 24h")
    assert not boilerplate.is_breadcrumb("Bản tin 24/7 | Tin nhanh")


def test_menu_row_beats_a_longer_title_and_headline_sits_below_it():
    text = ("Báo Cà Mau\nTrang chủ | Thời sự | Chính trị | Kinh tế | Thể thao | Cà Mau 24h\n"
            "Công an huyện ra mắt tổ tự quản ở ấp Tân Lợi\n"
            "Ngày 5/6, Công an huyện Thới Bình ra mắt tổ tự quản về an ninh trật tự tại ấp Tân Lợi, "
            "với 20 thành viên là người dân trong ấp.\nMột đoạn văn khác.")
    record = extract_record(text)
    assert record.title == "Công an huyện ra mắt tổ tự quản ở ấp Tân Lợi"
    assert record.paragraphs[0].startswith("Ngày 5/6")


def test_slogan_above_the_menu_is_no_title_and_section_time_date_is_read():
    lines = ["TẠP CHÍ AN NINH MIỀN NÚI",
             "Chung tay xây dựng vùng biên giới vững mạnh, bình yên và phát triển bền vững lâu dài",
             "Trang chủ Tin tức Chính sách Gương sáng Hỏi đáp",
             "Nữ công an xã ở bản vùng cao",
             "Gương sáng - 08:15, 02/03/2022",
             "Chị Lò Thị Mai đã gắn bó với bản làng hơn mười năm, được người dân tin yêu như người nhà, "
             "và luôn có mặt khi bà con cần."]
    head, start, _ = header.read_header(lines)
    assert head.title == "Nữ công an xã ở bản vùng cao"
    assert head.published == "2022-03-02"
    assert start == 5


def test_trailing_pipe_is_cut_from_the_title():
    lines = ["Công an tỉnh ra quân bảo đảm an ninh dịp Tết |", "05/01/2024",
             "Sáng nay (5/1), Công an tỉnh tổ chức lễ ra quân bảo đảm an ninh trật tự dịp Tết Nguyên đán."]
    head, _start, _ = header.read_header(lines)
    assert head.title == "Công an tỉnh ra quân bảo đảm an ninh dịp Tết"


def test_press_digest_item_heading_is_body_not_title():
    text = ("Trang chủ > Tin tức > Điểm báo\nĐiểm báo ngày 03/04\n03/04/2023 10:00\n"
            "Công an thành phố tổng kết đợt cao điểm trấn áp tội phạm (Báo Hải Phòng 2/4)\n"
            "Ngày 1/4, Công an thành phố tổng kết đợt cao điểm tấn công trấn áp tội phạm dịp đầu năm.\n"
            "Một tin khác (Nhân Dân 3/4)\nMột đoạn văn khác.")
    record = extract_record(text)
    assert record.title == "Điểm báo ngày 03/04"
    assert record.paragraphs[0].startswith("Công an thành phố tổng kết")


def test_relative_day_words_count_from_the_publication_date():
    assert dates.event_date("Sáng nay (5/1), Công an tỉnh ra quân.", "", "", "2024-01-05") == "2024-01-05"
    assert dates.event_date("Hưởng ứng ngày hội; chiều nay, Công an xã tổ chức.", "", "", "2024-08-15") == "2024-08-15"
    assert dates.event_date("Tối qua, Công an huyện bắt giữ hai đối tượng.", "", "", "2024-03-01") == "2024-02-29"
    assert dates.event_date("chiều nay, Công an xã tổ chức.", "", "", "2024-08") is None


def test_official_document_date_line_is_the_event_date():
    assert dates.document_date(["Số: 12/QĐ-UBND | Hà Tĩnh, ngày 3 tháng 2 năm 2021 |"]) == "2021-02-03"
    assert dates.document_date(["Căn cứ Luật ngày 3 tháng 2 năm 2021;"]) is None


def test_aggregator_doubled_source_line_names_the_outlet():
    text = ("Công an tỉnh sơ kết công tác 6 tháng đầu năm 2022\nBáo Phú Yên Báo Phú Yên 3 ngày\n"
            "Chiều 9/7, Công an tỉnh Phú Yên tổ chức hội nghị sơ kết công tác 6 tháng đầu năm 2022 với nhiều kết quả.\n"
            "Đoạn thứ hai của bài viết.\nMINH AN\nXem bài gốc")
    record = extract_record(text)
    assert record.outlet == "Báo Phú Yên"
    assert record.author == ["Minh An"]
    assert all("Xem bài gốc" not in p and p != "MINH AN" for p in record.paragraphs)


def test_province_name_after_a_common_place_noun_is_no_province():
    found = provinces.provinces_in("Gia cố tuyến đê biển Hà Nam ở thị xã Quảng Yên, tỉnh Quảng Ninh; chợ Long An.")
    assert found == ["Quảng Ninh"]
    assert provinces.provinces_in("Công an thành phố Hà Nội và Công an tỉnh Hà Nam") == ["Hà Nội", "Hà Nam"]


def test_bloc_name_ends_at_a_lower_case_verb():
    named = clusters.named_clusters("phối hợp với Khối thi đua Cảnh sát đấu tranh với tội phạm", [], [])
    assert [name for name, _ in named] == ["Khối thi đua Cảnh sát"]


def test_author_line_and_apostrophe_names():
    assert bylines.parse_byline("Tác giả: Hồng Nhung - Y Bình") == ["Hồng Nhung", "Y Bình"]
    assert bylines.parse_byline("QUYẾT ĐỊNH") is None
    found = persons.merge_persons(persons.find_persons("Trung tá H’Hoa Mlô, Phó Trưởng phòng, phát biểu."))
    assert found[0]["name"] == "H’Hoa Mlô"


def test_signer_under_a_signature_block_is_a_person_not_an_author():
    text = ("Quyết định về việc tặng Giấy khen cho tập thể có thành tích năm 2021\n"
            "Điều 1. Tặng Giấy khen cho Công an huyện vì đã có thành tích xuất sắc trong năm 2021.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n| KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNơi nhận:\n"
            "- Như Điều 2;\n- Lưu: VT. |\nLê Văn Bình |")
    record = extract_record(text)
    assert "Lê Văn Bình" not in record.author
    signer = [p for p in record.persons if p["name"] == "Lê Văn Bình"]
    assert signer and signer[0]["role"] == "Phó Giám đốc"
