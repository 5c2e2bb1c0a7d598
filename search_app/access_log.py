"""gunicorn access log as JSON lines (``logger_class`` in gunicorn.conf.py).

Built with json.dumps, so quotes in a path, query or user agent cannot break a line;
each value is cut at LOGGED_CHARS characters, so a line stays bounded.
"""
import json

from gunicorn.glogging import Logger

LOGGED_CHARS = 1000


def _bounded(value):
    return value[:LOGGED_CHARS] + "…" if isinstance(value, str) and len(value) > LOGGED_CHARS else value


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        line = {
            "time": atoms["t"], "remote": atoms["h"], "method": atoms["m"], "path": atoms["U"],
            "query": atoms["q"], "status": int(str(atoms["s"]).split()[0]), "bytes": atoms["B"],
            "duration_ms": atoms["M"], "referer": atoms["f"], "agent": atoms["a"],
        }
        self.access_log.info(json.dumps({k: _bounded(v) for k, v in line.items()}, ensure_ascii=False))
