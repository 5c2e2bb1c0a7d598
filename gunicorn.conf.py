"""gunicorn settings for `make run`, from the environment.

VNSEARCH_HOST / VNSEARCH_PORT / VNSEARCH_WORKERS (plain HOST, PORT, WEB_CONCURRENCY
still honoured); access logs are JSON lines on stdout.
"""
import multiprocessing
import os


def _setting(name, fallback, default):
    return os.environ.get(f"VNSEARCH_{name}") or os.environ.get(fallback) or default


bind = f"{_setting('HOST', 'HOST', '127.0.0.1')}:{_setting('PORT', 'PORT', '8000')}"
workers = int(_setting("WORKERS", "WEB_CONCURRENCY", str(min(4, multiprocessing.cpu_count() * 2))))
timeout = int(_setting("TIMEOUT", "GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
loglevel = _setting("LOG_LEVEL", "LOG_LEVEL", "info")
errorlog = "-"
accesslog = "-"
logger_class = "search_app.access_log.JsonAccessLogger"
# Long request lines reach the app, which answers a too-long query with a JSON 400
# (gunicorn's own limit would answer 414 in HTML); gunicorn's parser still caps a line at 1 MB.
limit_request_line = 0
