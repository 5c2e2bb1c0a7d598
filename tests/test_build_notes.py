"""A file with a few invalid bytes (three here) is indexed, and the build names it with the count."""
import json
import subprocess
import sys

from .helpers import ROOT


def test_a_few_invalid_bytes_are_replaced_and_the_build_names_the_file_and_the_count(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    text = ("Cụm thi đua số 8 tổng kết năm 2024\nThứ Năm, 12/12/2024 08:00\n\n"
            "Ngày 11/12, Cụm thi đua số 8 tổ chức hội nghị tại Công an tỉnh Long An. ") * 3
    data = text.encode("utf-8")
    (source / "broken.txt").write_bytes(data[:60] + b"\xff" + data[60:200] + b"\xfe\xfe" + data[200:])
    result = subprocess.run([sys.executable, "-m", "indexer", "build", "--source", str(source), "--index",
                             str(tmp_path / "index"), "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    summary = json.loads(result.stdout)
    assert result.returncode == 0 and summary["added"] == 1
    assert summary["flagged"] == [{"path": "broken.txt",
                                   "flag": "decoded with 3 invalid UTF-8 byte sequence(s) replaced"}]
    human = subprocess.run([sys.executable, "-m", "indexer", "build", "--source", str(source), "--index",
                            str(tmp_path / "index2")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "indexed broken.txt, decoded with 3 invalid UTF-8 byte sequence(s) replaced" in human.stdout
