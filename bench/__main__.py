"""make bench: build and search speed at N generated articles, beside SQLite FTS5 and tantivy.

    BENCH_N=10000 make bench            (default)
    BENCH_N="10000 100000" make bench   (both, and the growth ratio of p95)
    BENCH_JOBS=2                         (build with 2 processes only)
    BENCH_REUSE_INDEX=1                  (keep an index built by an earlier run: search figures only)
    BENCH_WORK=DIR                       (corpus and indexes there instead of bench/corpus/)
    BENCH_FRESH=1                        (start over: the state, corpus and indexes of this N removed;
                                          leave it out when resuming that run, or it starts over again)
    BENCH_PLAN=1                         (print the plan of disk and time, and stop)

Besides the fixed mix: about 600 distinct search queries by class (bench/distinct.py), 300
suggestion prefixes, 200 article pages, 60 people's and 60 clusters' pages and 200
related-article look-ups (bench/browse.py), each kind in a fresh process, every item once
cold and then again warm.

Writes bench/results/bench-<N>.json (BENCH_RESULTS=DIR: there) and prints a Markdown table.
The corpus and indexes live under BENCH_WORK (default bench/corpus/, not committed).

Stages and resuming.  A run is a sequence of stages, each recorded when it finishes in
BENCH_WORK/state-<N>.json with its results and what it ran with (bench/state.py):

    generate     the corpus, articles-<version>-<N>/ (100 articles per folder)
    build_j<J>   a full build with J processes, for each J of BENCH_JOBS (smallest first; only
                 the largest's index, index-<N>-j<J>/, is kept: the others are removed once measured)
    latency      the fixed mix, warm, on that index
    draw         the distinct queries, prefixes, pages and related look-ups, drawn from the
                 index's records read back one at a time (bench/records.py), kept in queries-<N>.json
    distinct     the distinct queries, cold then warm
    browsing     suggestions, pages, related articles, cold then warm
    http         the HTTP load through gunicorn
    update       100 new articles added, searched, removed again
    fts5, tantivy  the other engines, each built from an empty folder

Started again with the same BENCH_N and BENCH_WORK after an interruption (Ctrl-C, kill -9, a
reboot), a run redoes only what did not finish: a stage is skipped when its record matches
(same settings, and the stages it used unchanged) and what it left is there; a stage redone
makes the stages that used it stale (a new build: every measurement on it again).  The
generation writes checkpoints (bench/generate.py: generate_resumable), so a corpus half
written goes on from its last checkpoint and is never taken for complete; its progress file,
articles-<version>-<N>.progress.json, goes when it is.  The update marks itself pending before
it touches the corpus: a run that finds the mark (or a zz-update/ folder in the corpus)
removes the added articles and updates the index back before anything else.  Children end
with the run (PR_SET_PDEATHSIG), and a lock file keeps a second run off the same N.  A run
that finished, started again, is a new run: the corpus is kept, and with BENCH_REUSE_INDEX=1
the builds too; BENCH_FRESH=1 starts from nothing.

Before its first stage a run prints its plan (bench/plan.py): the disk each unfinished stage
needs at its peak and what it leaves, against the free space of BENCH_WORK's filesystem (it
stops when that is short, unless BENCH_NO_DISK_CHECK=1), and the time, from the per-article
figures and rates of the largest earlier results file (N >= 10,000).  Long stages report
progress on stderr: the generation at each checkpoint (BENCH_CHECKPOINT=10000 articles), a
build the size of its index every minute (and the indexer's progress bar on a terminal),
records read back every 100,000.  For tests and smoke runs: BENCH_DRAW_SCALE=0.1 keeps a tenth
of each drawn set, BENCH_UPDATE_COUNT=5 adds 5 articles in the update instead of 100,
BENCH_UNTIL=STAGE stops after that stage, and BENCH_KILL_AT=POINT makes the run kill itself
with SIGKILL at that point (bench/state.py: hook).
"""
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from . import browse, engines
from . import plan as planning
from .distinct import CLASSES, draw
from .generate import CORPUS_VERSION, PER_FOLDER, generate_resumable
from .measure import disk_mb, every, summary, time_queries
from .queries import QUERIES
from .records import Digest
from .state import State, die_with_parent, hook, locked, write_atomically

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = Path(os.environ.get("BENCH_WORK") or HERE / "corpus").absolute()  # the children run in ROOT
RESULTS = Path(os.environ.get("BENCH_RESULTS") or HERE / "results").absolute()
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
JOBS = sorted({int(j) for j in os.environ.get("BENCH_JOBS", "1 2").split()})
REUSE = os.environ.get("BENCH_REUSE_INDEX") == "1"
FRESH = os.environ.get("BENCH_FRESH") == "1"
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "15"))
CHECKPOINT = int(os.environ.get("BENCH_CHECKPOINT", "10000"))
DRAW_SCALE = float(os.environ.get("BENCH_DRAW_SCALE", "1"))
UNTIL = os.environ.get("BENCH_UNTIL", "")
UPDATE_COUNT = int(os.environ.get("BENCH_UPDATE_COUNT", "100"))  # fewer in the tests
POLL_SECONDS = 0.2

