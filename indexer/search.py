"""Running a search: validated request -> ranked page, exact total, facets, snippets.

``Engine`` is opened once per process.  It follows the index directory: a rebuilt
generation (CURRENT changed) or an in-place update (a newer commit) is picked up
on the next request, without a restart.
"""
import json
import os
import threading
from dataclasses import dataclass, field

from whoosh import query as Q

from . import store
from .facets import FacetColumns, order_values
from .highlight import best_passages
from .ids import Registry
from .query import parse, to_whoosh
from .schema import FACET_FIELDS

SORTS = ("relevance", "newest", "oldest")
FACET_LIMIT = 30


class IndexUnavailable(Exception):
    """No index has been built yet (the service answers 503)."""


@dataclass
class SearchRequest:
    q: str = ""
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    filters: dict = field(default_factory=dict)  # facet -> [values]
    date_from: str = None  # ISO day, inclusive
    date_to: str = None


@dataclass
class Hit:
    id: str
    record: dict
    score: float
    passages: list  # [(paragraph number, HTML with <mark>)]

    @property
    def snippet(self):
        text = ""
        for _number, passage in self.passages:
            if text:
                text += " " if text.endswith("…") or passage.startswith("…") else " … "
            text += passage
        return text


@dataclass
class SearchResult:
    request: SearchRequest
    total: int
    hits: list
    facets: dict  # facet -> [(value, count, selected)]
    targets: tuple  # (terms, sequences) to mark


def _day_number(iso_day):
    return int(iso_day.replace("-", ""))


class Engine:
    def __init__(self, index_dir):
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._generation = None
        self._index = None
        self._searcher = None
        self._columns = None
        self._registry = (None, Registry())

    # -- following the index -------------------------------------------------
    def _current(self):
        """(searcher, facet columns) of the newest committed index."""
        with self._lock:
            generation = store.current_generation(self.index_dir)
            if generation is None:
                raise IndexUnavailable(f"no index in {self.index_dir!r} yet")
            if generation != self._generation:
                _name, index = store.open_live(self.index_dir)
                old = self._searcher
                self._index, self._generation = index, generation
                self._searcher = index.searcher()
                self._columns = None
                if old is not None:
                    old.close()
            elif not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
                self._columns = None
            if self._columns is None:
                self._columns = FacetColumns(self._searcher.reader())
            return self._searcher, self._columns

    def generation(self):
        searcher, _columns = self._current()
        return f"{self._generation}.{searcher.reader().generation()}"

    def document_count(self):
        searcher, _columns = self._current()
        return searcher.doc_count()

    # -- look-ups --------------------------------------------------------------
    def get(self, article_id):
        """The whole record of an article, or None."""
        searcher, _columns = self._current()
        stored = searcher.document(id=article_id)
        return json.loads(stored["record"]) if stored else None

    def removed(self, article_id):
        """{title, date, removed_at} of an article that was removed, or None."""
        path = os.path.join(self.index_dir, "registry.json")
        try:
            mtime = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            return None
        if self._registry[0] != mtime:
            self._registry = (mtime, Registry.load(self.index_dir))
        return self._registry[1].removed.get(article_id)

    # -- searching -------------------------------------------------------------
    def search(self, request):
        searcher, columns = self._current()
        parsed = parse(request.q)
        whoosh_query = to_whoosh(parsed)
        matches = columns.live if parsed.is_empty else set(searcher.docs_for_query(whoosh_query)) & columns.live

        constraints = {
            facet: columns.docs_for(facet, values)
            for facet, values in request.filters.items() if values
        }
        if request.date_from or request.date_to:
            # Undated articles sort as 0: a lower bound of 1 keeps them out of any range.
            low = _day_number(request.date_from) if request.date_from else 1
            high = _day_number(request.date_to) if request.date_to else None
            in_range = set(searcher.docs_for_query(Q.NumericRange("date_sort", low, high)))
            matches = matches & in_range

        final = set(matches)
        for docs in constraints.values():
            final &= docs

        facets = {}
        for facet in FACET_FIELDS:
            base = set(matches)
            for other, docs in constraints.items():
                if other != facet:
                    base &= docs
            counts = columns.count(facet, base)
            facets[facet] = order_values(counts, request.filters.get(facet, []), FACET_LIMIT)

        hits = self._page(searcher, whoosh_query, parsed, request, final)
        return SearchResult(request, len(final), hits, facets, parsed.highlight_targets())

    def _page(self, searcher, whoosh_query, parsed, request, final):
        start = (request.page - 1) * request.per_page
        if not final or start >= len(final):
            return []
        limit = start + request.per_page
        sort = request.sort
        if sort == "relevance" and not parsed.groups:
            sort = "newest"  # browsing: nothing to rank by
        if sort == "relevance":
            results = searcher.search(whoosh_query, limit=limit, filter=final)
        else:
            results = searcher.search(whoosh_query, limit=limit, filter=final,
                                      sortedby="date_sort", reverse=(sort == "newest"))
        terms, sequences = parsed.highlight_targets()
        hits = []
        for position in range(start, min(limit, results.scored_length())):
            stored = results[position]
            record = json.loads(stored["record"])
            score = results.score(position)
            hits.append(Hit(
                id=stored["id"], record=record,
                score=round(float(score), 4) if score is not None else None,
                passages=best_passages(record["paragraphs"], terms, sequences),
            ))
        return hits
