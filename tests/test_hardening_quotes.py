"""Hardening II, finding 2: a quote link costs bounded time, whatever it and the article hold.

Before: "an " × 666 took 14.7 s in-process (30 s and a killed worker over HTTP); a
9-character quote that is not in a 4 MB article took 11 s.  Hang guards, not benchmarks.
"""
import json
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from indexer.quotes import MAX_QUOTE_CHARS, MAX_QUOTE_WORDS, QuoteTooLong, locate

from .helpers import SEEDS

GUARD_SECONDS = 5.0
PARAGRAPHS = [line for line in (SEEDS / "000_35e3ee56fcd7ce3a.txt").read_text(encoding="utf-8").splitlines()
              if line.strip()]


def _timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def _four_megabytes():
    words = " ".join(PARAGRAPHS).split()
    rng = random.Random(7)
    paragraphs, size = [], 0
    while size < 4_000_000:
        paragraph = " ".join(rng.choice(words) for _ in range(80))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return paragraphs


def test_a_quote_over_the_cap_is_refused_at_once():
    with pytest.raises(QuoteTooLong):
        locate(PARAGRAPHS, "an " * 666)
    with pytest.raises(QuoteTooLong):
        locate(PARAGRAPHS, "x" * (MAX_QUOTE_CHARS + 1))
    with pytest.raises(QuoteTooLong):
        locate(PARAGRAPHS, "a " * (MAX_QUOTE_WORDS + 1))


def test_a_quote_at_the_cap_answers_fast():
    quotes = ("an " * MAX_QUOTE_WORDS, "an ninh " * (MAX_QUOTE_WORDS // 2),
              " ".join(PARAGRAPHS[3].split()[:MAX_QUOTE_WORDS]))
    for quote in quotes:
        _found, seconds = _timed(lambda q=quote: locate(PARAGRAPHS, q[:MAX_QUOTE_CHARS], "Kiên Giang", "thi đua"))
        assert seconds < GUARD_SECONDS, (quote[:40], seconds)


def test_a_nine_character_quote_in_a_four_megabyte_article_answers_fast():
    paragraphs = _four_megabytes()
    for quote, how in (("Công an t", "exact"), ("xyzxyzxyz", None), ("CÔNG AN TỈNH", None)):
        found, seconds = _timed(lambda q=quote: locate(paragraphs, q, "các đơn vị", "năm 2024"))
        assert seconds < GUARD_SECONDS, (quote, seconds)
        if how:
            assert found.how == how and found.text(paragraphs) == quote


def test_repeated_words_in_a_long_article_answer_fast():
    paragraphs = [("an ninh " * 60).strip()] * 8000  # 3.8 MB of one phrase
    for quote, prefix in (("an " * 119 + "xy", ""), ("an ninh " * 59 + "x", "an ninh"), ("NINH AN N", "an ninh " * 10)):
        found, seconds = _timed(lambda q=quote, p=prefix: locate(paragraphs, q, p, p))
        assert seconds < GUARD_SECONDS, (quote[:30], seconds)


def test_the_fuzzy_step_still_finds_an_edited_passage_in_a_long_article():
    paragraphs = _four_megabytes()
    target = "Đại tá Nguyễn Văn Hận, Giám đốc Công an tỉnh Kiên Giang trao cờ thi đua cho đơn vị."
    paragraphs.insert(2500, target)
    edited = "Đại tá Nguyễn Văn Hận, Phó Giám đốc Công an tỉnh Kiên Giang trao cờ"
    found, seconds = _timed(lambda: locate(paragraphs, edited))
    assert seconds < GUARD_SECONDS
    assert (found.paragraph, found.how) == (2501, "fuzzy")


# -- over HTTP, through the real gunicorn -------------------------------------------------
def _get(url, timeout=GUARD_SECONDS + 5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.server
def test_a_too_long_quote_link_is_a_fast_400_and_searches_go_on(live_server):
    article_id = json.loads(_get(live_server + "/api/search?per_page=1")[2])["results"][0]["id"]
    url = f"{live_server}/doc/{article_id}/q?" + urllib.parse.urlencode({"exact": "an " * 666})
    answers = []

    def follow():
        answers.append(_timed(lambda: _get(url)))

    threads = [threading.Thread(target=follow) for _ in range(4)]  # four at once held every worker before
    for thread in threads:
        thread.start()
    (status, _headers, body), seconds = _timed(lambda: _get(live_server + "/api/search?q=thi+%C4%91ua"))
    assert status == 200 and seconds < GUARD_SECONDS
    for thread in threads:
        thread.join(timeout=30)
    assert len(answers) == 4
    for (status, headers, body), seconds in answers:
        assert status == 400 and seconds < GUARD_SECONDS
        assert headers["Content-Type"] == "application/json" and "no-store" in headers["Cache-Control"]
        error = json.loads(body)["error"]
        assert error["status"] == 400 and "at most" in error["message"]
    # a quote within the cap still redirects to its paragraph
    exact = "Cụm thi đua"
    status, _headers, _body = _get(f"{live_server}/doc/{article_id}/q?" + urllib.parse.urlencode({"exact": exact}))
    assert status == 200
