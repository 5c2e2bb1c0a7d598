"""The bench's plan: disk and time from the figures of earlier results, and a run refused before
it writes anything when the disk will not hold it."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import plan
from bench.generate import CORPUS_VERSION
from bench.records import Digest
from bench.state import locked

ROOT = Path(__file__).resolve().parent.parent


def results(folder, n, build_seconds, index_mb, **more):
    folder.mkdir(exist_ok=True)
    result = {"n": n, "corpus": CORPUS_VERSION, "corpus_mb": n * 5.6e-3,
              "ours": {"build_j2": {"seconds": build_seconds}, "index_mb": index_mb}, **more}
    (folder / f"bench-{n}.json").write_text(json.dumps(result), encoding="utf-8")


def test_build_time_follows_the_power_law_of_two_sizes_and_sizes_scale_with_the_largest(tmp_path):
    results(tmp_path, 10_000, 40.0, 150.0)
    results(tmp_path, 100_000, 800.0, 1_600.0, fts5={"index_mb": 900.0, "docs_per_s": 5_000.0})
    results(tmp_path, 500, 1.0, 1.0)  # too small to extrapolate from: ignored
    (tmp_path / "bench-7.json").write_text("{broken", encoding="utf-8")
    figures = plan.figures(tmp_path)
    seconds, basis = plan.build_seconds(figures, 2, 1_000_000)
    assert round(seconds) == 16_000  # 20 times the seconds for 10 times the articles, as from 10,000 to 100,000
    assert "N^1.30" in basis
    assert figures["index_bytes"] == (16_000.0, "bench-100000.json")
    rows = plan.plan(1_000_000, tmp_path / "work", ["build_j2", "fts5"], [2], tmp_path)
    assert [(stage, round(peak / 1e9, 1)) for stage, peak, *_ in rows] == [("build_j2", 16.0), ("fts5", 9.0)]


def test_one_size_measured_is_assumed_to_hold_and_said_so(tmp_path):
    results(tmp_path, 100_000, 1_000.0, 1_800.0)
    seconds, basis = plan.build_seconds(plan.figures(tmp_path), 2, 1_000_000)
    assert seconds == 10_000.0 and "assumed to hold" in basis


def test_the_report_adds_what_stages_leave_and_checks_it_against_the_free_space(tmp_path):
    rows = [("generate", 8e9, 8e9, 60, ""), ("build_j2", 20e9, 18e9, 600, ""), ("fts5", 9e9, 9e9, 60, "")]
    text, need, inodes, seconds, free, _free_inodes = plan.report(1_000_000, tmp_path, rows)
    assert need == 8e9 + 18e9 + 9e9 and seconds == 720 and "total" in text
    assert plan.check(need, inodes, need * 1.2, 10**9, tmp_path) is None
    assert "not enough disk" in plan.check(need, inodes, need, 10**9, tmp_path)
    assert "not enough inodes" in plan.check(need, inodes, need * 2, 1_000, tmp_path)


def test_a_run_the_disk_cannot_hold_stops_before_writing_anything(tmp_path):
    work = tmp_path / "work"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")}
    env.update(BENCH_N="1000000000", BENCH_WORK=str(work), BENCH_RESULTS=str(tmp_path / "results"), BENCH_JOBS="2")
    refused = subprocess.run([sys.executable, "-m", "bench"], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 1
    assert "plan for N=1,000,000,000" in refused.stderr and "not enough disk" in refused.stderr
    assert sorted(p.name for p in work.iterdir()) == ["state-1000000000.lock"]


def test_a_second_run_on_the_same_n_is_refused_while_the_first_holds_its_lock(tmp_path):
    with locked(tmp_path / "state-10.lock"), pytest.raises(SystemExit, match="another bench run"), \
            locked(tmp_path / "state-10.lock"):
        pass
    with locked(tmp_path / "state-10.lock"):  # free again once the first is done
        pass


def test_a_digest_keeps_a_reproducible_sample_of_whole_records_and_everything_else(tmp_path):
    records = [{"id": f"id{i}", "title": f"t{i % 7}", "persons": ["Lê Văn An"], "provinces": ["Huế"],
                "clusters": [], "outlet": "CAND" if i % 2 else None, "paragraphs": [f"Câu số {i} một"]}
               for i in range(50)]
    small = Digest(iter(records))
    assert small.count == 50 and small.ids == [r["id"] for r in records]
    assert [s["paragraphs"] for s in small.sample] == [r["paragraphs"] for r in records]  # all, in order
    assert small.words["một"] == 50 and small.words["số"] == 50 and len(small.titles) == 7
    sampled = Digest(iter(records), sample=10)
    assert len(sampled.sample) == 10 and sampled.sample == Digest(iter(records), sample=10).sample
    assert sampled.words == small.words and sampled.outlets == {"CAND"}


def test_a_stage_is_redone_with_every_stage_that_used_it_and_only_those(tmp_path, monkeypatch):
    import bench.__main__ as main

    monkeypatch.setattr(main, "WORK", tmp_path)
    monkeypatch.setattr(main, "JOBS", [1, 2])
    monkeypatch.setattr(main, "_index_live", lambda index_dir: True)
    monkeypatch.setattr(main, "corpus_complete", lambda corpus, n: True)
    run = main.Run(10)
    for name, uses, settings, _present in run.stages:  # every stage finished, in order
        run.state.finish(name, run.inputs(name, uses, settings), {}, 1.0)
    for path in (run.queries, tmp_path / "fts5-10", tmp_path / "tantivy-10"):
        path.mkdir()
    assert run.pending() == []

    run.queries.rmdir()  # the drawn queries lost: the draw again, and what used them
    assert run.pending() == ["draw", "distinct", "browsing", "fts5", "tantivy"]
    run.queries.mkdir()
    run.state.data["stages"]["build_j2"]["finished"] += 1  # the index built again
    assert run.pending() == ["latency", "draw", "distinct", "browsing", "http", "update", "fts5", "tantivy"]
    run.state.forget(["generate"])
    assert run.pending() == [name for name, *_ in run.stages]
    monkeypatch.setattr(main, "REPEAT", main.REPEAT + 1)  # BENCH_REPEAT changed: the stages that repeat queries
    assert main.Run(10).pending() == ["latency", "fts5", "tantivy"]  # (the state as saved: every stage finished)
