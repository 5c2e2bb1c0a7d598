"""python -m indexer build|ensure|show|search|verify — human text by default, JSON with --json.

Every failure is one line on stderr (no traceback) and its own exit code:

  0  built (or shown, found, verified intact)
  1  some files could not be read or parsed (each is named; the rest is indexed)
  2  usage error: missing source or index, bad option
  3  another build holds the index
  4  the index is in an older format and must be rebuilt (the message gives the command)
  5  the index is damaged: a file missing, cut short or changed since its commit
     ('verify' found it, or an update refused to build on it); 'build --rebuild'
     repairs it and keeps every article's id
  6  permission denied: the index directory (or a file in it) cannot be written
  7  the disk (or quota) is full; the index was left as it was
  8  another input/output error
  9  a worker process or the program itself failed unexpectedly (set
     VNSEARCH_DEBUG=1 for the traceback)
  130 interrupted (Ctrl-C)

A failed build leaves the index as it was and removes what it wrote; what a killed
build left is removed by the next one.  A CURRENT that names a missing generation is
reported by every command but 'build', which builds a new generation.
"""
import argparse
import contextlib
import json
import os
import sys

from . import settings
from .errors import IndexerError, from_os_error

DEFAULT_SOURCE = "seeds"


def _default_index():
    return settings.index_dir()


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        raise SystemExit(f"{self.prog}: error: {message}") from None


def make_parser():
    parser = _Parser(prog="python -m indexer", description=(
        "Index Vietnamese articles (scraped text files) for search, and inspect the index."))
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="print the versions of this package, Python, ICU, PyICU and Whoosh")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)

    build = commands.add_parser("build", help="index every file under a folder (updates an existing index)",
                                description="Index every non-hidden file under SOURCE. On an existing index, new and "
                                "changed files are indexed, deleted ones removed, unchanged ones skipped.")
    build.add_argument("--source", default=DEFAULT_SOURCE, help="folder of articles (default: seeds/)")
    build.add_argument("--index", default=_default_index(), help="index folder (default: $INDEX_DIR or index/)")
    build.add_argument("--rebuild", action="store_true", help="build a new index from scratch and swap it in")
    build.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                       help="worker processes that read, analyse and index files, each into segments of its "
                       "own, from a few hundred files on (default: the number of CPUs)")
    build.add_argument("--json", action="store_true", help="print the summary as JSON")

    ensure = commands.add_parser(
        "ensure", help="make sure a current index exists (what 'make run' calls)",
        description="Build the index from SOURCE when there is none; rebuild an index written in an older "
        "format from the source folder it records (never from SOURCE: a user's corpus is not replaced by the "
        "seeds), or stop with the command that rebuilds it when that folder is gone; otherwise do nothing.")
    ensure.add_argument("--source", default=DEFAULT_SOURCE, help="folder for a new index only (default: seeds/)")
    ensure.add_argument("--index", default=_default_index(), help="index folder (default: $INDEX_DIR or index/)")
    ensure.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes for a build")
    ensure.add_argument("--json", action="store_true", help="print what was done as JSON")

    show = commands.add_parser("show", help="print every indexed record",
                               description="Print every record in the index, in source order.")
    show.add_argument("--index", default=_default_index(), help="index folder (default: $INDEX_DIR or index/)")
    show.add_argument("--json", action="store_true", help="a JSON list of records")

    verify = commands.add_parser(
        "verify", help="check the whole live index for damage",
        description="Check the live generation: every file against the checksums written at its last commit "
        "(SHA-256), then every segment opened and every term's postings, stored document and column read. "
        "Exit 0 when intact, 5 when damaged (each problem is named; 'build --rebuild' repairs it, ids kept).")
    verify.add_argument("--index", default=_default_index(), help="index folder (default: $INDEX_DIR or index/)")
    verify.add_argument("--quick", action="store_true",
                        help="checksums and opening only, without reading every term and document")
    verify.add_argument("--json", action="store_true", help="print the report as JSON")

    search = commands.add_parser("search", help="search the index and print the ranked hits",
                                 description='Search like the web page: words, "phrases", -excluded, OR.')
    search.add_argument("query", nargs="+", help="the query (diacritics optional)")
    search.add_argument("--index", default=_default_index(), help="index folder (default: $INDEX_DIR or index/)")
    search.add_argument("--limit", type=int, default=10, help="how many hits (default 10)")
    search.add_argument("--json", action="store_true", help="print hits as JSON")
    return parser


