"""Distinct queries, each run once (cold) and then again (warm): a fixed warm mix flatters caches.

    python -m bench.distinct INDEX_DIR QUERIES.json   times every query in this fresh process

The queries are drawn reproducibly from the records of the index being measured
(``draw``): runs of one to three consecutive syllables from random paragraphs (toned),
the same folded, quoted three-syllable phrases, people's names toned and folded, entity
names (provinces, clusters), and names with one typing mistake; the fixed mix of
bench/queries.py is one class among them.
"""
import json
import random
import sys
import time

from indexer.normalize import fold

from .queries import QUERIES

DISTINCT = 500
SEED = 17


def _runs(records, rng, length, count):
    found = set()
    attempts = 0
    while len(found) < count and attempts < count * 50:
        attempts += 1
        paragraph = rng.choice(rng.choice(records)["paragraphs"] or [""])
        words = [w.strip(".,;:!?()“”\"'") for w in paragraph.split()]
        words = [w for w in words if w and w.isalpha()]
        if len(words) >= length:
            start = rng.randrange(len(words) - length + 1)
            found.add(" ".join(words[start:start + length]).lower())
    return sorted(found)


def _typo(name, rng):
    letters = list(fold(name))
    positions = [i for i, ch in enumerate(letters) if ch.isalpha()]
    if len(positions) < 4:
        return fold(name)
    i = rng.choice(positions[1:-1])
    letters[i], letters[i + 1] = letters[i + 1], letters[i]
    return "".join(letters)


def draw(records, total=DISTINCT, seed=SEED):
    """[(class, params)]: ``total`` distinct queries drawn from the records, plus the fixed mix."""
    rng = random.Random(seed)
    names = sorted({p for r in records for p in r["persons"] if len(p.split()) >= 2})  # records(): names
    provinces = sorted({v for r in records for v in r["provinces"]})
    clusters = sorted({v for r in records for v in r["clusters"]})
    share = total // 8
    classes = {
        "one word": _runs(records, rng, 1, share),
        "two words": _runs(records, rng, 2, share),
        "three words": _runs(records, rng, 3, share),
        "folded words": [fold(q) for q in _runs(records, rng, 2, share)],
        "phrase": [f'"{q}"' for q in _runs(records, rng, 3, share)],
        "toned name": rng.sample(names, min(share // 2, len(names))),
        "folded name": [fold(n) for n in rng.sample(names, min(share // 2, len(names)))],
        "entity": rng.sample(provinces + clusters, min(share // 2, len(provinces + clusters))),
        "typo": [_typo(n, rng) for n in rng.sample(names, min(share // 2, len(names)))],
    }
    seen, queries = set(), []
    for cls, texts in classes.items():
        for text in texts:
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


def main(argv):
    index_dir, queries_path = argv
    from search_app import create_app

    with open(queries_path, encoding="utf-8") as handle:
        queries = [(cls, params) for cls, params in json.load(handle)]
    client = create_app({"INDEX_DIR": index_dir}).test_client()

    def run(params):
        response = client.get("/api/search", query_string=params)
        assert response.status_code == 200, response.get_json()

    cold = time_each(run, queries)
    warm = time_each(run, queries)
    json.dump({"cold": cold, "warm": warm}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