def log(message):
    print(message, file=sys.stderr, flush=True)


class Peak:
    """The largest a folder grew (bytes on disk) while the with block ran, polled from a thread;
    every ``report`` seconds a progress line.  Start it after any child process is started
    (a fork while a thread runs Python code is best avoided)."""

    def __init__(self, path, label=None, expected=None, report=60):
        self.path, self.label, self.expected, self.report = Path(path), label, expected, report
        self.peak = 0
        self._stop = threading.Event()

    def _poll(self):
        started = last = time.monotonic()
        while not self._stop.wait(POLL_SECONDS if self.peak < 1e9 else 2):
            size = planning._du(self.path)
            self.peak = max(self.peak, size)
            if self.label and time.monotonic() - last >= self.report:
                last = time.monotonic()
                share = f", about {size / self.expected:.0%} of its expected size" if self.expected else ""
                log(f"  {self.label}: {size / 1e6:,.0f} MB written in {(last - started) / 60:,.0f} min{share}")

    def __enter__(self):
        self.peak = planning._du(self.path)
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, planning._du(self.path))

    @property
    def mb(self):
        return round(self.peak / 1e6, 1)


def _indexer(corpus, index_dir, jobs=None, peak=None):
    """``python -m indexer build`` in a child that ends with this run; (seconds, peak RSS MB of its
    largest process — the build or one of its workers — for this build alone)."""
    arguments = [sys.executable, "-m", "indexer", "build", "--source", str(corpus), "--index", str(index_dir)]
    arguments += ["--jobs", str(jobs)] if jobs else []
    arguments += [] if sys.stderr.isatty() else ["--json"]  # its progress bar when someone watches
    started = time.monotonic()
    process = subprocess.Popen(arguments, cwd=ROOT, stdout=subprocess.DEVNULL, preexec_fn=die_with_parent)
    with peak or contextlib.nullcontext():
        _pid, status, usage = os.wait4(process.pid, 0)  # this child's usage, with the workers it waited for
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"the build of {index_dir} failed with exit code {code}")
    return time.monotonic() - started, round(usage.ru_maxrss / 1024, 1)


def build_ours(corpus, index_dir, jobs, n=None):
    """Full build in a child process: {seconds, docs_per_s, peak RSS, index size and its peak on disk}."""
    shutil.rmtree(index_dir, ignore_errors=True)
    expected = n and planning.figures(RESULTS)["index_bytes"][0] * n
    peak = Peak(index_dir, f"build with {jobs} process(es)", expected)
    seconds, rss = _indexer(corpus, index_dir, jobs, peak)
    os.sync()  # the index on disk before the record that says it is built
    out = {"seconds": round(seconds, 1), "peak_rss_mb": rss, "index_peak_mb": peak.mb}
    if n:
        out["docs_per_s"] = round(n / seconds, 1)
    return out


def _run_child(arguments):
    """stdout of a bench child process that ends with this run (check=True)."""
    return subprocess.run(arguments, check=True, cwd=ROOT, capture_output=True, text=True,
                          preexec_fn=die_with_parent).stdout


