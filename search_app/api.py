"""JSON API: search, completions, one article, its citation, the OpenAPI description.

Views only parse, call and render.
"""
import hashlib

from flask import Blueprint, Response, abort, jsonify, request

from indexer.complete import MAX_QUERY_CHARS, completer_for

from . import cite, engine, urls
from .articles import article_or_error
from .facets import DEFAULT_FACET_SIZE
from .openapi import openapi_document
from .params import ParamError, parse_facet_size, parse_search_args
from .present import copies_payload, related_payload, search_payload, suggestion_payload, with_facet_size

bp = Blueprint("api", __name__, url_prefix="/api")


def _conditional(response, generation=None):
    """ETag from the index generation (``generation``: the one the answer was read from), the host
    the body's URLs name and the canonical query; 304 on a repeat."""
    canonical = "&".join(f"{k}={v}" for k, v in sorted(request.args.items(multi=True)))
    generation = generation or engine().generation()
    tag = hashlib.sha1(f"{generation}|{request.host_url}|{request.path}|{canonical}".encode()).hexdigest()
    response.set_etag(tag)
    response.cache_control.public = True
    response.cache_control.no_cache = True  # cache, but ask again: a rebuild changes the answer
    return response.make_conditional(request)


@bp.get("/search")
def search():
    try:
        search_request = parse_search_args(request.args)
        facet_size = parse_facet_size(request.args, DEFAULT_FACET_SIZE)
    except ParamError as error:
        abort(400, str(error))
    search_request, limit = with_facet_size(search_request, facet_size)
    result = engine().search(search_request)
    return _conditional(jsonify(search_payload(result, "api.search", facet_size, limit)), result.generation)


@bp.get("/suggest")
def suggest():
    """Completions of what is typed so far (q cut at MAX_QUERY_CHARS characters; empty: [])."""
    q = request.args.get("q", "")[:MAX_QUERY_CHARS]
    if not q.strip():
        return _conditional(jsonify([]))
    return _conditional(jsonify([suggestion_payload(found) for found in completer_for(engine()).complete(q)]))


@bp.get("/doc/<article_id>")
def document(article_id):
    record = article_or_error(article_id)
    related = related_payload(engine().related(article_id), article_id)
    copies = copies_payload(engine().copies(article_id))
    return _conditional(jsonify(dict(record, url=urls.permalink(article_id), related=related, copies=copies)))


@bp.get("/doc/<article_id>/cite")
def citation(article_id):
    record = article_or_error(article_id)
    export = request.args.get("format", "csl-json")
    if export not in cite.EXPORTS:
        abort(400, f"'format' must be one of {', '.join(cite.EXPORTS)}, not {export[:40]!r}")
    mimetype, render = cite.EXPORTS[export]
    body = render(record, urls.permalink(article_id), article_id)
    filename = f"{article_id}.{export.split('-')[0]}"
    return _conditional(Response(body, mimetype=mimetype,
                                 headers={"Content-Disposition": f'inline; filename="{filename}"'}))


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
