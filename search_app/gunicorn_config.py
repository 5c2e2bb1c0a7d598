"""gunicorn settings for `make run` and `vnsearch-serve`, from the environment.

VNSEARCH_HOST / VNSEARCH_PORT / VNSEARCH_WORKERS (plain HOST, PORT, WEB_CONCURRENCY
still honoured); access logs are JSON lines on stdout.
"""
from indexer import settings

bind = f"{settings.host()}:{settings.port()}"
workers = settings.workers()
timeout = int(settings.number("TIMEOUT", 30, "GUNICORN_TIMEOUT"))
graceful_timeout = 10
loglevel = settings.setting("LOG_LEVEL", "info", "LOG_LEVEL")
errorlog = "-"
accesslog = "-"
logger_class = "search_app.access_log.JsonAccessLogger"
# gevent workers (search_app/server.py): a slow client holds a greenlet, not a worker.
worker_class = "search_app.server.SearchWorker"
worker_connections = 1000
# Seconds to read a request's line and headers (and to keep an idle connection open).
keepalive = int(settings.number("HEADER_TIMEOUT", 5))
# A longer request line is a JSON 414 (search_app/server.py); gunicorn's parser is
# quadratic in the line's length, and the access log writes the line whole.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The app answers a request that runs longer than VNSEARCH_REQUEST_TIMEOUT seconds (10)
# with a 503 (search_app/server.py); `timeout` above is only the last resort that kills
# a worker which stopped answering gunicorn altogether.


# gunicorn kills a worker that has not told it it is alive for `timeout` seconds.  Loading the
# index takes longer than that at a million articles (facets of ~80 segments, the SHA-256 of
# 17 GB): while it loads — at start, and again in a request after each update — a thread tells
# gunicorn every few seconds, for at most this long, so a load that hangs is still killed.
WARM_UP_LIMIT_SECONDS = int(settings.number("WARM_UP_LIMIT", 900))


def post_worker_init(worker):
    """Load the index before taking requests (a new worker's first search took 2.5–3 s)."""
    app = worker.wsgi
    if not hasattr(app, "extensions"):
        return
    from search_app import warm_up
    from search_app.server import Heartbeat, keep_alive_while_loading

    every = max(0.1, min(Heartbeat.EVERY, worker.timeout / 4))
    keep_alive_while_loading(worker.notify, WARM_UP_LIMIT_SECONDS, every)
    worker.notify()
    with Heartbeat(worker.notify, WARM_UP_LIMIT_SECONDS, every):
        seconds = warm_up(app)
    worker.notify()
    if seconds is not None:
        worker.log.info("worker %s loaded the index in %.2f s", worker.pid, seconds)
