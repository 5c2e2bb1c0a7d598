"""Updates while serving: new generations and commits are picked up without a restart,
no request fails during a rebuild, and a killed build leaves the live index intact."""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from whoosh.index import open_dir

from indexer.store import current_generation
from indexer.writer import build
from search_app import create_app

from .helpers import ROOT, corpus, start_gunicorn, stop, write_articles


def total(client_or_url, q=""):
    if isinstance(client_or_url, str):
        with urllib.request.urlopen(f"{client_or_url}/api/search?per_page=1&q={q}", timeout=10) as response:
            return json.loads(response.read())["total"]
    return client_or_url.get("/api/search", query_string={"q": q}).get_json()["total"]


def test_the_app_follows_updates_and_rebuilds_without_a_restart(tmp_path):
    source = corpus(tmp_path / "src", 1)
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    assert total(client) == 5
    write_articles(source, {"new.txt": "Bài mới về Cụm thi đua số 40\n20/11/2024 - 10:00\n\nNội dung bài mới."})
    build(str(source), str(index_dir))  # in place
    assert total(client) == 6 and total(client, "cum thi dua so 40") >= 1
    (source / "new.txt").unlink()
    first = current_generation(str(index_dir))
    build(str(source), str(index_dir), rebuild=True)  # new generation swapped in
    assert current_generation(str(index_dir)) != first
    assert total(client) == 5


def _hammer(base, stop_event, statuses, limit=5000):
    queries = ["nguyen+van+han", "thi+dua", "", "cum+thi+dua+so+12", "an+ninh+quoc+gia"]
    for count in range(limit):
        if stop_event.is_set():
            return
        url = f"{base}/api/search?q={queries[count % len(queries)]}"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
        except OSError as error:
            statuses.append(repr(error))


@pytest.mark.server
def test_no_request_fails_while_a_rebuild_swaps_the_index(tmp_path):
    source = corpus(tmp_path / "src", 40)
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    process, base = start_gunicorn(index_dir)
    statuses, stop_event = [], threading.Event()
    threads = [threading.Thread(target=_hammer, args=(base, stop_event, statuses)) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for _ in range(2):
            summary = build(str(source), str(index_dir), rebuild=True)
            assert summary.documents == 200
        time.sleep(0.5)
    finally:
        stop_event.set()
        for thread in threads:
            thread.join(timeout=30)
        stop(process)
    failures = [s for s in statuses if s != 200]
    print(f"requests during two rebuilds: {len(statuses)}, failed: {len(failures)}")
    assert len(statuses) > 20 and failures == []


def _build_workers():
    """Build worker processes alive on this machine."""
    found = []
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if b"spawn_main" in handle.read():
                    found.append(pid)
        except OSError:
            continue
    return found


def _build_command(source, index_dir, *extra):
    return [sys.executable, "-m", "indexer", "build", "--source", str(source), "--index", str(index_dir), *extra]


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_a_rebuild_killed_at_any_moment_leaves_the_previous_index_served(tmp_path, delay):
    source = corpus(tmp_path / "src", 80)  # 400 files: enough for worker processes
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    live = current_generation(str(index_dir))
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    assert total(client) == 400
    others = set(_build_workers())  # workers of builds that are not this test's
    process = subprocess.Popen(_build_command(source, index_dir, "--rebuild", "--jobs", "2"), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL  # killed mid-build, not after it finished
    assert current_generation(str(index_dir)) == live
    deadline = time.monotonic() + 10
    while set(_build_workers()) - others and time.monotonic() < deadline:
        time.sleep(0.1)
    assert set(_build_workers()) - others == set()  # its workers ended with it
    assert total(client) == 400 and total(client, "nguyen van han") == 80
    summary = build(str(source), str(index_dir), rebuild=True)  # the next build cleans up
    leftovers = [n for n in os.listdir(index_dir) if n.startswith("gen-")]
    assert summary.generation in leftovers and len(leftovers) <= 2


def test_an_update_killed_midway_leaves_a_working_index(tmp_path):
    source = corpus(tmp_path / "src", 1)
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    corpus(tmp_path / "src", 80)  # 395 new files to add: with worker processes
    process = subprocess.Popen(_build_command(source, index_dir, "--jobs", "2"), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    assert total(client) in (5, 400)
    summary = build(str(source), str(index_dir))
    assert summary.documents == 400 and total(client) == 400
    # what the killed workers had written is cleaned away by the next commit
    generation = index_dir / current_generation(str(index_dir))
    segment_ids = {segment.segment_id() for segment in open_dir(str(generation))._segments()}
    written = {name.split(".")[0] for name in os.listdir(generation) if name.startswith("MAIN_")
               and not name.endswith("WRITELOCK")}
    assert written == segment_ids
