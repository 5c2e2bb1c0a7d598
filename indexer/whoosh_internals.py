"""Every use of Whoosh's private API, in one module (whoosh-reloaded 2.7.x; setup.cfg pins it).

Whoosh's public API reads postings, lengths and column values one document at a time and
writes a segment only as part of ``commit``.  Searching 100,000 articles needs them as whole
arrays (``columns.py``), and a build needs segments that worker processes write apart and one
writer commits (``segments.py``); ``store.py`` needs the file names of a commit.  Each function
here does one such thing through Whoosh's internals, and tests/test_whoosh_internals.py checks
each against Whoosh's public API on a real index on disk: an upgrade that changes an internal
fails there, not in a search.  docs/architecture.md lists every private name used and why.

Nothing here catches errors: the callers decide what an error means (for them only Whoosh's
own ``TermNotFound`` means "absent"; anything else is damage).
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import mmap
import pickle
import re
import struct
import zlib
from array import array
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo, _lenfield
from whoosh.filedb import filetables
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter as WhooshSegmentWriter

# A field length as Whoosh stores it (one byte, approximate) -> the length, for every byte.
LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
# The same as doc_field_length gives it: None for byte 0 (no length recorded).
_DOC_FIELD_LENGTH = [None] + [byte_to_length(b) for b in range(1, 256)]


# -- the postings format ----------------------------------------------------------------
# The bytes of a Frequency posting's value (its count), as whoosh.formats.Frequency writes
# them: schema.SyllableFrequency writes the same postings without Token objects.
frequency_value = pack_uint


# -- a commit's files -------------------------------------------------------------
def latest_toc_generation(storage: Any, indexname: str) -> int:
    """The generation of the newest table of contents in ``storage`` (-1 when there is none)."""
    return whoosh_index.TOC._latest_generation(storage, indexname)


def toc_filename(indexname: str, generation: int) -> str:
    """The file name of a table of contents (``_MAIN_3.toc``)."""
    return whoosh_index.TOC._filename(indexname, generation)


def segment_file_pattern(indexname: str) -> re.Pattern[str]:
    """Matches the file names of any segment of the index; group 1 is the segment id."""
    return whoosh_index.TOC._segment_pattern(indexname)


def toc_file_pattern(indexname: str) -> re.Pattern[str]:
    """Matches the file names of the index's tables of contents."""
    return whoosh_index.TOC._pattern(indexname)


# -- postings, a block at a time ----------------------------------------------------
def posting_blocks(matcher: Any, values: bool = False) -> Iterator[tuple[Sequence, ...]]:
    """Each block of a segment's postings of one term: (ids, weights), or (ids, weights,
    values) with ``values``.  A W3 leaf matcher is decoded a block at a time; any other
    matcher one posting at a time.  A deletions filter is looked through: ids of deleted
    documents may be included (not blocks the filter already skipped), the caller masks them."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not hasattr(matcher, "_read_ids"):  # not a W3 leaf matcher: the public way
        while matcher.is_active():
            block = ([matcher.id()], [matcher.weight()])
            yield (block + ([matcher.value()],)) if values else block
            matcher.next()
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        if values:
            matcher._read_values()
            yield matcher._ids, matcher._weights, matcher._values
        else:
            yield matcher._ids, matcher._weights
        matcher._next_block()


_BLOCK_LENGTH = struct.Struct("!i")  # whoosh.system's int: a block's byte length, negative for the last


def _leaf_blocks(matcher: Any) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The blocks of a W3 leaf matcher's whole posting list as arrays, read in one piece and
    decoded with numpy.  On disk (whoosh/codec/whoosh3.py, W3PostingsWriter._write_block):
    the magic ``W3Bl``, then per block an int (its length; negative for the last), a pickled
    info tuple (count, max id, max weight, compression, min and max length) and the pickled
    data tuple (id gaps; weights: None for all 1.0, one float for all, else an array of
    floats; values), zlib-compressed when the info says so.  Whoosh reads each block with
    a seek, two reads and its ids with a Python generator; a long list has hundreds of blocks."""
    length = matcher._length  # the term info's extent: an int, or a 1-tuple as read back from disk
    data = matcher._postfile.get(matcher._startoffset, length[0] if isinstance(length, tuple) else length)
    stream = io.BytesIO(data)
    stream.seek(4)  # the magic, checked by the matcher when it was made
    while True:
        position = stream.tell()
        (length,) = _BLOCK_LENGTH.unpack(stream.read(_BLOCK_LENGTH.size))
        count, _maxid, _maxweight, compression, _minlength, _maxlength = pickle.load(stream)
        end = position + _BLOCK_LENGTH.size + abs(length)
        raw = data[stream.tell():end]
        yield block_arrays(zlib.decompress(raw) if compression else raw, count)
        if length < 0:
            return
        stream.seek(end)


