"""Building and updating a real index on disk: ids, updates, bad files."""
import json
import os
import shutil

import pytest

from indexer.errors import IndexBusy
from indexer.store import build_lock, current_generation
from indexer.writer import build

from .helpers import SEEDS, write_articles

ARTICLE = """
Cụm thi đua số {n} tổng kết năm 2024
20/11/2024 - 10:38

Chiều 19/11, Cụm thi đua số {n} tổ chức hội nghị tại Công an tỉnh Kiên Giang. {extra}
"""


def _ids(index_dir):
    from indexer.cli import _records
    return {r["source"]: r["id"] for r in _records(str(index_dir))}


def test_the_same_sources_give_the_same_ids_on_a_fresh_build(tmp_path):
    build(str(SEEDS), str(tmp_path / "a"))
    build(str(SEEDS), str(tmp_path / "b"))
    assert _ids(tmp_path / "a") == _ids(tmp_path / "b")
    assert all(len(i) == 10 and i.isalnum() for i in _ids(tmp_path / "a").values())


def test_ids_survive_edits_moves_and_rebuilds(tmp_path):
    source = write_articles(tmp_path / "src",
                            {"a.txt": ARTICLE.format(n=1, extra=""), "b.txt": ARTICLE.format(n=2, extra="")})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    before = _ids(index_dir)

    (source / "a.txt").write_text(ARTICLE.format(n=1, extra="Thêm một câu."), encoding="utf-8")  # edited
    os.makedirs(source / "moved")
    shutil.move(source / "b.txt", source / "moved" / "b-renamed.txt")  # moved and renamed
    summary = build(str(source), str(index_dir))
    after = _ids(index_dir)
    assert after == {"a.txt": before["a.txt"], "moved/b-renamed.txt": before["b.txt"]}
    assert (summary.updated, summary.added, summary.removed) == (2, 0, 0)

    build(str(source), str(index_dir), rebuild=True)
    assert _ids(index_dir) == after


def test_removed_articles_are_remembered_with_title_and_date(tmp_path):
    source = write_articles(tmp_path / "src",
                            {"a.txt": ARTICLE.format(n=1, extra=""), "b.txt": ARTICLE.format(n=2, extra="")})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    removed_id = _ids(index_dir)["b.txt"]
    (source / "b.txt").unlink()
    summary = build(str(source), str(index_dir))
    assert summary.removed == 1 and summary.unchanged == 1
    registry = json.loads((index_dir / "registry.json").read_text(encoding="utf-8"))
    assert registry["removed"][removed_id]["title"] == "Cụm thi đua số 2 tổng kết năm 2024"
    assert registry["removed"][removed_id]["date"] == "2024-11-20"
    assert removed_id not in _ids(index_dir).values()


def test_an_update_indexes_new_and_changed_and_skips_unchanged(tmp_path):
    source = write_articles(tmp_path / "src", {"a.txt": ARTICLE.format(n=1, extra="")})
    index_dir = tmp_path / "index"
    first = build(str(source), str(index_dir))
    assert (first.mode, first.added) == ("full", 1)
    write_articles(source, {"c.txt": ARTICLE.format(n=3, extra="")})
    second = build(str(source), str(index_dir))
    assert (second.mode, second.added, second.unchanged, second.updated) == ("incremental", 1, 1, 0)
    assert second.generation == first.generation  # committed in place


def test_a_rebuild_swaps_in_a_new_generation(tmp_path):
    index_dir = tmp_path / "index"
    first = build(str(SEEDS), str(index_dir))
    second = build(str(SEEDS), str(index_dir), rebuild=True)
    assert second.generation != first.generation
    assert current_generation(str(index_dir)) == second.generation
    assert second.documents == 5


def test_bad_files_are_named_and_never_cost_good_ones(tmp_path):
    source = write_articles(tmp_path / "src", {"good.txt": ARTICLE.format(n=1, extra="")})
    (source / "empty.txt").write_bytes(b"")
    (source / "binary.bin").write_bytes(b"\x89PNG\x00\x00\x01\x02" * 20)
    (source / "only-noise.txt").write_text("Tin địa phương\n1(1).jpg\n0:00 / 0:00\n", encoding="utf-8")
    (source / ".hidden.txt").write_text("Không được đọc", encoding="utf-8")
    os.symlink(source / "loop", source / "loop")
    summary = build(str(source), str(tmp_path / "index"))
    reasons = dict(summary.skipped)
    assert summary.documents == 1 and summary.exit_code == 1
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.bin"].startswith("binary file")
    assert reasons["only-noise.txt"] == "only boilerplate, no article text"
    assert "loop" in reasons
    assert ".hidden.txt" not in reasons


def test_a_second_build_refuses_while_the_first_holds_the_lock(tmp_path):
    index_dir = tmp_path / "index"
    with build_lock(str(index_dir)), pytest.raises(IndexBusy):
        build(str(SEEDS), str(index_dir))


def test_a_registry_keeps_only_live_and_removed_and_reads_older_files_the_same(tmp_path):
    from indexer.ids import Registry

    build(str(SEEDS), str(tmp_path / "index"))
    saved = json.loads((tmp_path / "index" / "registry.json").read_text(encoding="utf-8"))
    assert set(saved) == {"live", "removed"}
    fresh = Registry.load(str(tmp_path / "index"))
    older = Registry(dict(saved, paths={"stale.txt": "x"}, fingerprints={"stale": "x"}))  # as earlier builds wrote it
    assert older.paths == fresh.paths == {entry["source"]: i for i, entry in saved["live"].items()}
    assert older.fingerprints == fresh.fingerprints and len(fresh.fingerprints) == len(saved["live"])