def _progress(enabled):
    if not enabled:
        return None
    from tqdm import tqdm

    return lambda items, total: tqdm(items, total=total, desc="Indexing", unit="file", file=sys.stderr, leave=False)


def run_build(args, out):
    from .writer import build

    if args.jobs < 1:
        raise IndexerError("--jobs must be at least 1")
    summary = build(args.source, args.index, rebuild=args.rebuild, jobs=args.jobs,
                    progress=_progress(not args.json and sys.stderr.isatty()),
                    notify=lambda message: print(message, file=sys.stderr, flush=True))
    if args.json:
        out.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(
            f"{summary.mode.capitalize()} build of {args.source} into {args.index}: "
            f"{summary.added} added, {summary.updated} updated, {summary.unchanged} unchanged, "
            f"{summary.removed} removed, {len(summary.skipped)} skipped; "
            + (f"{summary.moved_and_edited} moved and edited (kept their ids); " if summary.moved_and_edited else "")
            + f"{summary.documents} articles in the index"
            + (f", {summary.grouped} of them syndicated copies of {summary.groups} reports" if summary.groups else "")
            + f" ({summary.seconds:.1f} s).\n"
        )
        for path, reason in summary.skipped:
            out.write(f"  skipped {path}: {reason}\n")
        for path, flag in summary.flagged:
            out.write(f"  indexed {path}, {flag}\n")
    return summary.exit_code


def run_ensure(args, out):
    from . import store
    from .errors import StaleIndex
    from .writer import build

    generation = store.current_generation(args.index)
    if generation is None or store.generation_missing(args.index, generation):
        action, source, rebuild = "built", args.source, False
    else:
        info = store.generation_info(args.index, generation)
        try:
            store.check_format(args.index, generation)
            action, source = "present", info.get("source")
        except StaleIndex:
            source = info.get("source")
            if not source or not os.path.isdir(source):
                raise
            action, rebuild = "rebuilt", True
    summary = None
    if action != "present":
        if action == "rebuilt":
            print(f"The index in {args.index} is in an older format: rebuilding it from {source}.",
                  file=sys.stderr, flush=True)
        summary = build(source, args.index, rebuild=rebuild, jobs=max(args.jobs, 1),
                        progress=_progress(not args.json and sys.stderr.isatty()),
                        notify=lambda message: print(message, file=sys.stderr, flush=True))
    if args.json:
        out.write(json.dumps({"action": action, "index": args.index, "source": source,
                              "summary": summary.to_dict() if summary else None}, ensure_ascii=False) + "\n")
    elif summary is None:
        out.write(f"Index present in {args.index}/ (built from {source or 'an unrecorded folder'}).\n")
    else:
        out.write(f"Index {action} in {args.index}/ from {source}: {summary.documents} articles.\n")
    return summary.exit_code if summary else 0


def _records(index_dir):
    from .store import open_live

    _generation, index = open_live(index_dir)
    with index.searcher() as searcher:
        records = [json.loads(stored["record"]) for stored in searcher.all_stored_fields()]
    return sorted(records, key=lambda record: record["source"])


def run_show(args, out):
    records = _records(args.index)
    if args.json:
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return 0
    for record in records:
        out.write(f"{record['id']}  {record['source']}\n  {record['title']}\n")
        out.write(f"  date {record['date'] or '-'}  outlet {record['outlet'] or '-'}  "
                  f"author {', '.join(record['author']) or '-'}\n")
        for label, values in (("clusters", record["clusters"]), ("provinces", record["provinces"])):
            out.write(f"  {label}: {', '.join(values) or '-'}\n")
        for person in record["persons"]:
            details = ", ".join(v for v in (person["rank"], person["role"]) if v)
            out.write(f"  person: {person['name']}" + (f" ({details})" if details else "") + "\n")
        out.write(f"  {len(record['paragraphs'])} paragraphs\n\n")
    return 0


