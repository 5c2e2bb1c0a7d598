"""Completions as you type: people, clusters, provinces, outlets and article titles.

Built once per index generation (``completer_for``) from what the engine already holds:
the facet values with their article counts (``IndexColumns.facet``) and the folded forms
``entities.Entities`` knows them by (aliases too: "tphcm", "CAND").  Every typed word is
a prefix of a word of the name, in order, tones ignored: "nguyen van h", "ng v han",
"kien g", "cum 8", "bao lang".

Each form is a tuple of folded words.  The words of all forms are kept sorted with, for
each word, the forms holding it, laid end to end in one array (``_flat``, forms
numbered by their entity's articles, most first): the forms holding a word that starts
with a prefix are one slice of it, found by bisect.  The slices of the typed words are
intersected (boolean masks over the forms), ranked by how many typed words are whole words of the form, then
by articles, and only the first few are checked word by word for order.

Titles come from the index itself, lazily: the typed words are looked up in the folded
title lexicon (the last one as a prefix), their postings intersected, and the stored
titles of the newest few candidates read and checked (``TITLE_READS`` at most).

``benchmark(index_dir)`` times distinct prefixes in-process (``python -m indexer.complete
INDEX``); see its docstring.
"""
import bisect
import json
import re
import threading
import time
import weakref
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .entities import ENTITY_FACETS
from .loading import loading
from .normalize import fold
from .words import MIDDLE_NAMES

MAX_QUERY_CHARS = 100
MAX_WORDS = 8
LIMIT = 8  # suggestions of entities
PER_TYPE = 5  # of one type at most
TITLE_LIMIT = 3
TITLE_READS = 16  # stored titles read per request at most
TITLE_MAX_DOCS = 20_000  # a typed word in more titles than this does not narrow titles down
TITLE_INTERSECTIONS = 2  # postings intersected beyond the rarest word's
TITLE_MIN_CHARS = 3  # titles only once this much has been typed
TITLE_EXPANSIONS = 12  # lexicon words a prefix stands for, most frequent first
CHECK_LIMIT = 400  # candidates checked word by word per request at most
RANK_SAMPLE = 8  # records read (newest first) for a person's usual rank
TYPES = ("person", "cluster", "province", "outlet", "title")
TYPE_LABELS = {"person": "Nhân vật", "cluster": "Cụm thi đua", "province": "Tỉnh, thành phố",
               "outlet": "Nguồn tin", "title": "Bài viết"}
_WORD_RE = re.compile(r"[0-9a-z]+")
_END = "\x7f"  # after every character a folded word holds


def words_of(text):
    """The folded words of a text: 'Kiên G' -> ('kien', 'g'); 'Cụm 8' -> ('cum', '8')."""
    return tuple(_WORD_RE.findall(fold(text)))


def typed_words(q):
    """The words of what was typed, bounded: at most MAX_QUERY_CHARS characters and MAX_WORDS words."""
    return words_of((q or "")[:MAX_QUERY_CHARS])[:MAX_WORDS]


def in_order(form, typed):
    """Each typed word is a prefix of a word of ``form``, in order (greedy is exact here)."""
    position = 0
    for word in form:
        if word.startswith(typed[position]):
            position += 1
            if position == len(typed):
                return True
    return False


@dataclass(frozen=True)
class Completion:
    type: str  # person, cluster, province, outlet or title
    text: str  # the value (facet types), or the title
    hits: int  # articles
    id: str = None  # an article's id (titles)
    rank: str = None  # a person's usual rank


