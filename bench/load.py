"""A bounded HTTP load from its own process: python -m bench.load SECONDS THREADS URL…

Prints {"requests_per_s", "ok", "failed"} as JSON. Loopback only; stops by itself.
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request

MAX_REQUESTS = 200_000


def main(argv):
    seconds, threads, urls = float(argv[0]), int(argv[1]), argv[2:]
    if not all(u.startswith(("http://127.0.0.1", "http://localhost")) for u in urls):
        raise SystemExit("loopback URLs only")
    counts = {"ok": 0, "failed": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(offset):
        index = offset
        while time.monotonic() < deadline and counts["ok"] + counts["failed"] < MAX_REQUESTS:
            try:
                with urllib.request.urlopen(urls[index % len(urls)], timeout=30) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            with lock:
                counts["ok" if ok else "failed"] += 1
            index += 1

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    print(json.dumps({"requests_per_s": round(counts["ok"] / elapsed, 1), **counts, "seconds": round(elapsed, 1)}))


if __name__ == "__main__":
    main(sys.argv[1:])
