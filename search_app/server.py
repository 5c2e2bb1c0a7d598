"""The gunicorn worker `make run` uses: gevent, with a deadline for reading a request and
gunicorn's own error answers in the API's JSON shape.

Why gevent (measured in tests/test_slow_clients.py and the README): with sync workers,
eight sockets that drip a request a byte at a time held both workers and no normal
search was answered; a gevent worker holds each connection in a greenlet, so 200 slow
connections cost memory, not workers.  ``keepalive`` is also the deadline for reading
a request's line and headers (gunicorn's async loop reads them under ``timeout_ctx``),
so a dripping client is cut off after that many seconds.
"""
import json
import time

from gunicorn import util
from gunicorn.workers.ggevent import GeventWorker

from indexer import loading

from .security import HEADERS

GENERIC_REASONS = {
    400: "The request could not be read.",
    403: "The request was refused.",
    414: "The request line is too long (a query may have at most 1,000 characters).",
    417: "The request's expectation cannot be met.",
    431: "The request's headers are too large.",
    500: "An unexpected error occurred; it has been logged.",
    501: "That transfer coding is not supported.",
}


def write_json_error(sock, status_int, reason, _message):
    """gunicorn's error answer (bad or over-long request lines, headers) in the API's shape,
    with the security headers and no-store; the message is generic (no request echoed)."""
    body = json.dumps({"error": {"status": status_int, "message": GENERIC_REASONS.get(status_int, reason)}})
    headers = "".join(f"{name}: {value}\r\n" for name, value in HEADERS.items())
    response = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
                f"Content-Type: application/json\r\nCache-Control: no-store\r\n{headers}"
                f"Content-Length: {len(body)}\r\n\r\n{body}")
    util.write_nonblock(sock, response.encode("latin-1"))


class SearchWorker(GeventWorker):
    def init_process(self):
        util.write_error = write_json_error
        super().init_process()


# -- a deadline per request ---------------------------------------------------------
DEFAULT_REQUEST_TIMEOUT = 10.0
RETRY_AFTER_SECONDS = 5
_ALARM_TICK = 0.25  # how often an overdue request is looked for while another one runs


class RequestTimeout(BaseException):
    """Raised inside a request that ran past its deadline.  A BaseException, so no
    ``except Exception`` on the way (Flask's, Whoosh's, ours) turns it into something else."""


try:
    from greenlet import getcurrent as _current_task
except ImportError:  # pragma: no cover - gevent brings greenlet
    import threading

    _current_task = threading.get_ident

_deadlines = {}  # the task (greenlet) serving a request -> its deadline (time.monotonic())
_loading = {}  # a task -> how many indexer.loading() blocks it is inside
_alarm = {"installed": False}


class Heartbeat:
    """Calls ``notify`` every ``every`` seconds from an OS thread while the block runs (at most
    ``limit`` seconds): gunicorn's "I am alive" while the worker loads the index.  The gevent
    worker has patched threading and time by then: a patched thread would be a greenlet, never
    run while the load holds the CPU; the originals are."""

    EVERY = 5

    def __init__(self, notify, limit, every=EVERY):
        self.notify, self.limit, self.every, self.running = notify, limit, every, True

    def __enter__(self):
        start_thread, sleep, monotonic = _originals()

        def beat():
            end = monotonic() + self.limit
            while self.running and monotonic() < end:
                sleep(min(self.every, max(0.0, end - monotonic())))
                if self.running and monotonic() < end:
                    self.notify()

        start_thread(beat, ())
        return self

    def __exit__(self, *exc):
        self.running = False
        return False


def _originals():
    """(start_new_thread, sleep, monotonic) as they were before gevent patched them."""
    import _thread
    import sys

    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        return (monkey.get_original("_thread", "start_new_thread"), monkey.get_original("time", "sleep"),
                time.monotonic)
    return _thread.start_new_thread, time.sleep, time.monotonic


_keep_alive = {}  # the worker's heartbeat while a request loads the index: notify, limit, every


def keep_alive_while_loading(notify, limit, every=Heartbeat.EVERY):
    """Beat ``notify`` while any request loads the index (a gunicorn worker's, see gunicorn_config)."""
    _keep_alive.update(notify=notify, limit=limit, every=every)


class _Loading:
    """indexer.loading's hook: loading the index does not count against a request's deadline.

    After an update the first request rebuilds the index's arrays, facets and vocabulary
    (30–60 s at a million articles); stopped at 10 s, it threw them away and the next
    request started over, answering 503 forever.  No request is stopped inside a block
    (``_on_alarm`` and ``_WaitDeadline`` look at ``_loading``), and when a task leaves its
    outermost block every request in flight gets the time the block took: the worker runs
    one thread, so while it loaded none of them went on (the load never waits for gevent)."""

    __slots__ = ("task", "started", "heartbeat")

    def __enter__(self):
        self.task = _current_task()
        # SIGALRM before this line: the request was past its deadline outside any load
        _loading[self.task] = _loading.get(self.task, 0) + 1
        self.started = time.monotonic()
        self.heartbeat = None
        if _loading[self.task] == 1 and _keep_alive:  # and gunicorn hears from the worker meanwhile
            self.heartbeat = Heartbeat(_keep_alive["notify"], _keep_alive["limit"], _keep_alive["every"])
            self.heartbeat.__enter__()
        return self

    def __exit__(self, *_exc):
        if self.heartbeat is not None:
            self.heartbeat.__exit__()
        depth = _loading[self.task] - 1
        if depth:
            _loading[self.task] = depth  # nested: the outermost block counts
            return False
        took = time.monotonic() - self.started
        for task in list(_deadlines):  # pushed back before leaving the block: no alarm in between
            if task in _deadlines:
                _deadlines[task] += took
        del _loading[self.task]
        _arm()
        return False


