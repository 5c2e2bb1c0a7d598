"""Entities the index knows (people, provinces, clusters, outlets), found in a query.

Built once per index generation from the facet values, so a query that names one in
any spelling ("nguyen van han", "BR-VT", "TPHCM", "cum thi dua so 8", "CAND") ranks the
articles whose extracted entity it is first, and the page offers it as a filter.
Aliases come from data/province_abbreviations.json and data/outlets.json.
"""
import functools
import json
from dataclasses import dataclass

from .extract.provinces import EXTRA_ALIASES
from .query import DATA, cluster_number, syllables_of
from .words import MIDDLE_NAMES

ENTITY_FACETS = ("person", "province", "cluster", "outlet")
MAX_ENTITY_SYLLABLES = 8
_PLACE_PREFIXES = (("thanh", "pho"), ("tp",), ("tinh",))


@dataclass(frozen=True)
class EntityMatch:
    start: int  # span in the query's typed syllables
    end: int
    facet: str
    value: str


def _key(text):
    return tuple(s.folded for s in syllables_of(text.replace(".", " ")))


def _without_place_prefix(key):
    for prefix in _PLACE_PREFIXES:
        if key[:len(prefix)] == prefix and len(key) > len(prefix):
            return key[len(prefix):]
    return key


@functools.lru_cache(maxsize=1)
def _province_aliases():
    """[[folded forms of one province], …] from data/province_abbreviations.json."""
    path = DATA / "province_abbreviations.json"
    if not path.exists():
        return []
    return [[_key(form) for form in forms] for forms in json.loads(path.read_text(encoding="utf-8"))["groups"]]


BROADCASTER = "Đài Phát thanh và Truyền hình "  # a provincial broadcaster's name, before its province


@functools.lru_cache(maxsize=1)
def _province_spellings():
    """{province: {toned syllables of a spelling writers use}}: "Đak Lak" is Đắk Lắk, typed so or not."""
    spellings = {}
    for alias, province in EXTRA_ALIASES.items():
        syllables = syllables_of(alias.replace(".", " "))
        if syllables:
            spellings.setdefault(province, set()).add(tuple(s.exact for s in syllables))
    return spellings


@functools.lru_cache(maxsize=1)
def outlet_abbreviations():
    """[(name, abbreviation)] of every outlet, ambiguous ones too: a query that is just "CAND"
    means the outlet (and the words), though "CAND" inside a sentence may not."""
    path = DATA / "outlets.json"
    if not path.exists():
        return []
    return [(o["name"], o["abbr"]) for o in json.loads(path.read_text(encoding="utf-8"))["outlets"] if o.get("abbr")]


@functools.lru_cache(maxsize=1)
def outlet_markers():
    """[(name, [markers usable anywhere])] from data/outlets.json (marker-only forms left out)."""
    path = DATA / "outlets.json"
    if not path.exists():
        return []
    found = []
    for outlet in json.loads(path.read_text(encoding="utf-8"))["outlets"]:
        only = {m.lower() for m in outlet.get("marker_only_forms") or []}
        markers = [outlet["name"]] + [m for m in outlet.get("markers") or [] if m.lower() not in only]
        if outlet.get("abbr") and not outlet.get("marker_only") and outlet["abbr"].lower() not in only:
            markers.append(outlet["abbr"])
        found.append((outlet["name"], markers))
    return found


class Entities:
    """{folded syllables: [(facet, value)]} of every entity value in the index."""

    def __init__(self, facet_values):
        """``facet_values``: {facet: [value, …]} (only the facets of ENTITY_FACETS are read)."""
        self.by_key = {}
        self.exact = {}  # (facet, value) -> toned syllables, for queries typed with tones
        for facet in ENTITY_FACETS:
            for value in facet_values.get(facet, ()):
                syllables = syllables_of(value.replace(".", " "))
                key = tuple(s.folded for s in syllables)
                if facet == "person" and key and key[-1] in MIDDLE_NAMES:
                    continue  # a name cut short by extraction ("Lê Văn") would split the full one
                if key:
                    self._add(key, facet, value)
                    self.exact[(facet, value)] = tuple(s.exact for s in syllables)
        provinces = {key: value for key, pairs in list(self.by_key.items())
                     for facet, value in pairs if facet == "province"}
        for forms in _province_aliases():
            value = next((provinces[_without_place_prefix(f)] for f in forms if _without_place_prefix(f) in provinces),
                         None)
            if value:
                for form in forms:
                    self._add(form, "province", value)
        outlets = set(facet_values.get("outlet", ()))
        for name, markers in outlet_markers():
            if name in outlets:
                for marker in markers:
                    self._add(_key(marker), "outlet", name)
        for name in outlets:  # a provincial broadcaster by its on-air name: "Điện Biên TV"
            if name.startswith(BROADCASTER):
                place = name[len(BROADCASTER):]
                self._add(_key(f"{place} TV"), "outlet", name)
        self.whole_query = {}  # forms that name an entity only when they are the whole query
        for name, abbreviation in outlet_abbreviations():
            if name in outlets:
                self.whole_query.setdefault(_key(abbreviation), []).append(("outlet", name))
        self.clusters = set(facet_values.get("cluster", ()))

    def _add(self, key, facet, value):
        if key and len(key) <= MAX_ENTITY_SYLLABLES:
            pairs = self.by_key.setdefault(key, [])
            if (facet, value) not in pairs:
                pairs.append((facet, value))

    def _fits(self, facet, value, typed):
        """A syllable typed with tones must carry the entity's tones ("Hà Nam" is not "Hà Năm")."""
        exact = self.exact.get((facet, value))
        if exact is None or len(exact) != len(typed):
            return True
        if facet == "province" and tuple(s.exact for s in typed) in _province_spellings().get(value, ()):
            return True  # a spelling of the province ("Đak Lak"), its own tones
        return all(not s.toned or s.exact == form for s, form in zip(typed, exact, strict=True))

    def find(self, syllables):
        """Non-overlapping EntityMatches in typed syllables, longest first, left to right."""
        matches, taken = [], [False] * len(syllables)
        folded = [s.folded for s in syllables]
        whole = [pair for pair in self.whole_query.get(tuple(folded), ())
                 if pair not in self.by_key.get(tuple(folded), ())]
        if whole:
            matches = [EntityMatch(0, len(syllables), facet, value) for facet, value in whole]
            taken = [True] * len(syllables)
        for length in range(min(MAX_ENTITY_SYLLABLES, len(syllables)), 0, -1):
            for start in range(len(syllables) - length + 1):
                if any(taken[start:start + length]):
                    continue
                span = folded[start:start + length]
                found = []
                number = cluster_number(span) if length >= 2 else None
                if number is not None and f"Cụm thi đua số {number}" in self.clusters:
                    found = [("cluster", f"Cụm thi đua số {number}")]
                found += [(facet, value) for facet, value in self.by_key.get(tuple(span), ())
                          if (facet, value) not in found and self._fits(facet, value, syllables[start:start + length])]
                if found:
                    taken[start:start + length] = [True] * length
                    matches += [EntityMatch(start, start + length, facet, value) for facet, value in found]
        return sorted(matches, key=lambda m: (m.start, ENTITY_FACETS.index(m.facet)))
