"""The search page on a phone (390 px, 320 px) and at a desk (1280 px), in chromium against a real
gunicorn: filters in reach, long facets, dates, keyboard, going back, Vietnamese messages."""
import re
import urllib.parse

import pytest

from .helpers import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """250 generated articles: 60-odd provinces, hundreds of people, a decade of months."""
    from bench.generate import generate
    from indexer.writer import build

    from .helpers import start_gunicorn, stop

    folder = tmp_path_factory.mktemp("generated")
    generate(folder / "src", 250)
    build(str(folder / "src"), str(folder / "index"))
    process, base = start_gunicorn(folder / "index", workers=1)
    yield base
    stop(process)


def _page(browser, base, viewport, **options):
    context = browser.new_context(base_url=base, viewport=viewport, locale="vi-VN", **options)
    return context, context.new_page()


@pytest.fixture()
def phone(browser, big_site):
    context, page = _page(browser, big_site, PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    yield page
    context.close()


@pytest.fixture()
def desk(browser, big_site):
    context, page = _page(browser, big_site, DESK)
    yield page
    context.close()


def _total(page):
    return int(re.search(r"Tìm thấy (\d+)", page.inner_text("#result-count")).group(1))


def _bottom(page, selector):
    box = page.locator(selector).first.bounding_box()
    return box["y"] + box["height"]


def test_phone_filters_in_the_first_screen_pick_a_province_beyond_the_first_ten(phone):
    phone.goto("/?q=thi+dua")
    toggle = phone.locator(".filters > summary")
    assert toggle.inner_text().strip() == "Bộ lọc"
    assert _bottom(phone, ".filters > summary") < PHONE["height"]  # reached without scrolling
    assert phone.locator(".hit").first.bounding_box()["y"] < PHONE["height"]  # results first
    assert phone.locator(".filters-body").is_hidden()
    toggle.click()
    province = phone.locator('section[data-facet="province"]')
    assert province.locator("ul.first li").count() == 10
    assert province.locator("ul.rest li").first.is_hidden()
    province.locator("details.more > summary").click()
    eleventh = province.locator("ul.rest li a").nth(1)
    value = eleventh.locator(".value").inner_text()
    count = int(eleventh.locator(".count").inner_text())
    eleventh.click()
    phone.wait_for_url(re.compile(r"province="))
    assert _total(phone) == count
    assert f"Tỉnh: {value}" in phone.inner_text(".chips")
    assert phone.locator(".filters > summary").inner_text().strip() == "Bộ lọc (1)"
    # the chips sit under the box, the panel is closed again, and "Xem N kết quả" closes it
    assert phone.locator(".chips").bounding_box()["y"] < phone.locator(".filters > summary").bounding_box()["y"]
    phone.locator(".filters > summary").click()
    button = phone.locator(".show-results")
    assert button.inner_text() == f"Xem {count} kết quả"
    button.click()
    assert phone.locator(".filters-body").is_hidden()
    assert phone.evaluate("document.activeElement.id") == "results"
    assert phone.locator("#results").bounding_box()["y"] < 5


def test_phone_tap_targets_are_at_least_44px(phone):
    phone.goto("/?q=thi+dua&province=Ngh%E1%BB%87+An&per_page=5")
    phone.locator(".filters > summary").click()
    phone.locator('section[data-facet="province"] details.more > summary').click()
    selectors = [".searchbox button", ".searchbox input", ".chips a", ".filters > summary", ".facet li a",
                 ".facet .more > summary", ".facet-filter", ".date-range input", ".date-range button", ".sort a",
                 ".hit .copy-menu > summary", ".pagination a", ".show-results"]
    small = []
    for selector in selectors:
        items = phone.locator(selector)
        assert items.count(), selector
        for index in range(min(items.count(), 15)):
            if not items.nth(index).is_visible():
                continue  # inside a closed "Xem thêm" or "Theo tháng"
            box = items.nth(index).bounding_box()
            if box["height"] < 44:
                small.append((selector, index, box["height"]))
    assert small == []


@pytest.mark.parametrize("q", ["a" * 300, "nguyễn" * 60, "thi đua " + "x" * 120, "!!! ??? ..."])
def test_nothing_scrolls_sideways_at_320px(browser, big_site, q):
    context, page = _page(browser, big_site, {"width": 320, "height": 700})
    try:
        for url in (f"/?{urllib.parse.urlencode({'q': q})}", f"/?{urllib.parse.urlencode({'q': q, 'page': 9999})}"):
            page.goto(url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        page.goto("/?q=thi+dua&province=Ngh%E1%BB%87+An")
        page.locator(".filters > summary").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.click(".hit h3 a")
        page.wait_for_url(re.compile(r"/doc/"))
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


def test_phone_snippets_are_at_most_three_lines(phone):
    phone.goto("/?q=thi+dua")
    for snippet in phone.locator(".hit .snippet").all()[:5]:
        line = float(snippet.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        assert snippet.bounding_box()["height"] <= 3 * line + 1
    assert "… …" not in phone.inner_text("#results")


def test_filter_a_long_facet_by_typing_without_accents(desk):
    desk.goto("/")
    section = desk.locator('section[data-facet="province"]')
    assert section.locator("details.more").get_attribute("open") is None
    names = section.locator("ul.rest .value").all_text_contents()
    target = next(n for n in names if n != n.encode("ascii", "ignore").decode())  # one with accents
    folded = target.replace("Đ", "D").replace("đ", "d")
    import unicodedata

    typed = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c)).lower()
    section.locator("input.facet-filter").fill(typed)
    visible = [t for t in section.locator("li:visible .value").all_inner_texts()]
    assert target in visible and len(visible) < 5
    assert section.locator("details.more").get_attribute("open") is not None
    assert "khớp" in section.locator(".facet-filter-status").inner_text()
    section.locator("li:visible a", has_text=target).first.click()
    desk.wait_for_url(re.compile(r"province="))
    assert f"Tỉnh: {target}" in desk.inner_text(".chips")
    desk.locator('section[data-facet="province"] input.facet-filter').fill("")


def test_years_in_time_order_and_a_histogram_bar_narrows_to_its_year(desk):
    desk.goto("/?q=thi+dua")
    years = desk.locator("ul.years .value").all_inner_texts()
    assert years == sorted(years) and len(years) > 5
    bars = desk.locator(".histogram a.bar")
    assert bars.count() == len(years)
    label = bars.nth(2).get_attribute("aria-label")
    year, count = re.fullmatch(r"(\d{4}): (\d+) bài", label).groups()
    assert desk.locator(".histogram a.bar").nth(2).locator("rect.fill").get_attribute("height")
    bars.nth(2).click()
    desk.wait_for_url(re.compile(rf"year={year}"))
    assert _total(desk) == int(count)
    assert f"Năm: {year}" in desk.inner_text(".chips")
    # one year: the histogram is drawn per month, each bar a month of that year
    months = desk.locator(".histogram a.bar")
    assert months.count() >= 1
    first = months.first.get_attribute("aria-label")
    assert re.fullmatch(rf"\d\d/{year}: \d+ bài", first)
    months.first.click()
    desk.wait_for_url(re.compile(r"month=\d{4}-\d\d"))
    month = re.search(r"month=(\d{4})-(\d\d)", desk.url).groups()
    assert f"Tháng: {month[1]}/{month[0]}" in desk.inner_text(".chips")
    assert all(d.endswith(f"/{month[1]}/{month[0]}") for d in desk.locator(".hit time").all_inner_texts())


def test_on_a_phone_the_histogram_is_drawn_across_in_rows_each_a_44px_link(phone):
    phone.goto("/?q=thi+dua")
    phone.locator(".filters > summary").click()
    assert phone.locator(".histogram").is_hidden()  # its bars are narrower than a finger there
    rows = phone.locator("ul.years li a")
    counts = [int(text) for text in phone.locator("ul.years .count").all_inner_texts()]
    assert rows.count() == len(counts) > 5
    for number in range(rows.count()):
        row = rows.nth(number)
        assert row.bounding_box()["height"] >= 44
        bar = row.locator("svg.row-bar")
        assert bar.is_visible() and bar.bounding_box()["width"] > 100
        width = float(bar.locator("rect").get_attribute("width"))
        assert width == pytest.approx(100 * counts[number] / max(counts), abs=0.1)
    year = phone.locator("ul.years .value").nth(2).inner_text()
    rows.nth(2).click()
    phone.wait_for_url(re.compile(rf"year={year}"))
    assert _total(phone) == counts[2]
    assert axe_violations(phone) == []


def test_set_a_date_range_with_the_date_inputs(desk):
    desk.goto("/?q=thi+dua")
    desk.fill("#date-from", "2019-03-01")
    desk.fill("#date-to", "2020-06-30")
    desk.click(".date-range button")
    desk.wait_for_url(re.compile(r"from=2019-03-01&to=2020-06-30"))
    assert "q=thi+dua" in desk.url
    chips = desk.inner_text(".chips")
    assert "Từ ngày: 01/03/2019" in chips and "Đến ngày: 30/06/2020" in chips
    for shown in desk.locator(".hit time").all():
        day = shown.get_attribute("datetime")  # a day, or a month when the article gives no day
        assert "2019-03" <= day <= "2020-06-30"
        assert re.fullmatch(r"(\d\d/)?\d\d/\d{4}", shown.inner_text())
    # typed the wrong way round: swapped, and said so
    desk.goto("/?q=thi+dua&from=2020-06-30&to=2019-03-01")
    assert "đã được đổi chỗ" in desk.inner_text(".notice")
    assert desk.input_value("#date-from") == "2019-03-01"


def test_keyboard_skip_link_focus_and_escape(desk):
    desk.goto("/?q=thi+dua")
    desk.keyboard.press("Tab")
    assert desk.evaluate("document.activeElement.textContent") == "Chuyển tới kết quả"
    assert desk.locator(".skip-link").bounding_box()["y"] >= 0  # shown when focused
    desk.keyboard.press("Enter")
    assert desk.evaluate("document.activeElement.id") == "results"
    desk.keyboard.press("Tab")
    first = desk.evaluate("document.activeElement.closest('.sort, .hit') && document.activeElement.textContent")
    assert first == "Liên quan nhất"  # then the sort links, then the results, as seen
    outline = desk.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus visible
    summary = desk.locator(".hit .copy-menu > summary").first
    summary.focus()
    desk.keyboard.press("Enter")
    assert desk.locator(".hit .copy-menu").first.get_attribute("open") is not None
    desk.keyboard.press("Tab")
    desk.keyboard.press("Escape")
    assert desk.locator(".hit .copy-menu").first.get_attribute("open") is None
    assert desk.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert desk.get_attribute("#result-count", "role") == "status"
    assert re.search(r"— \d+ kết quả", desk.title())


def test_going_back_keeps_query_filters_sort_and_page(browser, big_site):
    for viewport in (PHONE, DESK):
        context, page = _page(browser, big_site, viewport)
        try:
            page.goto("/?q=cong+an&sort=newest&province=Ngh%E1%BB%87+An&page=2")
            before = page.url
            titles = page.locator(".hit h3 a").all_inner_texts()
            page.locator(".hit h3 a").nth(3).click()
            page.wait_for_url(re.compile(r"/doc/"))
            back = page.locator(".back a")
            assert back.inner_text() == "‹ Quay lại kết quả cho «cong an»"
            back.click()
            page.wait_for_url(re.compile(r"page=2"))
            assert page.url == before
            assert page.locator(".hit h3 a").all_inner_texts() == titles
            assert page.locator(".pagination [aria-current=page]").inner_text() == "2"
        finally:
            context.close()


def test_pagination_has_gaps_and_a_page_past_the_end_leads_back(desk):
    desk.goto("/?per_page=5&page=9999")
    assert "Trang 9999 không có kết quả" in desk.inner_text("#results")
    desk.click("text=Tới trang cuối")
    last = int(re.search(r"[?&]page=(\d+)", desk.url).group(1))
    assert desk.locator(".hit").count() >= 1
    texts = desk.locator(".pagination > *").all_inner_texts()
    assert texts[:2] == ["‹ Trước", "1"] and "…" in texts and texts[-1] == str(last)


@pytest.mark.parametrize("path, status, words", [
    ("/doc/zzzzzzzzzz", 404, "Không có bài viết nào mang mã"),
    ("/khong-co", 404, "không có trong trang tra cứu"),
    ("/?q=!!!+???", 200, "Chưa tìm gì"),
    ("/?month=2024-13", 400, "Tháng phải có dạng"),
])
def test_messages_are_vietnamese_with_a_way_forward(desk, path, status, words):
    response = desk.goto(path)
    assert response.status == status
    text = desk.inner_text("main")
    assert words in text
    assert desk.locator("main a[href='/'], main form[role=search]").count() >= 1
    assert not re.search(r"\b(the|must|not found|error)\b", text, re.I)


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desktop", "phone"])
def test_the_filter_panel_passes_the_axe_audit(browser, big_site, viewport):

    context, page = _page(browser, big_site, viewport)
    try:
        found = {}
        for path in ("/?q=thi+dua&province=Ngh%E1%BB%87+An&from=2016-01-01", "/?year=2020", "/?q=!!!",
                     "/?per_page=5&page=999"):
            page.goto(path)
            if viewport is PHONE and page.locator(".filters > summary").count():
                page.locator(".filters > summary").click()
            if page.locator('section[data-facet="person"] details.more > summary').count():
                page.locator('section[data-facet="person"] details.more > summary').click()
            found[path] = axe_violations(page)
        assert found == {path: [] for path in found}
    finally:
        context.close()
