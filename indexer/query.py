"""User query text -> a ParsedQuery (evaluate.py runs it over the index).

Syntax, and nothing else: words (all must match), "quoted phrases", -word / -"phrase"
to exclude, OR between two items.  Anything else (field:prefixes, wild*cards, fuzzy~,
[ranges], an unbalanced quote, a lone operator) is plain text.

Meaning (evaluate.py applies it; tests/test_query_semantics.py states each rule):
- a syllable typed with diacritics matches that syllable only (any Unicode form, tone
  placement or i/y spelling); typed without, every toned form;
- syllables typed next to each other that form a word or a name (words.py) must stand
  together, in order; a number stays with the word before it ("số 8");
- abbreviations (data/abbreviations.json, data/province_abbreviations.json) also search
  their long forms and back; "Cụm 8", "cụm số 8", "CTĐ số 8" and "cụm thi đua số VIII"
  all search the cluster's forms;
- readings, strictest first: toned and together -> tone-insensitive and together ->
  scattered; a later one is used only when the one before finds nothing (search.py).
"""
import functools
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .analysis import analyse
from .normalize import clean_text, has_diacritics, roman_value

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 32
READINGS = ("toned", "folded", "scattered")

_ITEM_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')
_DOTTED_WORD_RE = re.compile(r"^[^\W\d_]+(?:\.[^\W\d_]+)+\.?$")
DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Syllable:
    exact: str  # lower-case, canonical tone placement and i/y
    folded: str
    toned: bool  # typed with diacritics: matches only this syllable
    capitalised: bool = False
    preferred: bool = False  # typed with diacritics but read tone-insensitively: its tones rank first

    def as_folded(self) -> "Syllable":
        return replace(self, toned=False, preferred=self.toned or self.preferred)


@dataclass
class Item:
    """One searchable unit: a word, a name or a phrase, its syllables standing together."""

    syllables: list[Syllable]
    quoted: bool = False  # typed in quotes, or a fixed form (abbreviation expansion)
    unit: bool = False  # joined by segmentation: may scatter in the last reading
    negated: bool = False
    breaks: tuple[int, ...] = ()  # indexes of syllables a comma may stand before ("phòng cháy, chữa cháy")

    @property
    def phrase(self) -> bool:
        return len(self.syllables) > 1

    def runs(self) -> list[list[Syllable]]:
        """The syllables in the runs that must stand together (split at ``breaks``)."""
        edges = [0, *self.breaks, len(self.syllables)]
        return [self.syllables[a:b] for a, b in zip(edges, edges[1:], strict=False) if b > a]


@dataclass
class ParsedQuery:
    groups: list[list[Item]] = field(default_factory=list)  # each group: Items joined by OR; groups are ANDed
    excluded: list[Item] = field(default_factory=list)
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def toned(self) -> bool:
        return any(s.toned for group in self.groups for item in group for s in item.syllables)

    def plain_run_groups(self) -> list[bool]:
        """Indexes of the groups that are one single-syllable word, typed as such."""
        return [len(g) == 1 and not g[0].quoted and len(g[0].syllables) == 1 for g in self.groups]

    def reading(self, name: str) -> "ParsedQuery":
        """The query as read at one level of READINGS."""
        if name == "toned":
            return self
        groups = [[_folded_item(item) for item in group] for group in self.groups]
        if name == "scattered":
            split = []
            for group in groups:
                if len(group) == 1 and group[0].unit:
                    split.extend([[Item([s])] for s in group[0].syllables])
                else:
                    split.append(group)
            groups = split
        return ParsedQuery(groups, self.excluded, self.text)

    def highlight_targets(self) -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
        """(single syllable keys, sequences of keys) worth marking; a key is the folded
        syllable, or '=' + the toned syllable where the query means its tones."""
        terms, sequences = set(), set()
        for group in self.groups:
            for item in group:
                for run in item.runs():
                    keys = tuple(key_of(s) for s in run)
                    if len(keys) == 1:
                        terms.add(keys[0])
                    else:
                        sequences.add(keys)
        return frozenset(terms), frozenset(sequences)


def key_of(syllable: Syllable) -> str:
    return "=" + syllable.exact if syllable.toned else syllable.folded


def _folded_item(item):
    return replace(item, syllables=[s.as_folded() for s in item.syllables])


def syllable_runs(text: str, fixed: bool = False) -> list[list[Syllable]]:
    """Syllables of typed text, in runs split where strong punctuation stands between
    them (the index does not join words across it); ``fixed`` forms are matched folded."""
    by_position = {}
    for pos, exact, folded, start, end in analyse(text):
        if pos not in by_position:
            by_position[pos] = Syllable(exact, folded, toned=not fixed and has_diacritics(exact),
                                        capitalised=text[start:end][:1].isupper())
    runs, last = [], None
    for pos in sorted(by_position):
        if last is None or pos != last + 1:
            runs.append([])
        runs[-1].append(by_position[pos])
        last = pos
    return runs


def syllables_of(text: str, fixed: bool = False) -> list[Syllable]:
    """Syllables of typed text, in order."""
    return [syllable for run in syllable_runs(text, fixed) for syllable in run]


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


