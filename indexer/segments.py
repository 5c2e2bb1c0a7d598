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
from array import array

import numpy as np

from .whoosh_internals import SegmentWriterBase, doc_field_lengths

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
            self._columns[fieldname] = doc_field_lengths(self._reader, fieldname, self._doccount)
        return self._columns[fieldname]


class SegmentWriter(SegmentWriterBase):
    """Whoosh's segment writer with postings kept per term (``TermPool``) and written term by
    term; ``finish_segment``, ``commit_with`` and ``abort`` are whoosh_internals.SegmentWriterBase's."""

    def __init__(self, ix, limitmb=128, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(limitmb)

    def write_postings(self, perdoc):
        """Write the postings term by term (what Whoosh's FieldWriter.add_postings does
        posting by posting, with its checks)."""
        lengths = _BulkLengths(perdoc, self.docnum) if perdoc is not None else None
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
