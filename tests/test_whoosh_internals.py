"""Each function of indexer/whoosh_internals.py equals what Whoosh's public API gives, on real indexes on disk.

The index is built by our build (two commits: segments with deleted documents); the
writer is checked against Whoosh's own on a small schema (tests/test_segments.py compares
the full schema).  An upgrade of Whoosh that changes an internal fails here.
"""
import os
import shutil

import numpy as np
import pytest
from whoosh import fields
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import TermNotFound

from indexer import store, whoosh_internals
from indexer.segments import SegmentWriter
from indexer.writer import build

from .helpers import SEEDS, index_with_deletions

TEXT_FIELDS = ("title", "title_folded", "body", "body_folded", "bigrams", "trigrams")
FIELDS = TEXT_FIELDS + ("id", "person", "province", "year")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    """An index of two segments with deleted documents (an edit and a removal since the build)."""
    return index_with_deletions(tmp_path_factory.mktemp("internals"))


@pytest.fixture(scope="module")
def reader(index_dir):
    _generation, index = store.open_live(str(index_dir))
    with index.reader() as reader:
        assert len(list(reader.leaf_readers())) >= 2 and reader.has_deletions()
        yield reader


def _segments(reader):
    return [segment for segment, _offset in reader.leaf_readers()]


def _public_postings(matcher, values=False):
    """(ids, weights[, values]) of a matcher, one posting at a time (deleted documents skipped)."""
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()) if values else (matcher.id(), matcher.weight()))
        matcher.next()
    return found


def _terms(segment, fieldname, every=7):
    """Every 7th term of a field in a segment (all would take long for the n-gram fields)."""
    return list(segment.lexicon(fieldname))[::every] if fieldname in segment.indexed_field_names() else []


# -- a commit's files ------------------------------------------------------------------------
def test_toc_and_segment_names_are_the_commits_files(index_dir, reader):
    path = os.path.join(index_dir, store.current_generation(str(index_dir)))
    storage = FileStorage(path)
    _generation, index = store.open_live(str(index_dir))
    toc = whoosh_internals.latest_toc_generation(storage, store.INDEX_NAME)
    assert toc == index.latest_generation() >= 1
    toc_file = whoosh_internals.toc_filename(store.INDEX_NAME, toc)
    assert os.path.isfile(os.path.join(path, toc_file))
    assert whoosh_internals.toc_file_pattern(store.INDEX_NAME).match(toc_file)
    pattern = whoosh_internals.segment_file_pattern(store.INDEX_NAME)
    named = {pattern.match(name).group(1) for name in os.listdir(path) if pattern.match(name)}
    assert named == {segment.segment().segment_id() for segment in _segments(reader)}
    assert not pattern.match(toc_file) and not pattern.match(store.FORMAT_FILE)
    assert whoosh_internals.latest_toc_generation(FileStorage(str(index_dir)), store.INDEX_NAME) == -1


# -- postings --------------------------------------------------------------------------------
@pytest.mark.parametrize("fieldname", FIELDS)
def test_postings_read_a_block_at_a_time_equal_whooshs(reader, fieldname):
    checked = 0
    for segment in _segments(reader):
        for term in _terms(segment, fieldname):
            found = whoosh_internals.read_postings(segment.postings(fieldname, term))
            ids, weights = found if found is not None else ([], [])  # None: every posting's document deleted
            if found is not None:
                assert ids.dtype == np.int64 and weights.dtype == np.float32
            live = [(i, w) for i, w in zip(list(ids), list(weights), strict=True) if not segment.is_deleted(i)]
            assert live == _public_postings(segment.postings(fieldname, term))
            assert [i for i, _w in live] == list(segment.postings(fieldname, term).all_ids())
            checked += 1
    assert checked


