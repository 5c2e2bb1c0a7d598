"""The records our build extracted, read back from its index one at a time, and what the
query drawers need of them in one pass (``Digest``): at 1,000,000 articles the records
(about 6 KB of text each, several times that as Python objects) do not fit in memory together.
"""
import json
import random
import re
import time
from collections import Counter

SAMPLE = 10_000  # records kept whole (their paragraphs) for drawing runs of words
SAMPLE_SEED = 5
_WORD = re.compile(r"\w+")


def iter_records(index_dir, log=None, every=100_000):
    """The records of the live generation of ``index_dir``, persons as names, one at a time."""
    from indexer.store import open_live

    _generation, index = open_live(str(index_dir))
    started = time.monotonic()
    with index.searcher() as searcher:
        for number, stored in enumerate(searcher.all_stored_fields(), 1):
            record = json.loads(stored["record"])
            record["persons"] = [p["name"] for p in record["persons"]]
            yield record
            if log and number % every == 0:
                log(f"  {number:,} records read ({number / (time.monotonic() - started):,.0f}/s)")


class Digest:
    """What bench.distinct and bench.browse draw from, gathered from any iterable of records in one
    pass: the ids, the sets of names, provinces, clusters, outlets and titles, how many articles
    hold each word (lower case, as written), and up to SAMPLE whole records (all of them, in
    order, when there are no more; else a reservoir sample, reproducible) for runs of words."""

    def __init__(self, records, sample=SAMPLE):
        self.count = 0
        self.ids = []
        self.persons, self.provinces, self.clusters, self.clusters_about = set(), set(), set(), set()
        self.outlets, self.titles = set(), set()
        self.words = Counter()  # word -> articles holding it
        self.sample = []
        rng = random.Random(SAMPLE_SEED)
        for record in records:
            self.count += 1
            if "id" in record:
                self.ids.append(record["id"])
            self.persons.update(v for v in record.get("persons") or [] if v)
            self.provinces.update(v for v in record.get("provinces") or [] if v)
            self.clusters.update(v for v in record.get("clusters") or [] if v)
            self.clusters_about.update(v for v in (record.get("clusters_about") or record.get("clusters") or []) if v)
            if record.get("outlet"):
                self.outlets.add(record["outlet"])
            if record.get("title"):
                self.titles.add(record["title"])
            paragraphs = record.get("paragraphs") or []
            self.words.update({w.lower() for p in paragraphs for w in _WORD.findall(p) if w.isalpha()})
            kept = {"paragraphs": paragraphs}
            if len(self.sample) < sample:
                self.sample.append(kept)
            else:
                slot = rng.randrange(self.count)
                if slot < sample:
                    self.sample[slot] = kept


def digest(records):
    """``records`` as a Digest (itself when it is one)."""
    return records if isinstance(records, Digest) else Digest(records)
