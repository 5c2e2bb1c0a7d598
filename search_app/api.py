"""JSON API: /api/search and /api/doc/<id>. Views only parse, call and render."""
from flask import Blueprint, abort, jsonify, request

from . import engine, urls
from .params import ParamError, parse_search_args
from .present import search_payload

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    try:
        search_request = parse_search_args(request.args)
    except ParamError as error:
        abort(400, str(error))
    return jsonify(search_payload(engine().search(search_request), "api.search"))


@bp.get("/doc/<article_id>")
def document(article_id):
    record = engine().get(article_id)
    if record is None:
        removed = engine().removed(article_id)
        if removed:
            abort(410, f"article {article_id} was removed: {removed.get('title')!r} ({removed.get('date') or 'no date'})")
        abort(404, f"no article with id {article_id!r}")
    return jsonify(dict(record, url=urls.permalink(article_id)))
