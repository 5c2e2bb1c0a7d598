"""Rules generalised after measuring on held-out layouts (eval/articles/c*): own short sentences."""
from indexer.extract import MAX_PARAGRAPH_CHARS, bylines, clusters, dates, extract_record, header, outlets, persons


def _names(text):
    return [(p["name"], p["rank"], p["role"]) for p, _span in persons.find_persons(text)]


def test_bloc_names_kept_as_written_and_merged_with_shorter_forms():
    text = ("Khối thi đua Hậu cần tổng kết năm. Ngày 3/4, Khối thi đua các đơn vị Hậu cần Công an tỉnh Yên Bái "
            "tổ chức hội nghị; các đơn vị trong khối thi đua đã đạt chỉ tiêu.")
    assert clusters.bloc_clusters(text, ["Yên Bái"], ["Yên Bái"]) == [
        "Khối thi đua các đơn vị Hậu cần Công an tỉnh Yên Bái"]
    # a bare "Công an tỉnh" is completed with the article's province; none known, none added
    assert clusters.bloc_clusters("Khối Cảnh sát Công an tỉnh họp thi đua.", [], ["Bến Tre"]) == [
        "Khối Cảnh sát Công an tỉnh Bến Tre"]
    assert clusters.bloc_clusters("Khối An ninh họp thi đua.", [], []) == ["Khối An ninh"]
    # abbreviations name the same unit: "Bộ CHQS" = "Bộ Chỉ huy Quân sự"
    text = "Cụm thi đua Bộ CHQS 5 tỉnh họp. Cụm thi đua Bộ Chỉ huy Quân sự 5 tỉnh đã tổng kết."
    assert clusters.bloc_clusters(text, [], []) == ["Cụm thi đua Bộ Chỉ huy Quân sự 5 tỉnh"]


def test_unnumbered_clusters_and_words_that_are_no_bloc():
    text = ("Cụm thi đua các đơn vị trực thuộc Tổng cục Hậu cần khu vực miền Bắc - Tây Bắc đã họp. "
            "Căn cứ để Cụm thi đua bình xét thi đua; khối lượng công việc lớn; Cụm thi đua số 4 dự.")
    assert clusters.bloc_clusters(text, [], []) == [
        "Cụm thi đua các đơn vị trực thuộc Tổng cục Hậu cần khu vực miền Bắc - Tây Bắc"]
    assert clusters.bloc_clusters("Các đơn vị trong cụm thi đua đã hoàn thành.", [], []) == []


def test_cluster_named_once_in_other_news_is_only_mentioned():
    text = "Hai lực lượng ký quy chế phối hợp. Công an tỉnh là Cụm trưởng Cụm thi đua số 2 năm nay."
    assert clusters.about_and_mentioned(["Cụm thi đua số 2"], "Hai lực lượng ký quy chế phối hợp", text,
                                        headline_text="Biên phòng và Công an ký quy chế") == (
        [], ["Cụm thi đua số 2"])
    forms = {"Khối thi đua các đơn vị An ninh": ["Khối thi đua An ninh", "Khối thi đua các đơn vị An ninh"]}
    assert clusters.about_and_mentioned(["Cụm thi đua số 3", "Khối thi đua các đơn vị An ninh"], "", text,
                                        headline_text="Khối thi đua An ninh họp", forms=forms) == (
        ["Khối thi đua các đơn vị An ninh"], ["Cụm thi đua số 3"])


def test_names_after_an_office_and_a_province_whatever_the_family_name():
    assert _names("Dự có Phó Chủ tịch UBND tỉnh Hà Giang Sùng Mí Pó và nhiều đại biểu.") == [
        ("Sùng Mí Pó", None, "Phó Chủ tịch UBND tỉnh Hà Giang")]
    # "Sơn La" ends the office; "La" is no family name here
    assert _names("Bí thư Tỉnh ủy Sơn La Trần Văn Tâm phát biểu.") == [
        ("Trần Văn Tâm", None, "Bí thư Tỉnh ủy Sơn La")]
    assert _names("Có Đại tá Y Thơ, Phó Giám đốc Công an tỉnh làm trưởng đoàn.") == [
        ("Y Thơ", "Đại tá", "Phó Giám đốc Công an tỉnh")]


def test_a_role_ends_where_the_next_guest_begins():
    text = ("Dự có Thiếu tướng Đỗ Văn Tư, Phó Cục trưởng Cục Hậu cần, Bộ Công an; Phó Chủ tịch UBND tỉnh "
            "Nam Định Lê Thị Hoa; đồng chí Đại tá Lò Văn Nhất – Giám đốc Công an tỉnh, Cụm trưởng Cụm thi đua "
            "số 5 năm 2024; đại diện lãnh đạo các phòng.")
    assert _names(text) == [
        ("Đỗ Văn Tư", "Thiếu tướng", "Phó Cục trưởng Cục Hậu cần, Bộ Công an"),
        ("Lê Thị Hoa", None, "Phó Chủ tịch UBND tỉnh Nam Định"),
        ("Lò Văn Nhất", "Đại tá", "Giám đốc Công an tỉnh"),
    ]
    assert _names("Thượng tá Ngô Thị Lan, Trưởng phòng Hậu cần (Công an tỉnh Bắc Ninh) báo cáo.") == [
        ("Ngô Thị Lan", "Thượng tá", "Trưởng phòng Hậu cần (Công an tỉnh Bắc Ninh)")]


