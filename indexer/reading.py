"""A parsed query, read against the index: its word units, its entities and its readings.

``interpret`` cuts each run of words typed next to each other into units (words.py),
using the entities the index knows (entities.py) and the index's pair statistics, and
gives the readings to try, strictest first (query.READINGS): toned and together,
tone-insensitive and together, scattered.  A reading equal to the one before is skipped.
"""
from dataclasses import dataclass, field

import numpy as np

from .evaluate import FOLDED_FIELDS, together
from .query import READINGS, Item, ParsedQuery
from .words import segment

MIN_PAIR_ARTICLES = 3  # fewer articles holding both syllables say nothing about the pair


@dataclass
class Interpretation:
    readings: list  # [(name, ParsedQuery)], strictest first
    entities: list = field(default_factory=list)  # EntityMatch of the typed words


def _typed_syllables(parsed):
    """(syllables as typed, group index of each) over all groups."""
    syllables, owners = [], []
    for index, group in enumerate(parsed.groups):
        for syllable in group[0].syllables:
            syllables.append(syllable)
            owners.append(index)
    return syllables, owners


class PairStatistics:
    """How often two syllables stand together in the articles that hold both."""

    def __init__(self, view):
        self._view = view
        self._cache = {}

    def _holding(self, folded):
        mask = np.zeros(self._view.size, dtype=bool)
        for fieldname in FOLDED_FIELDS:
            mask |= self._view.mask(fieldname, folded)
        return mask

    def side_by_side(self, first, second):
        """True when some article holds the two syllables next to each other."""
        return bool(len(self._view.documents("bigrams", f"{first.folded}-{second.folded}")))

    def cohesion(self, first, second):
        key = (first.folded, second.folded)
        if key not in self._cache:
            both = int((self._holding(key[0]) & self._holding(key[1])).sum())
            if both < MIN_PAIR_ARTICLES:
                self._cache[key] = 0.0
            else:
                adjacent = int(together(self._view, list(key)).sum())
                self._cache[key] = adjacent / both
        return self._cache[key]


def _segmented(parsed, entity_matches, statistics):
    plain = parsed.plain_run_groups()
    _syllables, owners = _typed_syllables(parsed)
    first_syllable = {}
    for position, owner in enumerate(owners):
        first_syllable.setdefault(owner, position)
    groups, index = [], 0
    while index < len(parsed.groups):
        if not plain[index]:
            groups.append(parsed.groups[index])
            index += 1
            continue
        end = index
        while end < len(parsed.groups) and plain[end]:
            end += 1
        run = [parsed.groups[i][0].syllables[0] for i in range(index, end)]
        offset = first_syllable[index]
        known = [(m.start - offset, m.end - offset) for m in entity_matches
                 if m.start >= offset and m.end <= offset + len(run) and m.end - m.start > 1]
        whole = index == 0 and end == len(parsed.groups)
        side_by_side = statistics.side_by_side if whole else None
        for start, stop in segment(run, known, statistics.cohesion, side_by_side):
            if stop - start == 1:
                groups.append(parsed.groups[index + start])
            else:
                groups.append([Item(run[start:stop], unit=True)])
        index = end
    return ParsedQuery(groups, parsed.excluded, parsed.text)


def interpret(parsed, view, entities=None, statistics=None):
    """The Interpretation of a parsed query over one index view."""
    typed, _owners = _typed_syllables(parsed)
    entity_matches = entities.find(typed) if entities is not None and typed else []
    statistics = statistics or PairStatistics(view)
    strict = _segmented(parsed, entity_matches, statistics)
    readings, seen = [], set()
    for name in READINGS:
        if name == "toned" and not parsed.toned:
            continue  # nothing was typed with tones: the strict reading is the folded one
        reading = strict.reading(name)
        signature = repr((reading.groups, reading.excluded))
        if signature not in seen:
            seen.add(signature)
            readings.append((name, reading))
    return Interpretation(readings, entity_matches)
