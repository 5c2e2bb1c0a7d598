"""Loading the index runs inside indexer.loading's blocks (which do nothing by default).

After an update the first request reloads what the new commit needs: ~5 s at 100,000
articles, 30–60 s at a million.  Each of those loads runs inside ``loading()``, and
searching a loaded index enters none.
"""
import shutil

import pytest

from indexer import loading
from indexer.complete import completer_for
from indexer.search import Engine, SearchRequest
from indexer.writer import build

from .helpers import ARTICLES, SEEDS, write_articles

NEW_ARTICLE = {"moi.txt": "Bài mới về Cụm thi đua số 40\n20/11/2024 - 10:00\n\nNội dung bài mới về Cụm thi đua số 40."}


@pytest.fixture()
def index_dir(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for path in list(SEEDS.iterdir()) + list(ARTICLES.iterdir()):
        shutil.copy(path, source / path.name)
    build(str(source), str(tmp_path / "index"))
    return tmp_path / "index"


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