def read_postings(matcher: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """(segment docnums as int64, weights as float32) of a segment's matcher; None when empty."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if hasattr(matcher, "_read_data") and not getattr(matcher, "_byteids", True) and matcher.is_active():
        blocks = _leaf_blocks(matcher)
    else:
        blocks = ((np.asarray(i, dtype=np.int64), np.asarray(w, dtype=np.float32)) for i, w in posting_blocks(matcher))
    ids, weights = [], []
    for block_ids, block_weights in blocks:
        ids.append(block_ids)
        weights.append(block_weights)
    if not ids:
        return None
    return np.concatenate(ids), np.concatenate(weights)


_SLOT = struct.Struct("!Iq")  # filetables._pointer: a hash slot (key hash, item position)
_ITEM_LENGTHS = struct.Struct("!ii")  # filetables._lengths: an item's key and value lengths


class TermFile:
    """One segment's term file, looked up through a read-only memory map.

    Whoosh's lookup (``filetables.HashReader.ranges_for_key``) seeks and reads the file
    three times and hashes through a hex string; a search over many segments asks each
    segment for each of its terms, most of them absent (~120 segments at a million
    articles, ~20 terms a query).  This is the same lookup — the same hash, tables, slots
    and probing — on the mapped bytes.  ``of`` gives None for a segment whose term file is
    not a plain file of its own (a compound segment): the caller asks it the public way."""

    def __init__(self, segment: Any, fileobj: Any) -> None:
        terms = segment._terms
        self._schema = segment.schema
        self._map = mmap.mmap(fileobj.fileno(), 0, access=mmap.ACCESS_READ)
        self._tables = terms._tindex.tables
        self._fieldmap = terms._fieldmap
        self._codec, self._postfile = terms._codec, terms._postfile

    @classmethod
    def of(cls, segment: Any) -> TermFile | None:
        tindex = getattr(getattr(segment, "_terms", None), "_tindex", None)
        fileobj = getattr(getattr(tindex, "dbfile", None), "file", None)
        if (tindex is None or getattr(tindex, "startoffset", None) != 0
                or tindex.hashfn is not filetables.md5_hash or not hasattr(fileobj, "fileno")):
            return None
        return cls(segment, fileobj)

    def _value(self, key: bytes) -> bytes | None:
        data = self._map
        keyhash = _md5_hash(key)
        tablestart, numslots = self._tables[keyhash & 255]
        if not numslots:
            return None
        first = (keyhash >> 8) % numslots
        for step in range(numslots):
            slothash, itempos = _SLOT.unpack_from(data, tablestart + ((first + step) % numslots) * _SLOT.size)
            if not itempos:
                return None
            if slothash == keyhash:
                keylen, datalen = _ITEM_LENGTHS.unpack_from(data, itempos)
                keystart = itempos + _ITEM_LENGTHS.size
                if keylen == len(key) and data[keystart:keystart + keylen] == key:
                    return data[keystart + keylen:keystart + keylen + datalen]
        return None

    def postings(self, fieldname: str, text: str | bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(segment docnums, weights) of a term as ``read_postings(segment.postings(...))`` gives
        them (deleted documents included); None when the segment does not hold the term."""
        fieldnumber = self._fieldmap.get(fieldname)
        if fieldnumber is None or fieldname not in self._schema:
            return None
        fieldobj = self._schema[fieldname]
        tbytes = text if isinstance(text, bytes) else fieldobj.to_bytes(text)
        value = self._value(pack_ushort(fieldnumber) + tbytes)
        if value is None:
            return None
        matcher = self._codec.postings_reader(self._postfile, W3TermInfo.from_bytes(value), fieldobj.format,
                                              term=(fieldname, tbytes))
        return read_postings(matcher)

    def close(self) -> None:
        self._map.close()


def _field_items(segment: Any, fieldname: str) -> Iterator[tuple[bytes, Any]]:
    """(term bytes, term info) of every term of a field in one segment, in term order: read
    through the term file once, where a lookup per term would hash and seek for each."""
    if fieldname not in segment.schema or fieldname not in segment._terms.indexed_field_names():
        return
    for (name, tbytes), terminfo in segment._terms.items_from(fieldname, b""):
        if name != fieldname:
            return
        yield tbytes, terminfo


def field_doc_frequencies(segment: Any, fieldname: str) -> Iterator[tuple[bytes, int]]:
    """(term bytes, documents holding it) of every term of a field in one segment."""
    for tbytes, terminfo in _field_items(segment, fieldname):
        yield tbytes, terminfo.doc_frequency()


def field_postings(segment: Any, fieldname: str) -> Iterator[tuple[bytes, tuple[np.ndarray, np.ndarray]]]:
    """(term bytes, (segment docnums, weights)) of every term of a field in one segment, in term
    order.  Deleted documents may be included: the caller masks them."""
    terms = segment._terms
    format_ = segment.schema[fieldname].format if fieldname in segment.schema else None
    for tbytes, terminfo in _field_items(segment, fieldname):
        matcher = terms._codec.postings_reader(terms._postfile, terminfo, format_, term=(fieldname, tbytes))
        found = read_postings(matcher)
        if found is not None:
            yield tbytes, found


# -- per-document columns -------------------------------------------------------------
def per_document_reader(segment: Any) -> Any:
    """The W3 per-document reader (columns and lengths) of a segment reader."""
    return segment._perdoc


def column_reader(segment: Any, fieldname: str) -> Any:
    """The raw column reader of a field with a column (values as the column stores them)."""
    return segment._perdoc.column_reader(fieldname, segment.schema[fieldname].column_type)


def lengths_reader(perdoc: Any, fieldname: str) -> Any | None:
    """The column of a field's per-document length bytes, or None when the field keeps none."""
    return perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)


