"""`pip install .` (not editable): the wheel carries the templates and the console scripts."""
import os
import subprocess
import sys
import sysconfig
import venv

import pytest

from .helpers import ROOT, SEEDS


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the built wheel installed (its dependencies reused from this venv)."""
    work = tmp_path_factory.mktemp("package")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(work / "dist"), str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next((work / "dist").glob("vn_search-*.whl"))
    target = work / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # the dependencies, not our package: a plain path entry runs no editable-install hook
    with open(os.path.join(site, "dependencies.pth"), "w", encoding="utf-8") as handle:
        handle.write(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True,
                   capture_output=True, timeout=300)
    return target, work


def test_the_installed_package_serves_every_page_from_its_own_copy(installed):
    target, work = installed
    index_dir = work / "index"
    subprocess.run([str(target / "bin" / "vnsearch"), "build", "--source", str(SEEDS), "--index", str(index_dir)],
                   check=True, capture_output=True, cwd=work, timeout=300)
    script = (
        "import search_app, indexer, sys\n"
        "assert 'site-packages' in search_app.__file__ and 'site-packages' in indexer.__file__, search_app.__file__\n"
        f"client = search_app.create_app({{'INDEX_DIR': {str(index_dir)!r}}}).test_client()\n"
        "for url in ('/', '/?q=nguyen+van+han', '/api/search?q=thi+dua'):\n"
        "    response = client.get(url)\n"
        "    assert response.status_code == 200, (url, response.status_code)\n"
        "doc = client.get('/api/search?q=thi+dua').get_json()['results'][0]['id']\n"
        "assert client.get('/doc/' + doc).status_code == 200\n"
        "assert client.get('/static/style.css').status_code == 200\n"
        "print('ok')\n"
    )
    result = subprocess.run([str(target / "bin" / "python"), "-c", script], capture_output=True, text=True,
                            cwd=work, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr[-2000:]


def test_the_console_script_prints_the_versions_that_matter(installed):
    target, work = installed
    result = subprocess.run([str(target / "bin" / "vnsearch"), "--version"], capture_output=True, text=True,
                            cwd=work, timeout=60)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("vn-search 0.") and [line.split()[0] for line in lines[1:]] == [
        "Python", "ICU", "PyICU", "Whoosh"]
