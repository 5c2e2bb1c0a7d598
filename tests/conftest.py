"""Shared fixtures: real indexes on disk built from seeds/ or from articles a test writes.

Plain helpers are tests/helpers.py's; ``start_gunicorn`` and ``stop`` are re-exported here for
bench/__main__.py, which imports them from tests.conftest.
"""
import shutil

import pytest

from indexer.writer import build
from search_app import create_app

from .helpers import ARTICLES, CHROMIUM, CHROMIUM_ARGS, SEEDS, start_gunicorn, stop, write_articles

__all__ = ["start_gunicorn", "stop"]  # bench/__main__.py imports them from here

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


@pytest.fixture(scope="session")
def live_server(seed_index):
    process, base = start_gunicorn(seed_index)
    yield base
    stop(process)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
