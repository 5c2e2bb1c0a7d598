"""No parameter value can cause a 500: a 200 with a sane answer or a 400 with a JSON error."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import ODD_VALUES, PARAMETERS


@pytest.mark.parametrize("name", PARAMETERS)
@pytest.mark.parametrize("value", ODD_VALUES, ids=lambda v: repr(v[:20]))
def test_odd_values_never_cause_a_500(client, name, value):
    response = client.get("/api/search", query_string={name: value})
    assert response.status_code in (200, 400), response.data[:300]
    data = response.get_json()
    if response.status_code == 400:
        assert set(data) == {"error"} and data["error"]["status"] == 400 and data["error"]["message"]
    else:
        assert data["total"] >= 0 and isinstance(data["results"], list)


def test_a_20000_character_query_is_a_clear_400(client):
    response = client.get("/api/search", query_string={"q": "thi đua " * 2500})
    assert response.status_code == 400
    assert "too long" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("query", ["OR", "-", "- - -", '" "', "!!! ??? ...", "*", "((( )))"])
def test_queries_of_only_operators_or_punctuation_browse_everything(client, query):
    data = client.get("/api/search", query_string={"q": query}).get_json()
    assert data["total"] in (0, 9)


def test_every_page_sends_security_headers(client):
    for path in ("/", "/?q=x", "/api/search", "/api/doc/none", "/doc/none", "/static/style.css"):
        response = client.get(path)
        headers = response.headers
        response.close()
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["X-Frame-Options"] == "DENY"


def test_pages_contain_no_inline_script(client):
    for path in ("/", "/?q=nguyen+van+han"):
        html = client.get(path).data.decode()
        assert "<script>" not in html and " on" + "click=" not in html


def test_query_text_is_escaped_in_pages(client):
    html = client.get("/", query_string={"q": '"><script>alert(1)</script>'}).data.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(PARAMETERS), TEXT, max_size=5))
def test_arbitrary_strings_for_every_parameter_never_give_a_500(client, params):
    for path in ("/api/search", "/"):
        response = client.get(path, query_string=params)
        assert response.status_code in (200, 400)