def latency_ours(index_dir):
    """{class: summary} of /api/search through the app, warm, in-process."""
    from search_app import create_app

    client = create_app({"INDEX_DIR": str(index_dir), "REQUEST_TIMEOUT": 0}).test_client()  # measured, never cut

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
    timings = json.loads(_run_child([sys.executable, "-m", "bench.distinct", str(index_dir), str(path), kind]))
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


def draw_all(index_dir):
    """{"articles", "distinct", "suggest", "page", "related"}: the items of the distinct stages, drawn
    from the index's records read once, one at a time (bench/records.py)."""
    found = Digest(engines.records(index_dir))
    drawn = {"articles": found.count, "distinct": draw(found), "suggest": browse.prefixes(found),
             "page": browse.pages(found), "related": browse.related(found)}
    if DRAW_SCALE < 1:  # each drawn set shuffled: its first part is a sample of it
        for kind in ("suggest", "page", "related"):
            drawn[kind] = drawn[kind][:max(1, round(len(drawn[kind]) * DRAW_SCALE))]
        searches = [q for q in drawn["distinct"] if q[0] != "fixed mix"]
        drawn["distinct"] = searches[:max(1, round(len(searches) * DRAW_SCALE))] + [
            q for q in drawn["distinct"] if q[0] == "fixed mix"]
    return json.loads(json.dumps(drawn, ensure_ascii=False))  # as read back from the file when resumed


def browsing_ours(index_dir, drawn):
    """{kind: by_pass}: suggestions, pages (articles, people, clusters) and related articles."""
    return {kind: distinct_ours(index_dir, drawn[kind], kind) for kind in ("suggest", "page", "related")}


def update_ours(corpus, index_dir, count, state):
    """Seconds to add ``count`` new articles to the index, p95 right after, and the index's peak on
    disk meanwhile; the articles are removed and the index updated back before it returns.  The
    state marks the update pending first: ``restore_update`` undoes an interrupted one."""
    from .generate import Generator

    state.data["update_pending"] = str(index_dir)
    state.save()
    extra = Path(corpus) / "zz-update"
    extra.mkdir(exist_ok=True)
    generator = Generator(seed=99)
    for number in range(count):
        (extra / f"new-{number:04d}.txt").write_text(generator.article(number) + "\n", encoding="utf-8")
    peak = Peak(index_dir)
    seconds, _rss = _indexer(corpus, index_dir, JOBS[-1], peak=peak)
    hook("update:added")
    _by_class, overall = latency_ours(index_dir)
    shutil.rmtree(extra)
    hook("update:removed")
    _indexer(corpus, index_dir, JOBS[-1])
    os.sync()
    state.data.pop("update_pending", None)  # saved with the stage's record
    return {"update_100_seconds": round(seconds, 2), "update_articles": count, "latency_after_update": overall,
            "update_index_peak_mb": peak.mb}


