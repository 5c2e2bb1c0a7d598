"""gunicorn access log as JSON lines (``logger_class`` in gunicorn.conf.py).

Built with json.dumps, so quotes in a path, query or user agent cannot break a line.
"""
import json

from gunicorn.glogging import Logger


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
        self.access_log.info(json.dumps(line, ensure_ascii=False))
