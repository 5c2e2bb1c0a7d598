"""python -m indexer: human text by default, JSON with --json, exit codes 0/1/2/3."""
import io
import json
import subprocess
import sys

import pytest

from indexer.cli import main
from indexer.store import build_lock

from .helpers import ROOT, SEEDS


def run(argv):
    out = io.StringIO()
    code = main(argv, out=out)
    return code, out.getvalue()


def test_help_documents_every_subcommand():
    result = subprocess.run([sys.executable, "-m", "indexer", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    for command in ("build", "show", "search"):
        assert command in result.stdout


def test_build_prints_a_summary_then_an_update_skips_unchanged(tmp_path):
    index_dir = str(tmp_path / "index")
    code, text = run(["build", "--source", str(SEEDS), "--index", index_dir])
    assert code == 0
    assert "5 added, 0 updated, 0 unchanged, 0 removed, 0 skipped; 5 articles" in text
    code, text = run(["build", "--source", str(SEEDS), "--index", index_dir, "--json"])
    summary = json.loads(text)
    assert (code, summary["mode"], summary["unchanged"], summary["added"]) == (0, "incremental", 5, 0)


def test_show_json_lists_every_record_with_its_fields(seed_index):
    code, text = run(["show", "--index", str(seed_index), "--json"])
    records = json.loads(text)
    assert code == 0 and len(records) == 9
    for record in records:
        assert {"id", "source", "title", "date", "year", "outlet", "author", "clusters", "provinces",
                "persons", "paragraphs"} <= set(record)
        assert all(set(p) == {"name", "rank", "role"} for p in record["persons"])


def test_show_prints_readable_text(seed_index):
    code, text = run(["show", "--index", str(seed_index)])
    assert code == 0
    assert "person: Nguyễn Văn Hận (Đại tá, Giám đốc Công an tỉnh Kiên Giang)" in text


def test_search_prints_ranked_hits(seed_index):
    code, text = run(["search", "--index", str(seed_index), "nguyen", "van", "han"])
    assert code == 0
    assert text.splitlines()[0] == "1 result(s) for 'nguyen van han'"
    assert "*Nguyễn Văn Hận*" in text
    code, text = run(["search", "--index", str(seed_index), "--json", "nguyễn văn hận"])
    assert json.loads(text)["results"][0]["title"] == "Công an 5 địa phương tổng kết phong trào thi đua năm 2024"


def test_a_file_that_cannot_be_read_gives_exit_1_and_the_rest_is_indexed(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "good.txt").write_text((SEEDS / "000_35e3ee56fcd7ce3a.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (source / "empty.txt").write_text("", encoding="utf-8")
    code, text = run(["build", "--source", str(source), "--index", str(tmp_path / "index")])
    assert code == 1
    assert "1 added" in text and "skipped empty.txt: empty file" in text


@pytest.mark.parametrize("argv, message", [
    (["build", "--source", "/no/such/folder", "--index", "{tmp}/i"], "source folder '/no/such/folder' does not exist"),
    (["show", "--index", "{tmp}/none"], "no index in"),
    (["search", "--index", "{tmp}/none", "x"], "no index in"),
])
def test_usage_errors_exit_2_with_a_message_not_a_traceback(tmp_path, capsys, argv, message):
    code, _text = run([a.replace("{tmp}", str(tmp_path)) for a in argv])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err


def test_bad_option_exits_2(capsys):
    code, _text = run(["build", "--nope"])
    assert code == 2 and "unrecognized arguments" in capsys.readouterr().err


def test_busy_index_exits_3(tmp_path, capsys):
    index_dir = str(tmp_path / "index")
    with build_lock(index_dir):
        code, _text = run(["build", "--source", str(SEEDS), "--index", index_dir])
    assert code == 3 and "another build" in capsys.readouterr().err
