"""A parsed query -> (matching documents, BM25F scores), vectorised over IndexColumns.

The rules are those of query.py, evaluated with arrays instead of Whoosh matchers:
- a syllable matches its folded form in the title or body; typed with diacritics,
  its exact form in those fields scores ×3 besides;
- every group must match (a group is items joined by OR); -items exclude;
- a phrase matches where its syllables stand together: every adjacent pair is in the
  ``bigrams`` field (title and body), so a phrase needs no positions;
- syllables typed next to each other earn the bigram boost where they stand together.
Scores are Whoosh's BM25F (B=0.75, K1=1.2): the title's field boost is in its weights.
One difference: after deletions, a term's document frequency counts live documents
(Whoosh counts deleted ones until their segment is merged).  tests/test_columns.py
checks both.
"""
import math

import numpy as np

from .normalize import has_diacritics
from .query import BIGRAM_BOOST, EXACT_BOOST

B, K1 = 0.75, 1.2


def bm25(view, fieldname, docs, weights):
    """BM25 scores of one term's postings in one field (cached by IndexColumns.term_scores)."""
    if not len(docs):
        return weights
    idf = math.log(view.size / (len(docs) + 1)) + 1
    average = view.average_length(fieldname) or 1.0
    lengths = view.lengths(fieldname)[docs]
    return (idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))).astype(np.float32)


def term_scores(view, fieldname, text, boost=1.0):
    """(docs, BM25 scores × boost) of one term in one field."""
    docs, scores = view.term_scores(fieldname, text, bm25)
    return docs, (scores * boost if boost != 1.0 else scores)


class _Clause:
    """A set of documents with their scores, as dense arrays over the index."""

    def __init__(self, view, mask=None, scores=None):
        self.mask = np.zeros(view.size, dtype=bool) if mask is None else mask
        self.scores = np.zeros(view.size, dtype=np.float32) if scores is None else scores

    def add_term(self, view, fieldname, text, boost=1.0):
        docs, scores = term_scores(view, fieldname, text, boost)
        self.mask[docs] = True
        self.scores[docs] += scores
        return self

    def union(self, other):
        self.mask |= other.mask
        self.scores += other.scores
        return self

    def intersect(self, other):
        self.mask &= other.mask
        self.scores += other.scores
        return self


def _syllable(view, exact, folded, toned):
    clause = _Clause(view)
    clause.add_term(view, "title_folded", folded).add_term(view, "body_folded", folded)
    if toned:
        clause.add_term(view, "title", exact, EXACT_BOOST).add_term(view, "body", exact, EXACT_BOOST)
    return clause


def _together(view, folded_syllables):
    """Documents where the syllables stand next to each other (all adjacent pairs present)."""
    mask = view.live.copy()
    for first, second in zip(folded_syllables, folded_syllables[1:]):
        mask &= view.mask("bigrams", f"{first}-{second}")
    return mask


def _item(view, item, toned):
    clause = None
    for exact, folded in item.syllables:
        part = _syllable(view, exact, folded, toned)
        clause = part if clause is None else clause.intersect(part)
    if len(item.syllables) > 1:
        clause.mask &= _together(view, [f for _e, f in item.syllables])
    return clause


def _excluded(view, item):
    toned = has_diacritics("".join(e for e, _f in item.syllables))
    fields = ("title", "body") if toned else ("title_folded", "body_folded")
    words = [e if toned else f for e, f in item.syllables]
    mask = None
    for word in dict.fromkeys(words):
        either = np.zeros(view.size, dtype=bool)
        for fieldname in fields:
            either |= view.mask(fieldname, word)
        mask = either if mask is None else mask & either
    if len(words) > 1:
        mask &= _together(view, [f for _e, f in item.syllables])
    return mask


def _adjacency_bonus(view, parsed, clause):
    sequence = []
    for group in parsed.groups:
        if len(group) == 1:
            sequence.extend(f for _e, f in group[0].syllables)
        else:
            sequence.append(None)  # an OR group breaks the sequence
    pairs = {f"{a}-{b}" for a, b in zip(sequence, sequence[1:]) if a and b}
    for pair in sorted(pairs):
        docs, scores = term_scores(view, "bigrams", pair, BIGRAM_BOOST)
        keep = clause.mask[docs]
        clause.scores[docs[keep]] += scores[keep]


def evaluate(parsed, view):
    """(mask of matching live documents, scores) of a ParsedQuery."""
    if parsed.groups:
        clause = None
        for group in parsed.groups:
            alternatives = None
            for item in group:
                part = _item(view, item, parsed.toned)
                alternatives = part if alternatives is None else alternatives.union(part)
            clause = alternatives if clause is None else clause.intersect(alternatives)
        _adjacency_bonus(view, parsed, clause)
    else:
        clause = _Clause(view, mask=view.live.copy())
    for item in parsed.excluded:
        clause.mask &= ~_excluded(view, item)
    clause.mask &= view.live
    return clause.mask, clause.scores
