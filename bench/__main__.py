"""make bench: build and search speed at N generated articles, beside SQLite FTS5 and tantivy.

    BENCH_N=10000 make bench            (default)
    BENCH_N="10000 100000" make bench   (both, and the growth ratio of p95)
    BENCH_JOBS=2                         (build with 2 processes only)
    BENCH_REUSE_INDEX=1                  (keep an index built by an earlier run: search figures only)
    BENCH_WORK=DIR                       (corpus and indexes there instead of bench/corpus/)

Besides the fixed mix: about 600 distinct search queries by class (bench/distinct.py), 300
suggestion prefixes, 200 article pages, 60 people's and 60 clusters' pages and 200
related-article look-ups (bench/browse.py), each kind in a fresh process, every item once
cold and then again warm.

Writes bench/results/bench-<N>.json and prints a Markdown table. The corpus and
indexes live under bench/corpus/ (not committed).
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from . import browse, engines
from .distinct import CLASSES, draw
from .generate import CORPUS_VERSION, generate
from .measure import disk_mb, every, summary, time_queries
from .queries import QUERIES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = Path(os.environ.get("BENCH_WORK") or HERE / "corpus")
RESULTS = HERE / "results"
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
JOBS = [int(j) for j in os.environ.get("BENCH_JOBS", "1 2").split()]
REUSE = os.environ.get("BENCH_REUSE_INDEX") == "1"
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "15"))


def log(message):
    print(message, file=sys.stderr, flush=True)


def build_ours(corpus, index_dir, jobs):
    """Full build in a child process: (seconds, peak RSS MB of its largest process — the
    build or one of its workers — for this build alone)."""
    shutil.rmtree(index_dir, ignore_errors=True)
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "indexer", "build", "--source", str(corpus), "--index",
                                str(index_dir), "--jobs", str(jobs), "--json"], cwd=ROOT, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)  # this child's usage, with the workers it waited for
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    if process.returncode != 0:
        raise RuntimeError(f"the build failed with exit code {process.returncode}")
    return seconds, round(usage.ru_maxrss / 1024, 1)


def latency_ours(index_dir):
    """{class: summary} of /api/search through the app, warm, in-process."""
    from search_app import create_app

    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()

    def run(params):
        response = client.get("/api/search", query_string=params)
        assert response.status_code == 200, response.get_json()

    # the warm-up pass caches postings, as in a running worker
    by_class = time_queries(run, QUERIES, REPEAT)
    return {cls: summary(times) for cls, times in by_class.items()}, summary(every(by_class))


def distinct_ours(index_dir, items, kind="search", articles=None):
    """{"cold": {class: summary}, "warm": …}: every item once in a fresh process, then again;
    for searches also {"matched": {class: median share of the ``articles`` matched}}."""
    path = WORK / f"distinct-{kind}.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "bench.distinct", str(index_dir), str(path), kind], check=True,
                            cwd=ROOT, capture_output=True, text=True)
    timings = json.loads(result.stdout)
    matched = timings.pop("matched")
    out = by_pass(timings)
    if kind == "search" and articles:
        out["matched"] = {cls: round(statistics.median(totals) / articles, 4) for cls, totals in matched.items()}
        out["matched"]["all"] = round(statistics.median(every(matched)) / articles, 4)
    return out


def by_pass(timings):
    """{"cold"/"warm": {class: summary, "all": summary}} of {pass: {class: [ms]}}."""
    out = {}
    for name, by_class in timings.items():
        out[name] = {cls: summary(times) for cls, times in by_class.items()}
        out[name]["all"] = summary(every(by_class))
    return out


def browsing_ours(index_dir, records):
    """{kind: by_pass}: suggestions, pages (articles, people, clusters) and related articles."""
    return {kind: distinct_ours(index_dir, items, kind) for kind, items in (
        ("suggest", browse.prefixes(records)), ("page", browse.pages(records)),
        ("related", browse.related(records)))}


def update_ours(corpus, index_dir, count):
    """Seconds to add ``count`` new articles to the index, and p95 right after."""
    from .generate import Generator

    extra = Path(corpus) / "zz-update"
    extra.mkdir(exist_ok=True)
    generator = Generator(seed=99)
    for number in range(count):
        (extra / f"new-{number:04d}.txt").write_text(generator.article(number) + "\n", encoding="utf-8")
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "indexer", "build", "--source", str(corpus), "--index", str(index_dir),
                    "--json"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    _by_class, overall = latency_ours(index_dir)
    shutil.rmtree(extra)
    subprocess.run([sys.executable, "-m", "indexer", "build", "--source", str(corpus), "--index", str(index_dir),
                    "--json"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return round(seconds, 2), overall


def http_load(index_dir):
    """Requests/s over HTTP with 2 gunicorn workers, load from a second process; worker RSS."""
    sys.path.insert(0, str(ROOT))
    try:
        from tests.helpers import start_gunicorn, stop
    except ImportError:
        from tests.conftest import start_gunicorn, stop

    process, base = start_gunicorn(index_dir, workers=2)
    try:
        urls = [f"{base}/api/search?{urllib.parse.urlencode(p)}" for _cls, p in QUERIES]
        result = subprocess.run([sys.executable, "-m", "bench.load", str(LOAD_SECONDS), "4", *urls],
                                check=True, cwd=ROOT, capture_output=True, text=True)
        load = json.loads(result.stdout)
        workers = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        rss = []
        for pid in workers:
            with open(f"/proc/{pid}/status") as status:
                rss += [int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS")]
        load["worker_rss_mb"] = rss
        return load
    finally:
        stop(process)


def run(n):
    corpus = WORK / f"articles-{CORPUS_VERSION}-{n}"
    if not corpus.exists():
        log(f"generating {n} articles into {corpus}")
        generate(corpus, n)
    result = {"n": n, "corpus": CORPUS_VERSION, "corpus_mb": disk_mb(corpus), "machine": {"cpus": os.cpu_count()}}
    ours = {}
    previous = RESULTS / f"bench-{n}.json"
    if (REUSE and previous.exists() and (WORK / f"index-{n}-j{max(JOBS)}").exists()
            and json.loads(previous.read_text(encoding="utf-8")).get("corpus") == CORPUS_VERSION):
        # Search changes only: keep the build figures of the run that built this index.
        kept = json.loads(previous.read_text(encoding="utf-8"))["ours"]
        ours.update({k: v for k, v in kept.items() if k.startswith("build_")}, build_reused=True)
    for jobs in sorted(JOBS) if "build_reused" not in ours else ():
        log(f"[ours] full build, {jobs} process(es)")
        seconds, peak = build_ours(corpus, WORK / f"index-{n}-j{jobs}", jobs)
        ours[f"build_j{jobs}"] = {"seconds": round(seconds, 1), "docs_per_s": round(n / seconds, 1),
                                  "peak_rss_mb": peak}
    index_dir = WORK / f"index-{n}-j{max(JOBS)}"
    for jobs in JOBS:
        if jobs != max(JOBS):
            shutil.rmtree(WORK / f"index-{n}-j{jobs}", ignore_errors=True)
    ours["index_mb"] = disk_mb(index_dir)
    log("[ours] latency")
    ours["latency_by_class"], ours["latency"] = latency_ours(index_dir)
    records = engines.records(index_dir)
    distinct = draw(records)
    log(f"[ours] {len(distinct)} distinct queries, cold then warm")
    ours["distinct"] = distinct_ours(index_dir, distinct, "search", len(records))
    log("[ours] suggestions, pages, related articles: cold then warm")
    ours["browsing"] = browsing_ours(index_dir, records)
    log("[ours] HTTP load")
    ours["http"] = http_load(index_dir)
    log("[ours] update: 100 new articles")
    ours["update_100_seconds"], ours["latency_after_update"] = update_ours(corpus, index_dir, 100)
    result["ours"] = ours
    for name, engine in engines.ENGINES.items():
        log(f"[{name}]")
        try:
            result[name] = engine(corpus, WORK / f"{name}-{n}", QUERIES, REPEAT, index_dir, distinct)
        except ImportError as error:
            result[name] = {"skipped": str(error)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"bench-{n}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result


def table(results):
    lines = ["| N | engine | build docs/s (1 proc / 2 procs) | search p50 / p95 / p99 ms | index MB |",
             "|---|---|---|---|---|"]
    for r in results:
        o = r["ours"]
        builds = " / ".join(str(o.get(f"build_j{j}", {}).get("docs_per_s", "-")) for j in (1, 2))
        lines.append(f"| {r['n']} | ours: Whoosh + numpy columns (total + 6 facets + snippets) | {builds} | "
                     f"{o['latency']['p50']} / {o['latency']['p95']} / {o['latency']['p99']} | {o['index_mb']} |")
        for name in engines.ENGINES:
            e = r.get(name, {})
            if "skipped" in e or not e:
                lines.append(f"| {r['n']} | {name} | skipped: {e.get('skipped', '-')} | | |")
                continue
            lines.append(f"| {r['n']} | {e['label']} | {e['docs_per_s']} | "
                         f"{e['latency']['p50']} / {e['latency']['p95']} / {e['latency']['p99']} | {e['index_mb']} |")
            if "latency_with_facets" in e:
                f = e["latency_with_facets"]
                lines.append(f"| {r['n']} | {name} with 6 facet aggregations | | "
                             f"{f['p50']} / {f['p95']} / {f['p99']} | |")
    lines += ["", *distinct_table(results), "", *browsing_table(results)]
    lines.append("")
    for r in results:
        o = r["ours"]
        classes = ", ".join(f"{cls} {s['p50']}/{s['p95']}" for cls, s in o["latency_by_class"].items())
        lines.append(f"- N={r['n']}: per class p50/p95 ms: {classes}")
        lines.append(f"- N={r['n']}: HTTP {o['http']['requests_per_s']} req/s with 2 workers "
                     f"({o['http']['ok']} ok, {o['http']['failed']} failed), "
                     f"worker RSS {o['http']['worker_rss_mb']} MB; "
                     f"peak build RSS {o[max(k for k in o if k.startswith('build_j'))]['peak_rss_mb']} MB; "
                     f"adding 100 articles {o['update_100_seconds']} s, "
                     f"p95 right after {o['latency_after_update']['p95']} ms")
    if len(results) > 1:
        first, last = results[0], results[-1]
        ratio = last["ours"]["latency"]["p95"] / max(first["ours"]["latency"]["p95"], 0.001)
        lines.append(f"- growth: p95 at {last['n']} / p95 at {first['n']} = {ratio:.2f}")
    return "\n".join(lines)


def _pp(figures):
    return f"{figures['p50']} / {figures['p95']}" if figures else "-"


def distinct_table(results):
    """Distinct search queries by class: ours, FTS5 and tantivy, cold and warm, and how much ours matched."""
    names = list(engines.ENGINES)
    lines = ["| N | distinct queries | n | ours cold p50 / p95 ms | ours warm | "
             + " | ".join(f"{name} cold | {name} warm" for name in names) + " | ours: median share matched |",
             "|---|---|---|---|---|" + "---|---|" * len(names) + "---|"]
    for r in results:
        ours = r["ours"].get("distinct")
        if not ours:
            continue
        others = [r.get(name, {}).get("distinct") or {} for name in names]
        order = [*CLASSES, "fixed mix", "all"]
        for cls, cold in sorted(ours["cold"].items(), key=lambda item: order.index(item[0]) if item[0] in order else 0):
            cells = [_pp(cold), _pp(ours["warm"][cls])]
            for other in others:
                cells += [_pp(other.get("cold", {}).get(cls)), _pp(other.get("warm", {}).get(cls))]
            share = ours.get("matched", {}).get(cls)
            cells.append(f"{share:.1%}" if share is not None else "-")
            lines.append(f"| {r['n']} | {cls} | {cold['n']} | " + " | ".join(cells) + " |")
    return lines


def browsing_table(results):
    """Suggestions (issue 13), pages and related articles (issue 14): ours, cold and warm."""
    lines = ["| N | kind | class | n | cold p50 / p95 ms | warm p50 / p95 ms |", "|---|---|---|---|---|---|"]
    for r in results:
        for kind, figures in r["ours"].get("browsing", {}).items():
            for cls, cold in figures["cold"].items():
                if cls == "all" and len(figures["cold"]) == 2:
                    continue  # one class: its row says it all
                lines.append(f"| {r['n']} | {kind} | {cls} | {cold['n']} | {_pp(cold)} | {_pp(figures['warm'][cls])} |")
    return lines


def main():
    sizes = [int(n) for n in os.environ.get("BENCH_N", "10000").split()]
    results = [run(n) for n in sizes]
    print(table(results))


if __name__ == "__main__":
    main()
