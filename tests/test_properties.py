"""Property tests of the analyzer: never raises, NFC/NFD agree, folding is idempotent."""
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.analysis import ExactAnalyzer, FoldedAnalyzer, analyse, exact_pipeline, tokens
from indexer.extract import extract_record
from indexer.normalize import canonical, fold

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
vietnamese_text = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " .,;:-–/()\"'0123456789\n", max_size=200)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_analyzers_never_raise_and_offsets_stay_inside_the_text(text):
    for analyzer in (ExactAnalyzer(), FoldedAnalyzer()):
        for token in analyzer(text, positions=True, chars=True):
            assert 0 <= token.startchar <= token.endchar <= len(unicodedata.normalize("NFC", text))


@settings(max_examples=300, deadline=None)
@given(vietnamese_text)
def test_nfc_and_nfd_input_give_the_same_tokens(text):
    nfd = unicodedata.normalize("NFD", text)
    assert tokens(nfd) == tokens(text)
    assert tokens(nfd, ExactAnalyzer()) == tokens(text, ExactAnalyzer())


def _pipeline_syllables(text):
    return tuple((t.pos, t.text, fold(t.text), t.startchar, t.endchar)
                 for t in exact_pipeline()(text, positions=True, chars=True))


dotted_text = st.text(alphabet=VIETNAMESE[:12] + "TPHCM.-/_: 12😀\u0301", max_size=80)


@settings(max_examples=300, deadline=None)
@given(st.one_of(vietnamese_text, dotted_text, any_text))
def test_the_one_loop_analysis_equals_the_filter_pipeline(text):
    assert analyse(text) == _pipeline_syllables(text)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=VIETNAMESE, min_size=1, max_size=8))
def test_canonical_spelling_is_idempotent_and_folds_the_same(word):
    assert canonical(canonical(word)) == canonical(word)
    assert fold(canonical(word)) == fold(word) or fold(canonical(word)) == fold(word).replace("y", "i")


@settings(max_examples=100, deadline=None)
@given(any_text)
def test_extraction_never_raises(text):
    record = extract_record(text, "x")
    assert all(unicodedata.is_normalized("NFC", p) for p in record.paragraphs)
