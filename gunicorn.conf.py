"""gunicorn settings for `make run`: they live in the package (search_app/gunicorn_config.py),
so an installed copy serves the same way (`vnsearch-serve`)."""
from search_app.gunicorn_config import *  # noqa: F403
from search_app.gunicorn_config import post_worker_init  # noqa: F401