@pytest.mark.parametrize("fieldname", FIELDS)
def test_a_mapped_term_file_finds_what_whoosh_finds(reader, fieldname):
    """TermFile's lookup on the mapped bytes: the same postings as Whoosh's lookup for every
    term a segment holds (in this field or another), None for terms it does not hold."""
    for segment in _segments(reader):
        term_file = whoosh_internals.TermFile.of(segment)
        assert term_file is not None
        held = list(segment.lexicon(fieldname)) if fieldname in segment.indexed_field_names() else []
        others = [term for name in ("body", "person") if name != fieldname for term in _terms(segment, name, 3)]
        for term in held + others + [b"khongcotu", b"", "Nguyễn Văn Không Có".encode()]:
            try:
                expected = whoosh_internals.read_postings(segment.postings(fieldname, term))
            except TermNotFound:
                assert term_file.postings(fieldname, term) is None
                continue
            got = term_file.postings(fieldname, term)
            if expected is None:  # held, every posting's document deleted
                assert got is None or not any(not segment.is_deleted(i) for i in got[0])
                continue
            assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])
        if held:
            assert term_file.postings(fieldname, held[0].decode("utf-8")) is not None  # text as well as bytes
        assert term_file.postings("no_such_field", b"cong") is None
        term_file.close()


def test_a_segment_without_its_own_term_file_is_not_mapped():
    class StandIn:
        pass
    assert whoosh_internals.TermFile.of(StandIn()) is None


@pytest.mark.parametrize("fieldname", ("person", "province", "title", "body_folded", "no_such_field"))
def test_a_fields_terms_read_in_order_equal_whooshs_lookups(reader, fieldname):
    """field_postings and field_doc_frequencies walk a segment's term file once; each term's
    postings and document frequency are those Whoosh gives term by term."""
    for segment in _segments(reader):
        terms = list(segment.lexicon(fieldname)) if fieldname in segment.indexed_field_names() else []
        frequencies = list(whoosh_internals.field_doc_frequencies(segment, fieldname))
        assert frequencies == [(term, segment.doc_frequency(fieldname, term)) for term in terms]
        walked = list(whoosh_internals.field_postings(segment, fieldname))
        assert [term for term, _found in walked] == terms
        for term, (ids, weights) in walked:  # deleted documents included: the caller masks them
            assert ids.dtype == np.int64 and weights.dtype == np.float32
            live = [(i, w) for i, w in zip(list(ids), list(weights), strict=True) if not segment.is_deleted(i)]
            assert live == _public_postings(segment.postings(fieldname, term))
        if fieldname == "person":
            assert walked


def test_posting_values_equal_whooshs(reader):
    for segment in _segments(reader):
        for term in _terms(segment, "body"):
            blocks = list(whoosh_internals.posting_blocks(segment.postings("body", term), values=True))
            got = [(i, w, v) for ids, weights, values in blocks
                   for i, w, v in zip(ids, weights, values, strict=True) if not segment.is_deleted(i)]
            assert got == _public_postings(segment.postings("body", term), values=True)


def test_a_matcher_over_several_segments_is_read_the_public_way(reader):
    """The whole index's matcher is not one segment's: read one posting at a time, deletions skipped."""
    ids, weights = whoosh_internals.read_postings(reader.postings("body_folded", "cong"))
    assert list(ids) == list(reader.postings("body_folded", "cong").all_ids())
    assert len(ids) == len(weights) > 0


def test_an_absent_term_is_whooshs_term_not_found(reader):
    """Absence is Whoosh's own TermNotFound, raised before the boundary is reached (columns.py catches it)."""
    with pytest.raises(TermNotFound):
        _segments(reader)[0].postings("body_folded", "khongcotu")


