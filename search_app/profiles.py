"""People and clusters: /nguoi/<key>, /cum/<key> and their JSON. Views only call and render.

/nguoi/<name key> lists everyone of that name, each person apart; /nguoi/<name key>/<unit> is
one of them (the unit's sub-key, "nguyễn-văn-hận/kien-giang").
"""
import copy

from flask import Blueprint, abort, jsonify, render_template, url_for

from indexer.profiles import cluster_key, one_person, person_key

from . import engine, urls

bp = Blueprint("profiles", __name__)


def _person_or_404(key, unit=None):
    profile = engine().person(person_key(key))
    if profile is None:
        abort(404, "no person with that name in the index")
    if unit:
        profile = one_person(profile, unit)
        if profile is None:
            abort(404, "no person with that name in that unit")
    return profile


def _cluster_or_404(key):
    profile = engine().cluster(cluster_key(key))
    if profile is None:
        abort(404, "no cluster with that name in the index")
    return profile


def _with_urls(profile):
    data = copy.deepcopy(profile.to_dict())  # the URLs are the page's, not the profile's
    for article in data["articles"]:
        article["url"] = urls.permalink(article["id"])
    for person in data["persons"]:
        person["url"] = url_for("profiles.person_page", key=data["name_key"], unit=person["key"])
        for article in person["articles"]:
            article["url"] = urls.permalink(article["id"])
    if data["name_key"]:
        data["name_url"] = url_for("profiles.person_page", key=data["name_key"])
    return data


@bp.get("/nguoi/<key>")
@bp.get("/nguoi/<key>/<unit>")
def person_page(key, unit=None):
    return render_template("person.html", profile=_with_urls(_person_or_404(key, unit)))


@bp.get("/api/nguoi/<key>")
@bp.get("/api/nguoi/<key>/<unit>")
def person_json(key, unit=None):
    return jsonify(_with_urls(_person_or_404(key, unit)))


@bp.get("/cum/<path:key>")
def cluster_page(key):
    return render_template("cluster.html", profile=_with_urls(_cluster_or_404(key)))


@bp.get("/api/cum/<path:key>")
def cluster_json(key):
    return jsonify(_with_urls(_cluster_or_404(key)))
