"""Loading the index does not count against a request's deadline (indexer/loading.py).

After an update the first request reloads what the new commit needs: ~5 s at 100,000
articles, 30–60 s at a million.  Cut at the 10 s deadline, the load was thrown away and
the next request started over: 503 forever.  The test views stand for such a load with a
``loading()`` block that runs longer than a short deadline (the seed index reloads in
milliseconds); the engine's own loads are checked to run inside such blocks.
"""
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from flask import request

from indexer import loading
from indexer.complete import completer_for
from indexer.search import Engine, SearchRequest
from indexer.writer import build
from search_app import create_app, engine, warm_up

from .helpers import ARTICLES, SEEDS, get, read_log, serve, stop, write_articles

DEADLINE = 1.0  # seconds; every spin below is measured against it with a wide margin
NEW_ARTICLE = {"moi.txt": "Bài mới về Cụm thi đua số 40\n20/11/2024 - 10:00\n\nNội dung bài mới về Cụm thi đua số 40."}


def spin(seconds):
    """Hold the CPU, never waiting (as loading arrays and facets does)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def add_views(app):
    """Views that load (or stand for a load) for longer than DEADLINE, and one that merely works."""

    @app.get("/test/load-then-search")
    def load_then_search():
        with loading.loading():  # a load as slow, against the deadline, as a million articles'
            spin(2.5 * DEADLINE)
        result = engine().search(SearchRequest(q="cụm thi đua số 40"))  # reloads after an update
        return {"total": result.total, "generation": result.generation}

    @app.get("/test/nested")
    def nested():
        with loading.loading():
            with loading.loading():
                spin(1.5 * DEADLINE)  # past the deadline inside the inner block
            spin(2 * DEADLINE)  # still loading in the outer block: not stopped
        spin(float(request.args["after"]))  # normal work after the load: timed from the pushed-back deadline
        return {"done": True}

    @app.get("/test/spin")
    def plain_spin():
        spin(30)
        return {}

    return app


@pytest.fixture()
def index_dir(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for path in list(SEEDS.iterdir()) + list(ARTICLES.iterdir()):
        shutil.copy(path, source / path.name)
    build(str(source), str(tmp_path / "index"))
    return tmp_path / "index"


@pytest.fixture()
def slow_client(index_dir):
    app = add_views(create_app({"INDEX_DIR": str(index_dir), "REQUEST_TIMEOUT": DEADLINE}))
    warm_up(app)  # the first search loads ICU, the lexicon, the province data
    return app


def test_a_load_longer_than_the_deadline_is_answered_and_kept(slow_client, index_dir):
    app = slow_client
    client = app.test_client()
    write_articles(index_dir.parent / "src", NEW_ARTICLE)
    build(str(index_dir.parent / "src"), str(index_dir))  # an update: the next request reloads
    response = client.get("/test/load-then-search")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["total"] >= 1  # the new commit, loaded by this request
    search_engine = app.extensions["search_engine"]
    loaded = search_engine._current()[1]
    response = client.get("/api/search", query_string={"q": "cụm thi đua số 40"})
    assert response.status_code == 200 and response.get_json()["total"] >= 1
    assert search_engine._current()[1] is loaded  # served from what the first request loaded
    # the same app still stops work that is not loading
    assert client.get("/test/spin").status_code == 503
    assert client.get("/api/search?q=thi").status_code == 200


@pytest.mark.parametrize(("after", "status"), [(0.2, 200), (2.0, 503)])
def test_nested_blocks_count_once(slow_client, after, status):
    """Outer block 3.5 s (inner 1.5 s in it): the deadline moves from 1 s to 4.5 s.  Work of
    0.2 s after it is answered; 2 s is stopped (counting the inner block again would let it be)."""
    response = slow_client.test_client().get("/test/nested", query_string={"after": after})
    assert response.status_code == status, response.get_json()


def test_the_engine_loads_inside_loading_blocks_and_a_warm_search_does_not(index_dir):
    """The loads an update or a rebuild brings: columns, facets, groups, entities, the
    suggestions' vocabulary, completions and their title lexicon."""
    seen = []

    class Record:
        depth = 0

        def __enter__(self):
            import sys

            seen.append((sys._getframe(1).f_code.co_name, Record.depth))
            Record.depth += 1

        def __exit__(self, *exc):
            Record.depth -= 1

    search_engine = Engine(str(index_dir))
    previous = loading.set_hook(Record)
    try:
        search_engine.search(SearchRequest(q="cong an"))  # unaccented: the suggestions' vocabulary
        completer_for(search_engine).complete("thi đua cụm")
        seen.clear()
        search_engine.search(SearchRequest(q="cong an"))
        completer_for(search_engine).complete("thi đua cụm")
        assert seen == []  # searching a loaded index is timed as before
        write_articles(index_dir.parent / "src", NEW_ARTICLE)
        build(str(index_dir.parent / "src"), str(index_dir))
        search_engine.search(SearchRequest(q="cong an"))
        completer_for(search_engine).complete("thi đua cụm")
    finally:
        loading.set_hook(previous)
    assert {name for name, _depth in seen} >= {
        "_current_named", "facet", "groups", "understanding", "vocabulary", "lengths", "completer_for",
        "_title_lexicon"}
    assert ("facet", 1) in seen  # the entities' facets: a block inside understanding's


