"""The other engines, on the same corpus and queries: SQLite FTS5 and tantivy.

Both index the records our extraction produced (read back from our index one at a time:
bench.records.iter_records), so their build time is the engine's alone (and reading the
stored records back); ours includes reading and extraction.  Each starts from an empty
folder, so a build that was interrupted is simply done again.
"""
import contextlib
import shutil
import sys
import time
from pathlib import Path

from indexer.normalize import fold
from indexer.ranking import TITLE_BOOST

from .measure import disk_mb, every, summary, time_queries
from .queries import plain_words
from .records import iter_records

FACETS = ("clusters", "provinces", "persons", "outlet", "year", "month")


def _log(message):
    print(message, file=sys.stderr, flush=True)


def records(index_dir):
    """The records our build extracted (read back from its index), persons as names: an iterator."""
    return iter_records(index_dir, log=_log)


class _Counted:
    """An iterable's items, counted as they go by, with the seconds spent producing them (reading
    our index back), which the engine's build time leaves out."""

    def __init__(self, items):
        self.items, self.count, self.seconds = items, 0, 0.0

    def __iter__(self):
        items = iter(self.items)
        while True:
            started = time.monotonic()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                self.seconds += time.monotonic() - started
            self.count += 1
            yield item


def _distinct(run, distinct):
    """{"cold"/"warm": {class: summary, "all": summary}}: each distinct query once, then again."""
    from .distinct import time_each

    out = {}
    for name in ("cold", "warm"):
        by_class = time_each(run, distinct)
        out[name] = {cls: summary(times) for cls, times in by_class.items()}
        out[name]["all"] = summary(every(by_class))
    return out


def fts5(corpus, work, queries, repeat, index_dir, distinct=None):
    import sqlite3

    data = _Counted(records(index_dir))
    shutil.rmtree(work, ignore_errors=True)
    Path(work).mkdir(parents=True)
    database = Path(work) / "fts.db"
    connection = sqlite3.connect(database)
    connection.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
    started = time.monotonic()
    with connection:
        connection.executemany("INSERT INTO fts (title, body) VALUES (?, ?)",
                               ((r["title"], "\n\n".join(r["paragraphs"])) for r in data))
    seconds = time.monotonic() - started - data.seconds

    def run(text):
        if not text.strip('" '):
            return [], 0
        match = text if text.startswith('"') else " ".join(f'"{w}"' for w in text.split())
        rows = connection.execute(
            f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, {TITLE_BOOST}, 1.0) LIMIT 10", (match,)
        ).fetchall()
        total = connection.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()[0]
        return rows, total

    times = every(time_queries(lambda params: run(plain_words(params)), queries, repeat))
    out = {"label": "SQLite FTS5 (unicode61 remove_diacritics 2), top 10 + exact total, no facets",
           "seconds": round(seconds, 1), "docs_per_s": round(data.count / seconds, 1), "documents": data.count,
           "reading_seconds": round(data.seconds, 1),
           "latency": summary(times), "index_mb": disk_mb(work)}
    if distinct:
        out["distinct"] = _distinct(lambda params: run(_fts_text(plain_words(params))), distinct)
    connection.close()
    return out


def _fts_text(text):
    """A query FTS5 accepts: quotes balanced, each word quoted (its syntax characters kept out)."""
    words = [w.replace('"', "") for w in text.replace('"', " ").split()]
    phrase = text.startswith('"') and text.endswith('"')
    return '"' + " ".join(words) + '"' if phrase else " ".join(w for w in words if w)


def tantivy(corpus, work, queries, repeat, index_dir, distinct=None):
    import tantivy as tv

    data = _Counted(records(index_dir))
    builder = tv.SchemaBuilder()
    builder.add_text_field("title", stored=True, tokenizer_name="vi_fold")
    builder.add_text_field("body", tokenizer_name="vi_fold")
    for facet in FACETS:
        builder.add_text_field(facet, fast=True, tokenizer_name="raw")
    schema = builder.build()
    shutil.rmtree(work, ignore_errors=True)
    Path(work).mkdir(parents=True)
    index = tv.Index(schema, path=str(work))
    analyzer = (tv.TextAnalyzerBuilder(tv.Tokenizer.simple()).filter(tv.Filter.lowercase())
                .filter(tv.Filter.ascii_fold()).build())
    index.register_tokenizer("vi_fold", analyzer)
    started = time.monotonic()
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    for r in data:
        document = tv.Document(title=r["title"], body="\n\n".join(r["paragraphs"]))
        for facet in FACETS:
            values = r.get(facet) or []
            for value in ([values] if isinstance(values, str) else values):
                document.add_text(facet, value)
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.monotonic() - started - data.seconds
    index.reload()
    searcher = index.searcher()
    aggregation = {facet: {"terms": {"field": facet, "size": 30}} for facet in FACETS}

    def run(text, with_facets):
        folded = fold(text)
        query_text = folded if folded.startswith('"') else " ".join(f"+{w}" for w in folded.split())
        query = index.parse_query(query_text, ["title", "body"], field_boosts={"title": TITLE_BOOST})
        result = searcher.search(query, 10, count=True)
        if with_facets:
            searcher.aggregate(query, aggregation)
        return result.count

    out = {"label": "tantivy 0.27 (ascii_fold), top 10 + exact total", "seconds": round(seconds, 1),
           "docs_per_s": round(data.count / seconds, 1), "documents": data.count,
           "reading_seconds": round(data.seconds, 1), "index_mb": disk_mb(work)}
    for with_facets, key in ((False, "latency"), (True, "latency_with_facets")):
        times = every(time_queries(lambda params, with_facets=with_facets: run(plain_words(params), with_facets),
                                   queries, repeat))
        out[key] = summary(times)
    if distinct:
        def safe(params):
            with contextlib.suppress(ValueError):  # a query tantivy's parser refuses: timed like an answer
                run(plain_words(params), True)
        out["distinct"] = _distinct(safe, distinct)
        out["distinct_label"] = "tantivy + 6 facet aggregations"
    return out


ENGINES = {"fts5": fts5, "tantivy": tantivy}
