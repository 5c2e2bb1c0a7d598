"""The real gunicorn, started from `make run`'s configuration, answering over HTTP."""
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.server


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def test_gunicorn_searches_over_http(live_server):
    status, headers, body = get(live_server + "/api/search?" + urllib.parse.urlencode({"q": "nguyen van han"}))
    data = json.loads(body)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert data["total"] == 1
    assert data["results"][0]["url"] == f"{live_server}/doc/{data['results'][0]['id']}"
    assert "<mark>Nguyễn Văn Hận</mark>" in data["results"][0]["snippet"]


def test_gunicorn_serves_pages_and_json_errors(live_server):
    status, _headers, body = get(live_server + "/?q=c%E1%BB%A5m+thi+%C4%91ua")
    assert status == 200 and '<html lang="vi">' in body
    status, _headers, body = get(live_server + "/api/search?page=abc")
    assert status == 400 and json.loads(body)["error"]["status"] == 400
    status, _headers, _body = get(live_server + "/static/style.css")
    assert status == 200


def test_hostile_requests_over_http_get_200_or_400(live_server):
    from collections import Counter

    from .helpers import ODD_VALUES, PARAMETERS

    statuses = Counter()
    for name in PARAMETERS:
        for value in ODD_VALUES:
            for path in ("/api/search", "/"):
                query = urllib.parse.urlencode({name: value.encode("utf-8", "surrogatepass")})
                status, _headers, _body = get(f"{live_server}{path}?{query}")
                statuses[status] += 1
    print(f"hostile requests over HTTP: {sum(statuses.values())}, by status: {dict(statuses)}")
    # 414: a request line over gunicorn's 8,190 bytes (the 20,000-character values), in JSON
    assert set(statuses) <= {200, 400, 414}


def test_access_log_lines_are_json(seed_index):
    import time

    from .helpers import start_gunicorn, stop

    process, base = start_gunicorn(seed_index, workers=1)
    try:
        get(base + "/api/search?" + urllib.parse.urlencode({"q": 'ký tự "lạ" \\ và \x7f'}))
        get(base + "/nope")
        time.sleep(0.5)
        process.log.seek(0)
        lines = [json.loads(line) for line in process.log.read().decode().splitlines() if line.startswith("{")]
    finally:
        stop(process)
    by_path = {line["path"]: line for line in lines}
    assert by_path["/api/search"]["status"] == 200 and "q=" in by_path["/api/search"]["query"]
    assert by_path["/nope"]["status"] == 404
    assert all({"time", "remote", "method", "duration_ms", "agent"} <= set(line) for line in lines)
