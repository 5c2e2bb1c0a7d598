"""Pages for people and clusters, assembled from the records the index holds.

A person: every article naming them, newest first, and a timeline of rank and role by
date as the articles state them ("Đại tá, Giám đốc Công an tỉnh Kiên Giang (11/2024)").
Variants of a name (tone placement, Unicode form, case) share one key; the articles under
one key are split into the people they are about by unit, rank and time (namesakes.py),
each with their own timeline and articles and a sub-key from their unit
("nguyễn-văn-hận/kien-giang").

A cluster: its articles by date, the provinces its articles name by year, and its host
(Cụm trưởng) by year as the articles report it — a hand-over ("bàn giao Cụm trưởng …
cho Công an tỉnh An Giang") names next year's host.
"""
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import namesakes
from .extract.provinces import provinces_in
from .normalize import canonical_tones, clean_text, fold


def person_key(name):
    """'Nguyễn Văn Hận' -> 'nguyễn-văn-hận': tones kept (Hận is not Hân), spelling unified."""
    return "-".join(canonical_tones(clean_text(name)).lower().split())


def cluster_key(value):
    """'Cụm thi đua số 8' -> 'cum-thi-dua-so-8'."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(value)))


@dataclass
class Profile:
    key: str
    name: str
    articles: list  # [{id, title, date}], newest first
    timeline: list = field(default_factory=list)
    places: list = field(default_factory=list)  # provinces the roles name
    namesakes: bool = False  # the name belongs to more than one person of known unit
    persons: list = field(default_factory=list)  # [{key, unit, places, timeline, articles}], one per person
    name_key: str = None  # a person's page: the key listing everyone of that name
    provinces_by_year: dict = field(default_factory=dict)
    hosts_by_year: dict = field(default_factory=dict)

    def to_dict(self):
        return {k: v for k, v in self.__dict__.items()}


def _article(record):
    return {"id": record["id"], "title": record["title"], "date": record.get("date")}


def _timeline(mentions):
    """Rank and role by date; a step repeated in later articles extends its 'until'."""
    timeline = []
    for mention in sorted(mentions, key=lambda m: m.date):
        rank, role, date = mention.rank, mention.role, mention.date
        if not (rank or role):
            continue
        if timeline and (timeline[-1]["rank"], timeline[-1]["role"]) == (rank, role):
            timeline[-1]["until"] = date or timeline[-1]["until"]
            continue
        timeline.append({"rank": rank, "role": role, "from": date, "until": date, "article": mention.record["id"]})
    return timeline


def _articles(mentions):
    articles = sorted((_article(m.record) for m in mentions), key=lambda a: a["date"] or "", reverse=True)
    return list({a["id"]: a for a in articles}.values())


def _places(timeline):
    places = []
    for step in timeline:
        for place in provinces_in(step["role"] or ""):
            if place not in places:
                places.append(place)
    return places


def person_profile(key, records):
    """The Profile of the person ``key`` from the records naming them (any order)."""
    mentions, names = [], defaultdict(int)
    for record in records:
        for person in record.get("persons") or []:
            if person_key(person["name"]) == key:
                names[person["name"]] += 1
                mentions.append(namesakes.Mention(record.get("date") or "", person.get("rank"), person.get("role"),
                                                  record, namesakes.place_of(person.get("role"))))
    if not mentions:
        return None
    persons = namesakes.split(mentions)
    entries = []
    for person, sub_key in zip(persons, namesakes.sub_keys(persons), strict=True):
        entries.append({"key": sub_key, "unit": " → ".join(person.places) if person.known_unit else None,
                        "places": person.places, "timeline": _timeline(person.mentions),
                        "articles": _articles(person.mentions)})
    entries.sort(key=lambda entry: (entry["unit"] is None, -len(entry["articles"]), entry["key"]))
    timeline = _timeline(mentions)
    name = max(names, key=lambda n: (names[n], n))
    known = sum(1 for entry in entries if entry["unit"] is not None)
    return Profile(key, name, _articles(mentions), timeline, _places(timeline), namesakes=known > 1,
                   persons=entries, name_key=key)


def one_person(profile, sub_key):
    """The Profile of one of the people sharing a name, by sub-key; None when no one has it.

    A sub-key names the person's first unit; any unit of their career finds them too, so a
    link stays good when older articles are added.
    """
    wanted = namesakes.slug(sub_key)
    entry = next((e for e in profile.persons if e["key"] == wanted), None)
    if entry is None:
        holding = [e for e in profile.persons if wanted in {namesakes.slug(place) for place in e["places"]}]
        entry = holding[0] if len(holding) == 1 else None
    if entry is None:
        return None
    return Profile(f"{profile.key}/{entry['key']}", profile.name, entry["articles"], entry["timeline"],
                   _places(entry["timeline"]), persons=[entry], name_key=profile.key)


_HOST_RE = re.compile(
    r"Công an (?:tỉnh|thành phố|TP\.?)\s+(?P<place>[^,.;()]+?)\s*(?:\(|,)?\s*(?:là\s+|đơn vị\s+)?Cụm trưởng")
_HANDOVER_RE = re.compile(r"Cụm trưởng[^.;]{0,120}?\bcho Công an (?:tỉnh|thành phố|TP\.?)\s+(?P<place>[^,.;()]+)")


def _hosts(record):
    """(this year's host, next year's host) a record states, each a province or None."""
    text = "\n".join(record.get("paragraphs") or [])
    current = next((provinces_in(m.group("place")) for m in _HOST_RE.finditer(text) if provinces_in(m.group("place"))),
                   None)
    handed = next((provinces_in(m.group("place")) for m in _HANDOVER_RE.finditer(text)
                   if provinces_in(m.group("place"))), None)
    return (current[0] if current else None), (handed[0] if handed else None)


def cluster_profile(key, value, records):
    """The Profile of a cluster from the records about it."""
    if not records:
        return None
    provinces_by_year, hosts_by_year = defaultdict(list), {}
    for record in sorted(records, key=lambda r: r.get("date") or ""):
        year = (record.get("date") or "")[:4]
        if not year:
            continue
        for place in record.get("provinces") or []:
            if place not in provinces_by_year[year]:
                provinces_by_year[year].append(place)
        current, handed = _hosts(record)
        if current:
            hosts_by_year[year] = current
        if handed:
            hosts_by_year[str(int(year) + 1)] = handed
    articles = sorted((_article(r) for r in records), key=lambda a: a["date"] or "", reverse=True)
    return Profile(key, value, articles, provinces_by_year=dict(sorted(provinces_by_year.items())),
                   hosts_by_year=dict(sorted(hosts_by_year.items())))
