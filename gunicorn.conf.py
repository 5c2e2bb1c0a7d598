"""gunicorn settings for `make run`: $HOST, $PORT, $WEB_CONCURRENCY from the environment."""
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(4, multiprocessing.cpu_count() * 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Long request lines reach the app, which answers a too-long query with a JSON 400
# (gunicorn's own limit would answer 414 in HTML); gunicorn's parser still caps a line at 1 MB.
limit_request_line = 0
