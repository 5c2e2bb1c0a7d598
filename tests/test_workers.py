"""Builds with worker processes (one segment each) index exactly what a build in one process does."""
import os
import select
import signal
import subprocess
import sys
import time

import pytest

from indexer import writer as writer_module
from indexer.cli import _records
from indexer.search import Engine, SearchRequest
from indexer.store import current_generation
from indexer.writer import build

from .helpers import ARTICLES, ROOT, SEEDS, corpus, write_articles

QUERIES = ["nguyen van han", "Nguyễn Văn Hận", "thi đua", '"an ninh quốc gia"', "công an -kiên", ""]


@pytest.fixture
def workers_for_any_build(monkeypatch):
    """Worker processes even for a handful of files (normally only from a few hundred)."""
    monkeypatch.setattr(writer_module, "WORKER_MIN_FILES", 0)
    monkeypatch.setattr(writer_module, "BATCH_FILES", 2)


def _mixed_source(folder):
    articles = {path.name: path.read_text(encoding="utf-8")
                for path in list(SEEDS.iterdir()) + list(ARTICLES.iterdir())}
    articles["empty.txt"] = ""
    return write_articles(folder, articles)


def _results(index_dir):
    engine = Engine(str(index_dir))
    try:
        found = {}
        for query in QUERIES:
            result = engine.search(SearchRequest(q=query, per_page=50))
            found[query] = (result.total, [hit.id for hit in result.hits], result.facets)
        return found
    finally:
        engine.close()


def test_a_build_with_workers_indexes_what_one_process_indexes(tmp_path, workers_for_any_build):
    source = _mixed_source(tmp_path / "src")
    alone = build(str(source), str(tmp_path / "alone"), jobs=1)
    shared = build(str(source), str(tmp_path / "shared"), jobs=2)
    timings = {"index": None, "generation": None, "seconds": None, "grouping_seconds": None}
    assert shared.to_dict() | timings == alone.to_dict() | timings
    assert shared.skipped == [("empty.txt", "empty file")]
    shared_files = os.listdir(tmp_path / "shared" / shared.generation)
    assert len(shared_files) > len(os.listdir(tmp_path / "alone" / alone.generation))
    assert _records(str(tmp_path / "shared")) == _records(str(tmp_path / "alone"))
    assert _results(tmp_path / "shared") == _results(tmp_path / "alone")


def test_a_build_that_fills_its_memory_many_times_writes_many_segments_and_the_same_index(tmp_path, monkeypatch):
    from indexer import workers

    source = _mixed_source(tmp_path / "src")
    build(str(source), str(tmp_path / "one"), jobs=1)
    monkeypatch.setattr(workers, "BUILD_MEMORY_MB", 0.05)  # a segment every article or two
    summary = build(str(source), str(tmp_path / "many"), jobs=1)
    segments = {name.split(".")[0] for name in os.listdir(tmp_path / "many" / summary.generation)
                if name.endswith(".trm")}
    assert len(segments) >= 5
    assert _records(str(tmp_path / "many")) == _records(str(tmp_path / "one"))
    assert _results(tmp_path / "many") == _results(tmp_path / "one")


def test_an_update_with_workers_replaces_changed_articles_and_removes_deleted_ones(tmp_path, workers_for_any_build):
    source = corpus(tmp_path / "src", 4)
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir), jobs=2)
    names = sorted(os.listdir(source))
    for name in names[:10]:
        path = source / name
        text = path.read_text(encoding="utf-8").replace("Bản sao số", "Bản sao về Cụm thi đua số 77, số", 1)
        path.write_text(text, encoding="utf-8")
    (source / names[-1]).unlink()
    summary = build(str(source), str(index_dir), jobs=2)
    assert (summary.updated, summary.unchanged, summary.removed, summary.documents) == (10, 9, 1, 19)
    engine = Engine(str(index_dir))
    try:
        # the corpus is copies of a few seeds: syndicated copies, so count articles, not reports
        assert engine.search(SearchRequest(q="")).articles == 19
        assert engine.search(SearchRequest(q='"cụm thi đua số 77"')).articles == 10
    finally:
        engine.close()


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def _children(pid):
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found


