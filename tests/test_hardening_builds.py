"""Hardening II, findings 7 and 8: builds fail clearly, clean up, and survive a lost registry.

Before: a read-only index directory, a garbage registry.json, a missing .trm and a full
disk each gave a raw traceback and exit 1 (the README's "some files skipped"); a full
disk left a partial segment and MAIN.tmp in the live generation; a killed build left its
partial generation until a --rebuild; a garbage registry turned unknown and removed ids
into 500s.  Every failure is now one line with its own exit code (indexer/cli.py).
"""
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from indexer import cli, store
from indexer.ids import BACKUP_SUFFIX, REGISTRY_FILE
from indexer.writer import build
from search_app import create_app

from .helpers import ARTICLES, ROOT, SEEDS


def _run(argv):
    """(exit code, stdout, stderr) of the CLI in this process."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(argv, out=out)
    return code, out.getvalue(), err.getvalue()


def _one_line(err):
    lines = err.strip().splitlines()
    assert "Traceback" not in err and lines and lines[-1].startswith("error: "), err
    return lines[-1]


def _source(folder, extra=0):
    """Seeds plus the layout articles, plus ``extra`` variants of a seed (distinct texts)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for path in list(SEEDS.iterdir()) + list(ARTICLES.iterdir()):
        shutil.copy(path, folder / path.name)
    seed = (SEEDS / "000_35e3ee56fcd7ce3a.txt").read_text(encoding="utf-8")
    for number in range(extra):
        (folder / f"variant-{number:04}.txt").write_text(
            seed.replace("số 12", f"số {number + 100}") + f"\n\nPhụ lục {number}: bản tin bổ sung số {number}.\n",
            encoding="utf-8")
    return folder


def _ids(index_dir):
    code, out, _err = _run(["show", "--json", "--index", str(index_dir)])
    assert code == 0
    return {record["source"]: record["id"] for record in json.loads(out)}


def _listing(index_dir):
    found = set()
    for folder, subfolders, files in os.walk(index_dir):
        for name in subfolders + files:
            found.add(os.path.relpath(os.path.join(folder, name), index_dir))
    return found - {os.path.join(store.current_generation(str(index_dir)), "CHECKSUMS.json")}


# -- permissions (as an unprivileged user: root writes anywhere) ----------------------------
def _cli_as_nobody(argv):
    """(exit code, stderr) of the CLI run in a forked child that dropped root."""
    _run(["build", "--source", str(SEEDS), "--index", tempfile.mkdtemp()])  # import everything first
    errors = tempfile.TemporaryFile()  # noqa: SIM115 - the forked child writes to it, the parent reads it
    pid = os.fork()
    if pid == 0:  # child
        code = 99
        try:
            os.dup2(errors.fileno(), 2)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", buffering=0, closefd=False), write_through=True)
            code = cli.main(argv, out=io.StringIO())
        except BaseException as error:  # report anything
            os.write(2, f"child failed: {error!r}".encode())
        finally:
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    with errors:
        errors.seek(0)
        return os.waitstatus_to_exitcode(status), errors.read().decode("utf-8", "replace")


@pytest.fixture()
def shared_folder():
    """A folder under /tmp that an unprivileged user can enter (pytest's are root's, 0700)."""
    assert os.geteuid() == 0, "the suite runs as root here; these tests drop to an unprivileged user"
    folder = tempfile.mkdtemp(prefix="hardening-", dir="/tmp")
    os.chmod(folder, 0o755)
    yield Path(folder)
    shutil.rmtree(folder)


def test_updating_an_index_one_may_not_write_is_exit_6(shared_folder):
    source = _source(shared_folder / "src")
    index_dir = shared_folder / "index"
    build(str(source), str(index_dir))
    before = _listing(index_dir)
    code, err = _cli_as_nobody(["build", "--source", str(source), "--index", str(index_dir)])
    assert code == 6, err
    assert "permission denied" in _one_line(err)
    assert _listing(index_dir) == before


def test_a_new_index_where_one_may_not_write_is_exit_6(shared_folder):
    source = _source(shared_folder / "src")
    code, err = _cli_as_nobody(["build", "--source", str(source), "--index", str(shared_folder / "new" / "index")])
    assert code == 6, err
    assert "permission denied" in _one_line(err)