# -- under gunicorn's gevent worker -------------------------------------------------
def loading_app():
    """The real app plus loading views, for gunicorn."""
    app = create_app()

    @app.get("/test/load-spin")
    def load_spin():
        with loading.loading():
            spin(2.5 * DEADLINE)  # SIGALRM comes inside: not stopped
        return {"total": engine().search(SearchRequest(q="thi đua")).total}

    @app.get("/test/load-long")
    def load_long():
        with loading.loading():
            spin(float(request.args["seconds"]))  # longer than gunicorn's own timeout
        return {"total": engine().search(SearchRequest(q="thi đua")).total}

    @app.get("/test/load-wait")
    def load_wait():
        with loading.loading():
            time.sleep(2.5 * DEADLINE)  # gevent's sleep: the hub's timer expires inside
        return {"total": engine().search(SearchRequest(q="thi đua")).total}

    @app.get("/test/wait")
    def wait():
        (app.marks / "waiting").touch()
        time.sleep(0.35 * DEADLINE)  # another request starts loading meanwhile and holds the worker
        spin(0.45 * DEADLINE)  # within the deadline, the other request's load not counted
        return {"done": True}

    @app.get("/test/spin")
    def plain_spin():
        spin(30)
        return {}

    app.marks = Path(os.environ["TEST_MARKS"])  # where /test/wait tells it has started waiting
    return app


@pytest.mark.server
def test_under_gunicorn_loading_does_not_count_and_other_work_still_does(index_dir, tmp_path):
    process, base = serve(index_dir, app="tests.test_hardening_loading:loading_app()", workers=1,
                          VNSEARCH_REQUEST_TIMEOUT=DEADLINE, TEST_MARKS=tmp_path)
    try:
        for view in ("load-spin", "load-wait"):
            status, _headers, body = get(base + f"/test/{view}")
            assert status == 200 and json.loads(body)["total"] > 0, (view, status, body)
        # a request waiting while another one loads: the worker was loading, not serving it
        waited = {}
        thread = threading.Thread(target=lambda: waited.update(answer=get(base + "/test/wait")))
        thread.start()
        for _ in range(400):
            if (tmp_path / "waiting").exists():
                break
            time.sleep(0.01)
        assert get(base + "/test/load-spin")[0] == 200
        thread.join(30)
        assert waited["answer"][0] == 200, waited["answer"]
        assert get(base + "/test/spin")[0] == 503
        assert get(base + "/api/search?q=thi+%C4%91ua")[0] == 200
        assert "WORKER TIMEOUT" not in read_log(process)
    finally:
        stop(process)


@pytest.mark.server
def test_a_load_longer_than_gunicorns_timeout_keeps_the_worker(index_dir, tmp_path):
    """gunicorn kills a worker silent for its `timeout` (here 3 s; 30 by default, less than a
    reload takes at a million articles): while a request loads, the worker keeps telling it."""
    process, base = serve(index_dir, app="tests.test_hardening_loading:loading_app()", workers=1,
                          VNSEARCH_REQUEST_TIMEOUT=DEADLINE, VNSEARCH_TIMEOUT=3, TEST_MARKS=tmp_path)
    try:
        status, _headers, body = get(base + "/test/load-long?seconds=7")
        assert status == 200 and json.loads(body)["total"] > 0, (status, body)
        assert "WORKER TIMEOUT" not in read_log(process)
    finally:
        stop(process)
