"""Every setting in one place: read from the environment (prefix VNSEARCH_, with the plain
names the first versions used), by the CLI, the web app and gunicorn's configuration alike.

| setting | variable (older name) | default |
|---|---|---|
| index_dir | VNSEARCH_INDEX_DIR (INDEX_DIR) | index |
| host, port | VNSEARCH_HOST (HOST), VNSEARCH_PORT (PORT) | 127.0.0.1, 8000 |
| workers | VNSEARCH_WORKERS (WEB_CONCURRENCY) | 2 × CPUs, at most 4 |
| worker_timeout | VNSEARCH_TIMEOUT (GUNICORN_TIMEOUT) | 30 s (gunicorn's last resort) |
| header_timeout | VNSEARCH_HEADER_TIMEOUT | 5 s to send a request's line and headers |
| request_timeout | VNSEARCH_REQUEST_TIMEOUT | 10 s before a request is answered 503 (0: none) |
| warm_up_limit | VNSEARCH_WARM_UP_LIMIT | 900 s: the longest a load of the index keeps a worker alive |
| file_seconds | VNSEARCH_FILE_SECONDS | 10 s of extraction per file in a build |
| log_level | VNSEARCH_LOG_LEVEL (LOG_LEVEL) | info |
| debug | VNSEARCH_DEBUG | off (the CLI prints tracebacks when on) |
The web app also reads VNSEARCH_TRUST_PROXY, VNSEARCH_BASE_URL and VNSEARCH_TRUSTED_HOSTS
(search_app/__init__.py: they concern serving only).
"""
import multiprocessing
import os
from collections.abc import Mapping

PREFIX = "VNSEARCH_"


def setting(name: str, default: str | None = None, older: str | None = None,
            environ: Mapping[str, str] | None = None) -> str | None:
    """The value of VNSEARCH_<name> (else the older plain name, else ``default``), as text."""
    environ = os.environ if environ is None else environ
    return environ.get(PREFIX + name) or (environ.get(older) if older else None) or default


def number(name: str, default: float, older: str | None = None, environ: Mapping[str, str] | None = None) -> float:
    """A numeric setting; a value that is not a number gives the default."""
    try:
        return float(setting(name, None, older, environ) or default)
    except ValueError:
        return float(default)


def index_dir(environ: Mapping[str, str] | None = None) -> str:
    return setting("INDEX_DIR", "index", "INDEX_DIR", environ)


def host(environ: Mapping[str, str] | None = None) -> str:
    return setting("HOST", "127.0.0.1", "HOST", environ)


def port(environ: Mapping[str, str] | None = None) -> int:
    return int(number("PORT", 8000, "PORT", environ))


def workers(environ: Mapping[str, str] | None = None) -> int:
    return int(number("WORKERS", min(4, multiprocessing.cpu_count() * 2), "WEB_CONCURRENCY", environ))


def file_seconds(environ: Mapping[str, str] | None = None) -> float:
    return number("FILE_SECONDS", 10.0, environ=environ)


def debug(environ: Mapping[str, str] | None = None) -> bool:
    return bool(setting("DEBUG", "", environ=environ))
