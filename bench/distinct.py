"""Distinct queries, each run once (cold) and then again (warm): a fixed warm mix flatters caches.

    python -m bench.distinct INDEX_DIR ITEMS.json KIND   times every item in this fresh process

KIND is ``search`` (/api/search; the number of articles each query matched is kept too),
``suggest`` (/api/suggest), ``page`` (GET of the path each item names: articles, people,
clusters) or ``related`` (``Engine.related`` alone).

The search queries are drawn reproducibly from the records of the index being measured
(``draw``), DISTINCT of them in CLASSES: runs of one to three consecutive syllables of
random paragraphs, toned and folded; quoted three-syllable phrases; rare and common words
(by the number of articles holding them); people's names toned and folded; entity names
(provinces, clusters, outlets); names with one typing mistake.  The fixed mix of
bench/queries.py is one more class.  bench/browse.py draws the other kinds.
"""
import json
import random
import sys
import time

from indexer.normalize import fold

from .queries import QUERIES
from .records import digest

SEED = 17
CLASSES = {  # class: how many distinct queries (at most: a small corpus may have fewer names)
    "toned name": 40, "folded name": 40, "typo": 40,
    "one word": 50, "one word folded": 30, "two words": 50, "two words folded": 40,
    "three words": 40, "three words folded": 30, "phrase": 50,
    "rare word": 40, "common word": 40,
    "province": 30, "cluster": 20, "outlet": 10,
}
DISTINCT = sum(CLASSES.values())  # 590, the fixed mix not counted
COMMON = 300  # "common word": among the words most articles hold
RARE_ARTICLES = 3  # "rare word": held by at most this many articles


def _words(paragraph):
    words = [w.strip(".,;:!?()“”\"'") for w in paragraph.split()]
    return [w for w in words if w and w.isalpha()]


def _runs(records, rng, length, count):
    """Distinct runs of ``length`` words of random paragraphs of random records (a Digest's sample)."""
    found = set()
    attempts = 0
    while len(found) < count and attempts < count * 50:
        attempts += 1
        words = _words(rng.choice(rng.choice(records)["paragraphs"] or [""]))
        if len(words) >= length:
            start = rng.randrange(len(words) - length + 1)
            found.add(" ".join(words[start:start + length]).lower())
    return sorted(found)


def _by_articles(words):
    """[(word, articles holding it)] of a Digest's counts, lower case, tones as written: most articles first."""
    return sorted(words.items(), key=lambda item: (-item[1], item[0]))


def _typo(name, rng):
    letters = list(fold(name))
    positions = [i for i, ch in enumerate(letters) if ch.isalpha()]
    if len(positions) < 4:
        return fold(name)
    i = rng.choice(positions[1:-1])
    letters[i], letters[i + 1] = letters[i + 1], letters[i]
    return "".join(letters)


def _sample(rng, values, count):
    return rng.sample(values, min(count, len(values)))


def draw(records, seed=SEED, classes=None):
    """[(class, params)]: up to ``sum(classes.values())`` distinct queries drawn from the records
    (each text once, in the first class that drew it), shuffled, then the fixed mix.  ``records``:
    any iterable of records (read once) or their bench.records.Digest; runs of words are drawn
    from the Digest's sample (every record up to records.SAMPLE of them)."""
    classes = classes or CLASSES
    found = digest(records)
    records = found.sample
    rng = random.Random(seed)
    names = sorted(p for p in found.persons if len(p.split()) >= 2)  # records(): names
    provinces = sorted(found.provinces)
    clusters = sorted(found.clusters)
    outlets = sorted(found.outlets)
    by_articles = _by_articles(found.words)
    rare = [w for w, n in by_articles if n <= RARE_ARTICLES]
    common = [w for w, _n in by_articles[:COMMON]]
    texts = {
        "toned name": lambda n: _sample(rng, names, n),
        "folded name": lambda n: [fold(name) for name in _sample(rng, names, n)],
        "typo": lambda n: [_typo(name, rng) for name in _sample(rng, names, n)],
        "one word": lambda n: _runs(records, rng, 1, n),
        "one word folded": lambda n: [fold(q) for q in _runs(records, rng, 1, n)],
        "two words": lambda n: _runs(records, rng, 2, n),
        "two words folded": lambda n: [fold(q) for q in _runs(records, rng, 2, n)],
        "three words": lambda n: _runs(records, rng, 3, n),
        "three words folded": lambda n: [fold(q) for q in _runs(records, rng, 3, n)],
        "phrase": lambda n: [f'"{q}"' for q in _runs(records, rng, 3, n)],
        "rare word": lambda n: _sample(rng, rare, n),
        "common word": lambda n: _sample(rng, common, n),
        "province": lambda n: _sample(rng, provinces, n),
        "cluster": lambda n: _sample(rng, clusters, n),
        "outlet": lambda n: _sample(rng, outlets, n),
    }
    seen, queries = set(), []
    for cls, count in classes.items():
        for text in texts[cls](count):
            if text and text not in seen:
                seen.add(text)
                queries.append((cls, {"q": text}))
    rng.shuffle(queries)
    return queries + [("fixed mix", params) for _cls, params in QUERIES]


def time_each(run, queries):
    """{class: [ms]} of one pass, each query once, in order."""
    by_class = {}
    for cls, params in queries:
        started = time.perf_counter()
        run(params)
        by_class.setdefault(cls, []).append((time.perf_counter() - started) * 1000)
    return by_class


def runner(index_dir, kind, matched):
    """A function of one item's params that does it (and asserts it answered); search totals go in ``matched``."""
    if kind == "related":
        from indexer.search import Engine

        engine = Engine(index_dir)
        return lambda params: engine.related(params["id"])
    from search_app import create_app

    # no request deadline: a query is measured, never cut at 10 s (and the first one loads the index:
    # at a million articles longer than that; a gunicorn worker loads it before taking requests)
    client = create_app({"INDEX_DIR": index_dir, "REQUEST_TIMEOUT": 0}).test_client()

    def run(params):
        if kind == "search":
            response = client.get("/api/search", query_string=params)
        elif kind == "suggest":
            response = client.get("/api/suggest", query_string=params)
        else:
            response = client.get(params["path"])
        assert response.status_code == 200, (params, response.status_code, response.get_data(as_text=True)[:200])
        if kind == "search":
            matched.append(response.get_json()["total"])
    return run


def main(argv):
    index_dir, items_path, kind = argv
    with open(items_path, encoding="utf-8") as handle:
        items = [(cls, params) for cls, params in json.load(handle)]
    matched = []
    run = runner(index_dir, kind, matched)
    cold = time_each(run, items)
    totals = {}
    for (cls, _params), total in zip(items, matched, strict=False):
        totals.setdefault(cls, []).append(total)
    warm = time_each(run, items)
    json.dump({"cold": cold, "warm": warm, "matched": totals}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