def test_a_worker_that_dies_fails_the_build_with_a_message_and_leaves_the_index(tmp_path):
    source = corpus(tmp_path / "src", 80)  # 400 files: worker processes without any setting
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    live = current_generation(str(index_dir))
    process = subprocess.Popen([sys.executable, "-m", "indexer", "build", "--source", str(source), "--index",
                                str(index_dir), "--rebuild", "--jobs", "2"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    workers = []
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        workers = [pid for pid in _children(process.pid)
                   if b"spawn_main" in _cmdline(pid)]
        time.sleep(0.05)
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 9  # WorkerFailed (indexer/cli.py lists the exit codes)
    assert "a worker process stopped" in err and "Traceback" not in err
    assert current_generation(str(index_dir)) == live
    assert [n for n in os.listdir(index_dir) if n.startswith("gen-")] == [live]


def _wait_for_line(stream, text, seconds=30):
    """Read ``stream`` (a pipe) line by line until a line holds ``text``; the lines read."""
    deadline = time.monotonic() + seconds
    lines = []
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([stream], [], [], 0.2)
        if ready:
            line = stream.readline()
            if not line:
                break
            lines.append(line)
            if text in line:
                return lines
    raise AssertionError(f"no line with {text!r} within {seconds} s: {lines}")


def _sigint_as_in_a_terminal():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_a_build_and_its_workers_quietly_and_leaves_the_index(tmp_path):
    # 1,000 files: the rebuild goes on for seconds after its workers are ready, so the
    # interrupt always lands mid-build, even on a busy machine
    source = corpus(tmp_path / "src", 200)
    index_dir = tmp_path / "index"
    build(str(SEEDS), str(index_dir))
    live = current_generation(str(index_dir))
    # its own process group, as a terminal has: Ctrl-C sends SIGINT to the build and its workers
    # and Ctrl-C's default action, as a foreground program has: a test run started in the background
    # of a script inherits SIGINT ignored, and so would the build (it then ran to its end, exit 0)
    process = subprocess.Popen([sys.executable, "-m", "indexer", "build", "--source", str(source), "--index",
                                str(index_dir), "--rebuild", "--jobs", "2"], cwd=ROOT, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_sigint_as_in_a_terminal)
    before = _wait_for_line(process.stderr, "worker processes ready")
    workers = [pid for pid in _children(process.pid) if b"spawn_main" in _cmdline(pid)]
    assert len(workers) == 2
    os.killpg(process.pid, signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    err = "".join(before) + err
    assert process.returncode == 130
    assert err.strip().splitlines()[-1] == "interrupted" and "Traceback" not in err, err
    assert current_generation(str(index_dir)) == live
    assert [n for n in os.listdir(index_dir) if n.startswith("gen-")] == [live]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and [pid for pid in workers if _alive_worker(pid)]:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive_worker(pid)]


def test_workers_ignore_sigint_from_the_moment_they_start(tmp_path):
    """Ctrl-C while a worker is still importing must not print its traceback: SIGINT is
    ignored (inherited across exec) before the worker runs any code."""
    source = corpus(tmp_path / "src", 80)
    process = subprocess.Popen([sys.executable, "-m", "indexer", "build", "--source", str(source), "--index",
                                str(tmp_path / "index"), "--jobs", "2"], cwd=ROOT, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_line(process.stderr, "worker processes ready")
        workers = [pid for pid in _children(process.pid) if b"spawn_main" in _cmdline(pid)]
        assert len(workers) == 2
        for pid in workers:
            with open(f"/proc/{pid}/status", encoding="ascii") as handle:
                ignored = int(next(line for line in handle if line.startswith("SigIgn:")).split()[1], 16)
            assert ignored & (1 << (signal.SIGINT - 1))
    finally:
        process.kill()
        process.communicate(timeout=60)


def _alive_worker(pid):
    try:
        return b"spawn_main" in _cmdline(pid)
    except OSError:
        return False


def test_a_build_collects_garbage_less_often_and_puts_the_thresholds_back(tmp_path):
    import gc

    from indexer.workers import BUILD_GC_THRESHOLDS, fewer_collections
    from indexer.writer import build

    before = gc.get_threshold()
    seen = []
    with fewer_collections():
        seen.append(gc.get_threshold())
    assert seen == [BUILD_GC_THRESHOLDS] and gc.get_threshold() == before
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").write_text("Cụm thi đua số 5\n\nBài viết ngắn về hội nghị.\n", encoding="utf-8")
    build(str(source), str(tmp_path / "index"))
    assert gc.get_threshold() == before
