"""The benchmark's corpus and query sets: deterministic, with a long tail, still readable by the extractors."""
import re

import pytest

from bench import browse, vocabulary
from bench.distinct import CLASSES, draw
from bench.generate import Generator
from bench.tail import tail
from indexer.extract import extract_record

ARTICLES = 200


@pytest.fixture(scope="module")
def generated():
    generator = Generator(2024)
    return [generator.article(number) for number in range(ARTICLES)]


@pytest.fixture(scope="module")
def records(generated):
    """Records as bench.engines.records reads them back from an index: persons as names, with ids."""
    out = []
    for number, text in enumerate(generated):
        record = extract_record(text, f"article-{number:06d}.txt").to_dict()
        record["persons"] = [p["name"] for p in record["persons"]]
        record["id"] = f"id{number}"
        out.append(record)
    return out


def test_the_vocabulary_file_names_its_packages_and_holds_a_long_tail():
    words = vocabulary.load()
    assert set(words["packages"]) | set(words["missing"]) == set(vocabulary.PACKAGES)
    assert len(words["syllables"]) >= 3000
    assert all(vocabulary.is_syllable(s) for s, _count in words["syllables"])
    assert sum(topic["sentences"] for topic in words["topics"]) >= 10_000


def test_the_vocabulary_file_holds_counts_of_syllables_and_pairs_not_text():
    words = vocabulary.load()
    tokens = set()
    for topic in words["topics"]:
        assert set(topic) == {"source", "sentences", "starts", "next"}
        tokens.update(s for s, _count in topic["starts"])
        for token, successors in topic["next"].items():
            tokens.add(token)
            tokens.update(s for s, _count in successors)
    assert all(t == "," or vocabulary.is_syllable(t) for t in tokens)  # single tokens, never a run of them
    assert all(2 <= len(w.split()) <= 3 for w, _count in words["words"])


@pytest.mark.parametrize("token, expected", [("nghiêng", True), ("người", True), ("quốc", True), ("khuya", True),
                                             ("help", False), ("string", False), ("the", True)])
def test_a_syllable_is_told_by_its_shape(token, expected):
    assert vocabulary.is_syllable(token) is expected


def test_the_generator_is_deterministic_from_its_seed(generated):
    again = Generator(2024)
    assert [again.article(number) for number in range(5)] == generated[:5]
    assert Generator(2025).article(0) != generated[0]


def test_500_articles_hold_over_2000_distinct_toned_syllables():
    measured = tail(500)  # 2,357 (924 in one article) when written; the seed sentences alone gave 626
    assert measured["syllables"] >= 2000
    assert measured["in_one_article"] >= 500


def test_the_extractors_still_find_the_names_clusters_provinces_and_dates_it_writes(generated, records):
    found = {"person": 0, "cluster": 0, "province": 0, "month": 0}
    for text, record in zip(generated, records, strict=True):
        cluster = re.search(r"(Cụm thi đua .*?) (?:tổng kết|sơ kết|ký kết|triển khai|đánh giá)", text).group(1)
        year = re.search(r"“Vì an ninh Tổ quốc” năm (\d{4})", text).group(1)
        day, month, province, name = re.search(
            r"(\d+)/(\d+), tại Công an tỉnh ([^,]+), .*?\. \w+(?: \w+)? (\w+ \w+ \w+), ", text).groups()
        found["person"] += name in record["persons"]
        found["cluster"] += cluster in record["clusters"]
        found["province"] += province in record["provinces"]
        found["month"] += (record["date"] or "")[:7] == f"{year}-{int(month):02d}"
    assert found["person"] >= 0.97 * ARTICLES  # 100% when written
    assert found["cluster"] >= 0.9 * ARTICLES  # 98%
    assert found["province"] >= 0.9 * ARTICLES  # 97%
    assert found["month"] >= 0.97 * ARTICLES  # 100%


def test_the_query_drawer_yields_over_500_distinct_queries_in_every_class(records):
    queries = draw(records)
    drawn = [(cls, params["q"]) for cls, params in queries if cls != "fixed mix"]
    assert len({q for _cls, q in drawn}) == len(drawn) >= 500
    assert {cls for cls, _q in drawn} == set(CLASSES)
    assert draw(records) == queries
    assert sum(cls == "fixed mix" for cls, _params in queries) == 16


def test_the_browsing_draws_give_300_prefixes_200_articles_and_50_people_and_clusters(records):
    prefixes = browse.prefixes(records)
    assert len({p["q"] for _cls, p in prefixes}) == len(prefixes) >= 300
    assert {cls for cls, _p in prefixes} == {f"prefix: {cls}" for cls in browse.PREFIXES}
    pages = browse.pages(records)
    by_class = {cls: sum(c == cls for c, _p in pages) for cls in ("article page", "person page", "cluster page")}
    assert by_class["article page"] >= 200 * ARTICLES // 300 and by_class["person page"] >= 50
    assert by_class["cluster page"] >= 50