# -- a full disk (a small tmpfs) ----------------------------------------------------------------
IN_OWN_NAMESPACE = "VNSEARCH_TEST_OWN_MOUNT_NAMESPACE"


def _mount_tmpfs(folder, kilobytes):
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(folder)],
                          capture_output=True, text=True)


def _may_mount():
    probe = tempfile.mkdtemp(prefix="mount-probe-")
    try:
        mounted = _mount_tmpfs(probe, 64).returncode == 0
        if mounted:
            subprocess.run(["umount", "-l", probe], check=False)
        return mounted
    finally:
        os.rmdir(probe)


def _needs_a_small_disk(request):
    """True when the test may go on here; otherwise it has been run again in a user and mount
    namespace of its own (``unshare -rm``: no root or CAP_SYS_ADMIN needed), where it may mount
    a tmpfs, and its result asserted — a test that cannot mount never passes by skipping."""
    if os.environ.get(IN_OWN_NAMESPACE) or _may_mount():
        return True
    if shutil.which("unshare") is None:
        pytest.fail("a full disk needs a tmpfs: mount is refused here and unshare(1) is missing")
    inner = subprocess.run(["unshare", "-rm", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            request.node.nodeid], cwd=ROOT, capture_output=True, text=True,
                           env=dict(os.environ, **{IN_OWN_NAMESPACE: "1"}))
    assert inner.returncode == 0 and " passed" in inner.stdout, inner.stdout[-3000:] + inner.stderr[-2000:]
    return False


