"""Odd and hostile files: each is named with its reason and never costs another file."""
import codecs
import json
import os
import shutil
import tempfile

from indexer.writer import build

from .helpers import SEEDS, encode_cp1258, write_articles

GOOD = (SEEDS / "000_35e3ee56fcd7ce3a.txt").read_text(encoding="utf-8")


def test_every_kind_of_odd_file_in_one_build(tmp_path):
    source = write_articles(tmp_path / "src", {"good.txt": GOOD})
    (source / "empty.txt").write_bytes(b"")
    (source / "binary.dat").write_bytes(bytes(range(256)) * 64)
    (source / "utf16.txt").write_bytes(GOOD.replace("số 12", "số 16").encode("utf-16"))
    (source / "bom.txt").write_bytes(codecs.BOM_UTF8 + GOOD.replace("số 12", "số 17").encode("utf-8"))
    (source / "legacy.txt").write_bytes(encode_cp1258(GOOD.replace("số 12", "số 18")))
    with open(source / "huge.txt", "wb") as handle:  # tens of MB
        handle.truncate(30 * 1024 * 1024)
    (source / "noise.txt").write_text("Nổi bật\n1(1).jpg\n(0) Bình luận\n", encoding="utf-8")
    os.symlink(source / "loop-a", source / "loop-b")
    os.symlink(source / "loop-b", source / "loop-a")
    (source / "markup.txt").write_text(
        "Bài <script>alert(1)</script>\n20/11/2024 - 10:00\n\nNội dung <b>đậm</b> về thi đua.\n", encoding="utf-8")
    summary = build(str(source), str(tmp_path / "index"))
    reasons = dict(summary.skipped)
    assert set(reasons) == {"empty.txt", "binary.dat", "huge.txt", "noise.txt", "loop-a", "loop-b"}
    assert reasons["huge.txt"].startswith("too large")
    assert summary.documents == 5 and summary.exit_code == 1

    from indexer.cli import _records
    records = {r["source"]: r for r in _records(str(tmp_path / "index"))}
    assert records["utf16.txt"]["clusters"] == ["Cụm thi đua số 16"]
    assert records["bom.txt"]["clusters"] == ["Cụm thi đua số 17"]
    assert records["legacy.txt"]["clusters"] == ["Cụm thi đua số 18"]
    assert records["legacy.txt"]["persons"][3]["name"] == "Nguyễn Văn Hận"
    assert records["markup.txt"]["title"] == "Bài <script>alert(1)</script>"


def _build_as_nobody(source, index_dir):
    """Run build() in a forked child that dropped root (tests run as root, who reads anything)."""
    build(str(SEEDS), tempfile.mkdtemp())  # import everything before the interpreter's own files turn unreadable
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 0
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            summary = build(str(source), str(index_dir))
            os.write(write_end, json.dumps(summary.to_dict()).encode())
        except BaseException as error:  # report anything to the parent
            os.write(write_end, json.dumps({"error": repr(error)}).encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        answer = json.loads(pipe.read())
    os.waitpid(pid, 0)
    return answer


def test_an_unreadable_file_is_named_when_building_as_an_unprivileged_user():
    assert os.geteuid() == 0, "the suite runs as root here; this test drops to an unprivileged user"
    folder = tempfile.mkdtemp(prefix="unreadable-", dir="/tmp")
    try:
        os.chmod(folder, 0o777)
        source = write_articles(os.path.join(folder, "src"), {"good.txt": GOOD, "secret.txt": GOOD.replace("12", "13")})
        os.chmod(source, 0o755)
        os.chmod(source / "good.txt", 0o644)
        os.chmod(source / "secret.txt", 0o000)
        summary = _build_as_nobody(source, os.path.join(folder, "index"))
        assert summary.get("error") is None, summary
        assert summary["added"] == 1
        assert summary["skipped"] == [{"path": "secret.txt", "reason": "cannot read: Permission denied"}]
    finally:
        shutil.rmtree(folder)


def test_a_file_that_turns_unreadable_keeps_its_indexed_version(tmp_path):
    source = write_articles(tmp_path / "src", {"a.txt": GOOD})
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    (source / "a.txt").write_bytes(b"\x00\x00binary now")
    summary = build(str(source), str(index_dir))
    assert summary.skipped == [("a.txt", "binary file (contains NUL bytes)")]
    assert summary.documents == 1 and summary.removed == 0
