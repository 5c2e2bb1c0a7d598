"""What people do besides searching, drawn reproducibly from the index's records for bench.distinct:

- ``prefixes``: what is typed into the box before a suggestion is picked — the first one to
  three syllables of a person's, province's, cluster's or outlet's name or of a title
  (titles from a random word on), the last syllable cut short, toned or folded
  (/api/suggest, issue 13);
- ``pages``: article pages (/doc/<id>), people's (/nguoi/<key>) and clusters' (/cum/<key>);
- ``related``: article ids for ``Engine.related`` alone (issue 14).
"""
import random

from indexer.normalize import fold
from indexer.profiles import cluster_key, person_key

from .records import digest

SEED = 23
PREFIXES = {"person": 150, "title": 120, "cluster": 50, "province": 50, "outlet": 10}
ARTICLES = 200
PEOPLE = 60
CLUSTERS = 60


def prefix(text, rng, from_start=True):
    """One to three syllables of ``text`` (from its start, or from a random syllable), the last
    cut short when it has two letters or more; folded half the time."""
    words = text.split()
    start = 0 if from_start else rng.randrange(len(words))
    words = words[start:start + rng.randint(1, 3)]
    last = words[-1]
    if len(last) > 1:
        words[-1] = last[:rng.randint(1, len(last) - 1)]
    typed = " ".join(words).lower()
    return fold(typed) if rng.random() < 0.5 else typed


def _clusters(found):
    """The clusters articles are about: the cluster facet's values (index schema), which have pages."""
    return sorted(found.clusters_about)


def prefixes(records, seed=SEED, counts=None):
    """[(class, {"q": prefix})]: distinct prefixes, ``counts`` per class at most.  ``records``: any
    iterable of records (read once) or their bench.records.Digest, as for the other draws."""
    found = digest(records)
    rng = random.Random(seed)
    sources = {
        "person": [p for p in sorted(found.persons) if len(p.split()) >= 2],
        "title": sorted(found.titles),
        "cluster": _clusters(found),
        "province": sorted(found.provinces),
        "outlet": sorted(found.outlets),
    }
    seen, out = set(), []
    for cls, count in (counts or PREFIXES).items():
        names = sources[cls]
        found, attempts = 0, 0
        while names and found < count and attempts < count * 20:
            attempts += 1
            typed = prefix(rng.choice(names), rng, from_start=cls != "title" or rng.random() < 0.5)
            if typed.strip() and typed not in seen:
                seen.add(typed)
                out.append((f"prefix: {cls}", {"q": typed}))
                found += 1
    rng.shuffle(out)
    return out


def pages(records, seed=SEED):
    """[(class, {"path": …})]: distinct article, person and cluster pages."""
    found = digest(records)
    rng = random.Random(seed)
    ids = sorted(found.ids)
    people = sorted({person_key(p) for p in found.persons if len(p.split()) >= 2})
    clusters = sorted({cluster_key(c) for c in _clusters(found)})
    out = [("article page", {"path": f"/doc/{i}"}) for i in rng.sample(ids, min(ARTICLES, len(ids)))]
    out += [("person page", {"path": f"/nguoi/{k}"}) for k in rng.sample(people, min(PEOPLE, len(people)))]
    out += [("cluster page", {"path": f"/cum/{k}"}) for k in rng.sample(clusters, min(CLUSTERS, len(clusters)))]
    rng.shuffle(out)
    return out


def related(records, seed=SEED + 1):
    """[("related", {"id": …})]: distinct articles (others than ``pages`` draws, mostly)."""
    rng = random.Random(seed)
    ids = sorted(digest(records).ids)
    return [("related", {"id": i}) for i in rng.sample(ids, min(ARTICLES, len(ids)))]
