"""One settings module: the CLI, the app and gunicorn's configuration read the same variables."""
import json
import os
import subprocess
import sys

from indexer import settings

from .helpers import ROOT, SEEDS


def test_prefixed_names_win_and_older_names_still_work():
    assert settings.index_dir({"VNSEARCH_INDEX_DIR": "a", "INDEX_DIR": "b"}) == "a"
    assert settings.index_dir({"INDEX_DIR": "b"}) == "b" and settings.index_dir({}) == "index"
    assert settings.port({"PORT": "9000"}) == 9000 and settings.port({"VNSEARCH_PORT": "x"}) == 8000


def test_the_cli_reads_vnsearch_index_dir(tmp_path):
    env = dict(os.environ, VNSEARCH_INDEX_DIR=str(tmp_path / "idx"))
    env.pop("INDEX_DIR", None)
    subprocess.run([sys.executable, "-m", "indexer", "build", "--source", str(SEEDS)], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=120)
    shown = subprocess.run([sys.executable, "-m", "indexer", "show", "--json"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and len(json.loads(shown.stdout)) == len(list(SEEDS.iterdir()))


def test_gunicorn_and_the_app_read_the_same_settings(monkeypatch):
    import importlib

    from search_app import create_app

    monkeypatch.setenv("VNSEARCH_PORT", "9123")
    monkeypatch.setenv("VNSEARCH_INDEX_DIR", "/nowhere/index")
    import search_app.gunicorn_config as config

    config = importlib.reload(config)
    assert config.bind.endswith(":9123")
    app = create_app()
    assert app.config["INDEX_DIR"] == "/nowhere/index" and int(app.config["PORT"]) == 9123
