"""Plain helpers shared by test modules (fixtures are conftest.py's): paths, articles written
to disk, gunicorn started and stopped, HTTP, the browser's accessibility check."""
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

from indexer.facet_table import FACET_FIELDS

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


def corpus(folder, copies):
    """``copies`` × the five seeds, each copy made distinct by a sentence of its own."""
    articles = {}
    for path in sorted(SEEDS.iterdir()):
        text = path.read_text(encoding="utf-8")
        for number in range(copies):
            articles[f"{number:04d}-{path.name}"] = text.replace("\n\n", f"\n\nBản sao số {number}.\n\n", 1)
    return write_articles(folder, articles)


def serve(index_dir, app="search_app.wsgi:app", workers=1, **env):
    """gunicorn with `make run`'s configuration on a free loopback port; (process, base URL).
    ``env`` adds settings (VNSEARCH_…)."""
    port = free_port()
    environment = dict(os.environ, HOST="127.0.0.1", PORT=str(port), INDEX_DIR=str(index_dir),
                       WEB_CONCURRENCY=str(workers), **{k: str(v) for k, v in env.items()})
    log = tempfile.TemporaryFile()  # noqa: SIM115 - gunicorn writes to it until stop() closes it
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", app],
                               cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    process.log = log
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError("gunicorn did not start: " + read_log(process)[-2000:])


def read_log(process):
    process.log.seek(0)
    return process.log.read().decode("utf-8", "replace")



def get(url, timeout=30, headers=None):
    """(status, headers, body bytes) of a GET, errors included."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# every parameter of /api/search (the facets from the index's table)
PARAMETERS = ("q", "page", "per_page", "sort", *FACET_FIELDS, "from", "to")

ODD_VALUES = [
    "-1", "0", "99999999999999999999", "1e9", "abc", " ", "", "NaN", "2024-99", "2024-02-30", "0000-00-00",
    "a" * 20000, "a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*x*y*z*" * 20, "*", "?", "~", "cờ~2", "[a TO z]",
    "{a TO z}", "title:x", "AND OR NOT", "OR OR OR", '"""', "\x00\x01\x1f", "\u202e", "((((((", ")))",
    "<script>alert(1)</script>", "' OR 1=1 --", "%", "%00", "\ud7ff", "😀" * 100, "-" * 500, '"' * 999,
]


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def axe_violations(page):
    """axe-core's WCAG 2.x A/AA and best-practice violations on the page, as (rule, impact, first nodes)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})
    return [(v["id"], v["impact"], [(n["target"], n.get("failureSummary")) for n in v["nodes"]][:2])
            for v in results.response["violations"]]


def index_with_deletions(root):
    """An index of the seeds and the test articles in two segments with deleted documents (an
    edit and a removal since the first build): the case every reader of internals must get right."""
    import shutil as _shutil

    from indexer.writer import build

    source = root / "src"
    source.mkdir()
    for path in list(SEEDS.iterdir()) + list(ARTICLES.iterdir()):
        _shutil.copy(path, source / path.name)
    index_dir = root / "index"
    build(str(source), str(index_dir))
    first = sorted(source.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nMột đoạn mới về công an.\n", encoding="utf-8")
    sorted(source.iterdir())[1].unlink()
    build(str(source), str(index_dir))
    return index_dir
