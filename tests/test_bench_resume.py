"""The bench resumes after a kill -9: finished stages are not redone, a half-written corpus is
completed (never taken for complete), an interrupted update leaves no article behind.

Each run is ``python -m bench`` in a subprocess at a tiny N that kills itself with SIGKILL at a
chosen point (BENCH_KILL_AT, bench/state.py: hook), so where it stops is exact, not timed.
"""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from bench.generate import CORPUS_VERSION, generate

ROOT = Path(__file__).resolve().parent.parent
KILLED = -signal.SIGKILL


def bench(work, n, **env):
    """``python -m bench`` at ``n`` articles in ``work``, small and quick; the finished process."""
    settings = {"BENCH_N": str(n), "BENCH_WORK": str(work), "BENCH_RESULTS": str(work / "results"),
                "BENCH_REPEAT": "1", "BENCH_LOAD_SECONDS": "1", "BENCH_JOBS": "1", "BENCH_DRAW_SCALE": "0.02",
                "BENCH_UPDATE_COUNT": "3", "BENCH_CHECKPOINT": "100"}
    settings.update(env)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")} | settings
    return subprocess.run([sys.executable, "-m", "bench"], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=300)


def files(folder):
    """{relative path: (inode, mtime ns)} of every file under ``folder``: a rewritten file differs."""
    out = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            stat = os.stat(os.path.join(root, name))
            out[os.path.relpath(os.path.join(root, name), folder)] = (stat.st_ino, stat.st_mtime_ns)
    return out


def contents(folder):
    return {path: (Path(folder) / path).read_bytes() for path in files(folder)}


def stages(work, n):
    path = work / f"state-{n}.json"
    return json.loads(path.read_text(encoding="utf-8"))["stages"] if path.exists() else {}


def test_a_generation_killed_between_checkpoints_goes_on_from_the_last_one_byte_for_byte(tmp_path):
    work, n = tmp_path / "work", 250
    corpus, progress = work / f"articles-{CORPUS_VERSION}-{n}", work / f"articles-{CORPUS_VERSION}-{n}.progress.json"
    killed = bench(work, n, BENCH_UNTIL="generate", BENCH_KILL_AT="generate:article:149")
    assert killed.returncode == KILLED, killed.stderr
    assert json.loads(progress.read_text(encoding="utf-8"))["done"] == 100  # the checkpoint at 100
    assert len(list((corpus / "0001").iterdir())) == 50  # half a folder written after it
    assert "generate" not in stages(work, n)  # never recorded as generated
    first = files(corpus / "0000")

    resumed = bench(work, n, BENCH_UNTIL="generate")
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming at article 100" in resumed.stderr
    assert files(corpus / "0000") == first  # the checkpointed folder untouched
    generate(tmp_path / "straight", n)
    assert contents(corpus) == contents(tmp_path / "straight")  # the same 250 articles, no more
    entry = stages(work, n)["generate"]
    assert entry["result"]["articles_this_run"] == 150
    assert not progress.exists()


def test_a_corpus_without_its_record_or_missing_a_folder_is_generated_again(tmp_path):
    work, n = tmp_path / "work", 200
    corpus = work / f"articles-{CORPUS_VERSION}-{n}"
    assert bench(work, n, BENCH_UNTIL="generate").returncode == 0
    finished = stages(work, n)["generate"]["finished"]
    whole = contents(corpus)
    assert bench(work, n, BENCH_UNTIL="generate").stderr.count("[generate]") == 0  # done: skipped

    for path in (corpus / "0001").iterdir():  # a folder lost after the run recorded the corpus
        path.unlink()
    (corpus / "0001").rmdir()
    again = bench(work, n, BENCH_UNTIL="generate")
    assert again.returncode == 0 and "[generate]" in again.stderr
    assert contents(corpus) == whole
    assert stages(work, n)["generate"]["finished"] != finished

    (work / f"state-{n}.json").unlink()  # a full corpus nothing records as complete: not trusted
    before = files(corpus)
    again = bench(work, n, BENCH_UNTIL="generate")
    assert "no record of being complete" in again.stderr
    assert contents(corpus) == whole and files(corpus) != before


def test_a_run_killed_after_its_build_mid_update_and_after_fts5_ends_without_redoing_anything(tmp_path):
    work, n = tmp_path / "work", 30
    corpus = work / f"articles-{CORPUS_VERSION}-{n}"
    first = bench(work, n, BENCH_KILL_AT="after:build_j1")
    assert first.returncode == KILLED, first.stderr
    after_build = stages(work, n)
    assert list(after_build) == ["generate", "build_j1"]
    articles = files(corpus)
    index = work / f"index-{n}-j1"
    assert len(articles) == n and index.is_dir()

    second = bench(work, n, BENCH_KILL_AT="update:added")
    assert second.returncode == KILLED, second.stderr
    assert "[generate]" not in second.stderr and "full build" not in second.stderr
    middle = stages(work, n)
    assert {k: middle[k] for k in after_build} == after_build  # the same records: not redone
    assert list(middle) == ["generate", "build_j1", "latency", "draw", "distinct", "browsing", "http"]
    assert len(list((corpus / "zz-update").iterdir())) == 3  # what the kill left in the corpus
    state = json.loads((work / f"state-{n}.json").read_text(encoding="utf-8"))
    assert state["update_pending"] == str(index)

    third = bench(work, n, BENCH_KILL_AT="after:fts5")
    assert third.returncode == KILLED, third.stderr
    assert "an update was interrupted" in third.stderr
    assert all(f"[{name}]" not in third.stderr for name in middle if name != "build_j1")
    assert list(stages(work, n)) == [*middle, "update", "fts5"]
    assert not (corpus / "zz-update").exists()
    fts5 = files(work / f"fts5-{n}")

    fourth = bench(work, n)
    assert fourth.returncode == 0, fourth.stderr
    assert "[tantivy]" in fourth.stderr and "[fts5]" not in fourth.stderr and "[update]" not in fourth.stderr
    assert files(work / f"fts5-{n}") == fts5  # its database not built again
    final = stages(work, n)
    assert {k: final[k] for k in middle} == middle
    assert list(final) == [*middle, "update", "fts5", "tantivy"]
    assert not (corpus / "zz-update").exists()
    assert files(corpus) == articles  # the generated articles untouched, nothing added
    state = json.loads((work / f"state-{n}.json").read_text(encoding="utf-8"))
    assert state["complete"] and "update_pending" not in state

    result = json.loads((work / "results" / f"bench-{n}.json").read_text(encoding="utf-8"))
    assert {"n", "corpus", "corpus_mb", "generate", "ours", "fts5", "tantivy", "stage_seconds"} <= set(result)
    assert {"build_j1", "index_mb", "latency", "latency_by_class", "distinct", "browsing", "http",
            "update_100_seconds", "latency_after_update"} <= set(result["ours"])
    assert "build_reused" not in result["ours"]
    # the other engines read their records from our index after the update: back to n articles
    # (tantivy is the bench extra's: `make test` installs the test extra only, and it is skipped then)
    engines = ["fts5"] + ([] if "skipped" in result["tantivy"] else ["tantivy"])
    assert [result[name]["documents"] for name in engines] == [n] * len(engines)
    assert "| 30 | ours" in fourth.stdout  # the Markdown table
