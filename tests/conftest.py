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
