"""Pages for people and clusters, assembled from the records the index holds.

A person: every article naming them, newest first, and a timeline of rank and role by
date as the articles state them ("Đại tá, Giám đốc Công an tỉnh Kiên Giang (11/2024)").
Variants of a name (tone placement, Unicode form, case) share one key; when the roles
name different provinces the page says the name may belong to several people.

A cluster: its articles by date, the provinces its articles name by year, and its host
(Cụm trưởng) by year as the articles report it — a hand-over ("bàn giao Cụm trưởng …
cho Công an tỉnh An Giang") names next year's host.
"""
import re
from collections import defaultdict
from dataclasses import dataclass, field

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
    namesakes: bool = False
    provinces_by_year: dict = field(default_factory=dict)
    hosts_by_year: dict = field(default_factory=dict)

    def to_dict(self):
        return {k: v for k, v in self.__dict__.items()}


def _article(record):
    return {"id": record["id"], "title": record["title"], "date": record.get("date")}


def person_profile(key, records):
    """The Profile of the person ``key`` from the records naming them (any order)."""
    entries, names = [], defaultdict(int)
    for record in records:
        for person in record.get("persons") or []:
            if person_key(person["name"]) == key:
                names[person["name"]] += 1
                entries.append((record.get("date") or "", person.get("rank"), person.get("role"), record))
    if not entries:
        return None
    entries.sort(key=lambda entry: entry[0])
    timeline = []
    for date, rank, role, record in entries:
        if (rank or role) and timeline and (timeline[-1]["rank"], timeline[-1]["role"]) == (rank, role):
            timeline[-1]["until"] = date or timeline[-1]["until"]
            continue
        if rank or role:
            timeline.append({"rank": rank, "role": role, "from": date, "until": date, "article": record["id"]})
    places = []
    for step in timeline:
        for place in provinces_in(step["role"] or ""):
            if place not in places:
                places.append(place)
    name = max(names, key=lambda n: (names[n], n))
    articles = sorted((_article(r) for *_x, r in entries), key=lambda a: a["date"] or "", reverse=True)
    unique = list({a["id"]: a for a in articles}.values())
    return Profile(key, name, unique, timeline, places, namesakes=len(places) > 1)


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