def restore_update(corpus, index_dir, state, index_built):
    """Undo an update that was interrupted: its articles out of the corpus, and out of the index
    when the index is kept (an update of the index from the corpus as generated)."""
    extra = Path(corpus) / "zz-update"
    if not state.data.get("update_pending") and not extra.exists():
        return
    log(f"an update was interrupted: removing {extra} and updating {index_dir} back")
    shutil.rmtree(extra, ignore_errors=True)
    if index_built and Path(index_dir).exists():
        _indexer(corpus, index_dir, JOBS[-1])
        os.sync()
    state.data.pop("update_pending", None)
    state.save()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_load(index_dir):
    """Requests/s over HTTP with 2 gunicorn workers, load from a second process; worker RSS."""
    port = _free_port()
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), INDEX_DIR=str(index_dir), WEB_CONCURRENCY="2")
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                                    "search_app.wsgi:app"], cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(process, base, output)
            urls = [f"{base}/api/search?{urllib.parse.urlencode(p)}" for _cls, p in QUERIES]
            load = json.loads(_run_child([sys.executable, "-m", "bench.load", str(LOAD_SECONDS), "4", *urls]))
            workers = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
            rss = []
            for pid in workers:
                with open(f"/proc/{pid}/status") as status:
                    rss += [int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS")]
            load["worker_rss_mb"] = rss
            return load
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for(process, base, output, seconds=600):  # workers open the whole index first
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output.seek(0)
            raise RuntimeError("gunicorn exited: " + output.read().decode(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(base + "/api/search?per_page=1", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {seconds} s")


def corpus_complete(corpus, n):
    """The generation's record is trusted only with the folders it says it wrote, the last one full."""
    folders = -(-n // PER_FOLDER)
    last = Path(corpus) / f"{folders - 1:04d}" / f"article-{n - 1:06d}.txt"
    try:
        count = sum(1 for entry in os.scandir(corpus) if entry.name.isdigit())
        return count == folders and last.stat().st_size > 0
    except OSError:
        return False


def _index_live(index_dir):
    try:
        from indexer.store import open_live

        open_live(str(index_dir))
        return True
    except Exception:  # noqa: BLE001 -- any reason it cannot be opened: build it again
        return False


class Run:
    """One N's stages against its state file (see the module's docstring)."""

    def __init__(self, n):
        self.n = n
        self.corpus = WORK / f"articles-{CORPUS_VERSION}-{n}"
        self.progress = WORK / f"articles-{CORPUS_VERSION}-{n}.progress.json"
        self.index_dir = WORK / f"index-{n}-j{JOBS[-1]}"
        self.queries = WORK / f"queries-{n}.json"
        self.state = State(WORK / f"state-{n}.json")
        self.top = f"build_j{JOBS[-1]}"
        self.stages = [  # name, stages it uses, settings, whether what it left is there
            ("generate", [], {"n": n, "corpus": CORPUS_VERSION}, lambda: corpus_complete(self.corpus, n)),
            *[(f"build_j{j}", ["generate"], {"jobs": j},
               (lambda: _index_live(self.index_dir)) if j == JOBS[-1] else (lambda: True)) for j in JOBS],
            ("latency", [self.top], {"repeat": REPEAT}, None),
            ("draw", [self.top], {"scale": DRAW_SCALE}, lambda: self.queries.exists()),
            ("distinct", ["draw"], {}, None),
            ("browsing", ["draw"], {}, None),
            ("http", [self.top], {"seconds": LOAD_SECONDS}, None),
            ("update", [self.top], {"count": UPDATE_COUNT}, None),
            ("fts5", ["draw"], {"repeat": REPEAT}, lambda: (WORK / f"fts5-{n}").exists()),
            ("tantivy", ["draw"], {"repeat": REPEAT}, lambda: (WORK / f"tantivy-{n}").exists()),
        ]

    def inputs(self, name, uses, settings):
        return {"after": {use: self.state.token(use) for use in uses}, **settings}

    def pending(self):
        """The stages this run will do, in order: those not done, and those after them that use them."""
        redo = []
        for name, uses, settings, present in self.stages:
            if (any(use in redo for use in uses) or not self.state.done(name, self.inputs(name, uses, settings))
                    or (present and not present())):
                redo.append(name)
        return redo

    def start(self, dry=False):
        """FRESH, or a finished run started again (a new run), or an earlier index adopted for REUSE;
        ``dry``: the state as it would be, nothing written or removed (for the plan alone)."""
        if dry:
            self.state.dry = True
            if FRESH:
                self.state.data = {"stages": {}, "run": 1}
        elif FRESH:
            log(f"BENCH_FRESH=1: removing the state, corpus and indexes of N={self.n} in {WORK}")
            for path in (self.state.path, self.progress, self.queries):
                path.unlink(missing_ok=True)
            for folder in [self.corpus, *(WORK / f"index-{self.n}-j{j}" for j in JOBS),
                           *(WORK / f"{name}-{self.n}" for name in engines.ENGINES)]:
                shutil.rmtree(folder, ignore_errors=True)
            self.state = State(self.state.path)
        if self.state.data.get("complete"):
            keep = {"generate"} | ({name for name, *_ in self.stages if name.startswith("build_j")} if REUSE else set())
            self.state.forget(set(self.state.data["stages"]) - keep)
            self.state.data.update(run=self.state.data["run"] + 1, complete=False)
            self.state.save()
        elif REUSE and not self.state.data["stages"]:
            self.adopt()

    def adopt(self):
        """BENCH_REUSE_INDEX=1 with a corpus and an index of a run before state files: their figures
        taken from its results file, the corpus's files counted."""
        previous = RESULTS / f"bench-{self.n}.json"
        if not (previous.exists() and self.corpus.is_dir() and _index_live(self.index_dir)):
            return
        kept = json.loads(previous.read_text(encoding="utf-8"))
        if (self.corpus / "zz-update").exists():  # an update of that run interrupted: undone before the stages
            self.state.data["update_pending"] = str(self.index_dir)
        files = sum(len(os.listdir(entry.path)) for entry in os.scandir(self.corpus) if entry.name.isdigit())
        if kept.get("corpus") != CORPUS_VERSION or files != self.n or not corpus_complete(self.corpus, self.n):
            return
        log(f"BENCH_REUSE_INDEX=1: adopting {self.corpus} ({files:,} articles) and {self.index_dir} "
            f"with the build figures of {previous.name}")
        self.state.finish("generate", self.inputs("generate", *self.stages[0][1:3]),
                          {"corpus_mb": kept["corpus_mb"], "adopted": True}, 0)
        for name, uses, settings, _present in self.stages[1:1 + len(JOBS)]:
            if name in kept["ours"]:
                result = {**kept["ours"][name], "adopted": True}
                if name == self.top:
                    result["index_mb"] = kept["ours"].get("index_mb") or disk_mb(self.index_dir)
                self.state.finish(name, self.inputs(name, uses, settings), result, 0)

    def plan(self, to_run):
        generated = 0
        with contextlib.suppress(OSError, ValueError, KeyError):
            saved = json.loads(self.progress.read_text(encoding="utf-8"))
            generated = saved["done"] if saved["key"]["count"] == self.n else 0
        rows = planning.plan(self.n, WORK, to_run, JOBS, RESULTS, generated, LOAD_SECONDS)
        return planning.report(self.n, WORK, rows, generated)

    def execute(self):
        to_run = self.pending()
        text, need, need_inodes, _seconds, free, inodes = self.plan(to_run)
        log(text)
        if os.environ.get("BENCH_PLAN") == "1":
            return None
        problem = planning.check(need, need_inodes, free, inodes, WORK)
        if problem and os.environ.get("BENCH_NO_DISK_CHECK") != "1":
            raise SystemExit(problem)
        done = [name for name, *_ in self.stages if name not in to_run]
        if done:
            log(f"resuming N={self.n}: done before: {', '.join(done)}")
        restore_update(self.corpus, self.index_dir, self.state, self.top not in to_run)
        ran = set()
        for name, uses, settings, present in self.stages:
            inputs = self.inputs(name, uses, settings)
            if not (self.state.done(name, inputs) and (present is None or present()) and not ran & set(uses)):
                ran.add(name)
                log(f"[ours] full build, {settings['jobs']} process(es)" if name.startswith("build_j") else f"[{name}]")
                started = time.monotonic()
                result = self.do(name, settings)
                self.state.finish(name, inputs, result, time.monotonic() - started)
            if name == UNTIL:
                log(f"BENCH_UNTIL={UNTIL}: stopping here")
                return None
        return self.result()

    def do(self, name, settings):
        n, index_dir = self.n, self.index_dir
        if name == "generate":
            shutil.rmtree(self.corpus / "zz-update", ignore_errors=True)
            if self.corpus.exists() and not self.progress.exists():
                log(f"{self.corpus} has no record of being complete: generated again")
            written, seconds = generate_resumable(self.corpus, n, self.progress, every=CHECKPOINT, log=log,
                                                  after_article=_article_hook())
            result = {"corpus_mb": disk_mb(self.corpus), "corpus_disk_mb": round(planning._du(self.corpus) / 1e6, 1),
                      "articles_this_run": written, "articles_per_s": round(written / max(seconds, 1e-3), 1)}
            self.progress.unlink(missing_ok=True)
            return result
        if name.startswith("build_j"):
            jobs = settings["jobs"]
            result = build_ours(self.corpus, WORK / f"index-{n}-j{jobs}", jobs, n)
            if jobs != JOBS[-1]:
                shutil.rmtree(WORK / f"index-{n}-j{jobs}", ignore_errors=True)
            else:
                result["index_mb"] = disk_mb(index_dir)
                result["index_disk_mb"] = round(planning._du(index_dir) / 1e6, 1)
            return result
        if name == "latency":
            by_class, overall = latency_ours(index_dir)
            return {"latency_by_class": by_class, "latency": overall}
        if name == "draw":
            drawn = draw_all(index_dir)
            write_atomically(self.queries, json.dumps(drawn, ensure_ascii=False))
            return {"articles": drawn["articles"], **{k: len(v) for k, v in drawn.items() if k != "articles"}}
        drawn = json.loads(self.queries.read_text(encoding="utf-8")) if name in (
            "distinct", "browsing", "fts5", "tantivy") else None
        if name == "distinct":
            log(f"[ours] {len(drawn['distinct'])} distinct queries, cold then warm")
            return distinct_ours(index_dir, drawn["distinct"], "search", drawn["articles"])
        if name == "browsing":
            return browsing_ours(index_dir, drawn)
        if name == "http":
            return http_load(index_dir)
        if name == "update":
            return update_ours(self.corpus, index_dir, UPDATE_COUNT, self.state)
        shutil.rmtree(WORK / f"{name}-{n}", ignore_errors=True)
        try:
            with Peak(WORK / f"{name}-{n}") as peak:
                out = engines.ENGINES[name](self.corpus, WORK / f"{name}-{n}", QUERIES, REPEAT, index_dir,
                                            drawn["distinct"])
            return {**out, "peak_disk_mb": peak.mb}
        except ImportError as error:
            Path(WORK / f"{name}-{n}").mkdir(exist_ok=True)
            return {"skipped": str(error)}

    def result(self):
        stages = {name: self.state.entry(name) for name, *_ in self.stages}
        r = {name: entry["result"] for name, entry in stages.items()}
        generation = r["generate"]
        result = {"n": self.n, "corpus": CORPUS_VERSION, "corpus_mb": generation["corpus_mb"],
                  "machine": {"cpus": os.cpu_count()}, "generate": generation}
        ours = {}
        for name, entry in stages.items():
            if name.startswith("build_j"):
                ours[name] = {k: v for k, v in entry["result"].items() if k not in ("index_mb", "index_disk_mb")}
                if entry["run"] < self.state.data["run"] or entry["result"].get("adopted"):
                    ours["build_reused"] = True
        top = r[self.top]
        ours["index_mb"] = top["index_mb"] if "index_mb" in top else disk_mb(self.index_dir)
        ours.update({k: top[k] for k in ("index_disk_mb",) if k in top})
        ours.update(r["latency"])
        ours["distinct"] = r["distinct"]
        ours["browsing"] = r["browsing"]
        ours["http"] = r["http"]
        ours.update(r["update"])
        result["ours"] = ours
        for name in engines.ENGINES:
            result[name] = r[name]
        result["stage_seconds"] = {name: entry["seconds"] for name, entry in stages.items()}
        RESULTS.mkdir(parents=True, exist_ok=True)
        write_atomically(RESULTS / f"bench-{self.n}.json", json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        self.state.data["complete"] = True
        self.state.save()
        return result


def _article_hook():
    points = [p for p in os.environ.get("BENCH_KILL_AT", "").split(",") if p.startswith("generate:article:")]
    if not points:
        return None
    return lambda number: hook(f"generate:article:{number}")


def run(n):
    WORK.mkdir(parents=True, exist_ok=True)
    with locked(WORK / f"state-{n}.lock"):
        bench = Run(n)
        bench.start(dry=os.environ.get("BENCH_PLAN") == "1")
        return bench.execute()


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
    results = [result for result in map(run, sizes) if result]  # none: a plan or BENCH_UNTIL
    if results:
        print(table(results))


if __name__ == "__main__":
    main()
