"""Each generation records its format and source; another format is refused, never half-read."""
import json
import os
import subprocess
import sys

from indexer import store
from indexer.schema import INDEX_FORMAT
from indexer.writer import build
from search_app import create_app

from .helpers import ROOT, SEEDS, write_articles

ARTICLE = """
Cụm thi đua số 8 tổng kết năm 2024

Ngày 12/12/2024, Cụm thi đua số 8 tổ chức hội nghị tổng kết tại Công an tỉnh Long An.
"""


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "indexer", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def _age(index_dir, source=None):
    """Make the live generation look written by an older version."""
    generation = store.current_generation(str(index_dir))
    info = {"format": INDEX_FORMAT - 1}
    if source:
        info["source"] = str(source)
    with open(os.path.join(index_dir, generation, store.FORMAT_FILE), "w", encoding="utf-8") as handle:
        json.dump(info, handle)
    return generation


def test_a_generation_records_its_format_and_absolute_source(tmp_path):
    source = write_articles(tmp_path / "src", {"a.txt": ARTICLE})
    build(str(source), str(tmp_path / "index"))
    generation = store.current_generation(str(tmp_path / "index"))
    info = store.generation_info(str(tmp_path / "index"), generation)
    assert info["format"] == INDEX_FORMAT and info["source"] == str(source.resolve())


def test_an_index_of_another_format_is_refused_by_the_cli_with_the_command_that_rebuilds_it(tmp_path):
    source = write_articles(tmp_path / "src", {"a.txt": ARTICLE})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    _age(index_dir, source)
    for args in (["show"], ["search", "cụm"], ["build", "--source", str(source)]):
        result = _cli(*args, "--index", str(index_dir))
        assert result.returncode == 4, result
        message = result.stderr.strip()
        assert len(message.splitlines()) == 1 and "Traceback" not in message
        assert f"build --rebuild --source {source} --index {index_dir}" in message


def test_the_service_answers_503_naming_the_rebuild_for_an_index_of_another_format(tmp_path):
    source = write_articles(tmp_path / "src", {"a.txt": ARTICLE})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    _age(index_dir, source)
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    for url in ("/api/search?q=cum", "/readyz"):
        response = client.get(url)
        assert response.status_code == 503
        assert "build --rebuild" in json.dumps(response.get_json(), ensure_ascii=False)


def test_ensure_rebuilds_a_stale_index_from_the_folder_it_records_not_from_the_seeds(tmp_path):
    source = write_articles(tmp_path / "corpus", {"a.txt": ARTICLE, "b.txt": ARTICLE.replace("số 8", "số 9")})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    old = _age(index_dir, source)
    result = _cli("ensure", "--source", str(SEEDS), "--index", str(index_dir), "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["action"] == "rebuilt" and answer["source"] == str(source)
    assert answer["summary"]["documents"] == 2
    assert store.current_generation(str(index_dir)) != old
    assert _cli("search", "--index", str(index_dir), "cụm").returncode == 0


def test_ensure_stops_with_the_command_when_the_recorded_folder_is_gone(tmp_path):
    source = write_articles(tmp_path / "corpus", {"a.txt": ARTICLE})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    old = _age(index_dir, tmp_path / "moved-away")
    result = _cli("ensure", "--index", str(index_dir))
    assert result.returncode == 4
    assert "build --rebuild" in result.stderr and "Traceback" not in result.stderr
    assert store.current_generation(str(index_dir)) == old


def test_ensure_builds_a_missing_index_and_leaves_a_current_one(tmp_path):
    source = write_articles(tmp_path / "corpus", {"a.txt": ARTICLE})
    index_dir = tmp_path / "index"
    first = _cli("ensure", "--source", str(source), "--index", str(index_dir), "--json")
    assert json.loads(first.stdout)["action"] == "built"
    generation = store.current_generation(str(index_dir))
    second = _cli("ensure", "--source", str(SEEDS), "--index", str(index_dir), "--json")
    assert json.loads(second.stdout)["action"] == "present"
    assert store.current_generation(str(index_dir)) == generation
