"""Whoosh's segment writer, with the costs of large builds taken out.

Whoosh collects a segment's postings as one tuple per posting, sorts them, spills
sorted runs to disk one ``marshal`` call per posting when memory is full, merges
the runs back, and asks for every posting the length of its document's field
through a seek in the column file.  At 10,000 articles that was three quarters of
a build.  Here instead:

- ``TermPool`` files each posting under its term as it comes (documents arrive in
  order, so each term's postings are already sorted): about 14 bytes a posting in
  typed arrays instead of ~170 in a tuple, and only the terms are sorted.  When
  it is full, the writer's segment is complete and a new one begins
  (``workers.BatchIndexer``), so nothing is spilled and merged.
- Field lengths are read once per column and answered from memory.

The segments written are the same as Whoosh's (tests/test_segments.py compares
postings, blocks and lengths with Whoosh's own writer).
"""
import contextlib
import io
import mmap
from array import array

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter as WhooshSegmentWriter

from .columns import _column_bytes

# byte_to_length of every byte, and None for 0 as Whoosh's doc_field_length gives
_LENGTH_OF_BYTE = [None] + [byte_to_length(b) for b in range(1, 256)]

# memory a posting and a term take in TermPool (arrays' entries; a term's key and arrays)
POSTING_BYTES = 14
TERM_BYTES = 400


class TermPool:
    """Postings grouped by (field, term) in typed arrays, in document order."""

    def __init__(self, limitmb):
        self.limit = limitmb * 1024 * 1024
        self.terms = {}  # (fieldname, term bytes) -> (docnums, weights, value codes)
        self.value_codes = {}  # posting value bytes -> code (a Frequency value is the count)
        self.values = []
        self.fieldnames = set()
        self.postings = 0

    def add(self, item):
        fieldname, tbytes, docnum, weight, vbytes = item
        vbytes = vbytes or b""
        key = (fieldname, tbytes)
        entry = self.terms.get(key)
        if entry is None:
            entry = self.terms[key] = (array("I"), array("d"), array("H"))
            self.fieldnames.add(fieldname)
        code = self.value_codes.get(vbytes)
        if code is None:
            code = self.value_codes[vbytes] = len(self.values)
            self.values.append(vbytes)
        entry[0].append(docnum)
        entry[1].append(weight)
        entry[2].append(code)
        self.postings += 1

    def full(self):
        return self.postings * POSTING_BYTES + len(self.terms) * TERM_BYTES >= self.limit

    def sorted_terms(self):
        """Yield (fieldname, term bytes, docnums, weights, values) in Whoosh's posting order."""
        values = self.values
        for key in sorted(self.terms):
            docnums, weights, codes = self.terms.pop(key)
            order = np.frombuffer(docnums, dtype=np.uint32)
            if len(order) > 1 and (np.diff(order.astype(np.int64)) < 0).any():  # a merge out of order
                keep = np.argsort(order, kind="stable").tolist()
                docnums = [docnums[i] for i in keep]
                weights = [weights[i] for i in keep]
                codes = [codes[i] for i in keep]
            yield key[0], key[1], docnums, weights, [values[c] for c in codes]

    def iter_postings(self):
        for fieldname, tbytes, docnums, weights, values in self.sorted_terms():
            for docnum, weight, value in zip(docnums, weights, values, strict=False):
                yield fieldname, tbytes, docnum, weight, value

    def cleanup(self):
        self.terms = {}


class _BulkLengths:
    """Each document's field lengths, a whole column read at once (as doc_field_length gives them)."""

    def __init__(self, per_document_reader, doccount):
        self._reader = per_document_reader
        self._doccount = doccount
        self._columns = {}

    def column(self, fieldname):
        """[length by docnum], or None when the field keeps no lengths."""
        if fieldname not in self._columns:
            reader = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            column = None
            if reader is not None and self._doccount:
                lengths = _column_bytes(reader, self._doccount, ">u1").astype(np.uint8)
                column = [_LENGTH_OF_BYTE[b] for b in lengths.tolist()]
            self._columns[fieldname] = column
        return self._columns[fieldname]

    def close(self):
        self._reader.close()


class SegmentWriter(WhooshSegmentWriter):
    def __init__(self, ix, limitmb=128, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(limitmb)

    def _flush_segment(self):
        """Write the postings term by term (what Whoosh's FieldWriter.add_postings does
        posting by posting, with its checks)."""
        self.perdocwriter.close()
        lengths = _BulkLengths(self.per_document_reader(), self.docnum) if self.codec.length_stats else None
        try:
            self._write_postings(lengths)
        finally:
            if lengths:
                lengths.close()

    def _write_postings(self, lengths):
        fieldwriter = self.fieldwriter
        current = None
        for fieldname, tbytes, docnums, weights, values in self.pool.sorted_terms():
            if fieldname != current:
                if current is not None:
                    fieldwriter.finish_field()
                fieldwriter.start_field(fieldname, self.schema[fieldname])
                current = fieldname
                column = lengths.column(fieldname) if lengths else None
            fieldwriter.start_term(tbytes)
            add = fieldwriter.add
            if column is None:
                for docnum, weight, value in zip(docnums, weights, values, strict=False):
                    add(docnum, weight, value, 0)
            else:
                for docnum, weight, value in zip(docnums, weights, values, strict=False):
                    add(docnum, weight, value, column[docnum])
            fieldwriter.finish_term()
        if current is not None:
            fieldwriter.finish_field()
        fieldwriter.close()

    def full(self):
        """True when this segment should be finished and a new one begun."""
        return self.pool.full()

    def abort(self):
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
        with contextlib.suppress(Exception):
            self._release_lock()
        self.is_closed = True

    def finish_segment(self):
        """Write out this writer's segment (it holds no lock, commits nothing) and return
        it, or None when nothing was added: for a build to commit with ``commit_with``."""
        if not self._added:
            self._close_segment()
            return None
        return self._finalize_segment()

    def commit_with(self, segments):
        """Commit this writer's changes together with ``segments`` finished by other
        writers (each worker writes its own; this writer holds the lock, deletes, and
        merges small old segments) — what Whoosh's MpWriter does."""
        self._check_state()
        final = self._merge_segments(None, None, None)
        final.extend(segments)
        if self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final)
        self._finish()


def _close_files(holder, depth=4, seen=None):
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
