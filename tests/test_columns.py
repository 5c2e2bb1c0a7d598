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
    assert columns.term_scores(fieldname, text, bm25) is columns.term_scores(fieldname, text, bm25)  # cached


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


@pytest.mark.parametrize("bitmap_bytes", [16 * 1024 * 1024, 0], ids=["bitmaps", "csr"])
def test_facet_counts_equal_counting_the_stored_records(searcher, monkeypatch, bitmap_bytes):
    monkeypatch.setattr("indexer.columns.BITMAP_BYTES", bitmap_bytes)
    columns = IndexColumns(searcher)
    assert all((columns.facet(f).bitmaps is None) == (bitmap_bytes == 0) for f in FACET_FIELDS)
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
