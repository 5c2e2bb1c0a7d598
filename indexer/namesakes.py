"""Telling namesakes apart: the mentions of one name split into persons by unit, rank and time.

Each mention is what one article says of the name: a date, a rank, a role. The role's province
(or "Bộ Công an") is its place. Mentions are read in date order and each joins the first person
whose career it can continue:

- a new place after an old one is a transfer, one career ("Giám đốc Công an tỉnh A" in 2020,
  "Giám đốc Công an tỉnh B" in 2023); two places within ``SAME_TIME_DAYS`` are two people, and
  so is a return to a place left less than ``RETURN_DAYS`` ago (A, B, A: two people side by side);
- a rank rises over a career: a fall of two grades, or a rise of n grades (n ≥ 2) in less than
  n - 1 years, is two people (a Đại tá and a Thiếu tá in the same month);
- the province names of before and after the 2025 merger are one place once the merger is in force
  (Kiên Giang in 2024, An Giang in 2026), never before it (both had their own Công an).

It splits only on such clear disagreement. A mention without a place (no province in the role, a
former role "nguyên Giám đốc …", no role) joins the person it fits, by rank, then by the provinces
its article names, then by time; what fits no one is kept in one group of unknown unit.
"""
import bisect
import datetime
import re
from dataclasses import dataclass, field

from .extract.persons import RANKS
from .extract.provinces import provinces_in, today
from .normalize import fold

SAME_TIME_DAYS = 60
RETURN_DAYS = 365
MERGER_DATE = "2025-07-01"  # the 34 provinces since (Nghị quyết 202/2025/QH15)
UNKNOWN_UNIT_KEY = "khong-ro-don-vi"

_LEVEL = {rank: len(RANKS) - index for index, rank in enumerate(RANKS)}
_CENTRAL_RE = re.compile(r"Bộ (?:Công an|Quốc phòng)")
# "nguyên Giám đốc …": a former office, its place is not where the person is now ("Thái Nguyên" is no such word)
_FORMER_RE = re.compile(r"(?:^|[,;(]\s*)[Nn]guyên\s")


@dataclass
class Mention:
    date: str  # "" when the article has none
    rank: str
    role: str
    record: dict
    place: str = None  # the province (or ministry) the role names, None when it names none
    day: int = field(init=False, default=None)  # the date's ordinal, None when undated

    def __post_init__(self):
        day = _day(self.date)
        self.day = day.toordinal() if day else None


def place_of(role):
    """The unit's province a role names, "Bộ Công an" for a ministry, None for none or a former office."""
    if not role or _FORMER_RE.search(role):
        return None
    found = provinces_in(role)
    if found:
        return found[0]
    central = _CENTRAL_RE.search(role)
    return central.group() if central else None


def _day(date):
    if not date:
        return None
    try:
        parts = [int(part) for part in date.split("-")[:3]] + [1, 1]
        return datetime.date(parts[0], parts[1] or 1, parts[2] or 1)
    except ValueError:
        return None


def same_place(a, b):
    """One place for mentions a and b: the same name, or old and new names once the merger is in force."""
    if a.place == b.place:
        return True
    if today([a.place]) != today([b.place]):
        return False
    return not a.date or not b.date or max(a.date, b.date) >= MERGER_DATE


def _too_fast(rise, days):
    """A rise of grades in days no career makes: two grades or more in less than (grades - 1) years.

    A grade takes years (four from Thiếu tá up), so this is conservative; a fall of two grades
    (rise <= -2) is never one career, whatever the time.
    """
    return rise <= -2 or (rise >= 2 and days < (rise - 1) * 365)


