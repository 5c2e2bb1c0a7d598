"""The figures of `make eval` may not fall: the labelled set in eval/, run for real.

The floors sit a little under the figures measured when they were set (README, "Quality");
raise them when the figures rise.
"""
import pytest

from eval.__main__ import run

QUERY_FLOOR = {"recall@10": 0.95, "precision": 0.95, "mrr": 0.95}
# Below the 0.95 target, named in the README: "Cụm thi đua Công an các tỉnh Tây Nguyên" misses
# the article that calls that cluster only "Cụm thi đua số 6".
KIND_FLOORS = {("entity", "recall@10"): 0.92}
EXTRACTION_FLOOR = {  # field: (precision, recall); the target is 0.95 for every field
    field: (0.95, 0.95) for field in (
        "article indexed", "title", "date", "date_stated", "event_date", "outlet", "authors", "photo_credits",
        "persons", "person rank", "person role", "provinces", "provinces_today", "clusters_about",
        "clusters_mentioned", "body starts with lead", "no chrome in body")
}


@pytest.fixture(scope="module")
def figures():
    return run()


@pytest.mark.parametrize("field", sorted(EXTRACTION_FLOOR))
def test_extraction_precision_and_recall_stay_above_their_floors(figures, field):
    precision, recall = EXTRACTION_FLOOR[field]
    measured = figures["extraction"][field]
    assert measured["precision"] >= precision and measured["recall"] >= recall, measured


def test_every_query_kind_stays_above_the_floors(figures):
    low = {}
    for kind, values in figures["queries"].items():
        for key, floor in QUERY_FLOOR.items():
            floor = KIND_FLOORS.get((kind, key), floor)
            if values[key] is not None and values[key] < floor:
                low[f"{kind} {key}"] = values[key]
    assert not low, low


def test_no_answer_queries_have_an_empty_strict_result(figures):
    assert figures["queries"]["no_answer"]["precision"] == 1.0


def test_typo_queries_get_the_right_suggestion_nine_times_in_ten(figures):
    right, total = map(int, figures["queries"]["typo"]["suggestions right"].split("/"))
    assert right / total >= 0.9


def test_no_labelled_article_is_skipped(figures):
    assert figures["skipped"] == []