def test_titles_of_honour_and_a_retry_after_a_false_start():
    assert _names("Dâng hương tại nơi thờ Anh hùng liệt sĩ CAND Trần Thị Mai.") == [
        ("Trần Thị Mai", None, "Anh hùng liệt sĩ CAND")]
    # "Đại biểu … tưởng niệm" is no office; the office after it still counts
    assert _names("Đại biểu đã dâng hoa tưởng niệm Giám đốc Sở Y tế Phạm Văn Bình tại nghĩa trang.") == [
        ("Phạm Văn Bình", None, "Giám đốc Sở Y tế")]


def test_outlet_markers_of_unlisted_shapes():
    assert outlets.lead_marker("Biên phòng - Ngày 2/3, hai lực lượng ký kết quy chế phối hợp mới.")[0].name == \
        "Biên phòng"
    found, rest = outlets.lead_marker("(Thanh tra) - Sáng 4/5, hội nghị diễn ra tại Hà Nội.")
    assert found.name == "Thanh tra" and rest.startswith("Sáng 4/5")
    assert outlets.lead_marker("(Video) - Sáng 4/5, hội nghị diễn ra.")[0] is None
    assert outlets.lead_marker("Hà Nội - Sáng 4/5, hội nghị diễn ra tại trụ sở Bộ với nhiều đại biểu.")[0] is None
    assert outlets.lead_marker("Tin tức - Sự kiện › Hoạt động của lực lượng Công an tỉnh")[0] is None
    assert outlets.lookup("kontumtv.vn").name == "Đài Phát thanh và Truyền hình Kon Tum"
    assert outlets.header_outlet("ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH BẾN TRE").name == \
        "Đài Phát thanh và Truyền hình Bến Tre"


def test_bylines_with_tags_prefixes_and_one_letter_first_words():
    assert bylines.parse_byline("CTV Hữu Phước/THVL") == ["Hữu Phước"]
    assert bylines.parse_byline("Minh Châu - Văn Lực (thực hiện)") == ["Minh Châu", "Văn Lực"]
    assert bylines.parse_byline("Lò Thị Mai (Công an tỉnh Sơn La)") == ["Lò Thị Mai"]
    assert bylines.parse_byline("Y Bình- A Sang") == ["Y Bình", "A Sang"]
    assert bylines.glued_byline("Hội nghị đã thống nhất các chỉ tiêu cho năm tới. Hải Yến")[0] == ["Hải Yến"]
    assert bylines.glued_byline("Hội nghị đã thống nhất các chỉ tiêu tại Thái Bình. Thái Bình")[0] is None


def test_unit_line_under_the_writer_and_bare_date_under_the_lead():
    text = ("Tiêu đề của một bài tin về hội nghị thi đua\n"
            + "Công an các tỉnh trong Cụm thi đua số 4 đã đánh giá kết quả thi đua và thống nhất nhiều nội dung "
              "mới cho năm sau, trong đó có các tiêu chí chấm điểm và kế hoạch kiểm tra chéo giữa các đơn vị.\n"
            + "05/06/2025\nNgày 4/6, hội nghị diễn ra tại Công an tỉnh Phú Thọ.\nHội nghị kết thúc.\n"
            + "Y Lan- Quốc Khánh\nTrung tâm VH-TT huyện Tam Nông\n")
    r = extract_record(text, "t.txt")
    assert r.date == "2025-06-05" and r.date_stated and r.event_date == "2025-06-04"
    assert r.author == ["Y Lan", "Quốc Khánh"]
    assert "05/06/2025" not in r.paragraphs


def test_publication_lines_of_new_shapes():
    assert dates.date_line("Thời gian đăng: 02/01/2019 03:15:09 PM")[:2] == ("2019-01-02", "")
    assert dates.date_line("Hải Yến (CTV) 03/12/2024 - 09:15")[:2] == ("2024-12-03", "Hải Yến (CTV)")
    assert header.split_glued(["BÁO BẾN TRE12/03/2024 09:30Hội nghị thi đua", "x"]) == [
        "BÁO BẾN TRE", "12/03/2024 09:30", "Hội nghị thi đua", "x"]
    assert header.split_glued(["Ngày 12/03/2024 tại Hà Nội"]) == ["Ngày 12/03/2024 tại Hà Nội"]


def test_articles_past_the_limits_are_indexed_without_entities_and_flagged():
    long_text = "Một bài rất dài về thi đua\n\n" + "Công an tỉnh Bến Tre họp. " * (MAX_PARAGRAPH_CHARS // 20)
    r = extract_record(long_text, "long.txt")
    assert r.flags == ["entities skipped: a paragraph over 50,000 characters"]
    assert r.title and len(r.body) > MAX_PARAGRAPH_CHARS and r.provinces == [] and r.persons == []
    given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nam"]
    names = [f"{s} {a} {b} {c}" for s in ("Nguyễn", "Trần", "Lê") for a in given for b in given for c in given]
    text = "Danh sách khen thưởng năm nay\n\n" + "\n\n".join(f"Đại tá {n}, Trưởng phòng dự họp." for n in names)
    r = extract_record(text, "many.txt")
    assert r.flags == ["entities skipped: too many persons"] and r.persons == [] and len(r.paragraphs) == 3000
    assert r.title == "Danh sách khen thưởng năm nay"