def parse(text: str | None) -> ParsedQuery:
    """ParsedQuery of the user's text (never raises)."""
    text = clean_text(text or "")[:MAX_QUERY_CHARS]
    parsed = ParsedQuery(text=text)
    pending_or = False
    for negated, raw, quoted in _raw_items(text):
        if not quoted and raw == "OR" and parsed.groups and not negated:
            pending_or = True
            continue
        if not quoted and _DOTTED_WORD_RE.match(raw):
            raw = raw.replace(".", "")  # "TP.HCM" -> "TPHCM", as the index merges it
        runs = syllable_runs(raw)
        if not runs:
            pending_or = False
            continue
        if not quoted:
            runs = [[syllable for run in runs for syllable in run]]
        for number, run in enumerate(runs):  # a quoted phrase with a comma: its parts, all of them
            item = Item(run, quoted=quoted, negated=negated)
            if negated:
                parsed.excluded.append(item)
            elif pending_or and number == 0:
                parsed.groups[-1].append(item)
            else:
                parsed.groups.append([item])
        pending_or = False
    parsed.groups = _expand_forms(parsed.groups)[:MAX_CLAUSES]
    parsed.excluded = parsed.excluded[:MAX_CLAUSES]
    return parsed


@functools.lru_cache(maxsize=1)
def abbreviation_groups():
    """[[form as folded syllables, …], …] from the abbreviation data files."""
    groups = []
    for name in ("abbreviations.json", "province_abbreviations.json"):
        path = DATA / name
        if not path.exists():
            continue
        for forms in json.loads(path.read_text(encoding="utf-8"))["groups"]:
            folded = []
            for form in forms:
                parts = [tuple(s.folded for s in syllables_of(part.replace(".", ""))) for part in form.split(",")]
                syllables = sum(((*part, ",") for part in parts if part), ())[:-1]  # "," where a comma stands
                if syllables and syllables not in folded:
                    folded.append(syllables)
            groups.append(folded)
    return groups


# How articles write a numbered cluster; "cụm thi đua 6" is not one of them ("phong trào thi đua 6 tháng").
CLUSTER_FORMS = ("cum thi dua so {n}", "cum so {n}", "cum {n}", "ctd so {n}")
_CLUSTER_QUERY_RE = re.compile(r"^(?:cum(?: thi dua)?|ctd)(?: so)? (\d{1,3})$")


def cluster_number(folded_words):
    """N when the folded words name a numbered cluster ("cum 8", "ctd so 8"), else None."""
    match = _CLUSTER_QUERY_RE.match(" ".join(folded_words))
    return int(match.group(1)) if match else None


def _fixed_item(folded_syllables):
    """An Item of a known form; a "," in it is a comma the text may write there ("phòng, chống")."""
    syllables, breaks = [], []
    for folded in folded_syllables:
        if folded == ",":
            breaks.append(len(syllables))
        else:
            syllables.append(Syllable(folded, folded, toned=False))
    return Item(syllables, quoted=True, breaks=tuple(breaks))


def _match_form(words, index):
    """(forms, length) of the longest known form starting at ``index``, else None."""
    for length in range(min(5, len(words) - index), 1, -1):
        number = cluster_number(words[index:index + length]) if None not in words[index:index + length] else None
        if number is not None:
            return [tuple(form.format(n=number).split()) for form in CLUSTER_FORMS], length, True
    for forms in abbreviation_groups():
        for form in sorted(forms, key=len, reverse=True):
            if tuple(words[index:index + len(form)]) == form:
                return forms, len(form), False
    return None


def _roman_numbers(groups, plain):
    """A Roman numeral typed as its own word after "số" is its number, as in the index."""
    for index in range(1, len(groups)):
        if plain[index] and plain[index - 1] and groups[index - 1][0].syllables[0].folded == "so":
            syllable = groups[index][0].syllables[0]
            value = roman_value(syllable.folded) if syllable.folded.isascii() else None
            if value:
                groups[index] = [Item([Syllable(str(value), str(value), toned=False)])]


def _expand_forms(groups):
    """Replace a run of single-word groups that spells a known form by all its forms."""
    plain = [len(g) == 1 and not g[0].quoted and len(g[0].syllables) == 1 for g in groups]
    _roman_numbers(groups, plain)
    words = [g[0].syllables[0].folded if is_plain else None for g, is_plain in zip(groups, plain, strict=True)]
    # a multi-syllable token such as "BR-VT" or "TP.HCM" is matched as its own syllables
    result, index = [], 0
    while index < len(groups):
        if not plain[index]:
            group = groups[index]
            if len(group) == 1 and not group[0].quoted:
                found = _match_form([s.folded for s in group[0].syllables], 0)
                if found and found[1] == len(group[0].syllables):
                    result.append(_alternatives(group[0].syllables, found[0], found[2]))
                    index += 1
                    continue
            result.append(group)
            index += 1
            continue
        found = _match_form(words, index)
        if not found:
            result.append(groups[index])
            index += 1
            continue
        forms, length, fixed_only = found
        typed = [g[0].syllables[0] for g in groups[index:index + length]]
        result.append(_alternatives(typed, forms, fixed_only))
        index += length
    return result


def _alternatives(typed, forms, fixed_only=False):
    """The typed words (as typed: their tones count) OR every other form; with
    ``fixed_only`` (a cluster typed loosely, "cụm thi đua 8") only the known forms."""
    typed_folded = tuple(s.folded for s in typed)
    alternatives = [] if fixed_only and typed_folded not in forms else [Item(list(typed), quoted=True)]
    for form in forms:
        if form != typed_folded or not alternatives:
            alternatives.append(_fixed_item(form))
    return alternatives
