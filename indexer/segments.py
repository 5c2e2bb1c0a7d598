"""Whoosh's segment writer, with the costs of large builds taken out.

Whoosh collects a segment's postings as one tuple per posting, sorts them, spills
sorted runs to disk one ``marshal`` call per posting when memory is full, merges
the runs back, asks for every posting the length of its document's field through a
seek in the column file, and writes each posting with a call, its checks and a
buffered ``tell`` per term.  At 10,000 articles that was three quarters of a build.
Here instead:

- A field whose format counts syllables (``schema.SyllableFrequency``) hands over a
  document's whole ``{term: count}`` at once (``TermPool.add_counts``): per posting,
  a term id looked up and three integers appended, in C-level loops; a term's postings
  are gathered at the end with one numpy sort per field.  Other postings (ids,
  facets, the merge of old segments) come one at a time (``TermPool.add``), filed
  under their term in typed arrays.  Documents arrive in order, so each term's
  postings are already sorted; only the terms are.  When the pool is full, the
  writer's segment is complete and a new one begins (``workers.BatchIndexer``), so
  nothing is spilled and merged.
- Field lengths are read once per column and answered from memory.
- Posting lists are written a whole term at a time (``whoosh_internals.PostingListWriter``).

The segments written are the same as Whoosh's, byte for byte (tests/test_segments.py
compares postings, blocks and lengths with Whoosh's own writer;
tests/test_whoosh_internals.py the bytes of posting lists).
"""
from array import array
from itertools import filterfalse, repeat

import numpy as np

from .whoosh_internals import PostingListWriter, SegmentWriterBase, length_bytes

# memory a posting and a term take in TermPool (arrays' entries; a term's key and arrays)
POSTING_BYTES = 14
TERM_BYTES = 400
SMALL_TERM = 32  # postings below which a term is encoded from Python lists, not numpy slices
CHUNK = 8192  # postings turned into Python lists at a time for the short terms among them


class _CountedField:
    """One field's counted postings: an id per distinct term and, per posting, its term id,
    document and count in three parallel arrays (documents ascending)."""

    __slots__ = ("ids", "term_ids", "docnums", "counts", "boost")

    def __init__(self, boost):
        self.ids = {}  # term -> id
        self.term_ids = array("I")
        self.docnums = array("I")
        self.counts = array("I")
        self.boost = boost  # (format's field boost, the document's field boost): weight = count * a * b

    def add(self, docnum, counts):
        ids = self.ids
        for term in filterfalse(ids.__contains__, counts):  # (keys() - ids.keys() would walk all of ids)
            ids[term] = len(ids)
        self.term_ids.extend(map(ids.__getitem__, counts))
        self.counts.extend(counts.values())
        self.docnums.extend(repeat(docnum, len(counts)))

    def runs(self, lengths=None, small=SMALL_TERM):
        """Yield (term bytes, docnums, weights, counts, length bytes) in term order, each term's
        postings in document order: a term of fewer than ``small`` postings as Python lists
        (sliced from lists made CHUNK postings at a time), a longer one as numpy arrays.
        ``lengths``: the field's length byte by document (None: the field keeps none)."""
        if not self.ids:
            return
        names = sorted(self.ids)  # str order is UTF-8 byte order
        rank = np.empty(len(names), dtype=np.uint32)
        rank[np.fromiter(map(self.ids.__getitem__, names), dtype=np.int64, count=len(names))] = np.arange(len(names))
        term_ranks = rank[np.frombuffer(self.term_ids, dtype=np.uint32)]
        order = np.argsort(term_ranks, kind="stable")  # keeps each term's postings in document order
        docnums = np.frombuffer(self.docnums, dtype=np.uint32)[order]
        counts = np.frombuffer(self.counts, dtype=np.uint32)[order]
        weights = counts.astype(np.float64) * self.boost[0] * self.boost[1]
        found = None if lengths is None else lengths[docnums]
        bounds = np.concatenate([[0], np.cumsum(np.bincount(term_ranks, minlength=len(names)))]).tolist()
        chunk_start = chunk_end = 0
        for i, name in enumerate(names):
            start, end = bounds[i], bounds[i + 1]
            if end - start >= small:
                yield (name.encode("utf-8"), docnums[start:end], weights[start:end], counts[start:end],
                       None if found is None else found[start:end])
                continue
            if end > chunk_end:
                chunk_start, chunk_end = start, max(end, start + CHUNK)
                lists = [a[chunk_start:chunk_end].tolist() for a in (docnums, weights, counts)]
                lists.append(None if found is None else found[chunk_start:chunk_end].tolist())
            a, b = start - chunk_start, end - chunk_start
            yield (name.encode("utf-8"), lists[0][a:b], lists[1][a:b], lists[2][a:b],
                   None if found is None else lists[3][a:b])

    def terms(self):
        """{term bytes: (docnums, weights, counts)} as numpy arrays, each term's in document order."""
        return {tbytes: (docnums, weights, counts)
                for tbytes, docnums, weights, counts, _lengths in self.runs(small=0)}


