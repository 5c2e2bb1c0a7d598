"""match_spans looks only at the syllables a query names; the spans are those of marking every
syllable's keys (the reference below, the former implementation)."""
from collections import defaultdict

import pytest

from indexer.analysis import analyse
from indexer.highlight import _join_adjacent, _sequence_end, match_spans, merge_spans
from indexer.query import parse

from .helpers import SEEDS


def reference_spans(text, terms=(), sequences=()):
    if not terms and not sequences:
        return []
    by_position, starts, single = defaultdict(list), defaultdict(list), []
    for position, exact, folded, start, end in analyse(text):
        toned_key = "=" + exact
        by_position[position] += [(folded, start, end), (toned_key, start, end)]
        starts[folded].append((position, start))
        starts[toned_key].append((position, start))
        single += [(key, start, end) for key in (folded, toned_key) if key in terms]
    spans, covered = [], set()
    for sequence in sequences:
        for position, start in starts.get(sequence[0], ()):
            end = _sequence_end(by_position, position, sequence)
            if end is not None:
                spans.append((start, end))
                covered.update(sequence)
    spans += [(start, end) for word, start, end in single if word not in covered]
    return _join_adjacent(text, merge_spans(spans))


QUERIES = ["công an", "cong an tinh", "Nguyễn Văn", "thi đua", '"phong trào thi đua"', "an ninh OR trật tự",
           "cụm thi đua số 8", "tỉnh", "hoa", "Hòa", "PCCC", "năm 2024", "an"]


def _paragraphs():
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(SEEDS.iterdir())[:6]]
    return [p for text in texts for p in text.split("\n") if p.strip()][:200]


@pytest.mark.parametrize("q", QUERIES)
def test_spans_equal_marking_every_syllable(q):
    terms, sequences = parse(q).reading("folded").highlight_targets()
    toned_terms, toned_sequences = parse(q).highlight_targets()
    for paragraph in _paragraphs():
        assert match_spans(paragraph, terms, sequences) == reference_spans(paragraph, terms, sequences)
        assert match_spans(paragraph, toned_terms, toned_sequences) == reference_spans(
            paragraph, toned_terms, toned_sequences)


@pytest.mark.parametrize("paragraphs", [
    ["Nguyễn Văn Hận, Công an tỉnh Đắk Lắk", "Cụm thi đua số 8 — “Vì an ninh Tổ quốc”…", ""],
    ["Cà\u0301 phê", "sữa"],  # a combining mark folds to nothing: folded one by one
    ["tiếng 日本 và ﬁ", "x"],  # outside fold's table: ICU folds the paragraph
    ["one\nparagraph with a line break", "another"],
    [],
])
def test_fold_each_is_folding_each_paragraph(paragraphs):
    from indexer.highlight import fold_each
    from indexer.normalize import fold

    assert fold_each(paragraphs) == [fold(p) for p in paragraphs]
    assert fold_each(_paragraphs()) == [fold(p) for p in _paragraphs()]
