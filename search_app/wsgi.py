"""WSGI entry point for gunicorn: ``gunicorn search_app.wsgi:app``."""
from . import create_app

app = create_app()