loading.set_hook(_Loading)


def _gevent_patched():
    import sys

    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey and monkey.is_module_patched("socket"))


def _arm():
    """Set the interval timer for the earliest deadline (or a tick when one has passed and
    its request is not the one running, or is loading); switch it off when no request is in flight."""
    import signal

    if not _alarm["installed"]:
        return
    if not _deadlines:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    wait = min(_deadlines.values()) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, wait if wait > 0.01 else _ALARM_TICK)


def _on_alarm(_signum, _frame):
    """SIGALRM: stop the running request if it is past its deadline.

    gevent switches greenlets only where code waits; numpy, Whoosh and Python work on
    one request never wait, so a gevent.Timeout alone would fire only once the work was
    done.  The signal interrupts whatever runs; all greenlets share the main thread, so
    the running one is the request that holds the worker.  Never inside a load
    (``_Loading``): the request goes on, and its deadline moves when the load ends."""
    task = _current_task()
    deadline = _deadlines.get(task)
    if deadline is not None and time.monotonic() >= deadline and not _loading.get(task):
        del _deadlines[task]  # once: the 503 is being answered
        _arm()
        raise RequestTimeout()
    _arm()


def _install_alarm():
    import signal

    if _alarm["installed"] or not hasattr(signal, "setitimer"):
        return
    try:
        signal.signal(signal.SIGALRM, _on_alarm)
    except ValueError:  # not the main thread: gevent.Timeout alone
        return
    _alarm["installed"] = True


class _WaitDeadline:
    """Under gevent: stops a request that is past its deadline while it waits (a greenlet
    that waits is not the one SIGALRM interrupts).  A hub timer, like gevent.Timeout's, that
    looks again when it expires: a load may have pushed the deadline back, or the request
    may be waiting inside one; then it waits for the new deadline (or a tick)."""

    def __init__(self, task):
        import gevent

        self.task, self.loop, self.timer = task, gevent.get_hub().loop, None

    def start(self, seconds):
        self.close()
        self.timer = self.loop.timer(seconds)
        self.timer.start(self._expired, update=True)  # update: the loop's clock may be a long load behind

    def _expired(self):
        deadline = _deadlines.get(self.task)
        if deadline is None:
            return  # answered, or stopped by SIGALRM
        left = deadline - time.monotonic()
        if left > 0 or _loading.get(self.task):
            self.start(max(left, _ALARM_TICK))
            return
        del _deadlines[self.task]  # once: the 503 is being answered
        _arm()
        self.task.throw(RequestTimeout())

    def close(self):
        if self.timer is not None:
            self.timer.close()
            self.timer = None


class RequestDeadline:
    """WSGI middleware: a request that takes longer than ``seconds`` is answered 503 in
    the API's JSON shape with Retry-After, and the worker goes on serving — instead of
    gunicorn killing the worker (and every request it holds) at its own timeout.

    Under gunicorn's gevent worker a hub timer covers waiting code (``_WaitDeadline``) and
    SIGALRM covers code that never yields (see ``_on_alarm``).  Time spent loading the
    index (``indexer.loading``) does not count (see ``_Loading``).
    """

    def __init__(self, app, seconds=DEFAULT_REQUEST_TIMEOUT):
        self.app = app
        self.seconds = float(seconds or 0)

    def __call__(self, environ, start_response):
        if self.seconds <= 0:
            return self.app(environ, start_response)
        _install_alarm()
        task = _current_task()
        timer = _WaitDeadline(task) if _gevent_patched() else None
        started = {}  # the app's start_response call, passed on once the app has returned in time

        def write(data):  # PEP 3333's write(): the headers go first (Flask never calls it)
            if "call" in started:
                started["write"] = start_response(*started.pop("call"))
            return started["write"](data)

        def deferred_start(status, headers, exc_info=None):
            started["call"] = (status, headers, exc_info)
            return write

        _deadlines[task] = time.monotonic() + self.seconds
        try:
            try:
                if timer is not None:
                    timer.start(self.seconds)
                _arm()
                body = self.app(environ, deferred_start)
            finally:
                _deadlines.pop(task, None)
                if timer is not None:
                    timer.close()
                _arm()
        except RequestTimeout:
            _deadlines.pop(task, None)
            return self._timed_out(environ, start_response)
        if "call" in started:
            start_response(*started.pop("call"))
        return body

    def _timed_out(self, environ, start_response):
        import logging

        logging.getLogger(__name__).warning("request stopped after %.1f s: %s %s", self.seconds,
                                            environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", "")[:200])
        body = json.dumps({"error": {"status": 503, "message": (
            f"The request took longer than {self.seconds:g} s and was stopped; try again in a moment.")}}).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                   ("Cache-Control", "no-store"), ("Retry-After", str(RETRY_AFTER_SECONDS))]
        headers += list(HEADERS.items())
        start_response("503 Service Unavailable", headers)
        return [body]
