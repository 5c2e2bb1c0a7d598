"""What a query means: tones, words and names, numbers, entities, fallbacks, suggestions."""
import pytest


def _doc(title, body, date="01/01/2024"):
    return f"{title}\n{date} - 08:00\n\n{body}\n"


ARTICLES = {
    "thang-win.txt": _doc("Đơn vị quyết thắng", "Lực lượng giành thắng lợi trong phong trào thi đua."),
    "thang-month.txt": _doc("Sơ kết sáu tháng", "Qua 6 tháng triển khai, các đơn vị quyết tâm hoàn thành chỉ tiêu."),
    "hieu-person.txt": _doc("Giám đốc làm việc với cơ sở",
                            "Đại tá Đặng Văn Hiếu, Giám đốc Công an tỉnh Nghệ An, kiểm tra công tác tại cơ sở."),
    "hieu-scattered.txt": _doc("Đảng ủy ban hành văn bản",
                               "Đảng ủy Công an tỉnh ban hành văn bản chỉ đạo, bảo đảm hiệu quả công tác."),
    "tolam-person.txt": _doc("Tổng Bí thư thăm lực lượng", "Tổng Bí thư Tô Lâm thăm và làm việc với Bộ Công an."),
    "tolam-scattered.txt": _doc("Tổ công tác xuống cơ sở", "Tổ công tác làm việc với người dân trong hai ngày."),
    "bacninh-place.txt": _doc("Hội nghị tại Bắc Ninh", "Công an tỉnh Bắc Ninh tổ chức hội nghị giao ban."),
    "bacninh-scattered.txt": _doc("Tuần tra biên giới",
                                  "Các đồn phía Bắc giữ vững an ninh trật tự trên tuyến biên giới."),
    "cum8.txt": _doc("Cụm thi đua số 8 tổng kết năm 2024",
                     "Ngày 12/12, Cụm thi đua số 8 tổ chức hội nghị tại Công an tỉnh Long An."),
    "eight-provinces.txt": _doc("Giao ban công tác",
                                "Đại diện 8 tỉnh dự giao ban; cụm thi đua của các tỉnh phía Nam góp ý."),
    "cum3-roman.txt": _doc("Cụm thi đua số III sơ kết",
                           "Ngày 5/7, Cụm thi đua số III tổ chức sơ kết tại Công an tỉnh Quảng Ngãi."),
    "tong-ket.txt": _doc("Công an huyện tổng kết công tác năm 2024",
                         "Hội nghị tổng kết công tác năm 2024 của Công an huyện diễn ra sáng nay."),
    "han.txt": _doc("Giám đốc phát biểu", "Đại tá Nguyễn Văn Hận, Giám đốc Công an tỉnh Kiên Giang phát biểu."),
    "hanoi.txt": _doc("Công an Hà Nội ra quân", "Công an thành phố Hà Nội ra quân bảo đảm an ninh trật tự."),
    "brvt.txt": _doc("Hội nghị ở Bà Rịa - Vũng Tàu", "Công an tỉnh Bà Rịa - Vũng Tàu đăng cai hội nghị."),
    "punctuation.txt": _doc("Khen thưởng cuối năm", "Bộ trưởng tặng Cờ thi đua; 4 đơn vị được khen thưởng."),
    "pccc-comma.txt": _doc("Diễn tập tại khu công nghiệp",
                           "Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ diễn tập tại khu công nghiệp."),
    "pccc-apart.txt": _doc("Kiểm tra chợ đêm",
                           "Tổ kiểm tra nhắc tiểu thương phòng cháy nổ; xe chữa cháy đỗ ở cổng chợ."),
    "mttq.txt": _doc("Ký kết phối hợp", "Ủy ban Mặt trận Tổ quốc tỉnh và Hội Cựu chiến binh ký kết chương trình."),
    "annd-long.txt": _doc("Khối An ninh nhân dân tổng kết", "Các đơn vị trong khối hoàn thành chỉ tiêu năm."),
    "daklak.txt": _doc("Hội nghị ở Tây Nguyên", "Công an tỉnh Đắk Lắk đăng cai hội nghị giao ban."),
    "dienbientv.txt": _doc("Giữ bình yên bản làng", "Điện Biên TV - Lực lượng Công an xã tuần tra giữ bình yên "
                                                    "cho các bản vùng cao trong dịp cuối năm."),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from indexer.writer import build
    from search_app import create_app

    from .helpers import write_articles

    source = write_articles(tmp_path_factory.mktemp("semantics") / "src", ARTICLES)
    index_dir = source.parent / "index"
    summary = build(str(source), str(index_dir))
    assert summary.skipped == []
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()


def search(client, q, **params):
    response = client.get("/api/search", query_string={"q": q, "per_page": 100, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def titles(client, q):
    return [r["title"] for r in search(client, q)["results"]]


def test_a_toned_syllable_matches_only_its_tones(client):
    assert titles(client, "thắng") == ["Đơn vị quyết thắng"]
    assert titles(client, "tháng") == ["Sơ kết sáu tháng"]


def test_an_unaccented_syllable_matches_every_tone(client):
    assert set(titles(client, "thang")) == {"Đơn vị quyết thắng", "Sơ kết sáu tháng"}


def test_the_syllables_of_a_name_stand_together(client):
    assert titles(client, "dang van hieu") == ["Giám đốc làm việc với cơ sở"]
    assert titles(client, "Đặng Văn Hiếu") == ["Giám đốc làm việc với cơ sở"]
    assert titles(client, "to lam") == ["Tổng Bí thư thăm lực lượng"]


def test_a_place_name_stands_together(client):
    assert titles(client, "Bắc Ninh") == ["Hội nghị tại Bắc Ninh"]
    assert titles(client, "bac ninh") == ["Hội nghị tại Bắc Ninh"]


def test_words_of_a_query_that_are_separate_words_need_not_stand_together(client):
    assert "Công an huyện tổng kết công tác năm 2024" in titles(client, "tổng kết năm 2024")


def test_a_number_stays_with_its_word(client):
    found = titles(client, "cụm thi đua số 8")
    assert found == ["Cụm thi đua số 8 tổng kết năm 2024"]


@pytest.mark.parametrize("query", ["Cụm 8", "cụm số 8", "CTĐ số 8", "cum thi dua so 8", "cụm thi đua số VIII"])
def test_every_way_of_writing_a_cluster_finds_it(client, query):
    assert titles(client, query) == ["Cụm thi đua số 8 tổng kết năm 2024"]


def test_roman_numerals_in_articles_equal_their_digits(client):
    assert titles(client, "cụm thi đua số 3") == ["Cụm thi đua số III sơ kết"]


def test_words_do_not_join_across_punctuation(client):
    assert titles(client, '"cờ thi đua 4"') == []


def test_a_query_naming_a_cluster_offers_its_filter(client):
    data = search(client, "cum thi dua so 8")
    offered = {(e["facet"], e["value"]): e for e in data["entities"]}
    entity = offered[("cluster", "Cụm thi đua số 8")]
    assert entity["label"] == "Lọc: Cụm thi đua số 8" and "cluster=" in entity["url"]


@pytest.mark.parametrize(("query", "expected"), [
    ("PCCC", ["Diễn tập tại khu công nghiệp"]),  # the long form with its comma, not the words apart
    ("phòng cháy chữa cháy", ["Diễn tập tại khu công nghiệp"]),
    ("CNCH", ["Diễn tập tại khu công nghiệp"]),
    ("MTTQ", ["Ký kết phối hợp"]),
    ("CCB", ["Ký kết phối hợp"]),
    ("ANTT", ["Công an Hà Nội ra quân", "Tuần tra biên giới"]),
    ("ANND", ["Khối An ninh nhân dân tổng kết"]),
])
def test_an_abbreviation_finds_its_long_form_written_with_or_without_a_comma(client, query, expected):
    assert titles(client, query) == expected


def test_province_abbreviations_find_the_province(client):
    assert titles(client, "BR-VT") == ["Hội nghị ở Bà Rịa - Vũng Tàu"]
    assert ("province", "Bà Rịa - Vũng Tàu") in {(e["facet"], e["value"]) for e in search(client, "BR-VT")["entities"]}


def test_a_provinces_other_spelling_names_it_with_its_own_tones(client):
    """"Đak Lak" is how some papers write Đắk Lắk: typed so it names the province, strictly."""
    data = search(client, "Đak Lak")
    assert data["strict"] is True and [r["title"] for r in data["results"]] == ["Hội nghị ở Tây Nguyên"]
    assert ("province", "Đắk Lắk") in {(e["facet"], e["value"]) for e in data["entities"]}
    assert search(client, "Hà Năm")["entities"] == []  # a toned syllable still means its tone


def test_a_provincial_broadcaster_by_its_on_air_name_finds_its_articles(client):
    """The marker "Điện Biên TV -" leaves the text; the outlet it names is what the query means."""
    data = search(client, "Điện Biên TV")
    assert [r["title"] for r in data["results"]] == ["Giữ bình yên bản làng"]
    assert ("outlet", "Đài Phát thanh và Truyền hình Điện Biên") in {(e["facet"], e["value"]) for e in data["entities"]}


def test_a_toned_query_with_no_toned_match_falls_back_and_says_so(client):
    data = search(client, "Nguyễn Văn Hân")
    assert data["strict"] is False and data["reading"] == "folded"
    assert [r["title"] for r in data["results"]] == ["Giám đốc phát biểu"]
    assert data["notice"] == ("Không có kết quả đúng dấu cho «Nguyễn Văn Hân» — "
                              "đang hiện kết quả không phân biệt dấu.")
    assert data["other_reading"]["text"] == "nguyen van han"


def test_a_strict_answer_carries_no_notice(client):
    data = search(client, "Nguyễn Văn Hận")
    assert data["strict"] is True and data["notice"] is None and data["total"] == 1


def test_a_query_with_no_answer_in_any_reading_is_empty(client):
    data = search(client, "Trịnh Văn Quyết")
    assert data["total"] == 0 and data["results"] == []


@pytest.mark.parametrize("query, expected", [
    ("nguyen van hna", "Nguyễn Văn Hận"),
    ("ngyuen van han", "Nguyễn Văn Hận"),
    ("nguyenvanhan", "Nguyễn Văn Hận"),
    ("hanoi", "Hà Nội"),
])
def test_typos_get_a_suggestion_with_its_hits_and_never_replace_the_query(client, query, expected):
    data = search(client, query)
    assert data["query"] == query
    first = data["suggestions"][0]
    assert first["text"] == expected and first["hits"] >= 1 and "q=" in first["url"]


def test_the_page_shows_the_suggestion_and_the_notice(client):
    page = client.get("/", query_string={"q": "nguyen van hna"}).get_data(as_text=True)
    assert "Có phải bạn muốn tìm" in page and "Nguyễn Văn Hận" in page
    page = client.get("/", query_string={"q": "Nguyễn Văn Hân"}).get_data(as_text=True)
    assert "Không có kết quả đúng dấu" in page


def test_snippets_mark_only_what_matched(client):
    snippet = search(client, "thắng")["results"][0]["snippet"]
    assert "<mark>thắng</mark>" in snippet and "tháng</mark>" not in snippet
    snippet = search(client, "Bắc Ninh")["results"][0]["snippet"]
    assert "<mark>Bắc Ninh</mark>" in snippet
    snippet = search(client, "nguyen van han")["results"][0]["snippet"]
    assert "<mark>Nguyễn Văn Hận</mark>" in snippet


def test_when_no_reading_finds_anything_the_answer_is_the_strict_one_without_notice(client):
    data = search(client, "Trịnh Văn Quyết")
    assert data["total"] == 0 and data["strict"] is True and data["notice"] is None


def test_a_name_typed_with_other_tones_suggests_the_name_as_written(client):
    assert search(client, "Nguyễn Văn Hân")["suggestions"][0]["text"] == "Nguyễn Văn Hận"
