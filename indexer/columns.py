"""Numpy views of a Whoosh index, built once per index generation.

Whoosh stays the index; this module reads its postings block by block (not
posting by posting) into arrays, and its per-document length and date columns
into arrays, so that matching, counting, facets and BM25 run vectorised over all
documents.  That is what makes an exact total and facet counts over every match
affordable at 100,000 articles.

It reads three Whoosh 2.7 internals (the W3 codec's posting blocks, its length
column and the date column's bytes) through ``whoosh_internals``; tests/test_columns.py
and tests/test_whoosh_internals.py check every array against Whoosh's public
per-document API so a change there is caught.

Only Whoosh's own "no such term" (``TermNotFound``) means a term is absent from a
segment; any other error while reading postings or columns means the index is
damaged and is raised as ``IndexCorrupted`` (the app answers 503, ``/readyz`` says
so, ``build --rebuild`` repairs it) — never taken as "no match", which silently
halved the results of a search over a cut posting file.
"""
from collections import OrderedDict

import numpy as np
from whoosh.reading import TermNotFound

from . import whoosh_internals
from .collation import vietnamese_sort_key
from .errors import IndexCorrupted
from .loading import loading

# Decoded postings kept per worker (bytes counted once per array).  The 513 distinct queries of
# bench/distinct.py on 100,000 articles read 330 MB of terms: this holds them (largest worker
# 520 MB after both passes; 435 MB with the former 256 MB cache, which counted an array twice).
POSTINGS_CACHE_BYTES = 384 * 1024 * 1024


def _segment_name(segment):
    try:
        return segment.segment().segment_id()
    except Exception:  # a reader without a segment (tests' stand-ins)
        return "?"


def damaged(segment, what, error):
    """The IndexCorrupted for an error while reading ``what`` from a segment (no server path in it)."""
    detail = f"{type(error).__name__}: {error}"[:200]
    problem = f"reading {what} of segment {_segment_name(segment)} failed ({detail})"
    return IndexCorrupted(f"the index is damaged: {problem}; rebuild it with 'python -m indexer build --rebuild'",
                          problem)


def _term_file(segment):
    """The segment's mapped term file (whoosh_internals.TermFile), or None: asked the public way."""
    try:
        return whoosh_internals.TermFile.of(segment)
    except (OSError, ValueError):  # not mappable here: the public lookup reads it, or says it is damaged
        return None


def _leaf_postings(segment, term_file, fieldname, text):
    """(ids, weights) of one term in one segment, read a block at a time; None when the
    segment does not have the term; IndexCorrupted when its postings cannot be read."""
    if term_file is not None:
        try:
            return term_file.postings(fieldname, text)
        except Exception as error:
            raise damaged(segment, f"the postings of field {fieldname}", error) from error
    try:
        matcher = segment.postings(fieldname, text)
    except TermNotFound:  # the term is not in this segment
        return None
    except Exception as error:
        raise damaged(segment, f"the postings of field {fieldname}", error) from error
    try:
        return whoosh_internals.read_postings(matcher)
    except Exception as error:
        raise damaged(segment, f"the postings of field {fieldname}", error) from error