def test_a_cut_posting_file_raises_and_never_reads_fewer_postings(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(SEEDS, source)
    build(str(source), str(tmp_path / "index"))
    path = os.path.join(tmp_path / "index", store.current_generation(str(tmp_path / "index")))
    before = _every_posting(path)
    (postings,) = [name for name in os.listdir(path) if name.endswith(".pst")]
    with open(os.path.join(path, postings), "r+b") as handle:
        handle.truncate(os.path.getsize(os.path.join(path, postings)) // 2)
    after = _every_posting(path)
    assert any(isinstance(found, Exception) for found in after.values())
    for key, found in after.items():  # each term: its postings as before, or an error; never fewer
        assert isinstance(found, Exception) or found == before[key], key


def _every_posting(path):
    from whoosh import index as whoosh_index

    found = {}
    with whoosh_index.open_dir(path).reader() as reader:
        for segment in _segments(reader):
            for fieldname, term in segment.all_terms():
                try:
                    ids, _weights = whoosh_internals.read_postings(segment.postings(fieldname, term))
                    found[fieldname, term] = ids.tolist()
                except TermNotFound:
                    raise
                except Exception as error:  # what the boundary lets through: columns.py reports it as damage
                    found[fieldname, term] = error
    return found


# -- per-document columns --------------------------------------------------------------------
def test_column_values_equal_whooshs_column_reader(reader):
    for segment in _segments(reader):
        count = segment.doc_count_all()
        got = whoosh_internals.column_values(segment, "date_sort", count, ">u4")
        column = segment.column_reader("date_sort", translate=False)
        assert got.tolist() == [column[docnum] for docnum in range(count)]
        assert got.tolist() == [segment.stored_fields(docnum)["date_sort"] for docnum in range(count)]
        raw = whoosh_internals.column_reader(segment, "date_sort")
        assert [raw[docnum] for docnum in range(count)] == got.tolist()


@pytest.mark.parametrize("fieldname", TEXT_FIELDS + ("id", "person"))
def test_field_lengths_equal_doc_field_length(reader, fieldname):
    for segment in _segments(reader):
        count = segment.doc_count_all()
        expected = [segment.doc_field_length(docnum, fieldname) for docnum in range(count)]
        perdoc = whoosh_internals.per_document_reader(segment)
        if fieldname in TEXT_FIELDS:
            assert whoosh_internals.doc_field_lengths(perdoc, fieldname, count) == expected
            lengths = whoosh_internals.field_lengths(segment, fieldname, count)
            assert lengths.dtype == np.float32
            assert lengths.tolist() == [length or 0 for length in expected]
            assert sum(lengths) > 0
        else:  # no lengths kept: Whoosh answers its default, the boundary None
            assert whoosh_internals.lengths_reader(perdoc, fieldname) is None
            assert whoosh_internals.field_lengths(segment, fieldname, count) is None
            assert set(expected) == {0}


def test_a_column_shorter_than_the_segment_gets_the_default(tmp_path):
    """Whoosh writes no column entries after the last document that has a value."""
    schema = fields.Schema(id=fields.ID(stored=True), n=fields.NUMERIC(int, bits=32, sortable=True, signed=False))
    index = FileStorage(str(tmp_path)).create_index(schema)
    with index.writer() as writer:
        writer.add_document(id="a", n=7)
        writer.add_document(id="b", n=9)
    with index.reader() as reader:
        (segment,) = _segments(reader)
        raw = whoosh_internals.column_reader(segment, "n")
        assert whoosh_internals.column_bytes(raw, 3, ">u4", default=5).tolist() == [7, 9, 5]


# -- writing segments ------------------------------------------------------------------------
def _small_schema():
    return fields.Schema(id=fields.ID(stored=True, unique=True), body=fields.TEXT(stored=True),
                         n=fields.NUMERIC(int, bits=32, sortable=True, signed=False, stored=True))


DOCUMENTS = [{"id": f"d{i}", "body": f"công an tỉnh {i % 3} họp về an ninh trật tự lần {i}", "n": i} for i in range(12)]


def _new_index(folder):
    folder.mkdir()
    return FileStorage(str(folder)).create_index(_small_schema())


def _contents(index):
    with index.reader() as reader:
        stored = sorted((fields_["id"], fields_["body"], fields_["n"]) for fields_ in reader.all_stored_fields())
        postings = {term: sorted(reader.stored_fields(d)["id"] for d in reader.postings("body", term).all_ids())
                    for term in reader.lexicon("body")}
        lengths = sorted(reader.doc_field_length(d, "body") for d in reader.all_doc_ids())
    return stored, postings, lengths


def test_segments_finished_apart_and_committed_together_equal_whooshs_commit(tmp_path):
    stock, ours = _new_index(tmp_path / "stock"), _new_index(tmp_path / "ours")
    with stock.writer() as writer:
        for document in DOCUMENTS:
            writer.add_document(**document)
    finished = []
    for part in (DOCUMENTS[:5], DOCUMENTS[5:9]):  # two workers' writers, no lock, nothing committed
        worker = SegmentWriter(ours, locked=False, compound=False)
        for document in part:
            worker.add_document(**document)
        finished.append(worker.finish_segment())
    assert SegmentWriter(ours, locked=False).finish_segment() is None  # nothing added: no segment
    assert ours.doc_count() == 0
    main = SegmentWriter(ours, compound=False)
    for document in DOCUMENTS[9:]:
        main.add_document(**document)
    main.commit_with(finished)
    with ours.reader() as reader:
        assert len(list(reader.leaf_readers())) == 3
    assert _contents(ours) == _contents(stock)


def test_abort_releases_the_lock_and_closes_the_files(tmp_path):
    index = _new_index(tmp_path / "index")
    writer = SegmentWriter(index, compound=False)
    writer.add_document(**DOCUMENTS[0])
    writer.delete_by_term("id", "d0")  # caches a searcher, closed by abort
    writer.abort()
    writer.abort()  # twice: never raises
    assert writer.is_closed
    with index.writer() as again:  # the lock is free
        again.add_document(**DOCUMENTS[1])
    assert index.doc_count() == 1


def test_abort_releases_the_lock_when_cancel_itself_fails(tmp_path):
    """A writer whose segment cannot be closed (its files gone from under it, as after a failed
    write) still frees the index lock: Whoosh's cancel() raises before it would release it."""
    from indexer.whoosh_internals import _close_files

    index = _new_index(tmp_path / "index")
    writer = SegmentWriter(index, compound=False)
    writer.add_document(**DOCUMENTS[0])
    for holder in (writer.perdocwriter, writer.fieldwriter):
        _close_files(holder)
    with pytest.raises(Exception):  # noqa: B017 - whatever Whoosh raises on closed files
        writer.cancel()
    writer.abort()
    assert writer.is_closed
    with index.writer(timeout=0) as again:  # the lock is free at once
        again.add_document(**DOCUMENTS[1])
    assert index.doc_count() == 1


# -- posting lists written a term at a time -------------------------------------------------------
def _posting_lists():
    """Term -> (docnums, weights, counts, length bytes): long and short lists, weights all 1.0,
    all equal, varied; lengths missing (byte 0) for some documents."""
    rng = np.random.default_rng(7)
    lists = {}
    for n, kind in [(1, "ones"), (1, "varied"), (2, "varied"), (3, "equal"), (31, "varied"), (32, "varied"),
                    (1024, "ones"), (1025, "varied"), (3000, "equal"), (2049, "varied")]:
        docnums = np.sort(rng.choice(20000, size=n, replace=False)).astype(np.uint32)
        counts = rng.integers(1, 9, size=n).astype(np.uint32)
        weights = {"ones": np.ones(n), "equal": np.full(n, 2.5), "varied": counts * 1.7}[kind]
        lengths = rng.integers(0, 256, size=n).astype(np.uint8) if n != 2 else np.zeros(n, dtype=np.uint8)
        lists[f"{kind}{n}".encode()] = (docnums, weights, counts, lengths)
    return lists


def _write_lists(folder, fieldobj, write):
    storage = FileStorage(str(folder)).create()
    codec = whoosh_internals.W3Codec(blocklimit=whoosh_internals.POSTING_BLOCK)
    segment = codec.new_segment(storage, "MAIN")
    fieldwriter = codec.field_writer(storage, segment)
    write(fieldwriter)
    files = {}
    for name in storage.list():  # by extension: segment names are random
        with open(os.path.join(str(folder), name), "rb") as file:
            files[name.rsplit(".", 1)[-1]] = file.read()
    return files


@pytest.mark.parametrize("fieldobj", [fields.TEXT(phrase=False), fields.ID()], ids=["frequency", "existence"])
def test_posting_lists_written_a_term_at_a_time_are_whooshs_bytes(tmp_path, fieldobj, monkeypatch):
    """Byte for byte, with every block compressed as Whoosh does (short blocks are not, by
    default: the same postings read back, tests/test_segments.py)."""
    monkeypatch.setattr(whoosh_internals, "UNCOMPRESSED_BELOW", 0)
    lists = _posting_lists()
    frequency = fieldobj.format.fixed_value_size() == 4

    def whooshs(fieldwriter):  # one posting at a time, as Whoosh's FieldWriter.add_postings does
        fieldwriter.start_field("body", fieldobj)
        for tbytes, (docnums, weights, counts, lengths) in sorted(lists.items()):
            fieldwriter.start_term(tbytes)
            for docnum, weight, count, length in zip(docnums.tolist(), weights.tolist(), counts.tolist(),
                                                     lengths.tolist(), strict=True):
                value = whoosh_internals.frequency_value(count) if frequency else b""
                fieldwriter.add(docnum, weight, value, whoosh_internals._DOC_FIELD_LENGTH[length])
            fieldwriter.finish_term()
        fieldwriter.finish_field()
        fieldwriter.close()

    def ours(fieldwriter, small):
        writer = whoosh_internals.PostingListWriter(fieldwriter)
        assert writer.supports(fieldobj)
        writer.start_field("body", fieldobj)
        for tbytes, (docnums, weights, counts, lengths) in sorted(lists.items()):
            arrays = (docnums, weights, counts if frequency else None, lengths)
            if small:  # the Python-list path, for every size
                arrays = tuple(None if a is None else a.tolist() for a in arrays)
            writer.add_term(tbytes, *arrays)
        writer.finish_field()
        writer.close()

    expected = _write_lists(tmp_path / "whoosh", fieldobj, whooshs)
    assert len(expected["pst"]) > 10000 and expected["trm"]
    for small in (False, True):
        assert _write_lists(tmp_path / f"ours-{small}", fieldobj, lambda fw, s=small: ours(fw, s)) == expected


def test_commits_merge_tiny_segments_and_never_rewrite_large_ones(tmp_path, monkeypatch):
    """Each update adds a segment; once MIN_TINY_TO_MERGE tiny ones are there they are merged into
    one, and a segment of TINY_SEGMENT_DOCS or more is never rewritten (Whoosh's MERGE_SMALL
    rewrote 312,000 articles of a million to add 100)."""
    monkeypatch.setattr(whoosh_internals, "TINY_SEGMENT_DOCS", 3)  # the 5 seed articles: a large segment
    source, index_dir = tmp_path / "src", tmp_path / "index"
    shutil.copytree(SEEDS, source)
    build(str(source), str(index_dir))

    def segment_ids():
        _generation, index = store.open_live(str(index_dir))
        with index.reader() as reader:
            return [(segment.segment().segment_id(), segment.doc_count_all()) for segment in _segments(reader)]

    (large,) = segment_ids()
    articles = sorted((SEEDS.parent / "eval" / "articles").iterdir())[:12]
    counts = []
    for number, article in enumerate(articles):
        shutil.copy(article, source / f"added-{number}{article.suffix}")
        build(str(source), str(index_dir))
        ids = segment_ids()
        assert large in ids  # never rewritten
        counts.append(len(ids))
    assert max(counts) <= 1 + whoosh_internals.MIN_TINY_TO_MERGE + 1
    assert counts.index(max(counts)) < len(counts) - 1 and counts[-1] < max(counts)  # merged on the way
    assert sum(docs for _id, docs in segment_ids()) == 5 + len(articles)