class _PrefixIndex:
    """Sorted words -> the ids (ascending) of the forms holding them, as slices of one array."""

    def __init__(self, forms):
        postings = {}
        for number, form in enumerate(forms):
            for word in set(form):
                postings.setdefault(word, []).append(number)
        self.words = sorted(postings)
        sizes = [len(postings[word]) for word in self.words]
        self.offsets = np.zeros(len(self.words) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.offsets[1:])
        self.flat = np.fromiter((n for word in self.words for n in postings[word]), dtype=np.int32,
                                count=int(self.offsets[-1]))

    def span(self, prefix):
        """(lo, hi) word numbers of the words starting with ``prefix``."""
        return bisect.bisect_left(self.words, prefix), bisect.bisect_left(self.words, prefix + _END)

    def mark(self, prefix, into):
        """Set ``into[form]`` for every form holding a word that starts with ``prefix``."""
        lo, hi = self.span(prefix)
        into[self.flat[self.offsets[lo]:self.offsets[hi]]] = True
        return into

    def exact(self, word):
        """Sorted ids of the forms holding ``word`` itself."""
        number = bisect.bisect_left(self.words, word)
        if number < len(self.words) and self.words[number] == word:
            return self.flat[self.offsets[number]:self.offsets[number + 1]]
        return self.flat[:0]

    def count(self, prefix):
        lo, hi = self.span(prefix)
        return int(self.offsets[hi] - self.offsets[lo])


