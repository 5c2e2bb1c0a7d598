"""IndexColumns reads Whoosh internals in bulk; every array is checked here against
Whoosh's public per-document API, on an index of several segments with deletions."""
import json
import math
import shutil
from collections import Counter

import numpy as np
import pytest
from whoosh import scoring

from indexer.columns import IndexColumns
from indexer.evaluate import bm25
from indexer.extract import Record
from indexer.schema import FACET_FIELDS, FACET_SEPARATOR, facet_values
from indexer.store import open_live
from indexer.writer import build

from .helpers import ARTICLES, SEEDS, index_with_deletions

TERMS = [("body_folded", "cong"), ("body_folded", "an"), ("body", "công"), ("title_folded", "cum"),
         ("bigrams", "thi-dua"), ("bigrams", "an-ninh"), ("body_folded", "absent")]


def _copy_articles(source):
    source.mkdir()
    for path in list(SEEDS.iterdir()) + list(ARTICLES.iterdir()):
        shutil.copy(path, source / path.name)
    return source


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """An index of two segments with deleted documents (an edit and a removal since the build)."""
    index_dir = index_with_deletions(tmp_path_factory.mktemp("columns"))
    _generation, index = open_live(str(index_dir))
    searcher = index.searcher()
    assert len(list(searcher.reader().leaf_readers())) >= 2 and searcher.reader().has_deletions()
    yield searcher
    searcher.close()


@pytest.fixture(scope="module")
def fresh_searcher(tmp_path_factory):
    """A freshly built index: no deletions."""
    root = tmp_path_factory.mktemp("fresh")
    build(str(_copy_articles(root / "src")), str(root / "index"))
    _generation, index = open_live(str(root / "index"))
    searcher = index.searcher()
    yield searcher
    searcher.close()


def _whoosh_bm25f(searcher, fieldname, text):
    scorer = scoring.BM25F().scorer(searcher, fieldname, text)
    matcher = searcher.postings(fieldname, text)
    expected = {}
    while matcher.is_active():
        if not searcher.reader().is_deleted(matcher.id()):
            expected[matcher.id()] = scorer.score(matcher)
        matcher.next()
    return expected


def test_live_documents_and_dates(searcher):
    columns = IndexColumns(searcher)
    assert sorted(np.flatnonzero(columns.live)) == sorted(searcher.reader().all_doc_ids())
    for docnum in searcher.reader().all_doc_ids():
        assert columns.dates[docnum] == searcher.stored_fields(docnum)["date_sort"]


@pytest.mark.parametrize("fieldname, text", TERMS)
def test_postings_and_lengths_equal_whooshs(searcher, fieldname, text):
    columns = IndexColumns(searcher)
    docs, weights = columns.postings(fieldname, text)
    expected = {}
    if (fieldname, text) in searcher.reader():
        matcher = searcher.postings(fieldname, text)
        while matcher.is_active():
            expected[matcher.id()] = matcher.weight()
            matcher.next()
    assert dict(zip(docs.tolist(), weights.tolist(), strict=True)) == pytest.approx(expected)
    for docnum in searcher.reader().all_doc_ids():
        assert columns.lengths(fieldname)[docnum] == pytest.approx(
            searcher.reader().doc_field_length(docnum, fieldname))


SCORED = [t for t in TERMS if t[1] != "absent"]


@pytest.mark.parametrize("fieldname, text", SCORED)
def test_cached_scores_are_whooshs_bm25f(fresh_searcher, fieldname, text):
    columns = IndexColumns(fresh_searcher)
    docs, scores = columns.term_scores(fieldname, text, bm25)
    assert dict(zip(docs.tolist(), scores.tolist(), strict=True)) == pytest.approx(
        _whoosh_bm25f(fresh_searcher, fieldname, text), rel=1e-5)
    assert columns.scored(fieldname, text, bm25) is columns.scored(fieldname, text, bm25)  # cached


@pytest.mark.parametrize("fieldname, text", SCORED)
def test_after_deletions_scores_count_live_documents_only_and_rank_as_whoosh(searcher, fieldname, text):
    """Whoosh counts deleted documents in a term's frequency until segments merge; ours
    counts live ones, which changes a term's idf, never the order of its documents."""
    columns = IndexColumns(searcher)
    docs, scores = columns.term_scores(fieldname, text, bm25)
    expected = _whoosh_bm25f(searcher, fieldname, text)
    assert sorted(docs.tolist()) == sorted(expected)
    ratios = [score / expected[doc] for doc, score in zip(docs.tolist(), scores.tolist(), strict=True)]
    assert max(ratios) == pytest.approx(min(ratios), rel=1e-5)
    live_df, whoosh_df = len(docs), searcher.doc_frequency(fieldname, text)
    n = searcher.doc_count_all()
    assert ratios[0] == pytest.approx((math.log(n / (live_df + 1)) + 1) / (math.log(n / (whoosh_df + 1)) + 1), rel=1e-5)


COUNTING = {"bitmaps": (16 * 1024 * 1024, 10**9), "csr": (0, 10**9), "codes": (16 * 1024 * 1024, 0)}


