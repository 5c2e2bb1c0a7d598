"""A file whose extraction runs past the per-file time budget is indexed with its text,
without entities, flagged and named — never dropped, never blocking the other files."""
import json
import os
import subprocess
import sys

from .helpers import ROOT, SEEDS


def _build(source, index_dir, seconds):
    env = dict(os.environ, VNSEARCH_FILE_SECONDS=str(seconds))
    result = subprocess.run([sys.executable, "-m", "indexer", "build", "--source", str(source), "--index",
                             str(index_dir), "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return result.returncode, json.loads(result.stdout)


def test_files_past_the_budget_are_indexed_without_entities_and_named(tmp_path):
    code, summary = _build(SEEDS, tmp_path / "index", 0.000001)  # every file past a budget of 1 µs
    assert code == 0 and summary["added"] == len(list(SEEDS.iterdir())) and summary["skipped"] == []
    assert {f["flag"] for f in summary["flagged"]} == {"entities skipped: extraction took over 1e-06 s"}
    records = json.loads(subprocess.run([sys.executable, "-m", "indexer", "show", "--index", str(tmp_path / "index"),
                                         "--json"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout)
    assert all(r["paragraphs"] and r["persons"] == [] and r["flags"] for r in records)
    search = subprocess.run([sys.executable, "-m", "indexer", "search", "--index", str(tmp_path / "index"), "--json",
                             "nguyen van han"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert json.loads(search.stdout)["total"] == 1  # the text is searchable


def test_within_the_budget_nothing_is_flagged(tmp_path):
    code, summary = _build(SEEDS, tmp_path / "index", 30)
    assert code == 0 and summary["flagged"] == []
