"""A worker tells gunicorn it is alive while it loads the index (search_app.server.Heartbeat).

gunicorn kills a worker silent for `timeout` (30 s); at a million articles loading the index
takes longer.  The heartbeat must run in a real OS thread although the gevent worker has
monkey-patched threading and time: a child process patches them as the worker does, then
holds the CPU in pure Python (as building facets does) while the heartbeat beats.
"""
import json
import subprocess
import sys

CHILD = r"""
import json, sys, time
from gevent import monkey
monkey.patch_all()
from search_app.server import Heartbeat

beats = []
started = time.monotonic()
with Heartbeat(lambda: beats.append(time.monotonic() - started), limit=float(sys.argv[1]), every=0.1):
    while time.monotonic() - started < 1.5:  # the CPU held, no greenlet switch
        sum(range(1000))
ended = time.monotonic() - started
time.sleep(0.5)  # patched: a greenlet sleep; the heartbeat thread must have stopped
print(json.dumps({"beats": beats, "ended": ended}))
"""


def _run(limit):
    output = subprocess.run([sys.executable, "-c", CHILD, str(limit)], capture_output=True, text=True,
                            timeout=60, check=True).stdout
    return json.loads(output)


def test_the_heartbeat_beats_while_the_cpu_is_held_under_gevent_and_stops_after():
    found = _run(limit=600)
    beats = found["beats"]
    assert len(beats) >= 2  # every 0.1 s for 1.5 s; fewer on a loaded machine, never none
    assert all(beat <= found["ended"] + 0.25 for beat in beats)  # none after the block (one may be under way)


def test_the_heartbeat_stops_at_its_limit_so_a_hung_warm_up_is_still_killed():
    beats = _run(limit=0.5)["beats"]
    assert beats and max(beats) < 0.9
