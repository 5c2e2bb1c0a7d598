"""`vnsearch-serve`: the service as `make run` serves it, from an installed package."""
import os
import sys


def main():
    """Run gunicorn with the packaged settings (search_app/gunicorn_config.py)."""
    arguments = [sys.executable, "-m", "gunicorn", "--config", "python:search_app.gunicorn_config",
                 "search_app.wsgi:app", *sys.argv[1:]]
    os.execv(sys.executable, arguments)


if __name__ == "__main__":
    main()
