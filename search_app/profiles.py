"""People and clusters: /nguoi/<key>, /cum/<key> and their JSON. Views only call and render."""
from flask import Blueprint, abort, jsonify, render_template

from indexer.profiles import cluster_key, person_key

from . import engine, urls

bp = Blueprint("profiles", __name__)


def _person_or_404(key):
    profile = engine().person(person_key(key))
    if profile is None:
        abort(404, "no person with that name in the index")
    return profile


def _cluster_or_404(key):
    profile = engine().cluster(cluster_key(key))
    if profile is None:
        abort(404, "no cluster with that name in the index")
    return profile


def _with_urls(profile):
    data = profile.to_dict()
    for article in data["articles"]:
        article["url"] = urls.permalink(article["id"])
    return data


@bp.get("/nguoi/<path:key>")
def person_page(key):
    return render_template("person.html", profile=_with_urls(_person_or_404(key)))


@bp.get("/api/nguoi/<path:key>")
def person_json(key):
    return jsonify(_with_urls(_person_or_404(key)))


@bp.get("/cum/<path:key>")
def cluster_page(key):
    return render_template("cluster.html", profile=_with_urls(_cluster_or_404(key)))


@bp.get("/api/cum/<path:key>")
def cluster_json(key):
    return jsonify(_with_urls(_cluster_or_404(key)))
