"""User query text -> a ParsedQuery (evaluate.py runs it over the index).

Syntax, and nothing else: words (all must match, diacritics optional), "quoted
phrases", -word / -"phrase" to exclude, OR between two items.  Anything else
(field:prefixes, wild*cards, fuzzy~, [ranges], an unbalanced quote, a lone
operator) is plain text.

Ranking rules (applied in evaluate.py):
- typed with diacritics: exact (toned) fields boosted ×3 beside the folded ones;
  typed without: folded fields only (else literal unaccented text would win);
- adjacent query syllables earn a boost through the ``bigrams`` field;
- abbreviations (data/abbreviations.json) also search their long forms and back.
"""
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import ExactAnalyzer
from .normalize import fold, has_diacritics, nfc

EXACT_BOOST = 3.0
BIGRAM_BOOST = 2.0
MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 32

_ITEM_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')
_DOTTED_WORD_RE = re.compile(r"^[^\W\d_]+(?:\.[^\W\d_]+)+\.?$")


@dataclass
class Item:
    """One searchable unit: a word or a phrase, as (exact, folded) syllable pairs."""

    syllables: list
    phrase: bool = False
    negated: bool = False


@dataclass
class ParsedQuery:
    groups: list = field(default_factory=list)  # each group: Items joined by OR
    excluded: list = field(default_factory=list)
    toned: bool = False

    @property
    def is_empty(self):
        return not self.groups and not self.excluded

    def highlight_targets(self):
        """(single folded syllables, folded syllable sequences) worth marking."""
        terms, sequences, run = set(), set(), []
        for group in self.groups:
            for item in group:
                folded = tuple(f for _e, f in item.syllables)
                if len(folded) == 1:
                    terms.add(folded[0])
                else:
                    sequences.add(folded)
            if len(group) == 1 and len(group[0].syllables) == 1:
                run.append(group[0].syllables[0][1])
            else:
                run = self._close_run(run, sequences)
        self._close_run(run, sequences)
        return frozenset(terms), frozenset(sequences)

    @staticmethod
    def _close_run(run, sequences):
        """The words typed next to each other are marked together where they stand together."""
        if len(run) > 1:
            sequences.add(tuple(run))
        return []


def _syllables(text):
    """(exact, folded) per position; the merged form of 'tp.hcm' (same position) is dropped."""
    by_position = {}
    for token in ExactAnalyzer()(text, positions=True, mode="query"):
        by_position.setdefault(token.pos, token.text)
    return [(e, fold(e)) for _pos, e in sorted(by_position.items())]


def _raw_items(text):
    """(negated, text, quoted) triples; an unbalanced quote makes quotes plain text."""
    if text.count('"') % 2:
        text = text.replace('"', " ")
    for match in _ITEM_RE.finditer(text):
        if match.group(3) is not None:
            word = match.group(3)
            negated = word.startswith("-") and len(word) > 1
            yield negated, word[1:] if negated else word, False
        else:
            yield bool(match.group(1)), match.group(2), True


def parse(text):
    """ParsedQuery of the user's text (never raises)."""
    text = nfc(text or "")[:MAX_QUERY_CHARS]
    parsed = ParsedQuery(toned=has_diacritics(text))
    pending_or = False
    for negated, raw, quoted in _raw_items(text):
        if not quoted and raw == "OR" and parsed.groups and not negated:
            pending_or = True
            continue
        if not quoted and _DOTTED_WORD_RE.match(raw):
            raw = raw.replace(".", "")  # "TP.HCM" -> "TPHCM", as the index merges it
        syllables = _syllables(raw)
        if not syllables:
            pending_or = False
            continue
        item = Item(syllables, phrase=quoted or len(syllables) > 1, negated=negated)
        if negated:
            parsed.excluded.append(item)
        elif pending_or:
            parsed.groups[-1].append(item)
        else:
            parsed.groups.append([item])
        pending_or = False
    parsed.groups = _expand_abbreviations(parsed.groups)[:MAX_CLAUSES]
    parsed.excluded = parsed.excluded[:MAX_CLAUSES]
    return parsed


@functools.lru_cache(maxsize=1)
def abbreviation_groups():
    """[[form as folded syllables, …], …] from data/abbreviations.json."""
    path = Path(__file__).parent / "data" / "abbreviations.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    groups = []
    for forms in data["groups"]:
        folded = []
        for form in forms:
            syllables = tuple(f for _e, f in _syllables(form))
            if syllables not in folded:
                folded.append(syllables)
        groups.append(folded)
    return groups


def _expand_abbreviations(groups):
    """Replace a run of single-word groups that spells a known form by all its forms."""
    plain = [len(g) == 1 and not g[0].phrase and len(g[0].syllables) == 1 for g in groups]
    words = [g[0].syllables[0][1] if is_plain else None for g, is_plain in zip(groups, plain)]
    result, index = [], 0
    while index < len(groups):
        match = None
        for forms in abbreviation_groups():
            for form in sorted(forms, key=len, reverse=True):
                if tuple(words[index:index + len(form)]) == form:
                    match = (forms, form)
                    break
            if match:
                break
        if not match:
            result.append(groups[index])
            index += 1
            continue
        forms, form = match
        typed = [g[0].syllables[0] for g in groups[index:index + len(form)]]
        alternatives = [Item(typed, phrase=len(typed) > 1)]
        for other in forms:
            if other != form:
                alternatives.append(Item([(f, f) for f in other], phrase=len(other) > 1))
        result.append(alternatives)
        index += len(form)
    return result