@pytest.mark.parametrize("bitmap_bytes, codes_min_values", COUNTING.values(), ids=COUNTING.keys())
def test_facet_counts_equal_counting_the_stored_records(searcher, monkeypatch, bitmap_bytes, codes_min_values):
    monkeypatch.setattr("indexer.columns.BITMAP_BYTES", bitmap_bytes)
    monkeypatch.setattr("indexer.columns.CODES_MIN_VALUES", codes_min_values)
    columns = IndexColumns(searcher)
    coded = [f for f in FACET_FIELDS if columns.facet(f).codes is not None]
    assert bool(coded) == (codes_min_values == 0) and {"year", "month"} <= set(coded or ["year", "month"])
    assert all((columns.facet(f).bitmaps is None) == (bitmap_bytes == 0 or f in coded) for f in FACET_FIELDS)
    records = {docnum: json.loads(searcher.stored_fields(docnum)["record"])
               for docnum in searcher.reader().all_doc_ids()}
    rng = np.random.default_rng(7)
    for share in (0.1, 0.3, 0.5, 0.7, 0.9, 1.0):  # fewer or more than half: both ways of counting
        mask = np.zeros(columns.size, dtype=bool)
        chosen = [d for d in records if rng.random() < share]
        mask[chosen] = True
        for facet in FACET_FIELDS:
            expected = Counter()
            for docnum in chosen:
                data = {k: v for k, v in records[docnum].items() if k not in ("year", "month")}
                expected.update(set(facet_values(Record(**data))[facet]))
            got = {value: count for value, count, _selected in columns.facet_counts(facet, mask, 10_000)}
            assert got == dict(expected), facet
    assert FACET_SEPARATOR not in "".join(
        v for counts in [columns.facet(f).values for f in FACET_FIELDS] for v in counts)


def test_idf_is_whooshs(fresh_searcher):
    columns = IndexColumns(fresh_searcher)
    docs, _weights = columns.postings("body_folded", "cong")
    assert math.log(columns.size / (len(docs) + 1)) + 1 == pytest.approx(fresh_searcher.idf("body_folded", "cong"))


def _sparse_and_dense(docs, values, size):
    """The same postings kept sparse and dense (a size that makes each form the smaller one)."""
    from indexer.columns import Postings

    sparse, dense = Postings(docs, values, size), Postings(docs, values, size)
    if sparse.mask is not None:
        sparse = Postings(docs, values, size * 100)
        sparse.size = size
    else:
        dense.docs, dense.mask = None, np.zeros(size, dtype=bool)
        dense.mask[docs] = True
        if values is not None:
            dense.values = np.zeros(size, dtype=np.float32)
            dense.values[docs] = values
    assert sparse.mask is None and dense.mask is not None
    return sparse, dense


@pytest.mark.parametrize("share", [0.05, 0.6, 1.0])
def test_dense_and_sparse_postings_give_the_same_masks_and_sums(share):
    rng = np.random.default_rng(11)
    size = 1000
    docs = np.flatnonzero(rng.random(size) < share)
    values = rng.random(len(docs)).astype(np.float32) * 3
    sparse, dense = _sparse_and_dense(docs, values, size)
    for term in (sparse, dense):
        assert term.documents().tolist() == docs.tolist()
        assert term.values_of_documents().tolist() == values.tolist()
        assert term.as_mask().tolist() == np.isin(np.arange(size), docs).tolist()
    where = rng.random(size) < 0.5
    start = rng.random(size).astype(np.float32)
    for boost, within in ((1.0, None), (2.0, None), (2.0, where)):
        sums = []
        for term in (sparse, dense):
            scores, mask = start.copy(), np.zeros(size, dtype=bool)
            term.mark(mask)
            term.add_to(scores, boost, where=within)
            sums.append((scores, mask))
        assert np.array_equal(sums[0][0], sums[1][0]) and np.array_equal(sums[0][1], sums[1][1])


def test_a_common_term_is_kept_dense_and_its_mask_cannot_be_changed(fresh_searcher):
    columns = IndexColumns(fresh_searcher)
    term = columns.scored("body_folded", "cong", bm25)
    assert term.mask is not None  # held by nearly every article: dense is smaller
    with pytest.raises(ValueError):
        columns.mask("body_folded", "cong")[0] = not columns.mask("body_folded", "cong")[0]
    docs, weights = columns.postings("body_folded", "cong")
    assert term.documents().tolist() == docs.tolist()
    assert np.array_equal(term.values_of_documents(), bm25(columns, "body_folded", docs, weights))


def test_the_postings_cache_keeps_its_byte_budget(fresh_searcher, monkeypatch):
    monkeypatch.setattr("indexer.columns.POSTINGS_CACHE_BYTES", 4096)
    columns = IndexColumns(fresh_searcher)
    for fieldname, text in SCORED:
        columns.scored(fieldname, text, bm25)
        columns.mask("title", text)
        assert columns._postings_bytes == sum(t.nbytes for t in columns._postings.values())
        assert columns._postings_bytes <= 4096 or len(columns._postings) == 1


def test_a_term_read_for_a_mask_in_a_scored_field_is_scored_without_reading_again(fresh_searcher, monkeypatch):
    columns = IndexColumns(fresh_searcher, scored_fields=("body_folded",))
    columns.mask("body_folded", "cong")
    columns.mask("trigrams", "cum-thi-dua")
    assert columns._postings[("trigrams", "cum-thi-dua")].values is None  # never scored: no weights kept
    reads = []
    monkeypatch.setattr(columns, "_read_postings", lambda *term: reads.append(term))
    docs, scores = columns.term_scores("body_folded", "cong", bm25)
    assert not reads
    assert dict(zip(docs.tolist(), scores.tolist(), strict=True)) == pytest.approx(
        _whoosh_bm25f(fresh_searcher, "body_folded", "cong"), rel=1e-5)
