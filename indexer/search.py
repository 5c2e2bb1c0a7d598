"""Running a search: validated request -> ranked page, exact total, facets, snippets.

Facets are disjunctive (Datasette/Algolia style): OR within one facet, AND across
facets, and each facet is counted over the matches filtered by every *other* facet,
so the other values of a selected facet keep their counts.

``Engine`` is opened once per process.  It follows the index directory: a rebuilt
generation (CURRENT changed) or an in-place update (a newer commit) is picked up
on the next request, without a restart.
"""
import json
import os
import threading
import weakref
from dataclasses import dataclass, field

import numpy as np

from . import store
from .analysis import analyse
from .columns import IndexColumns
from .entities import ENTITY_FACETS, Entities
from .errors import IndexerError
from .evaluate import EXACT_FIELDS, FOLDED_FIELDS, evaluate, term_scores
from .groups import Groups
from .highlight import best_passages
from .ids import REMOVED_FILE, Registry
from .loading import loading
from .normalize import fold
from .profiles import Profile, cluster_key, cluster_profile, person_key, person_profile
from .query import parse
from .reading import PairStatistics, interpret
from .schema import FACET_FIELDS
from .suggest import ACCENTED_SHARE, MAX_SUGGEST_SYLLABLES, MAX_SUGGESTIONS, Vocabulary, candidates

SORTS = ("relevance", "newest", "oldest")
SCORED_FIELDS = (*EXACT_FIELDS, *FOLDED_FIELDS, "bigrams")  # evaluate.py scores terms of these
RELATED_LIMIT = 5
FACET_LIMIT = 30


class IndexUnavailable(Exception):
    """No index has been built yet (the service answers 503)."""


@dataclass
class SearchRequest:
    q: str = ""
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> [values]
    date_from: str | None = None  # ISO day, inclusive
    date_to: str | None = None
    facet_size: int = FACET_LIMIT  # values counted and listed per facet


@dataclass
class Hit:
    id: str
    record: dict
    score: float | None  # None when sorted by date
    passages: list[tuple[int, str]]  # [(paragraph number, HTML with <mark>)]
    copies: list[dict] = field(default_factory=list)  # [{id, title, outlet, date}]: the same report elsewhere

    @property
    def snippet(self) -> str:
        text = ""
        for _number, passage in self.passages:
            if text:
                text += " " if text.endswith("…") or passage.startswith("…") else " … "
            text += passage
        return text


NOTICES = {
    "folded": "Không có kết quả đúng dấu cho «{q}» — đang hiện kết quả không phân biệt dấu.",
    "scattered": "Không có kết quả có các từ đứng liền nhau cho «{q}» — đang hiện kết quả có các âm tiết rời rạc.",
}


@dataclass
class SearchResult:
    request: SearchRequest
    total: int  # reports: an article and its syndicated copies count once
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int, bool]]]  # facet -> [(value, count, selected)]
    reading: str = "toned"  # which reading of query.READINGS the results are
    strict: bool = True  # False: a fallback reading, the strict one found nothing
    notice: str | None = None
    entities: list[tuple[str, str]] = field(default_factory=list)  # [(facet, value)] the query names
    suggestions: list[tuple[str, int]] = field(default_factory=list)  # [(text, hits)]
    articles: int | None = None  # articles matched, every copy counted
    generation: str | None = None  # Engine.generation() of the index searched


_FILLER = {"thi", "dua"}  # "Khối thi đua Cảnh sát …" and "Khối Cảnh sát …" name one bloc


def _value_key(value):
    return frozenset(fold(value).replace("(", " ").replace(")", " ").replace(",", " ").split()) - _FILLER


def known_values(values, selected):
    """The selected facet values, each unknown one mapped to the value that names the same
    thing in today's spelling: a saved URL keeps filtering after a spelling change
    ("Khối Cảnh sát (Công an tỉnh Hưng Yên)" -> "Khối thi đua Cảnh sát Công an tỉnh Hưng Yên")."""
    present = set(values)
    resolved = []
    for value in selected:
        if value in present:
            resolved.append(value)
            continue
        wanted = _value_key(value)
        candidates = sorted((len(_value_key(v) - wanted), v) for v in values if wanted and wanted <= _value_key(v))
        if candidates and (len(candidates) == 1 or candidates[0][0] < candidates[1][0]):
            resolved.append(candidates[0][1])
        else:
            resolved.append(value)
    return resolved