class Person:
    """The mentions of one career, with what the checks need kept up to date (so a name in thousands of
    articles is split in linear time): the first and last day of each rank, the last mention at each place."""

    def __init__(self, known_unit=True):
        self.mentions = []
        self.known_unit = known_unit  # False for the group of mentions that fit no one
        self._rank_days = {}  # level: [first day, last day]
        self._at = {}  # place: the latest mention there
        self._last_placed = None  # the latest dated mention with a place
        self._days = []  # sorted

    def add(self, mention):
        self.mentions.append(mention)
        if mention.day is not None:
            bisect.insort(self._days, mention.day)
            if mention.rank in _LEVEL:
                span = self._rank_days.setdefault(_LEVEL[mention.rank], [mention.day, mention.day])
                span[0], span[1] = min(span[0], mention.day), max(span[1], mention.day)
        if mention.place:
            known = self._at.get(mention.place)
            if known is None or (mention.day or 0) >= (known.day or 0):
                self._at[mention.place] = mention
            if mention.day is not None and (self._last_placed is None or mention.day >= self._last_placed.day):
                self._last_placed = mention

    @property
    def places(self):
        """The places of the career, in date order, each once."""
        seen = []
        for mention in sorted(self.mentions, key=lambda m: (m.day is None, m.day or 0)):
            if mention.place and mention.place not in seen:
                seen.append(mention.place)
        return seen

    @property
    def last_day(self):
        return self._days[-1] if self._days else -1

    def rank_fits(self, mention):
        """True when the mention's rank and each of the person's could be one career (``_too_fast``).

        Against the nearest day of each rank, which is the strictest: the first of a higher one, the
        last of a lower one.
        """
        if mention.rank not in _LEVEL or mention.day is None:
            return True
        level, day = _LEVEL[mention.rank], mention.day
        for other, (first, last) in self._rank_days.items():
            if other >= level + 2:  # a higher rank: before this day a fall, after it a rise too fast
                if first <= day or _too_fast(other - level, first - day):
                    return False
            elif other <= level - 2 and (last >= day or _too_fast(level - other, day - last)):
                return False  # a lower rank: after this day a fall, before it a rise too fast
        return True

    def has_place(self, mention):
        return any(same_place(latest, mention) for latest in self._at.values())

    def continues(self, mention):
        """True when a placed mention, dated no earlier than the person's, can continue the career."""
        if not self.rank_fits(mention):
            return False
        last = self._last_placed
        if last is None or mention.day is None or same_place(last, mention):
            return True
        if mention.day - last.day < SAME_TIME_DAYS:
            return False  # two units at once
        # back to a place left within the year: two people side by side, not two transfers
        return not any(same_place(latest, mention) and latest.day is not None
                       and mention.day - latest.day < RETURN_DAYS for latest in self._at.values())

    def hinted(self, mention):
        """True when the article of a placeless mention names a province of the career."""
        return any(self.has_place(Mention(mention.date, None, None, mention.record, province))
                   for province in mention.record.get("provinces") or [])

    def nearest(self, mention):
        """Days from the mention to the person's nearest dated mention."""
        if mention.day is None or not self._days:
            return float("inf")
        index = bisect.bisect_left(self._days, mention.day)
        return min(abs(self._days[i] - mention.day) for i in (index - 1, index) if 0 <= i < len(self._days))


def split(mentions):
    """[Person] from the mentions of one name (any order); each mention in exactly one person."""
    ordered = sorted(mentions, key=lambda m: (m.day is None, m.day or 0, m.record["id"], m.rank or "", m.role or ""))
    persons = []
    for mention in (m for m in ordered if m.place):
        fitting = [person for person in persons if person.continues(mention)]
        if mention.day is None and not any(person.has_place(mention) for person in fitting):
            fitting = fitting if len(persons) == 1 else []  # undated and elsewhere: no time to join it by
        if fitting:
            # the same place first, then the career last heard of
            fitting.sort(key=lambda p: (not p.has_place(mention), -p.last_day))
            fitting[0].add(mention)
        else:
            persons.append(Person())
            persons[-1].add(mention)
    unknown = Person(known_unit=False)
    for mention in (m for m in ordered if not m.place):
        fitting = [person for person in persons if person.rank_fits(mention)]
        if not fitting:
            unknown.add(mention)
            continue
        fitting.sort(key=lambda p: (not p.hinted(mention), p.nearest(mention), -len(p.mentions)))
        fitting[0].add(mention)
    if unknown.mentions:
        persons.append(unknown)
    for person in persons:
        person.mentions.sort(key=lambda m: (m.day is None, m.day or 0))
    return persons


def slug(place):
    """'Kiên Giang' -> 'kien-giang': a person's sub-key, from their unit so that it survives a rebuild."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(place)))


def sub_keys(persons):
    """A sub-key for each person: their first unit; the year they were first named when two share it."""
    keys = [slug(p.places[0]) if p.known_unit and p.places else UNKNOWN_UNIT_KEY for p in persons]
    result = []
    for person, key in zip(persons, keys, strict=True):
        if keys.count(key) > 1 and person.known_unit:
            year = next((m.date[:4] for m in person.mentions if m.date), "")
            key = f"{key}-{year}" if year else key
        while key in result:
            key += "-2"
        result.append(key)
    return result