class Completer:
    """The completions of one index generation."""

    def __init__(self, entities, counts, searcher=None, columns=None):
        """``entities``: an ``entities.Entities`` (its folded forms and aliases); ``counts``:
        {facet: {value: articles}} of the ENTITY_FACETS; ``searcher``/``columns`` (optional)
        for people's ranks and titles."""
        forms_of = {}
        for facet in ENTITY_FACETS:
            for value in counts.get(facet, {}):
                words = words_of(value)
                if facet == "person" and words and words[-1] in MIDDLE_NAMES:
                    continue  # a name cut short by extraction ("Lê Văn")
                if words:
                    forms_of.setdefault((facet, value), []).append(words)
        for key, pairs in getattr(entities, "by_key", {}).items():
            form = tuple(word for syllable in key for word in words_of(syllable))
            for pair in pairs:
                if pair in forms_of and form and form not in forms_of[pair]:
                    forms_of[pair].append(form)
        self.entries = sorted(forms_of, key=lambda pair: (-counts[pair[0]][pair[1]], fold(pair[1]), pair))
        self.hits = [counts[facet][value] for facet, value in self.entries]
        self.forms, self.owner = [], []
        for number, pair in enumerate(self.entries):
            for form in forms_of[pair]:
                self.forms.append(form)
                self.owner.append(number)
        self.owner = np.asarray(self.owner, dtype=np.int32)
        self.index = _PrefixIndex(self.forms)
        self.counts = counts
        self.searcher, self.columns = searcher, columns
        self._ranks = {}
        self._titles = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, columns, entities, searcher=None):
        counts = {}
        for facet in ENTITY_FACETS:
            column = columns.facet(facet)
            counts[facet] = {
                value: len(docs) for value, docs in zip(column.values, column.postings, strict=True) if len(docs)
            }
        return cls(entities, counts, searcher or getattr(columns, "searcher", None), columns)

    def articles(self, facet, value):
        """How many articles hold the value of an entity facet (0: none, so it has no page)."""
        return self.counts.get(facet, {}).get(value, 0)

    # -- entities --------------------------------------------------------------
    def entities(self, typed, limit=LIMIT, per_type=PER_TYPE):
        """[Completion] of people, clusters, provinces and outlets whose name the typed words start."""
        if not typed or not self.forms:
            return []
        if not all(self.index.count(word) for word in typed):
            return []
        size = len(self.forms)
        matching = self.index.mark(typed[0], np.zeros(size, dtype=bool))
        for word in typed[1:]:
            matching &= self.index.mark(word, np.zeros(size, dtype=bool))
        ids = np.flatnonzero(matching)  # ascending: most articles first
        if not len(ids):
            return []
        whole = np.zeros(size, dtype=np.int8)  # how many typed words are whole words of the form
        for word in set(typed):
            whole[self.index.exact(word)] += 1
        whole = whole[ids]
        ranked = []  # whole words first, then most articles
        for tier in range(int(whole.max()), -1, -1):
            ranked.extend(ids[whole == tier][:CHECK_LIMIT - len(ranked)].tolist())
            if len(ranked) >= CHECK_LIMIT:
                break
        found, seen, per = [], set(), Counter()
        for form_id in ranked:
            owner = int(self.owner[form_id])
            if owner in seen:
                continue
            facet, value = self.entries[owner]
            if per[facet] >= per_type or not in_order(self.forms[form_id], typed):
                continue
            seen.add(owner)
            per[facet] += 1
            found.append(Completion(facet, value, self.hits[owner],
                                    rank=self.rank(value) if facet == "person" else None))
            if len(found) == limit:
                break
        return found

    def rank(self, name):
        """The rank the records give a person most often (of the newest RANK_SAMPLE), or None."""
        if name in self._ranks:
            return self._ranks[name]
        rank = None
        try:
            column = self.columns.facet("person")
            docs = column.postings[column.index[name]]
            newest = docs[np.argsort(-self.columns.dates[docs], kind="stable")[:RANK_SAMPLE]]
            ranks = Counter()
            for doc in newest:
                record = json.loads(self.searcher.stored_fields(int(doc))["record"])
                for person in record.get("persons") or []:
                    if person.get("name") == name and person.get("rank"):
                        ranks[person["rank"]] += 1
            if ranks:
                rank = max(ranks.items(), key=lambda item: (item[1], item[0]))[0]
        except Exception:  # no searcher (a bare Completer), or the generation closed under us
            return None
        self._ranks[name] = rank
        return rank

    # -- titles ----------------------------------------------------------------
    def _title_lexicon(self):
        """(sorted folded title words, their document frequencies), read once."""
        with self._lock:
            if self._titles is None:
                with loading():
                    counted = self.columns.doc_frequencies("title_folded")  # each segment's terms read in order
                    words, frequencies = list(counted), list(counted.values())
                    order = sorted(range(len(words)), key=words.__getitem__)
                    self._titles = ([words[i] for i in order], [frequencies[i] for i in order])
            return self._titles

    def titles(self, typed, limit=TITLE_LIMIT):
        """[Completion] of articles whose title holds the typed words in a row (the last a prefix),
        newest first.  Only words the index holds in at most TITLE_MAX_DOCS titles narrow the
        candidates (their postings, intersected); the stored titles of the newest TITLE_READS
        candidates are read and checked.  Typed words every title holds give no titles: reading
        them would cost a search, and the newest few of thousands say nothing."""
        if (not typed or self.searcher is None or self.columns is None
                or sum(map(len, typed)) < TITLE_MIN_CHARS):
            return []
        try:
            words, frequencies = self._title_lexicon()
            looked_up = []
            for number, word in enumerate(typed):
                if number < len(typed) - 1:
                    at = bisect.bisect_left(words, word)
                    chosen = [at] if at < len(words) and words[at] == word else []
                else:
                    lo, hi = bisect.bisect_left(words, word), bisect.bisect_left(words, word + _END)
                    chosen = sorted(range(lo, hi), key=lambda i: -frequencies[i])[:TITLE_EXPANSIONS]
                if not chosen:
                    return []
                looked_up.append((sum(frequencies[i] for i in chosen), [words[i] for i in chosen]))
            looked_up.sort(key=lambda item: item[0])
            if looked_up[0][0] > TITLE_MAX_DOCS:
                return []
            candidates = None
            for frequency, terms in looked_up[:1 + TITLE_INTERSECTIONS]:
                if frequency > TITLE_MAX_DOCS:
                    break
                docs = [self.columns.documents("title_folded", term) for term in terms]
                docs = docs[0] if len(docs) == 1 else np.unique(np.concatenate(docs))
                candidates = docs if candidates is None else np.intersect1d(candidates, docs, assume_unique=True)
                if not len(candidates):
                    return []
            newest = candidates[np.argsort(-self.columns.dates[candidates], kind="stable")[:TITLE_READS]]
            found, titles = [], set()
            for doc in newest:
                stored = self.searcher.stored_fields(int(doc))
                title = stored.get("title") or ""
                if title in titles or not _in_a_row(words_of(title), typed):
                    continue
                titles.add(title)
                found.append(Completion("title", title, 1, id=stored["id"]))
                if len(found) == limit:
                    break
            return found
        except Exception:  # the generation closed under us: no titles this time
            return []

    def complete(self, q, limit=LIMIT, titles=True):
        """[Completion]: entities first (whole words, then most articles), then titles."""
        typed = typed_words(q)
        if not typed:
            return []
        found = self.entities(typed, limit)
        return found + (self.titles(typed) if titles else [])


