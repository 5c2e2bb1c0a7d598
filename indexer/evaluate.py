"""A reading of a parsed query -> (matching documents, BM25F scores), vectorised over IndexColumns.

The rules are those of query.py, evaluated with arrays instead of Whoosh matchers:
- a syllable typed with diacritics matches its toned form in the exact fields (title,
  body); one typed without matches its folded form in the folded fields; one typed with
  diacritics but read tone-insensitively (a fallback) matches folded and scores its
  toned form ×EXACT_BOOST besides, so the user's spelling ranks first;
- every group must match (a group is items joined by OR); -items exclude;
- an item of several syllables (a word, a name, a phrase) matches where they stand
  together: its pair is in the ``bigrams`` field, or every adjacent triple in the
  ``trigrams`` field (title and body), so no field needs positions; its toned
  syllables must be present in their tones too; a known form written with a comma
  ("phòng cháy, chữa cháy") needs the comma pair ("chay,chua") the bigrams field keeps;
- syllables typed next to each other earn the bigram boost where they stand together.
Scores are Whoosh's BM25F (B, K1 in ranking.py): the title's field boost is in its weights.
One difference: after deletions, a term's document frequency counts live documents
(Whoosh counts deleted ones until their segment is merged).  tests/test_columns.py
checks both.
"""
import math

import numpy as np

from .ranking import BIGRAM_BOOST, EXACT_BOOST, K1, B

EXACT_FIELDS = ("title", "body")
FOLDED_FIELDS = ("title_folded", "body_folded")


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

    def add_term(self, view, fieldname, text, boost=1.0, matches=True):
        term = view.scored(fieldname, text, bm25)
        if matches:
            term.mark(self.mask)
        term.add_to(self.scores, boost)
        return self

    def union(self, other):
        self.mask |= other.mask
        self.scores += other.scores
        return self

    def intersect(self, other):
        self.mask &= other.mask
        self.scores += other.scores
        return self


def _syllable(view, syllable):
    clause = _Clause(view)
    if syllable.toned:
        for fieldname in EXACT_FIELDS:
            clause.add_term(view, fieldname, syllable.exact)
        return clause
    for fieldname in FOLDED_FIELDS:
        clause.add_term(view, fieldname, syllable.folded)
    if syllable.preferred:
        for fieldname in EXACT_FIELDS:
            clause.add_term(view, fieldname, syllable.exact, EXACT_BOOST, matches=False)
    return clause


def together(view, folded_syllables):
    """Documents where the syllables stand next to each other: the pair for two, every
    adjacent triple for three or more (pairs alone let "số 6" and "đua số" stand apart)."""
    mask = view.live.copy()
    if len(folded_syllables) == 2:
        return mask & view.mask("bigrams", "-".join(folded_syllables))
    for start in range(len(folded_syllables) - 2):
        mask &= view.mask("trigrams", "-".join(folded_syllables[start:start + 3]))
    return mask


def stands_together(view, item):
    """Documents where an item's syllables stand as it needs them: each run together, and a
    comma between runs where the item has a break ("phòng cháy, chữa cháy")."""
    mask = view.live.copy()
    for run in item.runs():
        if len(run) > 1:
            mask &= together(view, [s.folded for s in run])
    for index in item.breaks:
        mask &= view.mask("bigrams", f"{item.syllables[index - 1].folded},{item.syllables[index].folded}")
    return mask


def _item(view, item):
    clause = None
    for syllable in item.syllables:
        part = _syllable(view, syllable)
        clause = part if clause is None else clause.intersect(part)
    if len(item.syllables) > 1:
        clause.mask &= stands_together(view, item)
    return clause


def _excluded(view, item):
    mask = None
    for syllable in item.syllables:
        fields, word = (EXACT_FIELDS, syllable.exact) if syllable.toned else (FOLDED_FIELDS, syllable.folded)
        either = np.zeros(view.size, dtype=bool)
        for fieldname in fields:
            either |= view.mask(fieldname, word)
        mask = either if mask is None else mask & either
    if len(item.syllables) > 1:
        mask &= stands_together(view, item)
    return mask


def _adjacency_bonus(view, parsed, clause):
    sequence = []
    for group in parsed.groups:
        if len(group) == 1:
            sequence.extend(s.folded for s in group[0].syllables)
        else:
            sequence.append(None)  # an OR group breaks the sequence
    pairs = {f"{a}-{b}" for a, b in zip(sequence, sequence[1:], strict=False) if a and b}
    for pair in sorted(pairs):
        view.scored("bigrams", pair, bm25).add_to(clause.scores, BIGRAM_BOOST, where=clause.mask)


def evaluate(parsed, view):
    """(mask of matching live documents, scores) of one reading of a ParsedQuery."""
    if parsed.groups:
        clause = None
        for group in parsed.groups:
            alternatives = None
            for item in group:
                part = _item(view, item)
                alternatives = part if alternatives is None else alternatives.union(part)
            clause = alternatives if clause is None else clause.intersect(alternatives)
        _adjacency_bonus(view, parsed, clause)
    else:
        clause = _Clause(view, mask=view.live.copy())
    for item in parsed.excluded:
        clause.mask &= ~_excluded(view, item)
    clause.mask &= view.live
    return clause.mask, clause.scores
