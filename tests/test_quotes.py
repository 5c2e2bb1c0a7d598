"""Finding a quoted passage again after the article changed."""
import unicodedata

from indexer.quotes import locate, quote_parts

PARAGRAPHS = [
    "Chiều 19/11 tại Công an tỉnh Kiên Giang, Cụm thi đua số 12 đã tổ chức hội nghị.",
    "Đại tá Nguyễn Văn Hận, Giám đốc Công an tỉnh Kiên Giang trao cờ thi đua cho đơn vị.",
    "Các đơn vị trao cờ thi đua năm 2025; phong trào thi đua được phát động sâu rộng.",
]


def found_text(found):
    return found.text(PARAGRAPHS)


def test_exact_passage():
    found = locate(PARAGRAPHS, "Giám đốc Công an tỉnh Kiên Giang")
    assert (found.paragraph, found.how, found_text(found)) == (2, "exact", "Giám đốc Công an tỉnh Kiên Giang")


def test_prefix_and_suffix_choose_between_repeated_passages():
    assert locate(PARAGRAPHS, "trao cờ thi đua", prefix="Các đơn vị", suffix="năm 2025").paragraph == 3
    assert locate(PARAGRAPHS, "trao cờ thi đua", prefix="Kiên Giang", suffix="cho đơn vị").paragraph == 2


def test_other_unicode_form_tone_placement_and_punctuation():
    nfd = unicodedata.normalize("NFD", "Đại tá Nguyễn Văn Hận Giám đốc")  # comma dropped, decomposed
    found = locate(PARAGRAPHS, nfd)
    assert (found.paragraph, found.how) == (2, "normalised")
    assert found_text(found) == "Đại tá Nguyễn Văn Hận, Giám đốc"
    assert locate(PARAGRAPHS, "phong trào thi đua được phát động sâu rộng").how == "exact"
    assert locate(["Hòa bình và thủy lợi"], "hoà bình và thuỷ lợi").how == "normalised"


def test_an_edited_word_is_tolerated():
    found = locate(PARAGRAPHS, "Đại tá Nguyễn Văn Hận, Phó Giám đốc Công an tỉnh Kiên Giang trao cờ")
    assert (found.paragraph, found.how) == (2, "fuzzy")


def test_a_passage_that_is_gone_is_not_found():
    assert locate(PARAGRAPHS, "một đoạn văn hoàn toàn khác không hề có trong bài viết này") is None
    assert locate(PARAGRAPHS, "") is None and locate([], "x") is None


def test_quote_parts_come_from_the_paragraph_and_its_neighbours():
    exact, prefix, suffix = quote_parts(PARAGRAPHS, 2, max_words=5, context_words=2)
    assert exact == "Đại tá Nguyễn Văn Hận," and prefix == "hội nghị."
    assert suffix == "Giám đốc"
    assert locate(PARAGRAPHS, exact, prefix, suffix).paragraph == 2
