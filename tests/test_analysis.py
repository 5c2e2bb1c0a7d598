import pickle
import unicodedata

from whoosh import fields
from whoosh.filedb.filestore import RamStorage

from indexer.analysis import (
    BigramAnalyzer,
    CanonicalSpellingFilter,
    DottedAbbreviationFilter,
    ExactAnalyzer,
    FoldedAnalyzer,
    FoldFilter,
    ICUTokenizer,
    tokens,
)


def _texts(stream):
    return [t.text for t in stream]


def test_icu_tokenizer_gives_syllables_and_numbers_without_punctuation():
    text = "Đạt 85,4% (vượt 10,4%), bắt 1.799 đối tượng; Đề án 06."
    assert _texts(ICUTokenizer()(text)) == [
        "Đạt", "85,4", "vượt", "10,4", "bắt", "1.799", "đối", "tượng", "Đề", "án", "06",
    ]


def test_icu_tokenizer_offsets_point_into_the_nfc_text():
    text = "Đại tá Nguyễn Văn Hận, Giám đốc"
    for token in ICUTokenizer()(text, chars=True):
        assert text[token.startchar:token.endchar] == token.text


def test_icu_tokenizer_normalises_nfd_input():
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Hận")
    assert _texts(ICUTokenizer()(nfd)) == ["Nguyễn", "Văn", "Hận"]


def test_icu_tokenizer_offsets_survive_characters_outside_the_bmp():
    text = "😀 Cụm 😀 thi đua"
    for token in ICUTokenizer()(text, chars=True):
        assert text[token.startchar:token.endchar] == token.text


def test_dotted_abbreviation_gives_parts_and_merged_form():
    stream = DottedAbbreviationFilter()(ICUTokenizer()("TP.HCM hôm nay", positions=True, chars=True))
    got = [(t.text, t.pos, t.startchar, t.endchar) for t in stream]
    assert got == [("TP", 0, 0, 2), ("TPHCM", 0, 0, 6), ("HCM", 1, 3, 6), ("hôm", 2, 7, 10), ("nay", 3, 11, 14)]


def test_dotted_abbreviation_leaves_numbers_whole():
    assert _texts(DottedAbbreviationFilter()(ICUTokenizer()("1.799 và 85,4"))) == ["1.799", "và", "85,4"]


def test_canonical_spelling_filter_only_rewrites_text():
    stream = CanonicalSpellingFilter()(ICUTokenizer()("hòa sỹ", chars=True))
    assert [(t.text, t.startchar, t.endchar) for t in stream] == [("hoà", 0, 3), ("sĩ", 4, 6)]


def test_fold_filter():
    assert _texts(FoldFilter()(ICUTokenizer()("Đà Nẵng"))) == ["da", "nang"]


def test_exact_analyzer_keeps_tones_and_unifies_spellings():
    assert (tokens("Hòa bình, Thủy", ExactAnalyzer()) == tokens("Hoà Bình, THUỶ", ExactAnalyzer())
            == ["hoà", "bình", "thuỷ"])
    assert tokens("tiền", ExactAnalyzer()) != tokens("tiến", ExactAnalyzer())


def test_folded_analyzer_matches_unaccented_typing():
    assert tokens("Nguyễn Văn Hận") == tokens("nguyen van han") == ["nguyen", "van", "han"]
    assert tokens("chiến sỹ") == tokens("chien si")


def test_nfc_and_nfd_give_the_same_tokens():
    text = "Cụm thi đua số 12 tỉnh Kiên Giang, Thiếu tướng Lê Hồng Hiệp"
    assert tokens(unicodedata.normalize("NFD", text)) == tokens(text)
    assert tokens(unicodedata.normalize("NFD", text), ExactAnalyzer()) == tokens(text, ExactAnalyzer())


def test_positions_are_consecutive_for_phrases():
    positions = [t.pos for t in FoldedAnalyzer()("an ninh quốc gia", positions=True)]
    assert positions == [0, 1, 2, 3]


def test_bigram_analyzer_joins_adjacent_syllables():
    assert tokens("an ninh quốc gia", BigramAnalyzer()) == ["an-ninh", "ninh-quoc", "quoc-gia"]


def test_analyzers_survive_pickling_inside_a_schema():
    schema = fields.Schema(body=fields.TEXT(analyzer=FoldedAnalyzer()))
    restored = pickle.loads(pickle.dumps(schema))
    assert tokens("Nguyễn Văn Hận", restored["body"].analyzer) == ["nguyen", "van", "han"]
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        writer.add_document(body="Đại tá Nguyễn Văn Hận")
    with index.searcher() as searcher:
        assert searcher.document_number(body="han") is not None


def test_the_one_loop_analysis_agrees_with_the_filters_on_abbreviations_and_odd_text():
    from indexer.analysis import analyse, exact_pipeline
    from indexer.normalize import fold

    for text in ("TP.HCM, Q.1 và TP HCM", "UBND tỉnh Hòa Bình; chiến sỹ", "😀 Cụm 😀 thi đua TP.HCM",
                 "a.b.c-d/e_f:g 1.799 85,4%", unicodedata.normalize("NFD", "Nguyễn Văn Hận, Đà Nẵng")):
        expected = tuple((t.pos, t.text, fold(t.text), t.startchar, t.endchar)
                         for t in exact_pipeline()(text, positions=True, chars=True))
        assert analyse(text) == expected


def test_an_analysis_kept_for_later_comes_back_the_same_and_is_then_let_go():
    """A build takes a body's signature hundreds of texts before indexing it: analysed once."""
    from indexer import analysis

    text = "Sáng 5/3, TP.HCM ra quân; Cụm thi đua số III tổng kết.\n\nTin: Hòa Bình"
    expected = analysis.analyse(text)
    analysis.analyse_for_later(text)
    for number in range(analysis._ANALYSES_KEPT + 1):  # the recent analyses move on
        analysis.analyse(f"tin {number}")
    assert text in analysis._AWAITED
    assert analysis.analyse(text) == expected
    assert text not in analysis._AWAITED and analysis._awaited_syllables == 0