def column_bytes(reader: Any, doccount: int, dtype: str, default: int = 0) -> np.ndarray:
    """All values of a fixed-width column as int64 (``dtype``: its numpy byte layout, ">u4");
    documents past the column's end (none written for them) get ``default``."""
    count = reader._count
    size = count * reader._fixedlen
    raw = reader._dbfile.get(reader._basepos, size)
    if len(raw) != size:
        raise ValueError(f"a column holds {len(raw)} bytes of {size}")
    values = np.frombuffer(raw, dtype=dtype).astype(np.int64)
    if count < doccount:
        values = np.concatenate([values, np.full(doccount - count, default, dtype=np.int64)])
    return values[:doccount]


def column_values(segment: Any, fieldname: str, doccount: int, dtype: str) -> np.ndarray:
    """Every document's value in a fixed-width numeric column (``date_sort``: ">u4")."""
    return column_bytes(column_reader(segment, fieldname), doccount, dtype)


def length_bytes(perdoc: Any, fieldname: str, doccount: int) -> np.ndarray | None:
    """Every document's length byte in a field (uint8), or None when the field keeps no lengths."""
    reader = lengths_reader(perdoc, fieldname) if doccount else None
    if reader is None:
        return None
    return column_bytes(reader, doccount, ">u1").astype(np.uint8)


def field_lengths(segment: Any, fieldname: str, doccount: int) -> np.ndarray | None:
    """Every document's length in a field as float32 (0 where none), or None when it keeps none."""
    found = length_bytes(segment._perdoc, fieldname, doccount)
    return None if found is None else LENGTH_OF_BYTE[found]


def doc_field_lengths(perdoc: Any, fieldname: str, doccount: int) -> list | None:
    """[length by docnum] exactly as ``doc_field_length`` gives them (None for no length), or
    None when the field keeps no lengths: what a field writer is given for each posting."""
    found = length_bytes(perdoc, fieldname, doccount)
    return None if found is None else [_DOC_FIELD_LENGTH[b] for b in found.tolist()]


