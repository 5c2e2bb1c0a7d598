"""Shared fixtures: real indexes on disk built from seeds/ or from articles a test writes."""
import shutil
import textwrap
from pathlib import Path

import pytest

from indexer.writer import build
from search_app import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


def encode_cp1258(text):
    """Windows-1258 bytes: tones as combining marks after a (possibly hatted) base letter."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def write_articles(folder, articles):
    """Write {relative path: text} under ``folder``; returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).strip() + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory):
    """An index of seeds/ plus the test articles in other layouts (built once)."""
    source = tmp_path_factory.mktemp("corpus")
    for path in list(SEEDS.iterdir()) + list(ARTICLES.iterdir()):
        shutil.copy(path, source / path.name)
    index_dir = tmp_path_factory.mktemp("index") / "index"
    summary = build(str(source), str(index_dir))
    assert summary.skipped == []
    return index_dir


@pytest.fixture(scope="session")
def app(seed_index):
    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def make_index(tmp_path):
    """Build an index from articles given as {name: text}; returns (source, index) folders."""

    def _make(articles, name="corpus"):
        source = write_articles(tmp_path / name, articles)
        index_dir = tmp_path / f"{name}-index"
        summary = build(str(source), str(index_dir))
        assert summary.skipped == [], summary.skipped
        return source, index_dir

    return _make


@pytest.fixture()
def make_client(make_index):
    """A test client over an index of the given articles."""

    def _make(articles):
        _source, index_dir = make_index(articles)
        return create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()

    return _make


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(index_dir, workers=2):
    """Start gunicorn with `make run`'s configuration on a free loopback port; returns (process, base URL)."""
    import os
    import subprocess
    import sys
    import tempfile
    import time
    import urllib.request

    port = free_port()
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), INDEX_DIR=str(index_dir), WEB_CONCURRENCY=str(workers))
    log = tempfile.TemporaryFile()  # noqa: SIM115 -- outlives this function: stop() closes it
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "search_app.wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    process.log = log
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError("gunicorn exited: " + log.read().decode(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(base + "/api/search?per_page=1", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop(process):
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()


@pytest.fixture(scope="session")
def live_server(seed_index):
    process, base = start_gunicorn(seed_index)
    yield base
    stop(process)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def axe_violations(page):
    """axe-core's WCAG 2.x A/AA and best-practice violations on the page, as (rule, impact, first nodes)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})
    return [(v["id"], v["impact"], [(n["target"], n.get("failureSummary")) for n in v["nodes"]][:2])
            for v in results.response["violations"]]
