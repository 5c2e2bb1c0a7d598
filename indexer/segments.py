"""Whoosh's segment writer, with field lengths read in bulk when postings are written.

Whoosh writes a segment's postings by asking, for every posting, the length of its
document's field — a seek and a read through the column file each time, a fifth of
a build's time at 100,000 articles.  ``SegmentWriter`` here reads each length
column once and answers from memory; the segment written is the same
(tests/test_build.py compares the postings and lengths with Whoosh's own writer).
"""
import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter as WhooshSegmentWriter

from .columns import _column_bytes

# byte_to_length of every byte, and None for 0 as Whoosh's doc_field_length gives
_LENGTH_OF_BYTE = [None] + [byte_to_length(b) for b in range(1, 256)]


class _BulkLengths:
    """doc_field_length(docnum, fieldname) from whole length columns held in memory."""

    def __init__(self, per_document_reader, doccount):
        self._reader = per_document_reader
        self._doccount = doccount
        self._columns = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        column = self._columns.get(fieldname)
        if column is None:
            column = self._columns[fieldname] = self._load(fieldname)
        if column is False:
            return default
        return column[docnum]

    def _load(self, fieldname):
        reader = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if reader is None or not self._doccount:
            return False
        lengths = _column_bytes(reader, self._doccount, ">u1").astype(np.uint8)
        return [_LENGTH_OF_BYTE[b] for b in lengths.tolist()]

    def close(self):
        self._reader.close()


class SegmentWriter(WhooshSegmentWriter):
    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = None
        if self.codec.length_stats:
            lengths = _BulkLengths(self.per_document_reader(), self.docnum)
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if lengths:
            lengths.close()

    def commit_with(self, segments):
        """Commit this writer's changes together with ``segments`` finished by other
        processes (each worker writes its own segment; this writer holds the lock,
        deletes, and merges small old segments) — what Whoosh's MpWriter does."""
        self._check_state()
        final = self._merge_segments(None, None, None)
        final.extend(segments)
        if self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final)
        self._finish()
