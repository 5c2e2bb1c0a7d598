"""The OpenAPI 3.1 description of the JSON API (its schemas are JSON Schema 2020-12).

tests/test_openapi.py checks it against the app's routes and validates live
responses against these schemas, so the description cannot drift from the code.
"""
from flask import url_for

from indexer.complete import MAX_QUERY_CHARS
from indexer.search import SORTS

from .facets import DEFAULT_FACET_SIZE, FACETS, MAX_FACET_SIZE, NAMES
from .params import MAX_PER_PAGE

_STRING_LIST = {"type": "array", "items": {"type": "string"}}
_NULLABLE_STRING = {"type": ["string", "null"]}
_PERSON = {
    "type": "object", "required": ["name", "rank", "role"],
    "properties": {"name": {"type": "string"}, "rank": _NULLABLE_STRING, "role": _NULLABLE_STRING},
}
_ERROR = {
    "type": "object", "required": ["error"], "additionalProperties": False,
    "properties": {"error": {
        "type": "object", "required": ["status", "message"], "additionalProperties": False,
        "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
    }},
}
_FACET_VALUE = {
    "type": "object", "required": ["value", "count", "selected", "toggle_url", "label"], "additionalProperties": False,
    "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
                   "selected": {"type": "boolean"}, "toggle_url": {"type": "string"},
                   "label": {"type": "string", "description": "The value as pages show it (months as MM/YYYY)"}},
}
_FACET_INFO = {
    "type": "object", "required": ["label", "truncated", "size", "order", "display"], "additionalProperties": False,
    "properties": {
        "label": {"type": "string", "description": "The facet's Vietnamese name"},
        "truncated": {"type": "boolean", "description": "true when values with matching articles were left out "
                                                        "(raise facet_size, or narrow the search)"},
        "size": {"type": "integer", "minimum": 0, "description": "How many values are listed"},
        "order": {"enum": ["count", "time"], "description": "count: most articles first; time: oldest first"},
        "display": {"enum": sorted({facet.display for facet in FACETS})},
    },
}
_COPIES = {
    "type": "array", "description": "Cũng đăng trên: the other copies of this report (syndicated, or re-posted "
    "under another title, byline or outlet), canonical first; each keeps its own id and page",
    "items": {"type": "object", "required": ["id", "title", "outlet", "date", "url"], "additionalProperties": False,
              "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "outlet": _NULLABLE_STRING,
                             "date": _NULLABLE_STRING, "url": {"type": "string", "format": "uri"}}},
}
_RESULT = {
    "type": "object",
    "required": ["id", "title", "date", "url", "snippet", "outlet", "clusters", "provinces", "persons", "score"],
    "properties": {
        "id": {"type": "string"}, "title": {"type": "string"}, "date": _NULLABLE_STRING,
        "url": {"type": "string", "format": "uri"},
        "snippet": {"type": "string", "description": "HTML, escaped, matched words in <mark>"},
        "snippet_paragraph": {"type": ["integer", "null"]}, "outlet": _NULLABLE_STRING,
        "author": _STRING_LIST, "clusters": _STRING_LIST, "provinces": _STRING_LIST,
        "persons": {"type": "array", "items": _PERSON}, "score": {"type": ["number", "null"]},
        "copies": _COPIES,
    },
}
_SEARCH = {
    "type": "object",
    "required": ["query", "total", "articles", "counting", "page", "per_page", "reading", "strict", "notice",
                 "suggestions", "entities", "results", "facets", "facet_info"],
    "properties": {
        "query": {"type": "string"},
        "total": {"type": "integer", "minimum": 0, "description": (
            "Reports matched: an article and its syndicated copies count once (see counting); pages of "
            "per_page results cover this many")},
        "articles": {"type": "integer", "minimum": 0, "description": "Articles matched, every copy counted"},
        "counting": {"const": "reports", "description": (
            "What total and every facet count count: reports, each group of syndicated copies once "
            "(a value counts a report when any of its matching copies has it)")},
        "reading": {"enum": ["toned", "folded", "scattered"], "description": (
            "Which reading the results are: 'toned' (toned syllables match their tones, words stand together), "
            "'folded' (tones ignored, words together), 'scattered' (syllables anywhere). A later reading is "
            "used only when the one before found nothing.")},
        "strict": {"type": "boolean", "description": "false when the results are a fallback reading"},
        "notice": {**_NULLABLE_STRING, "description": "Vietnamese notice naming the fallback reading shown"},
        "other_reading": {"type": ["object", "null"], "properties": {
            "text": {"type": "string"}, "url": {"type": "string"}}},
        "suggestions": {"type": "array", "description": "'Có phải bạn muốn tìm': never applied silently",
                        "items": {"type": "object", "required": ["text", "hits", "url"], "properties": {
                            "text": {"type": "string"}, "hits": {"type": "integer", "minimum": 1},
                            "url": {"type": "string"}}}},
        "entities": {"type": "array", "description": "Entities the query names, each one click from its filter",
                     "items": {"type": "object", "required": ["facet", "value", "label", "selected", "url"],
                               "properties": {"facet": {"enum": ["person", "province", "cluster", "outlet"]},
                                              "value": {"type": "string"}, "label": {"type": "string"},
                                              "selected": {"type": "boolean"}, "url": {"type": "string"}}}},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "sort": {"enum": list(SORTS)}, "filters": {"type": "object"},
        "results": {"type": "array", "items": _RESULT},
        "facets": {
            "type": "object", "required": list(NAMES), "additionalProperties": False,
            "properties": {facet.name: {"type": "array", "items": _FACET_VALUE, "description": (
                f"{facet.label}: " + ("most articles first" if facet.order == "count" else "in time order")
                + "; selected values always listed")} for facet in FACETS},
        },
        "facet_info": {
            "type": "object", "required": list(NAMES), "additionalProperties": False,
            "description": "Per facet: its label, whether values were left out, how many are listed",
            "properties": {name: _FACET_INFO for name in NAMES},
        },
    },
}
_RECORD = {
    "type": "object",
    "required": ["id", "source", "title", "date", "year", "outlet", "author", "clusters", "provinces",
                 "persons", "paragraphs", "url"],
    "properties": {
        "id": {"type": "string"}, "source": {"type": "string"}, "title": {"type": "string"},
        "date": _NULLABLE_STRING, "event_date": _NULLABLE_STRING, "year": _NULLABLE_STRING,
        "month": _NULLABLE_STRING, "outlet": _NULLABLE_STRING, "author": _STRING_LIST,
        "clusters": _STRING_LIST, "provinces": _STRING_LIST, "persons": {"type": "array", "items": _PERSON},
        "paragraphs": _STRING_LIST, "photo_credits": _STRING_LIST, "fingerprint": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "provinces_today": {**_STRING_LIST, "description": "The provinces (of the 34 since 1 July 2025) "
                                                           "the places named belong to"},
        "related": {"type": "array", "maxItems": 5, "description": "Bài liên quan: articles on the same subject "
                    "(clusters, people, provinces, near in time), never this one or a copy of it",
                    "items": {"type": "object", "required": ["id", "title", "date", "url"],
                              "additionalProperties": False,
                              "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                                            "date": _NULLABLE_STRING, "url": {"type": "string", "format": "uri"}}}},
        "copies": _COPIES,
    },
}
_SUGGESTION = {
    "type": "object", "required": ["type", "text", "label", "url", "hits"], "additionalProperties": False,
    "properties": {
        "type": {"enum": ["person", "cluster", "province", "outlet", "title"]},
        "text": {"type": "string", "description": "The name as the index holds it, or the article's title"},
        "label": {"type": "string", "description": "What the list shows: a person with their rank "
                                                   "(\"Đại tá Nguyễn Văn Hận\"), else the text"},
        "url": {"type": "string", "description": "Where taking it leads: the search filtered on the "
                                                 "person, cluster, province or outlet; a title's article"},
        "hits": {"type": "integer", "minimum": 1, "description": "Articles it filters to (1 for a title)"},
        "rank": {**_NULLABLE_STRING, "description": "People: the rank their articles give most often"},
    },
}


def _json(schema_ref, description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _error(description):
    return _json("#/components/schemas/Error", description)


def _query(name, description, schema, repeatable=False):
    parameter = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if repeatable:
        parameter.update(schema={"type": "array", "items": schema}, style="form", explode=True)
    return parameter


_PROFILE = {
    "type": "object", "required": ["key", "name", "articles"],
    "properties": {
        "key": {"type": "string"}, "name": {"type": "string"},
        "articles": {"type": "array", "items": {"type": "object", "required": ["id", "title", "date", "url"]}},
        "timeline": {"type": "array", "description": "rank and role by date (people)", "items": {
            "type": "object", "properties": {"rank": _NULLABLE_STRING, "role": _NULLABLE_STRING,
                                             "from": _NULLABLE_STRING, "until": _NULLABLE_STRING}}},
        "places": _STRING_LIST,
        "namesakes": {"type": "boolean",
                      "description": "People: the name belongs to more than one person of known unit"},
        "persons": {"type": "array", "description": "People: each person of the name apart, told apart by unit, "
                                                    "rank and time (one on a unit's page)", "items": {
            "type": "object", "required": ["key", "unit", "places", "timeline", "articles", "url"],
            "properties": {
                "key": {"type": "string", "description": "Sub-key from the person's first unit (kien-giang); "
                                                         "khong-ro-don-vi for articles that fit no one"},
                "unit": {**_NULLABLE_STRING, "description": "Their units in career order (Sóc Trăng → Tiền Giang)"},
                "places": _STRING_LIST, "timeline": {"type": "array"},
                "articles": {"type": "array", "items": {"type": "object", "required": ["id", "title", "date", "url"]}},
                "url": {"type": "string", "description": "The person's own page"}}}},
        "name_key": {**_NULLABLE_STRING, "description": "People: the key listing everyone of the name"},
        "name_url": {"type": "string", "description": "People: the page listing everyone of the name"},
        "provinces_by_year": {"type": "object"}, "hosts_by_year": {"type": "object"},
    },
}


def openapi_document():
    search_parameters = [
        _query("q", 'Words (diacritics optional), "phrases", -excluded, OR. Empty: browse, newest first.',
               {"type": "string", "maxLength": 1000}),
        _query("page", "Page, from 1; past the end is an empty page.", {"type": "integer", "minimum": 1}),
        _query("per_page", f"Results per page, clamped to 1..{MAX_PER_PAGE}.", {"type": "integer", "default": 10}),
        _query("sort", "Order of results.", {"enum": list(SORTS), "default": "relevance"}),
        _query("from", "First day (ISO date; YYYY-MM and YYYY mean their first day).", {"type": "string"}),
        _query("to", "Last day (ISO date; YYYY-MM and YYYY mean their last day).", {"type": "string"}),
    ] + [
        _query("facet_size", f"Values listed per facet, clamped to 1..{MAX_FACET_SIZE} "
               "(facet_info.<name>.truncated says when some were left out).",
               {"type": "integer", "default": DEFAULT_FACET_SIZE}),
    ] + [
        _query(facet.name, f"Filter on {facet.label} ({facet.name}): {facet.description}; repeat for OR.",
               {"type": "string"}, repeatable=True)
        for facet in FACETS
    ]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tra cứu Cụm thi đua — Vietnamese search API", "version": "1.0.0",
                 "description": "Faceted search over Vietnamese police emulation-cluster reports."},
        "servers": [{"url": url_for("pages.search", _external=True).rstrip("/")}],
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": {
            "/api/search": {"get": {
                "operationId": "search", "summary": "Search with facets and highlighted snippets",
                "parameters": search_parameters,
                "responses": {"200": _json("#/components/schemas/SearchResponse", "Results, total and facets"),
                              "304": {"description": "Not modified (If-None-Match matched the ETag)"},
                              "400": _error("A parameter that cannot mean anything")},
            }},
            "/api/suggest": {"get": {
                "operationId": "suggest", "summary": "Completions as you type: people, clusters, provinces, "
                                                     "outlets, then article titles",
                "description": ("Every typed word is a prefix of a word of the name, in order, tones ignored "
                                "(\"ng v han\", \"kien g\", \"cum 8\"). Names with every typed word whole come "
                                "first, then the ones more articles hold; at most 5 of one type, 8 names and "
                                "3 titles."),
                "parameters": [_query("q", f"What has been typed; only its first {MAX_QUERY_CHARS} characters are "
                                      "read. Empty: an empty list.", {"type": "string"})],
                "responses": {"200": {"description": "The completions, best first", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Suggestion"}}}}},
                    "304": {"description": "Not modified (If-None-Match matched the ETag)"}},
            }},
            "/api/doc/{article_id}": {"get": {
                "operationId": "getArticle", "summary": "The whole record of an article",
                "parameters": [{"name": "article_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json("#/components/schemas/Record", "The record"),
                              "304": {"description": "Not modified"},
                              "404": _error("No such article"), "410": _error("Removed; the message names it")},
            }},
            "/api/doc/{article_id}/cite": {"get": {
                "operationId": "citeArticle", "summary": "A citation of the article",
                "parameters": [
                    {"name": "article_id", "in": "path", "required": True, "schema": {"type": "string"}},
                    _query("format", "Citation format.",
                           {"enum": ["csl-json", "bibtex", "ris"], "default": "csl-json"}),
                ],
                "responses": {"200": {"description": "The citation", "content": {
                    "application/vnd.citationstyles.csl+json": {"schema": {"type": "array"}},
                    "application/x-bibtex": {"schema": {"type": "string"}},
                    "application/x-research-info-systems": {"schema": {"type": "string"}}}},
                    "304": {"description": "Not modified"},
                    "400": _error("Unknown format"), "404": _error("No such article"), "410": _error("Removed")},
            }},
            "/api/nguoi/{key}": {"get": {
                "operationId": "getPerson",
                "summary": "Everyone of a name: articles newest first, each person apart with rank and role by date",
                "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "The name, lower-case, syllables joined by '-' (nguyễn-văn-hận)"}],
                "responses": {"200": _json("#/components/schemas/Profile", "The person"),
                              "404": _error("No such person")},
            }},
            "/api/nguoi/{key}/{unit}": {"get": {
                "operationId": "getPersonByUnit", "summary": "One of the people sharing a name, by unit",
                "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "The name's key (nguyễn-văn-hận)"},
                               {"name": "unit", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "A person's sub-key (kien-giang), or any unit of their career"}],
                "responses": {"200": _json("#/components/schemas/Profile", "The person"),
                              "404": _error("No such person, or none of that name in that unit")},
            }},
            "/api/cum/{key}": {"get": {
                "operationId": "getCluster", "summary": "A cluster: articles by date, hosts and provinces by year",
                "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "The name folded, words joined by '-' (cum-thi-dua-so-8)"}],
                "responses": {"200": _json("#/components/schemas/Profile", "The cluster"),
                              "404": _error("No such cluster")},
            }},
            "/api/openapi.json": {"get": {
                "operationId": "openapi", "summary": "This description",
                "responses": {"200": {"description": "OpenAPI 3.1",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
            "/healthz": {"get": {
                "operationId": "healthz", "summary": "Liveness",
                "responses": {"200": _json("#/components/schemas/Health", "Alive")},
            }},
            "/readyz": {"get": {
                "operationId": "readyz", "summary": "Readiness: index open, article count, generation",
                "responses": {"200": _json("#/components/schemas/Ready", "Ready"),
                              "503": _json("#/components/schemas/NotReady", "No index yet")},
            }},
        },
        "components": {"schemas": {
            "Error": _ERROR, "SearchResponse": _SEARCH, "Record": _RECORD, "Profile": _PROFILE,
            "Suggestion": _SUGGESTION,
            "Health": {"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}},
            "Ready": {"type": "object", "required": ["status", "articles", "generation"], "properties": {
                "status": {"const": "ready"}, "articles": {"type": "integer"}, "generation": {"type": "string"}}},
            "NotReady": {"type": "object", "required": ["status", "reason"], "properties": {
                "status": {"const": "unavailable"}, "reason": {"type": "string"}}},
        }},
    }