def run_search(args, out):
    import re

    from .search import Engine, IndexUnavailable, SearchRequest
    from .store import check_format, current_generation

    generation = current_generation(args.index)
    if generation is None:
        raise IndexerError(f"no index in {args.index!r}: build one with 'python -m indexer build'")
    check_format(args.index, generation)
    if args.limit < 1:
        raise IndexerError("--limit must be at least 1")
    engine = Engine(args.index)
    try:
        result = engine.search(SearchRequest(q=" ".join(args.query), per_page=min(args.limit, 100)))
    except IndexUnavailable as error:
        if isinstance(error.__context__, IndexerError):  # damaged, stale: its own message and exit code
            raise error.__context__ from None
        raise IndexerError(str(error)) from None
    finally:
        engine.close()
    hits = [{"id": h.id, "title": h.record["title"], "date": h.record["date"], "score": h.score,
             "snippet": h.snippet} for h in result.hits]
    if args.json:
        out.write(json.dumps({"query": " ".join(args.query), "total": result.total, "results": hits},
                             ensure_ascii=False, indent=2) + "\n")
        return 0
    out.write(f"{result.total} result(s) for {' '.join(args.query)!r}\n")
    for rank, hit in enumerate(hits, 1):
        plain = re.sub(r"</?mark>", "*", hit["snippet"])
        out.write(f"{rank:2}. [{hit['id']}] {hit['title']} ({hit['date'] or '-'}) score {hit['score']}\n")
        out.write(f"    {plain}\n")
    return 0


def run_verify(args, out):
    from . import store
    from .errors import IndexCorrupted

    report = store.verify(args.index, quick=args.quick, notify=None if args.json else
                          (lambda message: print(message, file=sys.stderr, flush=True)))
    if args.json:
        out.write(json.dumps(dict(report, index=args.index, intact=not report["problems"]),
                             ensure_ascii=False, indent=2) + "\n")
    else:
        checksums = "checksums match, " if report["checksums"] else "no checksums recorded, "
        out.write(f"{args.index}: generation {report['generation']}, {report['documents']} articles, "
                  f"{report['segments']} segments, {report['terms']} terms read; "
                  f"{checksums if not report['problems'] else ''}"
                  f"{'intact' if not report['problems'] else str(len(report['problems'])) + ' problem(s)'}\n")
        for problem in report["problems"]:
            out.write(f"  {problem}\n")
    if report["problems"]:
        if args.json:
            return IndexCorrupted.exit_code
        source = None
        with contextlib.suppress(IndexerError):
            source = store.generation_info(args.index, report["generation"]).get("source")
        more = len(report["problems"]) - 1
        raise IndexCorrupted(f"the index in {args.index!r} is damaged ({report['problems'][0]}"
                             f"{f'; {more} more' if more else ''}); repair it with "
                             f"'{store.rebuild_command(args.index, source)}' (article ids are kept)")
    return 0


COMMANDS = {"build": run_build, "ensure": run_ensure, "show": run_show, "search": run_search,
            "verify": run_verify}
UNEXPECTED_EXIT = 9


class _Version(argparse.Action):
    """--version: one line per component, printed as is (argparse's own action rewraps lines)."""

    def __call__(self, parser, namespace, values, option_string=None):
        sys.stdout.write(versions() + "\n")
        parser.exit()


def versions():
    """One line per component whose version changes what the index holds or how it reads."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    import icu
    import whoosh

    from .schema import INDEX_FORMAT

    try:
        package = version("vn-search")
    except PackageNotFoundError:
        package = "not installed"
    return (f"vn-search {package} (index format {INDEX_FORMAT})\nPython {platform.python_version()}\n"
            f"ICU {icu.ICU_VERSION}\nPyICU {icu.VERSION}\nWhoosh (whoosh-reloaded) "
            f"{'.'.join(map(str, whoosh.__version__))}")


def run():
    """The `vnsearch` console script."""
    sys.exit(main())


def main(argv=None, out=None):
    out = out or sys.stdout
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        if isinstance(stop.code, str):
            sys.stderr.write(stop.code + "\n")
            return 2
        return stop.code or 0
    try:
        return COMMANDS[args.command](args, out)
    except IndexerError as error:
        sys.stderr.write(f"error: {error}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:  # output piped into `head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        failure = from_os_error(error, "reading or writing the index")
        sys.stderr.write(f"error: {failure}\n")
        return failure.exit_code
    except Exception as error:  # a bug: still one line, the traceback on request
        if settings.debug():
            raise
        sys.stderr.write(f"error: unexpected {type(error).__name__}: {str(error)[:300]} "
                         "(set VNSEARCH_DEBUG=1 for the traceback)\n")
        return UNEXPECTED_EXIT
