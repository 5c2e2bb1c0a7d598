"""Hardening II, findings 4 and 6: a damaged index is detected, reported and repaired.

Before: a cut posting file was read as "term absent" (a search found half its
articles while /readyz said ready, and the next build kept the damage); a cut
stored-fields file gave 500s; one failed open left a worker answering 500 until it
restarted, /readyz included; CURRENT naming a missing generation gave 500s and the
next build exited 2.
"""
import glob
import json
import os
import shutil
import subprocess
import sys

import pytest

from indexer import store
from indexer.errors import IndexCorrupted
from indexer.search import Engine, SearchRequest
from indexer.writer import build
from search_app import create_app

from .helpers import ROOT, SEEDS, get, serve, stop


def _index(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(SEEDS, source)
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    return source, index_dir


def _live(index_dir):
    return os.path.join(index_dir, store.current_generation(str(index_dir)))


def _segment_file(index_dir, suffix):
    (path,) = glob.glob(os.path.join(_live(index_dir), f"MAIN_*{suffix}"))
    return path


def _cut(path, keep=0.4):
    with open(path, "r+b") as handle:
        handle.truncate(int(os.path.getsize(path) * keep))


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "indexer", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def _ids(index_dir):
    return {record["source"]: record["id"] for record in json.loads(_cli("show", "--json", "--index",
                                                                           str(index_dir)).stdout)}


def _one_line(result):
    message = result.stderr.strip().splitlines()[-1]
    assert "Traceback" not in result.stderr, result.stderr
    return message


def test_a_cut_posting_file_is_damage_not_fewer_results(tmp_path):
    _source, index_dir = _index(tmp_path)
    total = Engine(str(index_dir)).search(SearchRequest(q="công an")).total
    _cut(_segment_file(index_dir, ".pst"))
    with pytest.raises(IndexCorrupted) as caught:
        result = Engine(str(index_dir)).search(SearchRequest(q="công an"))
        print(f"damaged index: {result.total} of {total}")
    assert "postings" in caught.value.problem and str(index_dir) not in caught.value.problem


@pytest.mark.server
def test_the_server_answers_503_and_readyz_names_the_damage(tmp_path):
    _source, index_dir = _index(tmp_path)
    article_id = Engine(str(index_dir)).search(SearchRequest(q="công an")).hits[0].id
    _cut(_segment_file(index_dir, ".pst"))
    process, base = serve(index_dir)
    try:
        for url in ("/readyz", "/api/search?q=c%C3%B4ng+an", f"/api/doc/{article_id}"):
            status, headers, body = get(base + url)
            if url == f"/api/doc/{article_id}" and status == 200:
                continue  # a look-up by id reads the id field's postings: intact or not, depending on the cut
            assert status == 503, (url, status, body[:300])
            assert headers["Content-Type"] == "application/json"
            assert headers["Cache-Control"] == "no-store" and headers["Retry-After"]
            text = body.decode("utf-8")
            assert "damaged" in text and str(index_dir) not in text and str(tmp_path) not in text
        assert json.loads(get(base + "/readyz")[2])["status"] == "damaged"
    finally:
        stop(process)


@pytest.mark.server
def test_a_cut_stored_fields_file_is_a_503_not_a_500(tmp_path):
    _source, index_dir = _index(tmp_path)
    article_id = Engine(str(index_dir)).search(SearchRequest(q="công an")).hits[0].id
    _cut(_segment_file(index_dir, "._stored.col"), keep=0.5)
    process, base = serve(index_dir)
    try:
        statuses = {url: get(base + url)[0] for url in
                    (f"/doc/{article_id}", f"/api/doc/{article_id}", "/api/search?q=c%C3%B4ng+an", "/readyz")}
        assert set(statuses.values()) == {503}, statuses
        body = get(base + f"/api/doc/{article_id}")[2].decode()
        assert "damaged" in body and str(index_dir) not in body
    finally:
        stop(process)


def test_verify_checks_every_file_term_and_document(tmp_path):
    _source, index_dir = _index(tmp_path)
    intact = _cli("verify", "--index", str(index_dir), "--json")
    report = json.loads(intact.stdout)
    assert intact.returncode == 0 and report["intact"] and report["checksums"]
    assert report["documents"] == 5 and report["terms"] > 1000
    # damage of each kind: exit 5, each problem named, one line on stderr
    pst, trm = _segment_file(index_dir, ".pst"), _segment_file(index_dir, ".trm")
    with open(pst, "r+b") as handle:  # a flipped byte keeps the size: only the checksum sees it
        handle.seek(os.path.getsize(pst) // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))
    flipped = _cli("verify", "--index", str(index_dir))
    assert flipped.returncode == 5 and "SHA-256 differs" in flipped.stdout
    assert "build --rebuild" in _one_line(flipped)
    os.remove(trm)
    missing = _cli("verify", "--index", str(index_dir))
    assert missing.returncode == 5 and f"{os.path.basename(trm)} is missing" in missing.stdout


def test_an_update_refuses_a_damaged_index_and_a_rebuild_repairs_it_keeping_ids(tmp_path):
    source, index_dir = _index(tmp_path)
    ids = _ids(index_dir)
    _cut(_segment_file(index_dir, ".pst"))
    update = _cli("build", "--source", str(source), "--index", str(index_dir))
    assert update.returncode == 5, (update.returncode, update.stdout, update.stderr)
    message = _one_line(update)
    assert "damaged" in message and f"build --rebuild --source {source} --index {index_dir}" in message
    rebuild = _cli("build", "--rebuild", "--source", str(source), "--index", str(index_dir))
    assert rebuild.returncode == 0, rebuild.stderr
    assert _cli("verify", "--index", str(index_dir)).returncode == 0
    assert _ids(index_dir) == ids
    assert Engine(str(index_dir)).search(SearchRequest(q="công an")).total > 0


def test_a_missing_segment_file_is_a_clear_error_for_every_command(tmp_path):
    source, index_dir = _index(tmp_path)
    os.remove(_segment_file(index_dir, ".trm"))
    for args in (["show"], ["search", "công an"], ["build", "--source", str(source)], ["verify"]):
        result = _cli(*args, "--index", str(index_dir))
        assert result.returncode == 5, (args, result.returncode, result.stderr)
        assert ".trm" in _one_line(result)


@pytest.mark.server
def test_a_failed_open_is_retried_on_the_next_request(tmp_path):
    """A new generation whose segment is missing for a moment: 503 (JSON), then served
    as soon as the file is back, without a restart."""
    source, index_dir = _index(tmp_path)
    process, base = serve(index_dir)
    try:
        assert get(base + "/readyz")[0] == 200
        build(str(source), str(index_dir), rebuild=True)
        trm = _segment_file(index_dir, ".trm")
        os.rename(trm, trm + ".away")
        for url in ("/api/search?q=thi", "/readyz"):
            status, headers, body = get(base + url)
            assert status == 503 and headers["Content-Type"] == "application/json", (url, status, body[:200])
        os.rename(trm + ".away", trm)
        status, _headers, body = get(base + "/readyz")
        assert status == 200 and json.loads(body)["generation"].startswith(store.current_generation(str(index_dir)))
        assert get(base + "/api/search?q=thi")[0] == 200
    finally:
        stop(process)


@pytest.mark.server
def test_a_missing_live_generation_is_reported_and_the_next_build_recovers(tmp_path):
    source, index_dir = _index(tmp_path)
    ids = _ids(index_dir)
    shutil.rmtree(_live(index_dir))
    process, base = serve(index_dir)
    try:
        for url in ("/readyz", "/api/search?q=thi"):
            status, headers, body = get(base + url)
            assert status == 503 and headers["Retry-After"], (url, status)
            assert "missing" in body.decode() and str(index_dir) not in body.decode()
        show = _cli("show", "--index", str(index_dir))
        assert show.returncode == 5 and "missing" in _one_line(show)
        rebuilt = _cli("build", "--source", str(source), "--index", str(index_dir))
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert "missing" in rebuilt.stderr and _ids(index_dir) == ids
        assert get(base + "/readyz")[0] == 200 and get(base + "/api/search?q=thi")[0] == 200
    finally:
        stop(process)


def test_readyz_is_json_whatever_goes_wrong(tmp_path):
    _source, index_dir = _index(tmp_path)
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    assert client.get("/readyz").status_code == 200
    with open(os.path.join(_live(index_dir), store.FORMAT_FILE), "w") as handle:
        handle.write("{garbage")
    fresh = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    response = fresh.get("/readyz")
    assert response.status_code == 503 and response.is_json and str(index_dir) not in response.get_data(True)