def _day_number(iso_day):
    return int(iso_day.replace("-", ""))


def _kth_largest(values, k):
    """The ``k``-th largest of the values (1 <= k < len(values)).  The smallest of the maxima of
    k slices is no larger (they are k of the values), so only the values from it up are partitioned."""
    width = len(values) // k
    floor = values[:width * k].reshape(k, width).max(axis=1).min()
    above = values[values >= floor]
    return np.partition(above, len(above) - k)[len(above) - k]


def _top(candidates, primary, page_end):
    """The first ``page_end`` candidates by ``primary`` (descending), ties by document number."""
    if page_end < len(candidates):
        # keep every candidate tied with the last one, so ties break the same way every time
        threshold = _kth_largest(primary, page_end)
        cut = np.flatnonzero(primary >= threshold)
        candidates, primary = candidates[cut], primary[cut]
    order = np.lexsort((candidates, -primary))
    return candidates[order][:page_end]


def _close_searcher(holder):
    if holder.get("searcher") is not None:
        holder.pop("searcher").close()


class Engine:
    def __init__(self, index_dir: str | os.PathLike) -> None:
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._generation = None
        self._index = None
        self._open = {}  # the open searcher, closed by close() or when the engine is collected
        self._columns = None
        self._removed = (None, {})  # (file stamps, {id: removed entry})
        self._understanding = None
        self._vocabulary = None
        self._groups = (None, None)
        weakref.finalize(self, _close_searcher, self._open)

    @property
    def _searcher(self):
        return self._open.get("searcher")

    @_searcher.setter
    def _searcher(self, searcher):
        self._open["searcher"] = searcher

    def close(self) -> None:
        """Close the index files (the engine reopens them if used again)."""
        with self._lock:
            _close_searcher(self._open)
            self._generation, self._columns = None, None

    # -- following the index -------------------------------------------------
    def _current(self):
        """(searcher, columns) of the newest committed index."""
        return self._current_named()[:2]

    def _current_named(self):
        """(searcher, columns, generation()) of the newest committed index."""
        with self._lock:
            generation = store.current_generation(self.index_dir)
            if generation is None:
                raise IndexUnavailable(f"no index in {self.index_dir!r} yet: build it with 'python -m indexer build'")
            if generation != self._generation:
                # Open the new generation fully before letting go of the old one: a failed
                # open leaves the engine on its last good generation, and the next request retries.
                try:
                    with loading():
                        _name, index = store.open_live(self.index_dir)
                        searcher = index.searcher()
                except IndexerError as error:
                    raise IndexUnavailable(str(error)) from None
                except OSError as error:
                    raise IndexUnavailable(f"the index cannot be opened ({error.strerror or error})") from None
                old = self._searcher
                self._index, self._generation, self._searcher = index, generation, searcher
                self._columns = None
                if old is not None:
                    old.close()
            else:
                try:
                    fresh = self._searcher.up_to_date()
                except OSError as error:
                    self._generation = None
                    raise IndexUnavailable(f"the index cannot be read ({error.strerror or error})") from None
                if not fresh:
                    # A fresh searcher, not refresh(): Whoosh's refresh reuses segment readers
                    # and so misses deletions committed into an existing segment.
                    with loading():
                        old, self._searcher = self._searcher, self._index.searcher()
                    old.close()
                    self._columns = None
            if self._columns is None:
                with loading():
                    self._columns = IndexColumns(self._searcher, SCORED_FIELDS)
                self._understanding = None
            return self._searcher, self._columns, f"{self._generation}.{self._searcher.reader().generation()}"

    def understanding(self, columns):
        """(Entities, PairStatistics) of the current generation (built on first use)."""
        with self._lock:
            if self._understanding is None or self._understanding[0] is not columns:
                with loading():
                    values = {facet: columns.facet(facet).values for facet in ENTITY_FACETS}
                    self._understanding = (columns, Entities(values), PairStatistics(columns))
            return self._understanding[1], self._understanding[2]

    def interpretation(self, q: str):
        """The Interpretation of a query over the current generation."""
        _searcher, columns = self._current()
        entities, statistics = self.understanding(columns)
        return interpret(parse(q), columns, entities, statistics)

    def highlight_targets(self, q: str) -> tuple[frozenset, frozenset]:
        """What to mark for a query on an article page: the targets of the first reading
        that finds anything (the reading its results page showed)."""
        _searcher, columns = self._current()
        readings = self.interpretation(q).readings
        for _name, reading in readings:
            if evaluate(reading, columns)[0].any():
                return reading.highlight_targets()
        return readings[0][1].highlight_targets() if readings else ((), ())

    def generation(self) -> str:
        """The generation and commit of the index searched now (in ETags: a rebuild changes answers)."""
        return self._current_named()[2]

    def document_count(self) -> int:
        _searcher, columns = self._current()
        return columns.count

    def groups(self, searcher=None, columns: IndexColumns | None = None) -> Groups:
        """The Groups of the current index (syndicated copies), reloaded when an update rewrites them."""
        if searcher is None:
            searcher, columns = self._current()
        with self._lock:
            generation = self._generation
            key = (generation, store.groups_stamp(self.index_dir, generation), id(columns))
            if self._groups[0] != key:
                with loading():
                    manifest = store.read_groups(self.index_dir, generation) if key[1] else {}
                    self._groups = (key, Groups(manifest, searcher, columns.live))
            return self._groups[1]

    def copies(self, article_id: str) -> list[dict]:
        """[{id, title, outlet, date}] of the other copies of the article's report (canonical first)."""
        return self.groups().copies(article_id)

    # -- look-ups --------------------------------------------------------------
    def get(self, article_id: str) -> dict | None:
        """The whole record of an article, or None."""
        searcher, _columns = self._current()
        stored = searcher.document(id=article_id)
        return json.loads(stored["record"]) if stored else None

    def removed(self, article_id: str) -> dict | None:
        """{title, date, removed_at} of an article that was removed, or None: from
        removed.json, or from the whole registry for an index written before it."""
        stamps = []
        for name in (REMOVED_FILE, "registry.json"):
            try:
                stamps.append(os.stat(os.path.join(self.index_dir, name)).st_mtime_ns)
            except FileNotFoundError:
                stamps.append(None)
        if stamps == [None, None]:
            return None
        if self._removed[0] != stamps:
            removed = Registry.load_removed(self.index_dir)
            if removed is None:
                removed = Registry.load(self.index_dir).removed
            self._removed = (stamps, removed)
        entry = self._removed[1].get(article_id)
        return entry if isinstance(entry, dict) else None

    def records_with(self, facet: str, values: list[str]) -> list[dict]:
        """Every live record with one of the facet's values (any order)."""
        searcher, columns = self._current()
        docs = np.flatnonzero(columns.facet_mask(facet, values) & columns.live)
        return [json.loads(searcher.stored_fields(int(doc))["record"]) for doc in docs]

    def person(self, key: str) -> Profile | None:
        """The Profile of a person by key (profiles.person_key), or None."""
        _searcher, columns = self._current()
        names = [name for name in columns.facet("person").values if person_key(name) == key]
        return person_profile(key, self.records_with("person", names)) if names else None

    def cluster(self, key: str) -> Profile | None:
        """The Profile of a cluster by key (profiles.cluster_key), or None."""
        _searcher, columns = self._current()
        values = [value for value in columns.facet("cluster").values if cluster_key(value) == key]
        return cluster_profile(key, values[0], self.records_with("cluster", values)) if values else None

    def related(self, article_id: str, limit: int = RELATED_LIMIT) -> list[tuple[str, str, str | None]]:
        """[(id, title, date)] of articles on the same subject: the same clusters, people and
        provinces, near in time, with words of its title; never itself or a copy of it."""
        searcher, columns = self._current()
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return []
        same_report = self.groups(searcher, columns).same_report(article_id)
        record = json.loads(searcher.stored_fields(docnum)["record"])
        scores = np.zeros(columns.size, dtype=np.float32)
        for facet, values, weight in (
                ("cluster", record.get("clusters_about") or record.get("clusters") or [], 3.0),
                ("person", [p["name"] for p in record.get("persons") or []], 2.0),
                ("province", record.get("provinces") or [], 0.5)):
            for value in values[:20]:
                scores[columns.facet_mask(facet, [value])] += weight
        for syllable in dict.fromkeys(s[2] for s in analyse(record.get("title") or "")):
            docs, term = term_scores(columns, "title_folded", syllable)
            scores[docs] += term / 4
        if record.get("year"):
            scores[columns.facet_mask("year", [record["year"]])] += 1.0
        scores[~columns.live] = 0
        scores[docnum] = 0
        candidates = np.flatnonzero(scores > 1.0)
        chosen = candidates[np.lexsort((candidates, -scores[candidates]))]
        found = []
        for doc in chosen:
            other = json.loads(searcher.stored_fields(int(doc))["record"])
            if (other["id"] in same_report or other.get("fingerprint") == record.get("fingerprint")
                    or other.get("title") == record.get("title")):
                continue  # a copy of the same report
            found.append((other["id"], other["title"], other.get("date")))
            if len(found) == limit:
                break
        return found

    # -- searching -------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        searcher, columns, generation = self._current_named()
        entities, statistics = self.understanding(columns)
        parsed = parse(request.q)
        interpretation = interpret(parsed, columns, entities, statistics)
        window = None
        if request.date_from or request.date_to:
            # Undated articles sort as 0: a lower bound of 1 keeps them out of any range.
            low = _day_number(request.date_from) if request.date_from else 1
            high = _day_number(request.date_to) if request.date_to else np.iinfo(np.int64).max
            window = (columns.dates >= low) & (columns.dates <= high)
        constraints = {
            facet: columns.facet_mask(facet, known_values(columns.facet(facet).values, values))
            for facet, values in request.filters.items() if values
        }
        named_whole = self._whole_query_entity(columns, parsed, interpretation)
        def run(reading):
            matches, scores = evaluate(reading, columns)
            if named_whole is not None:
                matches |= named_whole  # "Báo Lạng Sơn": the articles it published, named or not
            if window is not None:
                matches &= window
            final = matches.copy()
            for mask in constraints.values():
                final &= mask
            return matches, scores, final

        # Readings strictest first; a later one only when the one before finds nothing; when
        # none finds anything, the answer is the strict reading's (empty, and no notice).
        # number and reading_name are read after the loop: those of the reading that found something
        for number, (reading_name, reading) in enumerate(interpretation.readings):  # noqa: B007
            matches, scores, final = run(reading)
            if final.any():
                break
        else:
            number, (reading_name, reading) = 0, interpretation.readings[0]
            if len(interpretation.readings) > 1:
                matches, scores, final = run(reading)
        strict = number == 0
        notice = None if strict else NOTICES[reading_name].format(q=request.q.strip())
        named = [(m.facet, m.value) for m in interpretation.entities]
        if named and parsed.groups:
            scores = self._entities_first(columns, scores, final, named)

        groups = self.groups(searcher, columns)
        facets = {}
        for facet in FACET_FIELDS:
            base = matches
            for other, mask in constraints.items():
                if other != facet:
                    base = base & mask
            facets[facet] = groups.facet_counts(columns, facet, base, request.facet_size,
                                                request.filters.get(facet, []))

        hits = self._page(searcher, columns, reading, request, final, scores, groups)
        articles = int(final.sum())
        total = groups.reports(final)
        suggestions = self._suggestions(columns, request, parsed, articles if strict else 0) if parsed.groups else []
        return SearchResult(request, total, hits, facets, reading=reading_name, strict=strict,
                            notice=notice, entities=named, suggestions=suggestions, articles=articles,
                            generation=generation)

    def _strict_total(self, columns, q, request):
        """How many articles the strict reading of ``q`` finds under the request's filters."""
        entities, statistics = self.understanding(columns)
        readings = interpret(parse(q), columns, entities, statistics).readings
        if not readings:
            return 0
        matches, _scores = evaluate(readings[0][1], columns)
        for facet, values in request.filters.items():
            if values:
                matches &= columns.facet_mask(facet, values)
        return int(matches.sum())

    def _suggestions(self, columns, request, parsed, strict_total):
        """[(text, hits)]: corrections when the strict reading found nothing; the accented
        reading of an unaccented query when it holds most of what the query finds."""
        if (strict_total and parsed.toned) or parsed.excluded or '"' in request.q:
            return []
        if sum(len(item.syllables) for group in parsed.groups for item in group[:1]) > MAX_SUGGEST_SYLLABLES:
            return []  # a long text is no typo of a name or a word
        vocabulary = self.vocabulary(columns)
        entities, _statistics = self.understanding(columns)
        found = []
        for text in candidates(vocabulary, request.q, entities, found_anything=bool(strict_total)):
            hits = self._strict_total(columns, text, request)
            if not hits:
                continue
            if strict_total and hits < ACCENTED_SHARE * strict_total:
                continue  # an accented reading offered only when it is the likely one
            found.append((text, hits))
            if len(found) == MAX_SUGGESTIONS:
                break
        return found

    def vocabulary(self, columns):
        """The suggestion Vocabulary of the current generation (built on first use)."""
        with self._lock:
            if self._vocabulary is None or self._vocabulary[0] is not columns:
                with loading():
                    self._vocabulary = (columns, Vocabulary.of(columns))
            return self._vocabulary[1]

    @staticmethod
    def _whole_query_entity(columns, parsed, interpretation):
        """Articles of the entity the whole query names (a query of one word and nothing else), or None."""
        if parsed.excluded or len(parsed.groups) == 0:
            return None
        typed = sum(len(group[0].syllables) for group in parsed.groups)
        whole = [m for m in interpretation.entities if m.start == 0 and m.end == typed]
        if not whole:
            return None
        mask = np.zeros(columns.size, dtype=bool)
        for match in whole:
            mask |= columns.facet_mask(match.facet, [match.value])
        return mask & columns.live

    @staticmethod
    def _entities_first(columns, scores, final, named):
        """Articles whose extracted entity the query names rank above the others."""
        if not final.any():
            return scores
        bonus = float(scores[final].max()) + 1.0
        boosted = scores.copy()
        for facet, value in dict.fromkeys(named):
            boosted[columns.facet_mask(facet, [value])] += bonus
        return boosted

    def _page(self, searcher, columns, parsed, request, final, scores, groups):
        """The page's hits; a report once, at the rank of its best-ranked copy, showing its
        canonical article when that matched, with the other copies attached."""
        start = (request.page - 1) * request.per_page
        candidates = np.flatnonzero(final)
        if start >= len(candidates):
            return []
        page_end = start + request.per_page
        sort = request.sort
        if sort == "relevance" and not parsed.groups:
            sort = "newest"  # browsing: nothing to rank by
        if sort == "relevance":
            primary = scores[candidates].astype(np.float64)
        else:
            dates = columns.dates[candidates].astype(np.float64)
            primary = dates if sort == "newest" else -dates
        keep = groups.collapse(candidates, primary)
        candidates, primary = candidates[keep], primary[keep]
        chosen = _top(candidates, primary, page_end)
        terms, sequences = parsed.highlight_targets()
        hits = []
        for docnum in chosen[start:page_end]:
            stored = searcher.stored_fields(int(groups.shown(docnum, final)))
            record = json.loads(stored["record"])
            hits.append(Hit(
                id=stored["id"], record=record,
                score=round(float(scores[docnum]), 4) if sort == "relevance" else None,
                passages=best_passages(record["paragraphs"], terms, sequences),
                copies=groups.copies(stored["id"]),
            ))
        return hits