@contextmanager
def _small_disk(kilobytes):
    folder = tempfile.mkdtemp(prefix="full-disk-")
    mounted = _mount_tmpfs(folder, kilobytes)
    if mounted.returncode != 0:
        os.rmdir(folder)
        pytest.fail(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield Path(folder)
    finally:
        subprocess.run(["umount", "-l", folder], check=False)
        os.rmdir(folder)


def test_a_full_disk_is_exit_7_and_leaves_nothing_behind(tmp_path, request):
    if not _needs_a_small_disk(request):
        return
    source = _source(tmp_path / "src")
    with _small_disk(1500) as disk:
        index_dir = disk / "index"
        assert _run(["build", "--source", str(source), "--index", str(index_dir)])[0] == 0
        ids, before = _ids(index_dir), _listing(index_dir)
        registry = (index_dir / REGISTRY_FILE).read_bytes()
        _source(source, extra=60)  # an update that does not fit
        for argv in (["build"], ["build", "--rebuild"]):
            code, _out, err = _run(argv + ["--source", str(source), "--index", str(index_dir)])
            assert code == 7, err
            assert "disk is full" in _one_line(err)
            assert _listing(index_dir) == before  # no partial segment, MAIN.tmp or generation
            assert (index_dir / REGISTRY_FILE).read_bytes() == registry
            assert _ids(index_dir) == ids
        subprocess.run(["mount", "-o", "remount,size=20m", str(disk)], check=True)
        code, out, err = _run(["build", "--source", str(source), "--index", str(index_dir)])
        assert code == 0, err
        assert "60 added" in out and _ids(index_dir).items() >= ids.items()
        assert _run(["verify", "--index", str(index_dir)])[0] == 0


def test_a_full_disk_in_a_worker_process_is_exit_7_too(tmp_path, request):
    if not _needs_a_small_disk(request):
        return
    source = _source(tmp_path / "src", extra=310)  # enough files for worker processes
    with _small_disk(700) as disk:
        index_dir = disk / "index"
        code, _out, err = _run(["build", "--jobs", "2", "--source", str(source), "--index", str(index_dir)])
        assert code == 7, err
        assert "disk is full" in _one_line(err)
        assert [name for name in os.listdir(index_dir) if name.startswith(store.GENERATION_PREFIX)] == []


# -- what killed builds leave --------------------------------------------------------------
def test_the_next_build_sweeps_what_a_killed_build_left(tmp_path):
    source = _source(tmp_path / "src", extra=150)
    index_dir = tmp_path / "index"
    assert _run(["build", "--source", str(source), "--index", str(index_dir)])[0] == 0
    live = store.current_generation(str(index_dir))
    before = _listing(index_dir)
    # a rebuild killed with -9 once its generation exists
    process = subprocess.Popen([sys.executable, "-m", "indexer", "build", "--rebuild", "--jobs", "1",
                                "--source", str(source), "--index", str(index_dir)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if len([n for n in os.listdir(index_dir) if n.startswith(store.GENERATION_PREFIX)]) > 1:
            time.sleep(0.3)
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    # and what an update killed mid-commit leaves in the live generation
    live_path = index_dir / live
    (live_path / "MAIN.tmp").mkdir(exist_ok=True)
    (live_path / "MAIN.tmp" / "part.col").write_bytes(b"x" * 100)
    (live_path / "MAIN_deadbeefdeadbeef.pst").write_bytes(b"partial")
    (live_path / "_MAIN_9.toc.1700000000.5").write_bytes(b"partial")
    (index_dir / "CURRENT.tmp").write_text("gen-x")
    assert _listing(index_dir) != before
    code, _out, err = _run(["build", "--source", str(source), "--index", str(index_dir)])
    assert code == 0, err
    assert "removed what earlier builds left" in err
    assert _listing(index_dir) == before
    assert store.current_generation(str(index_dir)) == live


# -- the registry --------------------------------------------------------------------------
def _with_removed_article(tmp_path):
    source = _source(tmp_path / "src")
    index_dir = tmp_path / "index"
    build(str(source), str(index_dir))
    ids = _ids(index_dir)
    gone = "after_merger.txt"
    (source / gone).unlink()
    build(str(source), str(index_dir))
    return source, index_dir, ids, ids.pop(gone)


def test_a_garbage_registry_is_restored_from_its_backup(tmp_path):
    source, index_dir, ids, removed_id = _with_removed_article(tmp_path)
    assert (index_dir / (REGISTRY_FILE + BACKUP_SUFFIX)).exists()
    (index_dir / REGISTRY_FILE).write_text("{garbage", encoding="utf-8")
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    assert client.get(f"/doc/{removed_id}").status_code == 410
    assert client.get("/api/doc/nosuchid00").status_code == 404
    _source(source)  # the removed article is not back
    (source / "after_merger.txt").unlink()
    (source / "new.txt").write_text((SEEDS / "000_35e3ee56fcd7ce3a.txt").read_text(encoding="utf-8")
                                    .replace("số 12", "số 77"), encoding="utf-8")
    code, out, err = _run(["build", "--source", str(source), "--index", str(index_dir)])
    assert code == 0, err
    assert "restored from registry.json.bak" in err and "1 added" in out
    after = _ids(index_dir)
    assert {k: after[k] for k in ids} == ids
    assert json.loads((index_dir / REGISTRY_FILE).read_text(encoding="utf-8"))["removed"].keys() == {removed_id}


def test_a_garbage_registry_without_backup_takes_the_ids_from_the_index(tmp_path):
    source, index_dir, ids, removed_id = _with_removed_article(tmp_path)
    (index_dir / REGISTRY_FILE).write_text("[1, 2", encoding="utf-8")
    (index_dir / (REGISTRY_FILE + BACKUP_SUFFIX)).write_text("null", encoding="utf-8")
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    assert client.get(f"/doc/{removed_id}").status_code == 410  # removed.json still tells it
    (index_dir / "removed.json").write_text("{garbage", encoding="utf-8")
    for url in (f"/doc/{removed_id}", "/doc/nosuchid00", f"/api/doc/{removed_id}"):
        assert client.get(url).status_code == 404  # the removal is forgotten, but never a 500
    # moved files keep their ids only through the registry or the index: move one
    (source / "bloc_province.txt").rename(source / "moved.txt")
    code, _out, err = _run(["build", "--source", str(source), "--index", str(index_dir)])
    assert code == 0, err
    assert "read from the index" in err
    after = _ids(index_dir)
    ids["moved.txt"] = ids.pop("bloc_province.txt")
    assert after == ids


def test_every_exit_code_is_documented():
    for code in range(0, 10):
        assert f"\n  {code}  " in cli.__doc__
