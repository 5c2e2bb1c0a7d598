"""Slow and hostile clients against the real gunicorn that `make run` starts (loopback only, bounded)."""
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from .helpers import start_gunicorn, stop

pytestmark = pytest.mark.server

SLOW_CONNECTIONS = 200
DRIP_SECONDS = 1.0


def _search(base, query):
    started = time.monotonic()
    with urllib.request.urlopen(base + "/api/search?" + urllib.parse.urlencode({"q": query}), timeout=10) as response:
        assert response.status == 200
        json.loads(response.read())
    return time.monotonic() - started


class _Drippers:
    """Sockets that send part of a request, then one byte a second (slowloris), for at most ``seconds``."""

    def __init__(self, port, count, seconds):
        self.sockets, self.closed_by_server = [], 0
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /api/search?q=an+ninh HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(sock)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drip, args=(seconds,), daemon=True)
        self._thread.start()

    def _drip(self, seconds):
        deadline = time.monotonic() + seconds
        while not self._stop.wait(DRIP_SECONDS) and time.monotonic() < deadline:
            for sock in list(self.sockets):
                try:
                    sock.send(b"X")
                except OSError:
                    self.sockets.remove(sock)
                    self.closed_by_server += 1

    def close(self):
        self._stop.set()
        self._thread.join(timeout=10)
        for sock in self.sockets:
            sock.close()


def test_two_hundred_slow_connections_do_not_stop_normal_searches(seed_index):
    process, base = start_gunicorn(seed_index, workers=2)
    port = int(base.rsplit(":", 1)[1])
    drippers = None
    try:
        drippers = _Drippers(port, SLOW_CONNECTIONS, seconds=20)
        time.sleep(1.5)  # every slow socket is now held by the server
        timings = []
        for query in ["nguyen van han", "cụm thi đua", "an ninh", "Kiên Giang", "thi đua"] * 4:
            timings.append(_search(base, query))
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{SLOW_CONNECTIONS} slow connections open: {len(timings)} searches, "
              f"p50 {timings[len(timings) // 2] * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
        assert p95 <= 1.0
    finally:
        if drippers:
            drippers.close()
        stop(process)


def test_a_request_whose_headers_drip_is_cut_off_at_the_header_deadline(seed_index):
    process, base = start_gunicorn(seed_index, workers=1)
    port = int(base.rsplit(":", 1)[1])
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(b"GET /api/search?q=an HTTP/1.1\r\n")
        started = time.monotonic()
        closed_after = None
        while time.monotonic() - started < 25:
            try:
                sock.send(b"X")
                sock.settimeout(DRIP_SECONDS)
                if sock.recv(1024) == b"":
                    closed_after = time.monotonic() - started
                    break
            except TimeoutError:
                continue
            except OSError:
                closed_after = time.monotonic() - started
                break
        sock.close()
        assert closed_after is not None and closed_after < 15
    finally:
        stop(process)


def test_an_over_long_request_line_is_a_json_414_with_the_security_headers(seed_index):
    process, base = start_gunicorn(seed_index, workers=1)
    try:
        url = base + "/api/search?" + urllib.parse.urlencode({"q": "an " * 5000})
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(url, timeout=10)
        error = caught.value
        assert error.code == 414
        assert error.headers["Content-Type"].startswith("application/json")
        assert error.headers["X-Content-Type-Options"] == "nosniff"
        assert error.headers["Cache-Control"] == "no-store"
        assert json.loads(error.read())["error"]["status"] == 414
        # the service goes on answering
        assert _search(base, "an ninh") < 10
        time.sleep(0.3)
        process.log.seek(0)
        log = process.log.read().decode(errors="replace")
        assert max(len(line) for line in log.splitlines()) < 4000
    finally:
        stop(process)
