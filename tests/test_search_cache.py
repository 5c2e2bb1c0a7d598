"""The engine's postings cache belongs to one index generation and commit: after an update
(in place or a rebuild) a warm engine answers exactly as a fresh one, and its ETags change."""
from indexer.search import Engine, SearchRequest
from indexer.writer import build
from search_app import create_app

from .helpers import corpus, write_articles

QUERIES = ["công an", "cong an tinh", "thi đua", "cum thi dua so 40", '"an ninh"', "nội dung bài mới", ""]


def _answers(client):
    return [client.get("/api/search", query_string={"q": q}).get_json() for q in QUERIES]


def test_a_warm_engine_answers_as_a_fresh_one_after_updates(tmp_path):
    source = corpus(tmp_path / "src", 2)
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    warm = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    before = _answers(warm)  # every term of the queries cached, the common ones kept dense
    tag = warm.get("/api/search", query_string={"q": "công an"}).headers["ETag"]

    write_articles(source, {"new.txt": "Bài mới về Cụm thi đua số 40\n20/11/2024 - 10:00\n\n"
                                       "Nội dung bài mới: công an tỉnh và thi đua."})
    next(source.glob("0000-*")).unlink()
    build(str(source), str(index_dir))  # in place: a new segment, a deletion in an old one
    after = _answers(warm)
    assert after == _answers(create_app({"INDEX_DIR": str(index_dir)}).test_client())
    assert after != before and after[5]["total"] >= 1
    assert warm.get("/api/search", query_string={"q": "công an"}).headers["ETag"] != tag

    build(str(source), str(index_dir), rebuild=True)  # a new generation swapped in
    assert _answers(warm) == _answers(create_app({"INDEX_DIR": str(index_dir)}).test_client())


def test_a_search_names_the_generation_it_read(tmp_path):
    index_dir = tmp_path / "index"
    build(str(corpus(tmp_path / "src", 1)), str(index_dir))
    engine = Engine(str(index_dir))
    assert engine.search(SearchRequest(q="công an")).generation == engine.generation()
