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
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import pack_uint
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
        writers (this writer holds the lock, deletes, and merges small old segments)."""
        self._check_state()
        final = self._merge_segments(None, None, None)
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
    if fast is not None:
        return fast
    gaps, weights = pickle.loads(raw)[:2]
    ids = np.cumsum(np.asarray(gaps, dtype=np.int64))
    if weights is None:
        return ids, np.ones(count, dtype=np.float32)
    if isinstance(weights, float):
        return ids, np.full(count, weights, dtype=np.float32)
    return ids, np.asarray(weights, dtype=np.float32)
