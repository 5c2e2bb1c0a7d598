"""Our faster indexing writes what Whoosh's own writer writes.

The index built with ``SyllableFrequency`` postings and ``segments.SegmentWriter``
(postings grouped by term, field lengths read in bulk) is compared, term by term and block by block, with one built
by Whoosh's stock ``Frequency`` format and writer from the same records.
"""
from whoosh import fields
from whoosh.filedb.filestore import FileStorage

from indexer.extract import extract_record
from indexer.extract.reader import read_text
from indexer.ids import derive_id
from indexer.schema import make_schema, to_document
from indexer.segments import SegmentWriter

from .helpers import ARTICLES, SEEDS

SYLLABLE_FIELDS = ("title", "title_folded", "body", "body_folded", "bigrams", "trigrams")


def _records():
    records = []
    for path in sorted(list(SEEDS.iterdir()) + list(ARTICLES.iterdir())):
        record = extract_record(read_text(str(path)), path.name)
        record.id = derive_id(path.name)
        records.append(record)
    return records


def _stock_schema():
    """make_schema() with Whoosh's own TEXT fields (Frequency postings) for the syllable fields."""
    schema = make_schema()
    for name in SYLLABLE_FIELDS:
        ours = schema[name]
        stock = fields.TEXT(analyzer=ours.analyzer, field_boost=ours.format.field_boost,
                            phrase=False, stored=ours.stored)
        schema.remove(name)
        schema.add(name, stock)
    return schema


def _build(folder, schema, make_writer):
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(schema)
    records = _records()
    half = len(records) // 2
    for batch, optimize in ((records[:half], False), (records[half:], True)):  # a merge as well
        writer = make_writer(ix)
        for record in batch:
            writer.add_document(**to_document(record))
        writer.commit(optimize=optimize)
    return ix


def _postings(reader, fieldname):
    found = {}
    for text in reader.lexicon(fieldname):
        matcher = reader.postings(fieldname, text)
        items = []
        while matcher.is_active():
            items.append((matcher.id(), matcher.weight(), matcher.value(),
                          matcher.block_min_length(), matcher.block_max_length(), matcher.block_max_weight()))
            matcher.next()
        found[text] = items
    return found


def test_our_writer_and_postings_format_write_what_whoosh_writes(tmp_path):
    stock = _build(tmp_path / "stock", _stock_schema(), lambda ix: ix.writer())
    ours = _build(tmp_path / "ours", make_schema(), lambda ix: SegmentWriter(ix, compound=False))
    with stock.reader() as expected, ours.reader() as got:
        assert got.doc_count() == expected.doc_count() == len(_records())
        for fieldname in SYLLABLE_FIELDS + ("person", "province", "id"):
            assert _postings(got, fieldname) == _postings(expected, fieldname), fieldname
        for fieldname in SYLLABLE_FIELDS:
            assert got.field_length(fieldname) == expected.field_length(fieldname)
            for docnum in range(expected.doc_count_all()):
                assert got.doc_field_length(docnum, fieldname) == expected.doc_field_length(docnum, fieldname)


def test_the_term_pool_gives_postings_in_whooshs_order_even_when_documents_come_out_of_order():
    from indexer.segments import TermPool

    pool = TermPool(limitmb=1)
    for item in [("body", b"b", 0, 1.0, b"\x01"), ("body", b"a", 2, 2.0, b"\x02"), ("body", b"a", 1, 1.0, None),
                 ("bigrams", b"z", 5, 1.0, b"\x01")]:
        pool.add(item)
    assert list(pool.iter_postings()) == [("bigrams", b"z", 5, 1.0, b"\x01"), ("body", b"a", 1, 1.0, b""),
                                          ("body", b"a", 2, 2.0, b"\x02"), ("body", b"b", 0, 1.0, b"\x01")]
    assert not pool.full()
    assert not TermPool(limitmb=0.001).full()  # empty
    tiny = TermPool(limitmb=0.001)
    for term in (b"a", b"b", b"c"):
        tiny.add(("body", term, 0, 1.0, b"\x01"))
    assert tiny.full()  # three terms' room passes a kilobyte
