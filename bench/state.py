"""The bench's record of its finished stages, one file per N in BENCH_WORK, so that a run that
was interrupted (Ctrl-C, kill -9, a reboot) goes on where it stopped when started again.

Each finished stage is stored with its inputs (the settings it ran with and the finishing
times of the stages it used) and its results; a stage is done when its entry's inputs equal
the ones it would run with now, so a stage redone makes the stages after it that used it
stale.  The file is written to a new file, synced and renamed over the old one: a kill or
a power cut leaves the old record or the new one, never half of one.
"""
import contextlib
import ctypes
import fcntl
import json
import os
import signal
import sys
import time
from pathlib import Path


def log(message):
    print(message, file=sys.stderr, flush=True)


def write_atomically(path, text):
    """``text`` to ``path`` through a synced temporary file renamed over it."""
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


class State:
    def __init__(self, path, dry=False):
        self.path, self.dry = Path(path), dry  # dry: never written (the plan alone)
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.data = {}
        self.data.setdefault("stages", {})
        self.data.setdefault("run", 1)  # a finished run started again is the next run

    def save(self):
        if not self.dry:
            write_atomically(self.path, json.dumps(self.data, ensure_ascii=False, indent=1) + "\n")

    def entry(self, name):
        return self.data["stages"].get(name)

    def token(self, name):
        """What a later stage records of stage ``name``: the time it finished (None: not finished)."""
        entry = self.entry(name)
        return entry and entry["finished"]

    def done(self, name, inputs):
        entry = self.entry(name)
        return entry is not None and entry["inputs"] == inputs

    def finish(self, name, inputs, result, seconds):
        self.data["stages"][name] = {"inputs": inputs, "result": result, "seconds": round(seconds, 1),
                                     "finished": time.time(), "run": self.data["run"]}
        self.save()
        hook(f"after:{name}")

    def forget(self, names):
        for name in names:
            self.data["stages"].pop(name, None)


def hook(point):
    """The tests' way of interrupting a run at a chosen point: BENCH_KILL_AT=POINT[,POINT…] makes
    the bench kill itself with SIGKILL there, as ``kill -9`` would (points: ``after:STAGE``,
    ``generate:article:NUMBER``, ``update:added``, ``update:removed``)."""
    if point in os.environ.get("BENCH_KILL_AT", "").split(","):
        log(f"BENCH_KILL_AT: killing this run at {point}")
        os.kill(os.getpid(), signal.SIGKILL)


def die_with_parent():
    """preexec_fn of the bench's children (builds, measuring processes, gunicorn): SIGKILL when the
    bench dies, so a bench killed with -9 leaves nothing running (PR_SET_PDEATHSIG, Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


@contextlib.contextmanager
def locked(path):
    """An exclusive lock on ``path`` for this run (the kernel drops it when the process dies)."""
    handle = open(path, "a")  # noqa: SIM115 -- held for the with block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(f"another bench run is using {path.parent} for this N (lock {path})") from None
        yield
    finally:
        handle.close()