def _contains(words, word):
    number = bisect.bisect_left(words, word)
    return number < len(words) and words[number] == word


def _in_a_row(words, typed):
    """The typed words stand in a row in ``words``: whole words, the last one a prefix."""
    for start in range(len(words) - len(typed) + 1):
        if all(words[start + i] == typed[i] for i in range(len(typed) - 1)) \
                and words[start + len(typed) - 1].startswith(typed[-1]):
            return True
    return False


_built = weakref.WeakKeyDictionary()  # IndexColumns -> Completer: one per generation (and commit)
_built_lock = threading.Lock()


def completer_for(engine):
    """The Completer of the engine's current index (built on first use, once per generation)."""
    searcher, columns = engine._current()
    completer = _built.get(columns)
    if completer is None:
        entities, _statistics = engine.understanding(columns)
        with _built_lock:
            completer = _built.get(columns)
            if completer is None:
                with loading():
                    completer = _built[columns] = Completer.of(columns, entities, searcher)
    return completer


def benchmark(index_dir, prefixes=None, repeat=1):
    """{build_ms, n, p50, p95, p99, max (ms)} of ``complete`` over distinct prefixes, in-process.

    The prefixes (unless given) are every prefix, cut at each character, of names and titles
    the index holds: 300 people, all clusters, provinces and outlets, and 100 titles, typed
    folded and, for people, initials-then-name ("ng v han") — each timed once, cold (a fresh
    Engine: ranks and title postings not yet cached), then ``repeat`` more times warm.
    The bench can call it: ``from indexer.complete import benchmark; benchmark(index_dir)``.
    """
    import random

    from .search import Engine

    engine = Engine(index_dir)
    try:
        started = time.perf_counter()
        completer = completer_for(engine)
        build_ms = (time.perf_counter() - started) * 1000
        if prefixes is None:
            rng = random.Random(7)
            names = [value for (facet, value) in completer.entries if facet != "person"]
            people = [value for (facet, value) in completer.entries if facet == "person"]
            names += rng.sample(people, min(300, len(people)))
            searcher = completer.searcher
            docs = np.flatnonzero(completer.columns.live)
            for doc in rng.sample(list(docs), min(100, len(docs))):
                names.append(searcher.stored_fields(int(doc)).get("title") or "")
            typed = set()
            for name in names:
                folded = " ".join(words_of(name))[:60]
                for end in range(1, len(folded) + 1):
                    typed.add(folded[:end])
            for name in people[:300]:
                parts = words_of(name)
                if len(parts) >= 3:
                    short = " ".join([parts[0][:2]] + [p[0] for p in parts[1:-1]] + [parts[-1]])
                    for end in range(1, len(short) + 1):
                        typed.add(short[:end])
            prefixes = sorted(typed)
        passes = []
        for _number in range(1 + repeat):
            timings = []
            for prefix in prefixes:
                started = time.perf_counter()
                completer.complete(prefix)
                timings.append((time.perf_counter() - started) * 1000)
            passes.append(sorted(timings))

        def summary(timings):
            def at(fraction):
                return round(timings[min(len(timings) - 1, int(round(fraction * (len(timings) - 1))))], 2)
            return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": round(timings[-1], 2)} if timings else {}

        return {"articles": engine.document_count(), "forms": len(completer.forms), "build_ms": round(build_ms, 1),
                "prefixes": len(prefixes), "cold": summary(passes[0]),
                "warm": summary(sorted(t for timings in passes[1:] for t in timings))}
    finally:
        engine.close()


if __name__ == "__main__":
    import sys

    print(json.dumps(benchmark(sys.argv[1]), ensure_ascii=False))
