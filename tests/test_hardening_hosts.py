"""Hardening II, finding 9: the Host header is not trusted.

Before: canonical links, Open Graph, JSON-LD, citations, exports, the API's ``url``
and the OpenAPI ``servers`` followed any Host, and /doc//<id> answered 308 to
http://evil.example/doc/<id>.  Now absolute URLs name VNSEARCH_BASE_URL, or a Host
from VNSEARCH_TRUSTED_HOSTS, or the server's own HOST:PORT — against real gunicorn.
"""
import json
import urllib.parse

import pytest

from search_app import create_app

from .helpers import get, serve, stop

pytestmark = pytest.mark.server

EVIL = "evil.example"


def _first_id(base, host):
    status, _headers, body = get(base + "/api/search?q=thi+%C4%91ua&per_page=1", headers={"Host": host})
    assert status == 200
    return json.loads(body)["results"][0]["id"]


def _no_redirect_get(url, host):
    import http.client

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.getheader("Location"), response.read()
    finally:
        connection.close()


def _bodies(base, host, article_id):
    """Every answer that carries absolute URLs, for a request naming ``host``."""
    urls = ["/api/search?q=thi+%C4%91ua", f"/api/doc/{article_id}", f"/doc/{article_id}",
            "/?q=thi+%C4%91ua", "/api/openapi.json"] + [
        f"/api/doc/{article_id}/cite?format={name}" for name in ("csl-json", "bibtex", "ris")]
    found = {}
    for url in urls:
        status, _headers, body = get(base + url, headers={"Host": host})
        assert status == 200, (url, status)
        found[url] = body.decode("utf-8")
    return found


@pytest.fixture(scope="module")
def based(seed_index):
    process, base = serve(seed_index, VNSEARCH_BASE_URL="https://example.org/search")
    yield base
    stop(process)


def test_a_base_url_names_every_absolute_url_whatever_the_host(based):
    article_id = _first_id(based, EVIL)
    for url, body in _bodies(based, EVIL, article_id).items():
        assert EVIL not in body, url
        assert "https://example.org/search" in body, url
    openapi = json.loads(get(based + "/api/openapi.json", headers={"Host": EVIL})[2])
    assert openapi["servers"] == [{"url": "https://example.org/search"}]
    api = json.loads(get(based + f"/api/doc/{article_id}", headers={"Host": EVIL})[2])
    assert api["url"] == f"https://example.org/search/doc/{article_id}"


def test_the_double_slash_redirect_goes_to_the_base_url(based):
    article_id = _first_id(based, EVIL)
    status, location, _body = _no_redirect_get(f"{based}/doc//{article_id}", EVIL)
    assert status == 308 and location == f"https://example.org/search/doc/{article_id}"


def test_a_proxy_that_keeps_the_prefix_is_served_too(based):
    status, _headers, body = get(based + "/search/api/search?q=thi+%C4%91ua&per_page=1", headers={"Host": EVIL})
    assert status == 200 and json.loads(body)["results"][0]["url"].startswith("https://example.org/search/doc/")


def test_without_settings_links_name_the_servers_own_address(seed_index):
    process, base = serve(seed_index)
    try:
        article_id = _first_id(base, EVIL)
        for url, body in _bodies(base, EVIL, article_id).items():
            assert EVIL not in body, url
            assert base in body, url
        status, location, _body = _no_redirect_get(f"{base}/doc//{article_id}", EVIL)
        assert status == 308 and location == f"{base}/doc/{article_id}"
        port = base.rsplit(":", 1)[1]
        api = json.loads(get(base + f"/api/doc/{article_id}", headers={"Host": f"localhost:{port}"})[2])
        assert api["url"] == f"http://localhost:{port}/doc/{article_id}"  # a loopback name is kept as typed
        api = json.loads(get(base + f"/api/doc/{article_id}", headers={"Host": "localhost:1"})[2])
        assert api["url"] == f"{base}/doc/{article_id}"  # not on another port
    finally:
        stop(process)


def test_trusted_hosts_are_kept_and_others_replaced(seed_index):
    process, base = serve(seed_index, VNSEARCH_TRUSTED_HOSTS="tracuu.example.vn, .example.org")
    try:
        article_id = _first_id(base, EVIL)
        for host, expected in (("tracuu.example.vn", "tracuu.example.vn"), ("kho.example.org", "kho.example.org"),
                               (EVIL, "tracuu.example.vn"), ("tracuu.example.vn:8080", "tracuu.example.vn"),
                               ("example.org.evil.example", "tracuu.example.vn")):
            api = json.loads(get(base + f"/api/doc/{article_id}", headers={"Host": host})[2])
            assert api["url"] == f"http://{expected}/doc/{article_id}", host
        status, location, _body = _no_redirect_get(f"{base}/doc//{article_id}", EVIL)
        assert status == 308 and location == f"http://tracuu.example.vn/doc/{article_id}"
    finally:
        stop(process)


def test_a_bad_base_url_stops_the_app_at_start(seed_index):
    with pytest.raises(ValueError, match="VNSEARCH_BASE_URL"):
        create_app({"INDEX_DIR": str(seed_index), "BASE_URL": "example.org/search"})


def test_the_etag_varies_with_the_host_the_body_names(seed_index):
    client = create_app({"INDEX_DIR": str(seed_index), "TRUSTED_HOSTS": "a.example,b.example"}).test_client()
    first = client.get("/api/search?q=thi", headers={"Host": "a.example"})
    second = client.get("/api/search?q=thi", headers={"Host": "b.example", "If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
