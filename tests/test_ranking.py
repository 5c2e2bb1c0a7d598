"""Ranking and query syntax on articles written for each rule."""
import pytest


def _doc(title, body, date="01/01/2024"):
    return f"{title}\n{date} - 08:00\n\n{body}\n"


def titles(client, q, **params):
    response = client.get("/api/search", query_string={"q": q, **params})
    assert response.status_code == 200, response.get_json()
    return [r["title"] for r in response.get_json()["results"]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from indexer.writer import build
    from search_app import create_app

    from .helpers import write_articles

    articles = {
        "tien-money.txt": _doc("Bài về tiền", "Công an thu hồi số tiền lớn cho người dân trong vụ án."),
        "tien-advance.txt": _doc("Bài về tiến", "Các đơn vị tiến hành kiểm tra trong vụ án, tiến độ nhanh."),
        "tien-fairy.txt": _doc("Bài về tiên", "Điển hình tiên tiến được biểu dương trong vụ án."),
        "co-flag.txt": _doc("Trao cờ thi đua", "Bộ trưởng trao cờ thi đua cho đơn vị xuất sắc."),
        "co-base.txt": _doc("Xây dựng cơ sở", "Lực lượng hướng về cơ sở, có nhiều đơn vị tham gia thi đua."),
        "quocgia-together.txt": _doc("Bảo vệ an ninh", "Lực lượng bảo vệ an ninh quốc gia trên địa bàn."),
        "quocgia-scattered.txt": _doc("Chuyên đề an ninh", "Người dân cả nước tham gia phong trào; "
                                                           "Tổ quốc ghi nhận công lao, gia đình được khen."),
        "title-hit.txt": _doc("Phòng cháy chữa cháy mùa khô", "Hướng dẫn người dân về an toàn."),
        "body-hit.txt": _doc("Hướng dẫn an toàn", "Lực lượng tuyên truyền phòng cháy chữa cháy cho người dân."),
        "han-exact.txt": _doc("Giám đốc phát biểu", "Đại tá Nguyễn Văn Hận, Giám đốc Công an tỉnh phát biểu."),
        "han-other.txt": _doc("Phó giám đốc dự họp", "Thượng tá Nguyễn Văn Hân, Phó Giám đốc, dự họp."),
        "old-tones.txt": _doc("Hòa bình và thủy lợi", "Đảng ủy giao chiến sỹ kỹ thuật nhiệm vụ mới."),
        "hcm-long.txt": _doc("Hội nghị ở phía Nam", "Công an Thành phố Hồ Chí Minh chủ trì hội nghị."),
        "hcm-dotted.txt": _doc("Tin từ TP.HCM", "Đoàn công tác làm việc tại TP. HCM trong hai ngày."),
        "ubnd.txt": _doc("Làm việc với chính quyền",
                         "Phó Chủ tịch UBND tỉnh dự và giao nhiệm vụ về ANTT, CCCD và TNGT."),
        "uyban.txt": _doc("Chính quyền địa phương",
                          "Ủy ban nhân dân huyện bàn về an ninh trật tự, tai nạn giao thông và căn cước công dân."),
    }
    source = write_articles(tmp_path_factory.mktemp("ranking") / "src", articles)
    index_dir = source.parent / "index"
    build(str(source), str(index_dir))
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()


def test_a_toned_query_ranks_the_exact_tone_first(corpus):
    assert titles(corpus, "tiền")[0] == "Bài về tiền"
    assert titles(corpus, "tiến")[0] == "Bài về tiến"
    assert titles(corpus, "cờ")[0] == "Trao cờ thi đua"


def test_an_unaccented_query_finds_every_toned_form(corpus):
    assert set(titles(corpus, "tien")) >= {"Bài về tiền", "Bài về tiến", "Bài về tiên"}


def test_a_word_typed_together_matches_only_where_its_syllables_stand_together(corpus):
    # was: scattered "Tổ quốc … gia đình" ranked below; a word's syllables now stand together
    assert titles(corpus, "quoc gia") == ["Bảo vệ an ninh"]


def test_title_matches_rank_above_body_matches(corpus):
    found = titles(corpus, "phong chay chua chay")
    assert found[:2] == ["Phòng cháy chữa cháy mùa khô", "Hướng dẫn an toàn"]


def test_person_names_with_or_without_diacritics(corpus):
    assert set(titles(corpus, "nguyen van han")) == {"Giám đốc phát biểu", "Phó giám đốc dự họp"}
    assert titles(corpus, "Nguyễn Văn Hận")[0] == "Giám đốc phát biểu"
    assert titles(corpus, "Nguyễn Văn Hân")[0] == "Phó giám đốc dự họp"


@pytest.mark.parametrize("query", ["hoà bình", "hòa bình", "thuỷ lợi", "đảng uỷ", "chiến sĩ", "kĩ thuật", "HOÀ BÌNH"])
def test_tone_placement_and_i_y_variants_match(corpus, query):
    assert titles(corpus, query)[0] == "Hòa bình và thủy lợi"


def test_quoted_phrase_requires_adjacency(corpus):
    assert titles(corpus, '"an ninh quốc gia"') == ["Bảo vệ an ninh"]
    assert titles(corpus, '"an ninh quoc gia"') == ["Bảo vệ an ninh"]


def test_minus_excludes_and_or_joins(corpus):
    assert "Bài về tiến" not in titles(corpus, "vụ án -tiến")
    assert set(titles(corpus, "vụ án -tiến")) == {"Bài về tiền"}  # "tiên tiến" has it too
    assert set(titles(corpus, "vụ án -tien")) == set()
    assert set(titles(corpus, "cờ OR cơ")) == {"Trao cờ thi đua", "Xây dựng cơ sở"}


@pytest.mark.parametrize("query", ['"an ninh', "OR", "OR cờ", "cờ OR", "-", "title:cờ", "cờ*", "cờ~2",
                                   "[a TO z]", "(cờ", "AND NOT", '""', "!!!", "cờ thi đua)"])
def test_malformed_queries_are_plain_words_not_errors(corpus, query):
    response = corpus.get("/api/search", query_string={"q": query})
    assert response.status_code == 200


def test_unbalanced_quote_searches_the_words(corpus):
    assert titles(corpus, '"an ninh quốc gia') == titles(corpus, "an ninh quốc gia")


def test_field_prefix_is_plain_text(corpus):
    assert titles(corpus, "thi:đua") == titles(corpus, '"thi đua"') != []
    assert titles(corpus, "title:cờ") == []  # the word "title" is searched, not a field


@pytest.mark.parametrize("query", ["TPHCM", "TP HCM", "TP.HCM", "Thành phố Hồ Chí Minh", "tp hcm"])
def test_city_abbreviations_find_the_long_form_and_back(corpus, query):
    assert set(titles(corpus, query)) == {"Hội nghị ở phía Nam", "Tin từ TP.HCM"}


@pytest.mark.parametrize("query, expected", [
    ("UBND", {"Làm việc với chính quyền", "Chính quyền địa phương"}),
    ("ủy ban nhân dân", {"Làm việc với chính quyền", "Chính quyền địa phương"}),
    ("antt", {"Làm việc với chính quyền", "Chính quyền địa phương"}),
    ("CCCD", {"Làm việc với chính quyền", "Chính quyền địa phương"}),
    ("tai nạn giao thông", {"Làm việc với chính quyền", "Chính quyền địa phương"}),
])
def test_abbreviations_in_the_data_file_work_both_ways(corpus, query, expected):
    assert set(titles(corpus, query)) == expected


def test_snippets_mark_the_original_words_of_an_unaccented_query(corpus):
    result = corpus.get("/api/search", query_string={"q": "nguyen van han"}).get_json()["results"]
    snippet = next(r["snippet"] for r in result if r["title"] == "Giám đốc phát biểu")
    assert "<mark>Nguyễn Văn Hận</mark>" in snippet


def test_snippets_mark_abbreviations_where_they_stand(corpus):
    result = corpus.get("/api/search", query_string={"q": "tphcm"}).get_json()["results"]
    snippets = {r["title"]: r["snippet"] for r in result}
    assert "<mark>TP. HCM</mark>" in snippets["Tin từ TP.HCM"]
    assert "<mark>Thành phố Hồ Chí Minh</mark>" in snippets["Hội nghị ở phía Nam"]