def _value_bytes(counts):
    """Frequency posting values (4 big-endian bytes, the count) of an array of counts."""
    blob = np.asarray(counts, dtype=">u4").tobytes()
    return [blob[i:i + 4] for i in range(0, len(blob), 4)]


class TermPool:
    """Postings grouped by (field, term): counted fields a document at a time
    (``add_counts``), any other posting one at a time (``add``)."""

    def __init__(self, limitmb):
        self.limit = limitmb * 1024 * 1024
        self.terms = {}  # (fieldname, term bytes) -> (docnums, weights, value codes)
        self.value_codes = {}  # posting value bytes -> code (a Frequency value is the count)
        self.values = []
        self.counted = {}  # fieldname -> _CountedField
        self.postings = 0

    def add(self, item):
        fieldname, tbytes, docnum, weight, vbytes = item
        vbytes = vbytes or b""
        key = (fieldname, tbytes)
        entry = self.terms.get(key)
        if entry is None:
            entry = self.terms[key] = (array("I"), array("d"), array("H"))
        code = self.value_codes.get(vbytes)
        if code is None:
            code = self.value_codes[vbytes] = len(self.values)
            self.values.append(vbytes)
        entry[0].append(docnum)
        entry[1].append(weight)
        entry[2].append(code)
        self.postings += 1

    def add_counts(self, fieldname, docnum, counts, boost):
        """A document's postings in a field, ``{term: count}``: weight = count * boost[0] * boost[1]
        (a Frequency posting's weight times the document's field boost, as Whoosh multiplies)."""
        field = self.counted.get(fieldname)
        if field is None:
            field = self.counted[fieldname] = _CountedField(boost)
        elif field.boost != boost:
            raise ValueError(f"field {fieldname!r}: one boost per segment")
        field.add(docnum, counts)
        self.postings += len(counts)

    def term_count(self):
        return len(self.terms) + sum(len(field.ids) for field in self.counted.values())

    def full(self):
        return self.postings * POSTING_BYTES + self.term_count() * TERM_BYTES >= self.limit

    def sorted_terms(self):
        """Yield (fieldname, term bytes, docnums, weights, values) in Whoosh's posting order,
        every value as bytes (the one-posting-at-a-time form; ``field_terms`` is the fast one)."""
        for fieldname in sorted(self.fieldnames()):
            for tbytes, docnums, weights, values in self.field_terms(fieldname):
                if isinstance(values, np.ndarray):  # counts: Frequency values
                    values = _value_bytes(values)
                yield fieldname, tbytes, list(map(int, docnums)), list(map(float, weights)), list(values)

    def fieldnames(self):
        return {key[0] for key in self.terms} | set(self.counted)

    def counted_only(self, fieldname):
        """The field's postings, when all were counted (``add_counts``) and none added one at a
        time (a merged old segment's are): its ``_CountedField``, taken out of the pool; else None."""
        if fieldname not in self.counted or any(key[0] == fieldname for key in self.terms):
            return None
        return self.counted.pop(fieldname)

    def field_terms(self, fieldname):
        """Yield (term bytes, docnums, weights, values) of one field in term order, each term's
        postings in document order; values are a numpy array of counts for counted postings,
        else a list of value bytes."""
        counted = self.counted.pop(fieldname, None)
        counted = counted.terms() if counted is not None else {}
        single = sorted(key[1] for key in self.terms if key[0] == fieldname)
        merged = sorted(set(single) | counted.keys()) if single and counted else (single or sorted(counted))
        values = self.values
        for tbytes in merged:
            entry = self.terms.pop((fieldname, tbytes), None)
            if entry is not None:
                docnums, weights, codes = entry
                docnums, weights = np.frombuffer(docnums, dtype=np.uint32), np.frombuffer(weights, dtype=np.float64)
                found = [values[c] for c in codes]
                if tbytes in counted:  # a merged old segment's postings and new documents' together
                    more = counted.pop(tbytes)
                    docnums = np.concatenate([docnums, more[0]])
                    weights = np.concatenate([weights, more[1]])
                    found += _value_bytes(more[2])
                if len(docnums) > 1 and (np.diff(docnums.astype(np.int64)) < 0).any():  # a merge out of order
                    keep = np.argsort(docnums, kind="stable")
                    docnums, weights, found = docnums[keep], weights[keep], [found[i] for i in keep.tolist()]
                yield tbytes, docnums, weights, found
            else:
                yield (tbytes, *counted.pop(tbytes))

    def iter_postings(self):
        for fieldname, tbytes, docnums, weights, values in self.sorted_terms():
            for docnum, weight, value in zip(docnums, weights, values, strict=False):
                yield fieldname, tbytes, docnum, weight, value

    def cleanup(self):
        self.terms = {}
        self.counted = {}


