"""Property tests of the analyzer: never raises, NFC/NFD agree, folding is idempotent."""
import unicodedata
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.analysis import ExactAnalyzer, FoldedAnalyzer, SyllableAnalyzer, analyse, exact_pipeline, tokens
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


# what meets at a join: "số" and a numeral, an abbreviation's point, a line break, punctuation
pieces_text = st.lists(st.sampled_from(["số", "So", "III", "iv", "TP", "TP.", "HCM", "tp.hcm", "a.so", "Hòa", "sỹ",
                                        "Tô", "Lâm", "1.799", "😀", "\n", "\n\n", " ", ", ", ". ", "; ", "“", "-"]),
                       max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(vietnamese_text, pieces_text), st.one_of(vietnamese_text, pieces_text))
def test_a_text_joined_from_two_analysed_ones_is_analysed_as_a_whole(head, tail):
    """The bigram field's title + "\\n" + body reuses the two texts' analyses: the same syllables."""
    analyse(head), analyse(tail)
    assert analyse(head + "\n" + tail) == _pipeline_syllables(head + "\n" + tail)


def _reference_grams(syllables, size, text=None):
    """Bigrams or trigrams as first written: a loop over the syllables, one per position."""
    first_at = {}
    for syllable in syllables:
        first_at.setdefault(syllable[0], syllable)
    ordered = [first_at[pos] for pos in sorted(first_at)]
    grams = []
    for start in range(len(ordered) - size + 1):
        run = ordered[start:start + size]
        if all(b[0] == a[0] + 1 for a, b in zip(run, run[1:], strict=False)):
            grams.append("-".join(s[2] for s in run))
        elif size == 2 and text is not None and run[1][0] == run[0][0] + 2 and text[run[0][4]:run[1][3]].strip() == ",":
            grams.append(f"{run[0][2]},{run[1][2]}")
    return grams


@settings(max_examples=300, deadline=None)
@given(st.one_of(vietnamese_text, pieces_text, dotted_text))
def test_bigram_and_trigram_counts_and_tokens_follow_the_syllables(text):
    syllables = _pipeline_syllables(text)
    nfc = unicodedata.normalize("NFC", text)
    for form, size in (("bigram", 2), ("trigram", 3)):
        expected = _reference_grams(syllables, size, nfc)
        analyzer = SyllableAnalyzer(form)
        assert [t.text for t in analyzer(text)] == expected
        assert list(analyzer.counts(text).items()) == list(Counter(expected).items())