class IndexColumns:
    """Arrays over every document number of one Whoosh reader."""

    def __init__(self, searcher, scored_fields=()):
        self.searcher = searcher
        reader = searcher.reader()
        self.size = reader.doc_count_all()
        self.leaves = list(reader.leaf_readers())
        self._term_files = None  # one per leaf, mapped on the first read of postings
        self.live = np.zeros(self.size, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self.count = int(self.live.sum())
        self.dates = self._dates()
        self._lengths = {}
        self._postings = OrderedDict()
        self._postings_bytes = 0
        self.scored_fields = frozenset(scored_fields)  # fields whose terms searches score
        self._facets = {}

    # -- per-document columns ------------------------------------------------
    def _dates(self):
        dates = np.zeros(self.size, dtype=np.int64)
        for segment, offset in self.leaves:
            count = segment.doc_count_all()
            if count and segment.has_column("date_sort"):
                try:
                    dates[offset:offset + count] = whoosh_internals.column_values(segment, "date_sort", count, ">u4")
                except Exception as error:
                    raise damaged(segment, "the dates", error) from error
        return dates

    def lengths(self, fieldname):
        """Each document's length in a field (as Whoosh stores it, one byte, approximate)."""
        if fieldname not in self._lengths:
            with loading():
                lengths = np.zeros(self.size, dtype=np.float32)
                for segment, offset in self.leaves:
                    count = segment.doc_count_all()
                    try:
                        found = whoosh_internals.field_lengths(segment, fieldname, count)
                        if found is not None:
                            lengths[offset:offset + count] = found
                    except Exception as error:
                        raise damaged(segment, f"the lengths of {fieldname}", error) from error
                self._lengths[fieldname] = lengths
        return self._lengths[fieldname]

    def average_length(self, fieldname):
        reader = self.searcher.reader()
        return reader.field_length(fieldname) / max(reader.doc_count_all(), 1)

    # -- postings --------------------------------------------------------------
    def postings(self, fieldname, text):
        """(docs, weights) of a term over the whole index, live documents only (read, not cached)."""
        return self._read_postings(fieldname, text)

    def documents(self, fieldname, text):
        """The live documents holding a term (ascending); cached."""
        return self._term(fieldname, text).documents()

    def mask(self, fieldname, text):
        """The live documents holding a term, as a mask (read-only: it may be the cached one)."""
        return self._term(fieldname, text).as_mask()

    def scored(self, fieldname, text, scoring):
        """The term's Postings with ``scoring(self, fieldname, docs, weights)`` as values; cached,
        since a term's scores depend only on the index generation."""
        return self._term(fieldname, text, scoring)

    def term_scores(self, fieldname, text, scoring):
        """(docs, scores) of a term (``scored`` as two arrays)."""
        term = self.scored(fieldname, text, scoring)
        return term.documents(), term.values_of_documents()

    def _read_postings(self, fieldname, text):
        docs, weights = [], []
        if self._term_files is None:
            self._term_files = [_term_file(segment) for segment, _offset in self.leaves]
        for (segment, offset), term_file in zip(self.leaves, self._term_files, strict=True):
            found = _leaf_postings(segment, term_file, fieldname, text)
            if found is not None:
                docs.append(found[0] + offset)
                weights.append(found[1])
        if not docs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        all_docs, all_weights = np.concatenate(docs), np.concatenate(weights)
        keep = self.live[all_docs]
        return all_docs[keep], all_weights[keep]

    def _term(self, fieldname, text, scoring=None):
        """A term's Postings from the generation's LRU cache (POSTINGS_CACHE_BYTES): one entry per
        term, with its scores once a search has scored it (masks are served by any entry).

        Read for a mask in one of ``scored_fields`` (word segmentation asks whether folded
        syllables stand together before the folded reading scores them), a term keeps its
        weights, so that scoring it later needs no second read."""
        key = (fieldname, text)
        cached = self._postings.get(key)
        if cached is not None and (scoring is None or cached.scored):
            self._postings.move_to_end(key)
            return cached
        if cached is not None and cached.values is not None:
            docs, weights = cached.documents(), cached.values_of_documents()
        else:
            docs, weights = self._read_postings(fieldname, text)
        if scoring is not None:
            term = Postings(docs, scoring(self, fieldname, docs, weights), self.size, scored=True)
        else:
            term = Postings(docs, weights if fieldname in self.scored_fields else None, self.size)
        if cached is not None:
            self._postings_bytes -= self._postings.pop(key).nbytes
        self._postings[key] = term
        self._postings_bytes += term.nbytes
        while self._postings_bytes > POSTINGS_CACHE_BYTES and len(self._postings) > 1:
            _old, evicted = self._postings.popitem(last=False)
            self._postings_bytes -= evicted.nbytes
        return term

    # -- facets ----------------------------------------------------------------
    def facet(self, facet):
        """The FacetColumn of a facet field (built on first use)."""
        if facet not in self._facets:
            with loading():
                every = self.field_postings(facet)  # kept by the FacetColumn, not cached
                self._facets[facet] = FacetColumn(list(every), list(every.values()), self.size, self.live)
        return self._facets[facet]

    def doc_frequencies(self, fieldname):
        """{term: documents holding it} of every term of a field (deleted documents counted, as
        Whoosh's doc_frequency counts them), each segment's terms read in order."""
        frequencies = {}
        for segment, _offset in self.leaves:
            try:
                for tbytes, count in whoosh_internals.field_doc_frequencies(segment, fieldname):
                    frequencies[tbytes] = frequencies.get(tbytes, 0) + count
            except Exception as error:
                raise damaged(segment, f"the terms of field {fieldname}", error) from error
        return {tbytes.decode("utf-8"): frequencies[tbytes] for tbytes in sorted(frequencies)}

    def field_postings(self, fieldname):
        """{term: its live documents} of every term of a field, in term order.

        Each segment's terms are read in order, not looked up value by value in every
        segment: a facet of 20,000 people over 120 segments would be 2.4 million lookups,
        most of them for a name the segment does not hold."""
        found = {}
        for segment, offset in self.leaves:
            try:
                for tbytes, (docs, _weights) in whoosh_internals.field_postings(segment, fieldname):
                    found.setdefault(tbytes, []).append(docs + offset)
            except Exception as error:
                raise damaged(segment, f"the postings of field {fieldname}", error) from error
        every = {}
        for tbytes in sorted(found):
            parts = found[tbytes]
            docs = parts[0] if len(parts) == 1 else np.concatenate(parts)
            docs = docs[self.live[docs]]
            if len(docs):
                every[tbytes.decode("utf-8")] = docs
        return every

    def facet_mask(self, facet, selected):
        """Documents having any of the selected values."""
        return self.facet(facet).mask(selected)

    def facet_counts(self, facet, docs_mask, limit, selected=()):
        """[(value, count, selected)]: the ``limit`` most frequent values over the mask,
        ties in Vietnamese alphabetical order; selected values always listed, even at 0."""
        return self.facet(facet).top(docs_mask, limit, selected)


class Postings:
    """One term's live postings, with a value per document (its scores, or its weights
    until it is scored) or none.

    Kept sparse (document numbers, values beside them) or, where that is smaller, dense (a
    mask and values over every document, 0 elsewhere): a syllable most articles hold.  The
    dense form is also quicker to combine (no scatter over tens of thousands of numbers).
    Either gives the same masks and the same float32 sums.
    """

    __slots__ = ("size", "count", "docs", "mask", "values", "scored", "nbytes")

    def __init__(self, docs, values, size, scored=False):
        self.size, self.count, self.scored = size, len(docs), scored
        value_bytes = 0 if values is None else 4
        if self.count * (docs.itemsize + value_bytes) > size * (1 + value_bytes):
            self.docs = None
            self.mask = np.zeros(size, dtype=bool)
            self.mask[docs] = True
            self.mask.flags.writeable = False
            if values is not None:
                dense = np.zeros(size, dtype=np.float32)
                dense[docs] = values
                values = dense
        else:
            self.docs, self.mask = docs, None
        self.values = values
        self.nbytes = sum(a.nbytes for a in (self.docs, self.mask, self.values) if a is not None)

    def documents(self):
        return self.docs if self.mask is None else np.flatnonzero(self.mask)

    def values_of_documents(self):
        return self.values if self.mask is None else self.values[self.mask]

    def as_mask(self):
        """A mask of the documents: the term's own (read-only) when dense."""
        if self.mask is not None:
            return self.mask
        mask = np.zeros(self.size, dtype=bool)
        mask[self.docs] = True
        return mask

    def mark(self, mask):
        """Set the term's documents in ``mask``."""
        if self.mask is None:
            mask[self.docs] = True
        else:
            mask |= self.mask

    def add_to(self, scores, boost=1.0, where=None):
        """scores[doc] += value × boost for the term's documents (only those in ``where``)."""
        values = self.values * boost if boost != 1.0 else self.values
        if self.mask is not None:
            np.add(scores, values, out=scores, where=True if where is None else where)
        elif where is None:
            scores[self.docs] += values
        else:
            keep = where[self.docs]
            scores[self.docs[keep]] += values[keep]


BITMAP_BYTES = 16 * 1024 * 1024  # per facet; a facet with more values (people) counts through CSR
# A facet of one value per document with at least this many values counts through codes: a
# bincount over every document (~3 ns each) beats a popcount per value (~1.2 ns a 64-document word).
CODES_MIN_VALUES = 192


def pack_bits(mask):
    """A boolean mask over documents as 64-bit words (bit i of word i // 64 is document i)."""
    words = (len(mask) + 63) // 64
    bits = np.zeros(words * 64, dtype=bool)
    bits[:len(mask)] = mask
    return np.packbits(bits, bitorder="little").view(np.uint64)


def _one_value_each(postings, size):
    """True when no document holds two of the values."""
    held = np.zeros(size, dtype=np.int64)
    for docs in postings:
        held[docs] += 1
    return bool((held <= 1).all())


class FacetColumn:
    """One facet's values per document, counted over any set of matching documents.

    A facet whose documents hold one value each and that has many values (clusters) keeps
    each document's value number (codes): a count is one bincount of the matching
    documents' codes.  One with fewer values (provinces, years, months, outlets) keeps one
    bitmap per value: a count is a popcount of (bitmap & matches).  One with many values
    per document (people) keeps CSR (offsets into a flat array of value ids) and reads only
    the smaller side: the matching documents, or the others subtracted from the totals.
    """

    def __init__(self, values, postings, size, live):
        self.values = values
        self.index = {value: number for number, value in enumerate(values)}
        self.size = size
        self.postings = postings
        order = sorted(range(len(values)), key=lambda i: vietnamese_sort_key(values[i]))
        self.rank = np.empty(len(values), dtype=np.int64)
        self.rank[order] = np.arange(len(values))
        self.bitmaps = self.codes = None
        if len(values) >= CODES_MIN_VALUES and _one_value_each(postings, size):
            self.codes = np.zeros(size, dtype=np.intp)  # value number + 1; 0: none
            for number, docs in enumerate(postings):
                self.codes[docs] = number + 1
        elif len(values) * ((size + 63) // 64) * 8 <= BITMAP_BYTES:
            self.bitmaps = np.zeros((len(values), (size + 63) // 64), dtype=np.uint64)
            for number, docs in enumerate(postings):
                bits = np.zeros(size, dtype=bool)
                bits[docs] = True
                self.bitmaps[number] = pack_bits(bits)
        else:
            self._build_csr(postings, size, live)

    def _build_csr(self, postings, size, live):
        self.live = live
        self.live_count = int(live.sum())
        pair_docs = np.concatenate(postings) if postings else np.zeros(0, dtype=np.int64)
        pair_values = (np.concatenate([np.full(len(d), n, dtype=np.int32) for n, d in enumerate(postings)])
                       if postings else np.zeros(0, dtype=np.int32))
        order = np.argsort(pair_docs, kind="stable")
        self.flat = pair_values[order]
        self.offsets = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(pair_docs, minlength=size), out=self.offsets[1:])
        self.totals = np.bincount(pair_values, minlength=len(self.values))

    def mask(self, selected):
        result = np.zeros(self.size, dtype=bool)
        for value in selected:
            if value in self.index:
                result[self.postings[self.index[value]]] = True
        return result

    def _values_of(self, docs):
        starts, ends = self.offsets[docs], self.offsets[docs + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(0, dtype=np.int32)
        shifts = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        return self.flat[np.arange(total) + shifts]

    def counts(self, docs_mask):
        if self.codes is not None:
            return np.bincount(self.codes * docs_mask, minlength=len(self.values) + 1)[1:]
        if self.bitmaps is not None:
            return np.bitwise_count(self.bitmaps & pack_bits(docs_mask)).sum(axis=1)
        matched = int(docs_mask.sum())
        if 2 * matched <= self.live_count:
            return np.bincount(self._values_of(np.flatnonzero(docs_mask)), minlength=len(self.values))
        others = np.flatnonzero(self.live & ~docs_mask)
        return self.totals - np.bincount(self._values_of(others), minlength=len(self.values))

    def top(self, docs_mask, limit, selected=()):
        counts = self.counts(docs_mask)
        present = np.flatnonzero(counts)
        top = present[np.lexsort((self.rank[present], -counts[present]))][:limit]
        shown = [(self.values[i], int(counts[i]), self.values[i] in selected) for i in top]
        listed = {value for value, _count, _selected in shown}
        for value in selected:
            if value not in listed:
                shown.append((value, int(counts[self.index[value]]) if value in self.index else 0, True))
        return shown