class SegmentWriter(SegmentWriterBase):
    """Whoosh's segment writer with postings kept per term (``TermPool``) and written a term at
    a time; ``finish_segment``, ``commit_with`` and ``abort`` are whoosh_internals.SegmentWriterBase's."""

    def __init__(self, ix, limitmb=128, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(limitmb)

    def index_field(self, fieldname, field, value, docnum, fieldboost):
        term_counts = getattr(field.format, "term_counts", None)
        if term_counts is None:
            return super().index_field(fieldname, field, value, docnum, fieldboost)
        counts = term_counts(value, field.analyzer)
        self.pool.add_counts(fieldname, docnum, counts, (field.format.field_boost, fieldboost))
        return sum(counts.values()) if field.scorable else 0

    def write_postings(self, perdoc):
        """Write the postings a term at a time (what Whoosh's FieldWriter.add_postings does
        posting by posting, with its checks)."""
        writer = PostingListWriter(self.fieldwriter)
        for fieldname in sorted(self.pool.fieldnames()):
            fieldobj = self.schema[fieldname]
            writer.start_field(fieldname, fieldobj)
            # each document's length byte in the field (0: none), the whole column at once
            column = length_bytes(perdoc, fieldname, self.docnum) if perdoc is not None else None
            supported = writer.supports(fieldobj)
            counted = self.pool.counted_only(fieldname) if supported else None
            if counted is not None:
                for tbytes, docnums, weights, counts, found in counted.runs(column):
                    writer.add_term(tbytes, docnums, weights, counts, found)
                writer.finish_field()
                continue
            for tbytes, docnums, weights, values in self.pool.field_terms(fieldname):
                if not supported:  # values of varying size: Whoosh's way
                    found = None if column is None else column[docnums]
                    writer.add_term_slowly(tbytes, docnums, weights, values, found)
                    continue
                if isinstance(values, list):  # one posting at a time: values as bytes
                    values = np.frombuffer(b"".join(values), dtype=">u4") if values and values[0] else None
                if len(docnums) < SMALL_TERM:
                    docnums, weights = docnums.tolist(), weights.tolist()
                    values = None if values is None else values.tolist()
                    found = None if column is None else column[docnums].tolist()
                else:
                    found = None if column is None else column[docnums]
                writer.add_term(tbytes, docnums, weights, values, found)
            writer.finish_field()
        writer.close()

    def full(self):
        """True when this segment should be finished and a new one begun."""
        return self.pool.full()