# -- writing segments ---------------------------------------------------------------
# Postings per block (Whoosh's default 128).  Searches read whole posting lists into numpy
# (columns.py), never skipping: a list of 100,000 postings is 98 blocks instead of 782, each
# block a pickle to load and a zlib stream to open.  Any block size reads back the same.
POSTING_BLOCK = 1024
# A block whose data pickles to fewer bytes is stored uncompressed (its info says so; every
# reader of the format honours that).  Whoosh meant to do this below 20 bytes (W3PostingsWriter.
# _write_block) but a slip compresses every block: zlib costs ~15 us a call whatever the size,
# and most terms have a posting or two, whose 60-byte block zlib makes longer.
# On 500 articles of the bench corpus (89,399 blocks): posting files 10.40 MB with every block
# compressed; 10.33 MB with blocks under 64 bytes not (59% of blocks); 10.54 MB under 128
# (87% of blocks: chosen); 19.56 MB with none compressed.
UNCOMPRESSED_BELOW = 128


class SegmentWriterBase(WhooshSegmentWriter):
    """Whoosh's SegmentWriter with its commit split into the steps a parallel build needs:
    a worker's writer finishes its segment without committing (``finish_segment``), the
    build's writer commits those segments with its own (``commit_with``) — what Whoosh's
    MpWriter does in a forked child.  A subclass writes the postings (``write_postings``).
    ``locked=False`` (Whoosh's private ``_lk``): a worker's writer takes no index lock, the
    build's own writer holds it for all of them."""

    def __init__(self, ix: Any, locked: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("codec", W3Codec(blocklimit=POSTING_BLOCK))
        super().__init__(ix, _lk=locked, **kwargs)

    def write_postings(self, perdoc: Any | None) -> None:
        """Write the pool's postings with ``self.fieldwriter`` and close it; ``perdoc`` (the
        segment's per-document reader, for field lengths) is None when the codec keeps none."""
        raise NotImplementedError

    def index_field(self, fieldname: str, field: Any, value: Any, docnum: int, fieldboost: float) -> int:
        """Give one field's postings of a document to the pool; return the field's length
        (the sum of its term frequencies, 0 when the field is not scorable).  Whoosh's own
        loop: one tuple per posting; a subclass may hand over a whole field at once."""
        length = 0
        scorable = field.scorable
        add_post = self.pool.add
        for tbytes, freq, weight, vbytes in field.index(value):
            weight *= fieldboost
            if scorable:
                length += freq
            add_post((fieldname, tbytes, docnum, weight, vbytes))
        return length

    def add_document(self, **fields: Any) -> None:
        """Whoosh's SegmentWriter.add_document (whoosh/writing.py) with each indexed field's
        postings given to ``index_field``; what it does besides (stored values, lengths,
        columns) is Whoosh's, for the fields our schema has: no vectors, no spelling fields
        (refused here rather than silently dropped)."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                if field.vector or field.separate_spelling():
                    raise ValueError(f"field {fieldname!r}: vectors and spelling fields are not written here")
                length = 0
                if field.indexed:
                    length = self.index_field(fieldname, field, value, docnum,
                                              self._field_boost(fields, fieldname, docboost))
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):  # replaces Whoosh's: postings from the pool, one posting at a time
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        try:
            self.write_postings(perdoc)
        finally:
            if perdoc is not None:
                perdoc.close()

    def finish_segment(self) -> Any | None:
        """Write out this writer's segment (it holds no lock, commits nothing) and return
        it, or None when nothing was added: for a build to commit with ``commit_with``."""
        if not self._added:
            self._close_segment()
            return None
        return self._finalize_segment()

    def commit_with(self, segments: list) -> None:
        """Commit this writer's changes together with ``segments`` finished by other
        writers (this writer holds the lock, deletes, and merges tiny old segments: merge_tiny)."""
        self._check_state()
        final = self._merge_segments(merge_tiny, None, None)
        final.extend(segments)
        if self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final)
        self._finish()

    def abort(self) -> None:
        """After a failure (a full disk mid-write): close every file this writer holds and
        release its lock, whatever state it was left in; never raises.  The caller removes
        the files (``store.clean_generation`` or the whole new generation)."""
        if not self.is_closed:
            with contextlib.suppress(Exception):
                self.cancel()
        searcher = getattr(self, "_searcher", None)  # cached by delete_by_term; its close() is a no-op
        if searcher is not None:
            with contextlib.suppress(Exception):
                getattr(searcher, "_orig_close", searcher.close)()
            self._searcher = None
        for holder in (getattr(self, "perdocwriter", None), getattr(self, "fieldwriter", None),
                       getattr(self, "pool", None)):
            _close_files(holder)
        lock = getattr(self, "writelock", None)  # held still when cancel() failed before releasing it
        if lock is not None:
            with contextlib.suppress(Exception):
                lock.release()
            self.writelock = None
        self.is_closed = True


# Segments under this many documents are tiny: each update adds one.
TINY_SEGMENT_DOCS = 1_000
MIN_TINY_TO_MERGE = 8


def merge_tiny(writer: Any, segments: list) -> list:
    """The merge policy of every commit: once MIN_TINY_TO_MERGE segments hold fewer than
    TINY_SEGMENT_DOCS documents each, they are merged into the writer's new segment; larger
    segments are never rewritten.  Whoosh's MERGE_SMALL (sizes against a Fibonacci curve) chose,
    at a million articles in 84 segments of 12,000, to rewrite 26 of them — 312,000 articles,
    copied document by document — to add 100 articles; at 100,000 (12 segments) it merged none."""
    from whoosh.reading import SegmentReader

    tiny = [segment for segment in segments if segment.doc_count_all() < TINY_SEGMENT_DOCS]
    if len(tiny) < MIN_TINY_TO_MERGE:
        return segments
    for segment in tiny:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in tiny]


class PostingListWriter:
    """Writes a segment's posting lists a whole term at a time into its W3 field writer's
    files: the bytes W3PostingsWriter writes posting by posting (whoosh/codec/whoosh3.py
    ``add_posting``, ``_write_block``, ``finish_postings`` and W3FieldWriter's term table),
    without a Python call, an assert and a buffered ``tell`` per posting and term.

    A list of ``n`` postings is written as blocks of the codec's block limit: the magic
    ``W3Bl`` first, then per block a signed int (its byte length, negative for the last), a
    pickled info tuple (count, last id, max weight, compression, min and max length bytes)
    and the pickled, compressed data tuple (id gaps; weights: None when all are 1.0, one
    float when all are equal, else all as float32; the values joined).  Only formats with
    values of a fixed size are written (Frequency: 4 bytes, the count; Existence: none);
    ``supports`` says which.  tests/test_whoosh_internals.py compares the bytes with Whoosh's."""

    def __init__(self, fieldwriter: Any) -> None:
        codec = fieldwriter._codec
        if codec._inlinelimit > 1:  # Whoosh's default 1 never inlines (finish_postings)
            raise ValueError("inlined postings are not written here")
        self._fieldwriter = fieldwriter
        self._position = fieldwriter._postfile.tell()
        self._postfile = _Pending(fieldwriter._postfile)
        self._blocklimit = codec._blocklimit
        self._compression = codec._compression
        self._termkey = b""
        self._terms = _TermTable(fieldwriter._tindex)

    @staticmethod
    def supports(fieldobj: Any) -> bool:
        return fieldobj.format.fixed_value_size() in (0, 4)

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        self._fieldwriter.start_field(fieldname, fieldobj)
        self._termkey = pack_ushort(self._fieldwriter._fieldid)
        self._values = fieldobj.format.fixed_value_size() == 4

    def add_term(self, tbytes: bytes, docnums: Sequence[int], weights: Sequence[float],
                 counts: Sequence[int] | None, length_bytes: Sequence[int] | None) -> None:
        """One term's postings, in document order: ``weights`` as computed (the block's max
        weight keeps them unrounded; the data holds them as float32), ``counts`` the posting
        values (None when the format keeps none), ``length_bytes`` each posting's document
        length byte in the field (0: none; None: the field keeps no lengths).  Python
        sequences or numpy arrays."""
        if not isinstance(docnums, np.ndarray) and len(docnums) <= self._blocklimit:
            self._add_one_block(tbytes, docnums, weights, counts if self._values else None, length_bytes)
            return
        terminfo = W3TermInfo()
        start = self._position
        parts = [WHOOSH3_HEADER_MAGIC]
        limit = self._blocklimit
        total = len(docnums)
        for begin in range(0, total, limit):
            end = min(begin + limit, total)
            block = _Block(docnums[begin:end], weights[begin:end],
                           counts[begin:end] if counts is not None and self._values else None,
                           None if length_bytes is None else length_bytes[begin:end])
            terminfo.add_block(block)
            parts.append(block.encode(self._compression, last=end == total))
        data = b"".join(parts)
        self._postfile.write(data)
        self._position += len(data)
        terminfo.set_extent(start, len(data))
        self._terms.add(self._termkey + tbytes, terminfo.to_bytes())

    def _add_one_block(self, tbytes, docnums, weights, counts, length_bytes):
        """``add_term`` for a list that fits one block, given as Python lists: what _Block and
        W3TermInfo (add_block, to_bytes) compute, inline (most terms have a posting or two)."""
        count = len(docnums)
        gaps, single, mini, maxweight, values, low, high = _list_block(docnums, weights, counts, length_bytes)
        data = WHOOSH3_HEADER_MAGIC + _block_bytes(gaps, mini, values, count, docnums[-1], maxweight,
                                                   self._compression, low, high, last=True)
        self._postfile.write(data)
        start = self._position
        self._position += len(data)
        terminfo = _TERM_INFO.pack(0, sum(single), count, low, high, maxweight, docnums[0], docnums[-1])
        self._terms.add(self._termkey + tbytes, terminfo + pack_long(start) + pack_int(len(data)))

    def add_term_slowly(self, tbytes: bytes, docnums: Sequence[int], weights: Sequence[float],
                        values: Sequence[bytes], length_bytes: Sequence[int] | None) -> None:
        """One term's postings through Whoosh's own writer, a posting at a time: for a field
        whose format ``supports`` refuses (values of varying size, as positions are)."""
        self._flush()
        fieldwriter = self._fieldwriter
        fieldwriter.start_term(tbytes)
        for i, docnum in enumerate(docnums):
            length = 0 if length_bytes is None else _DOC_FIELD_LENGTH[int(length_bytes[i])]
            fieldwriter.add(int(docnum), float(weights[i]), values[i], length)
        fieldwriter.finish_term()
        self._position = fieldwriter._postfile.tell()
        self._terms.position = self._terms.table.dbfile.tell()

    def finish_field(self) -> None:
        self._fieldwriter.finish_field()

    def close(self) -> None:
        self._flush()
        self._fieldwriter.close()

    def _flush(self) -> None:
        self._postfile.flush()
        self._terms.pending.flush()


_TERM_INFO = W3TermInfo._struct  # flags, weight, doc frequency, min/max length bytes, max weight, first/last id


class _Pending:
    """Writes to a file gathered and written about a megabyte at a time (a term's bytes are a
    few dozen: a Python call into the file per term was a tenth of writing postings)."""

    LIMIT = 1 << 20

    def __init__(self, file):
        self.file = file
        self.parts = []
        self.size = 0

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.file.write(b"".join(self.parts))
            self.parts, self.size = [], 0


def _md5_hash(key: bytes) -> int:
    """filetables.md5_hash (the low 32 bits of the key's MD5) without the hex round trip."""
    return int.from_bytes(hashlib.md5(key, usedforsecurity=False).digest()[12:], "big")


class _TermTable:
    """Adds rows to a W3 field writer's term table (an OrderedHashWriter) as its ``add`` does
    (whoosh/filedb/filetables.py), with the file position kept here instead of asked of the
    buffered file twice per term (an lseek each), and the rows written a megabyte at a time."""

    _lengths = struct.Struct("!ii")

    def __init__(self, table):
        self.table = table
        self.position = table.dbfile.tell()
        self.pending = _Pending(table.dbfile)
        self.hashfn = _md5_hash if table.hashfn is filetables.md5_hash else table.hashfn

    def add(self, key: bytes, value: bytes) -> None:
        table = self.table
        if key <= table.lastkey:
            raise ValueError(f"Keys must increase: {table.lastkey!r}..{key!r}")
        position = self.position
        table.index.append(position)
        row = self._lengths.pack(len(key), len(value)) + key + value
        self.pending.write(row)
        self.position = position + len(row)
        h = self.hashfn(key)
        table.buckets[h & 255].append((h, position))
        table.lastkey = key


def _list_block(docnums, weights, counts, length_bytes):
    """What a block given as Python lists holds: (id gaps, weights as float32, the weights as
    the block keeps them — None when all are 1.0, one float when all are equal, else all —, max
    weight as given, the values' bytes, min and max length byte; a length's byte is its own)."""
    single = array("f", weights).tolist()
    first = single[0]
    if len(docnums) == 1:
        gaps = (docnums[0],)
        mini = None if first == 1.0 else first
    else:
        gaps = (docnums[0],) + tuple(b - a for a, b in zip(docnums, docnums[1:], strict=False))
        mini = None if all(w == 1.0 for w in single) else first if all(w == first for w in single) else tuple(single)
    values = None if counts is None else struct.pack(f">{len(counts)}I", *counts)
    present = [b for b in length_bytes if b] if length_bytes is not None else ()
    low, high = (min(present), max(present)) if present else (0, 0)
    return gaps, single, mini, max(0, *weights), values, low, high


def _block_bytes(gaps, mini, values, count, last_id, maxweight, compression, low, high, last):
    """One block as W3PostingsWriter._write_block writes it: its signed length (negative for the
    last), the pickled info and the pickled data, compressed unless under UNCOMPRESSED_BELOW."""
    databytes = pickle.dumps((gaps, mini, values), 2)
    if len(databytes) < UNCOMPRESSED_BELOW:
        compression = 0
    if compression:
        databytes = zlib.compress(databytes, compression)
    infobytes = pickle.dumps((count, last_id, maxweight, compression, low, high), 2)
    length = len(infobytes) + len(databytes)
    return pack_int(-length if last else length) + infobytes + databytes


class _Block:
    """One block of a posting list, with the statistics W3TermInfo.add_block asks of it.  Long
    blocks come as numpy arrays and are reduced with numpy, short ones as Python lists."""

    __slots__ = ("_ids", "_gaps", "_weights", "_mini", "_maxweight", "_values", "_low", "_high")

    def __init__(self, docnums, weights, counts, length_bytes):
        if isinstance(docnums, np.ndarray):
            ids = docnums.astype(np.int64)
            single = weights.astype(np.float32)
            self._ids = ids.tolist()
            self._gaps = tuple(np.diff(ids, prepend=0).tolist())
            self._weights = single.tolist()
            self._mini = (None if (single == 1.0).all() else self._weights[0] if (single == single[0]).all()
                          else tuple(self._weights))
            self._maxweight = max(0, float(weights.max()))
            self._values = None if counts is None else np.asarray(counts, dtype=">u4").tobytes()
            present = [] if length_bytes is None else length_bytes[length_bytes > 0]
            self._low, self._high = (int(present.min()), int(present.max())) if len(present) else (0, 0)
        else:
            self._ids = list(docnums)
            (self._gaps, self._weights, self._mini, self._maxweight, self._values,
             self._low, self._high) = _list_block(self._ids, weights, counts, length_bytes)

    def __len__(self):
        return len(self._ids)

    def min_id(self):
        return self._ids[0]

    def max_id(self):
        return self._ids[-1]

    def min_length(self):  # as doc_field_length gives it (None for none), as Whoosh's writer was given it
        return byte_to_length(self._low) if self._low else None

    def max_length(self):
        return byte_to_length(self._high) if self._high else 0

    def max_weight(self):
        return self._maxweight

    def encode(self, compression: int, last: bool) -> bytes:
        return _block_bytes(self._gaps, self._mini, self._values, len(self._ids), self._ids[-1], self._maxweight,
                            compression, self._low, self._high, last)


def _close_files(holder: Any, depth: int = 4, seen: set | None = None) -> None:
    """Close the open files (and maps) reachable from ``holder``'s attributes."""
    seen = set() if seen is None else seen
    if holder is None or id(holder) in seen or depth < 0:
        return
    seen.add(id(holder))
    if isinstance(holder, (io.IOBase, mmap.mmap)):
        with contextlib.suppress(Exception):
            holder.close()
        return
    if isinstance(holder, dict):
        values = list(holder.values())
    elif isinstance(holder, (list, tuple, set)):
        values = list(holder)
    elif hasattr(holder, "__dict__") and not isinstance(holder, type):
        values = list(vars(holder).values())
    else:
        return
    for value in values:
        if isinstance(value, (str, bytes, int, float, bool, array, np.ndarray)):
            continue
        _close_files(value, depth - 1, seen)


# -- read side: a posting block's pickle decoded with numpy (query speed) -----------------
# A block's data is ``pickle.dumps((id gaps, weights, values), 2)`` (W3PostingsWriter._write_block):
# a tuple of ints is MARK, one BININT1/BININT2/BININT opcode per int, TUPLE, a memo put; a tuple
# of floats MARK, one BINFLOAT (8 bytes, big-endian) per float, TUPLE.  Unpickling 1,024 ints
# and floats into Python objects, then into arrays, was most of the time of reading postings;
# runs of equal opcodes are read here as strided arrays.  Anything else (a short tuple, another
# opcode, a future layout) falls back to ``pickle.loads``: the arrays are the same either way.
_MARK, _TUPLE, _NONE, _BINFLOAT = ord("("), ord("t"), ord("N"), ord("G")
_INT_OPCODES = {ord("K"): (2, "u1"), ord("M"): (3, "<u2"), ord("J"): (5, "<i4")}  # opcode: (bytes, layout)
_MEMO_PUTS = {ord("q"): 2, ord("r"): 5}  # BINPUT, LONG_BINPUT: opcode, then the memo index
_MAX_RUNS = 64  # more changes of opcode than this: pickle.loads is as quick


def _pickled_ints(data, position, count):
    """(array of ``count`` ints, position after them) of a run of int opcodes, or None."""
    parts, found = [], 0
    while found < count:
        if len(parts) == _MAX_RUNS or position >= len(data):
            return None
        opcode = int(data[position])
        if opcode not in _INT_OPCODES:
            return None
        width, layout = _INT_OPCODES[opcode]
        opcodes = data[position:position + width * (count - found):width]
        different = np.flatnonzero(opcodes != opcode)
        run = int(different[0]) if len(different) else len(opcodes)
        if position + width * run > len(data):
            return None
        fields = data[position:position + width * run].reshape(run, width)[:, 1:]
        parts.append(np.ascontiguousarray(fields).view(layout).ravel().astype(np.int64))
        found += run
        position += width * run
    return (np.concatenate(parts) if len(parts) > 1 else parts[0]), position


def _after_tuple(data, position):
    """The position after a TUPLE opcode and its memo put, or None when ``position`` holds no TUPLE."""
    if position >= len(data) or data[position] != _TUPLE:
        return None
    position += 1
    return position + _MEMO_PUTS.get(int(data[position]), 0) if position < len(data) else position


def _fast_block(raw, count):
    """(ids, weights) of a block's pickled data read without unpickling, or None."""
    data = np.frombuffer(raw, dtype=np.uint8)
    if count < 4 or len(data) < 4 or raw[:2] != b"\x80\x02" or data[2] != _MARK:
        return None
    found = _pickled_ints(data, 3, count)
    if found is None:
        return None
    gaps, position = found
    position = _after_tuple(data, position)
    if position is None or position >= len(data):
        return None
    opcode = data[position]
    if opcode == _NONE:
        weights = np.ones(count, dtype=np.float32)
    elif opcode == _BINFLOAT and position + 9 <= len(data):
        weights = np.full(count, struct.unpack(">d", raw[position + 1:position + 9])[0], dtype=np.float32)
    elif opcode == _MARK:
        start, end = position + 1, position + 1 + 9 * count
        if end > len(data) or (data[start:end:9] != _BINFLOAT).any() or _after_tuple(data, end) is None:
            return None
        weights = np.ndarray((count,), dtype=">f8", buffer=raw, offset=start + 1, strides=(9,)).astype(np.float32)
    else:
        return None
    return np.cumsum(gaps), weights


def block_arrays(raw, count):
    """(ids as int64, weights as float32) of one posting block's pickled (decompressed) data."""
    fast = _fast_block(raw, count)
    return fast if fast is not None else unpickled_block(raw, count)


def unpickled_block(raw, count):
    """``block_arrays`` through ``pickle.loads``: any layout (and what the fast path is checked against)."""
    gaps, weights = pickle.loads(raw)[:2]
    ids = np.cumsum(np.asarray(gaps, dtype=np.int64))
    if weights is None:
        return ids, np.ones(count, dtype=np.float32)
    if isinstance(weights, float):
        return ids, np.full(count, weights, dtype=np.float32)
    return ids, np.asarray(weights, dtype=np.float32)
