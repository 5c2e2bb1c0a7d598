"""The OpenAPI description matches the routes and the live responses."""
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec


@pytest.fixture(scope="module")
def spec(app):
    with app.test_client() as client:
        return client.get("/api/openapi.json").get_json()


def _validator(spec, name):
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return Draft202012Validator(schema)


def test_the_description_is_valid_openapi_3_1(spec):
    assert spec["openapi"] == "3.1.0"
    validate_spec(spec)


def test_every_route_is_described_and_every_description_is_a_route(app, spec):
    routes = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        if path.startswith("/api/") or path in ("/healthz", "/readyz"):
            routes.add(path)
    assert routes == set(spec["paths"])


@pytest.mark.parametrize("params", [
    {"q": "nguyen van han"}, {}, {"cluster": "Cụm thi đua số 1", "sort": "oldest"}, {"q": '"an ninh"', "per_page": 2},
    {"person": "Không Có Ai"}, {"page": 99},
])
def test_search_responses_match_the_schema(client, spec, params):
    response = client.get("/api/search", query_string=params)
    _validator(spec, "SearchResponse").validate(response.get_json())
    assert "200" in spec["paths"]["/api/search"]["get"]["responses"]


def test_record_error_and_health_responses_match_the_schema(client, spec):
    article_id = client.get("/api/search").get_json()["results"][0]["id"]
    _validator(spec, "Record").validate(client.get(f"/api/doc/{article_id}").get_json())
    for path, status in (("/api/search?page=x", "400"), ("/api/doc/nope", "404")):
        response = client.get(path)
        assert str(response.status_code) == status
        _validator(spec, "Error").validate(response.get_json())
    _validator(spec, "Health").validate(client.get("/healthz").get_json())
    _validator(spec, "Ready").validate(client.get("/readyz").get_json())


def test_documented_parameters_are_the_ones_the_api_reads(spec):
    from indexer.schema import FACET_FIELDS

    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert names == {"q", "page", "per_page", "sort", "from", "to", "facet_size", *FACET_FIELDS}


def test_the_facet_table_describes_every_facet_of_the_schema(spec):
    from indexer.schema import FACET_FIELDS
    from search_app.facets import FACETS

    assert sorted(f.name for f in FACETS) == sorted(FACET_FIELDS)
    search = spec["components"]["schemas"]["SearchResponse"]["properties"]
    assert list(search["facets"]["properties"]) == [f.name for f in FACETS]
    assert list(search["facet_info"]["properties"]) == [f.name for f in FACETS]
    for facet in FACETS:
        assert search["facets"]["properties"][facet.name]["description"].startswith(facet.label)
