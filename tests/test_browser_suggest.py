"""Completions under the search box, in chromium against the real gunicorn, at a phone's width
(390 px) and a desk's (1280 px): a WAI-ARIA combobox the keyboard drives, that axe finds clean."""
import re

import pytest

from .helpers import axe_violations

pytestmark = pytest.mark.browser

VIEWPORTS = [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]
IDS = ["phone", "desktop"]


@pytest.fixture(params=VIEWPORTS, ids=IDS)
def page(request, browser, live_server):
    phone = request.param["width"] < 700
    context = browser.new_context(base_url=live_server, viewport=request.param, locale="vi-VN",
                                  has_touch=phone, is_mobile=phone)
    page = context.new_page()
    yield page
    context.close()


def _type_and_wait(page, text, expected=None):
    """Type into the box key by key; wait for the list (showing ``expected`` first, when given)."""
    box = page.locator("#q")
    box.click()
    box.press_sequentially(text, delay=20)
    # the list of the whole text, not of a prefix typed before it (a slow answer came after)
    page.wait_for_function("([typed, t]) => { const l = document.getElementById('q-suggestions');"
                           " const o = l && l.querySelector('[role=option]');"
                           " return l.dataset.for === typed && o && o.offsetParent !== null"
                           " && (!t || o.textContent.includes(t)); }", arg=[text, expected or ""])
    return box


def test_type_a_name_without_accents_and_take_a_suggestion_with_the_keyboard(page):
    page.goto("/")
    box = _type_and_wait(page, "nguyen van h", "Nguyễn Văn Hận")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == "q-suggestions"
    assert page.locator("#q-suggestions").get_attribute("role") == "listbox"
    first = page.locator("#q-suggestions [role=option]").first
    assert "Đại tá Nguyễn Văn Hận" in first.inner_text() and "Nhân vật" in first.inner_text()
    hits = int(re.search(r"(\d+) bài", first.inner_text()).group(1))
    assert box.get_attribute("aria-activedescendant") is None
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "q"  # the focus stays in the box
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"person=Nguy%E1%BB%85n\+V%C4%83n\+H%E1%BA%ADn"))
    assert f"Tìm thấy {hits} bài viết" in page.inner_text("#result-count")
    assert "Nhân vật: Nguyễn Văn Hận" in page.inner_text(".chips")


def test_arrow_keys_move_and_wrap_and_a_cluster_is_taken(page):
    page.goto("/")
    box = _type_and_wait(page, "cum")
    options = page.locator("#q-suggestions [role=option]")
    count = options.count()
    assert count >= 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # from the first to the last
    assert box.get_attribute("aria-activedescendant") == options.nth(count - 1).get_attribute("id")
    assert [options.nth(i).get_attribute("aria-selected") for i in range(count)].count("true") == 1
    box.fill("")
    _type_and_wait(page, "cum 8", "Cụm thi đua số 8")
    assert "Cụm thi đua số 8" in options.first.inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"cluster="))
    assert "Cụm: Cụm thi đua số 8" in page.inner_text(".chips")


def test_escape_closes_the_list_and_keeps_what_was_typed(page):
    page.goto("/?q=thi+dua")
    page.fill("#q", "")
    box = _type_and_wait(page, "kien g", "Kiên Giang")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert page.locator("#q-suggestions").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "kien g"
    page.keyboard.press("Enter")  # the list closed: Enter searches what was typed
    page.wait_for_url(re.compile(r"q=kien\+g"))


def test_the_box_with_its_list_open_passes_the_axe_audit(page):

    found = {}
    for path in ("/", "/?q=thi+dua"):
        page.goto(path)
        box = page.locator("#q")
        box.fill("")
        _type_and_wait(page, "ng")
        page.keyboard.press("ArrowDown")
        assert box.get_attribute("aria-expanded") == "true"
        found[path] = axe_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert found == {path: [] for path in found}


def test_without_javascript_the_box_searches_as_before(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        assert page.locator("#q").get_attribute("role") is None
        page.fill("#q", "nguyen van han")
        page.press("#q", "Enter")
        page.wait_for_url(re.compile(r"q=nguyen\+van\+han"))
        assert "Tìm thấy 1 bài viết" in page.inner_text("#result-count")
    finally:
        context.close()


def test_profile_links_from_the_facets_and_related_articles_open(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport=VIEWPORTS[1])
    try:
        page = context.new_page()
        page.goto("/?q=nguyen+van+han")
        link = page.locator('section[data-facet="person"] a.profile-link').first
        name = link.get_attribute("aria-label").removeprefix("Hồ sơ ")
        link.click()
        page.wait_for_url(re.compile(r"/nguoi/"))
        assert page.inner_text("h1") == name
        page.go_back()
        page.click(".hit h3 a")
        page.wait_for_url(re.compile(r"/doc/"))
        here = page.url.split("?")[0]
        related = page.locator(".related li a")
        assert 1 <= related.count() <= 5
        assert here not in related.evaluate_all("links => links.map(a => a.href)")
        related.first.click()
        page.wait_for_url(re.compile(r"/doc/"))
        assert page.url.split("?")[0] != here
    finally:
        context.close()
