"""The site in a real headless Chromium: filters, search, maps, citations, no script errors,
small screens and accessibility. Screenshots are saved in test-artifacts/ for a person to look at."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from browser import StaticServer, from_disk, keep_local
from site_fixture import ROOT, build_project, write_project

ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site_root(tmp_path_factory) -> Path:
    return build_project(write_project(tmp_path_factory.mktemp("browser")))


@pytest.fixture(scope="module")
def server(site_root):
    with StaticServer(site_root) as running:
        yield running


class Watched:
    """A page whose console errors and uncaught exceptions are collected."""

    def __init__(self, context, base: str):
        context.set_default_timeout(10000)
        self.page = context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def go(self, url: str):
        self.page.goto(self.base + url, wait_until="load")
        self.page.wait_for_timeout(150)
        return self.page


@pytest.fixture
def watched(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", keep_local(server.base))
    yield Watched(context, server.base)
    context.close()


def visible_incidents(page) -> list[str]:
    return page.eval_on_selector_all(
        "a.incident-link", "links => links.filter(a => !a.closest('li').hidden).map(a => new URL(a.href).pathname)")


def test_filtering_by_region_shows_its_incidents_and_its_sub_regions(watched):
    page = watched.go("timeline/")
    assert len(visible_incidents(page)) == 3
    page.select_option("#filter-region", "kaluga-oblast")
    shown = visible_incidents(page)
    assert sorted(shown) == ["/incidents/kaluga-earlier/", "/incidents/obninsk-drone-on-roof/"]
    assert "region=kaluga-oblast" in page.url
    assert page.locator(".filter-count").text_content() == "Showing 2 of 3 incidents"
    page.select_option("#filter-region", "obninsk")
    assert visible_incidents(page) == ["/incidents/obninsk-drone-on-roof/"]
    assert watched.errors == []


def test_the_url_round_trips_the_filter(watched):
    page = watched.go("timeline/?region=kaluga-oblast&status=claimed")
    assert page.input_value("#filter-region") == "kaluga-oblast"
    assert page.is_checked("input[name=status][value=claimed]")
    assert visible_incidents(page) == ["/incidents/kaluga-earlier/"]
    page.click("text=Show all")
    assert len(visible_incidents(page)) == 3
    assert "?" not in page.url


def test_timeline_status_filters_and_badges_follow_the_registry(watched):
    """The status checkboxes and badge colours come from the registry (kinds.py) through the generated
    stylesheet; briefing.js and briefing.css hold no list of statuses."""
    from generator.kinds import STATUS_TERMS

    page = watched.go("timeline/")
    offered = page.eval_on_selector_all("input[name=status]", "inputs => inputs.map(i => i.value)")
    assert offered and offered == [t.word for t in STATUS_TERMS if t.word in offered]
    page.check(f"input[name=status][value={offered[0]}]")
    shown = visible_incidents(page)
    assert shown and len(shown) < 3
    badges = page.eval_on_selector_all("a.status[class*=status-]", """links => links.map(a =>
        [a.className.split(' ').find(c => c.startsWith('status-')).slice(7), getComputedStyle(a).backgroundColor])""")
    colours = {t.word: "rgb({}, {}, {})".format(*(int(t.colour[i:i + 2], 16) for i in (1, 3, 5))) for t in STATUS_TERMS}
    assert badges and all(colour == colours[word] for word, colour in badges)
    assert watched.errors == []


def test_the_grade_filter_keeps_incidents_with_a_source_graded_at_least_that_well(watched):
    """The fixture grades one source (TASS, reliability B), which two of the three incidents cite; no citation
    has a credibility, so that filter is not offered. "A–B" keeps those two; the choice survives in the URL."""
    page = watched.go("timeline/")
    assert page.locator("#filter-credibility").count() == 0
    options = page.eval_on_selector_all("#filter-reliability option", "os => os.map(o => [o.value, o.textContent])")
    assert options == [["", "Any source reliability"], ["B", "A\u2013B: usually reliable or better (2)"],
                       ["C", "A\u2013C: fairly reliable or better (2)"],
                       ["D", "A\u2013D: not usually reliable or better (2)"],
                       ["E", "A\u2013E: unreliable or better (2)"], ["F", "Any graded (2)"]]
    graded = ["/incidents/obninsk-drone-on-roof/", "/incidents/kaluga-earlier/"]
    page.select_option("#filter-reliability", "B")
    assert visible_incidents(page) == graded
    assert "reliability=B" in page.url and page.locator(".filter-count").text_content() == "Showing 2 of 3 incidents"
    page = watched.go("timeline/?reliability=B")
    assert page.input_value("#filter-reliability") == "B" and visible_incidents(page) == graded
    assert watched.errors == []


def test_date_range_filter_keeps_overlapping_periods(watched):
    page = watched.go("timeline/?from=2026-11-15&to=2026-11-30")
    # "c. November 2026" overlaps the second half of November; 3 October does not.
    assert visible_incidents(page) == ["/incidents/obninsk-drone-on-roof/"]
    headings = page.eval_on_selector_all("article h2", "hs => hs.filter(h => !h.hidden).map(h => h.textContent)")
    assert not any("October" in h for h in headings)


def test_filters_work_after_instant_navigation(watched):
    page = watched.go("")
    page.click(".md-tabs__link:has-text('Timeline')")
    page.wait_for_selector("#filter-region")
    page.select_option("#filter-region", "russia")
    assert len(visible_incidents(page)) == 3
    assert watched.errors == []


def test_without_javascript_the_timeline_is_a_plain_list(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.base + "timeline/")
    assert page.locator("a.incident-link").count() == 3
    assert page.locator("#timeline-filters").is_hidden()
    context.close()


def search(page, query: str) -> list[str]:
    # Material loads its index in a worker; a query typed before it is ready is not re-run.
    page.wait_for_function("() => (document.querySelector('.md-search-result__meta') || {}).textContent"
                           "?.includes('Type to start searching')", timeout=30000)
    page.click("input.md-search__input")
    # Filled at once, not typed: results for a first letter arrive before those for the word.
    page.fill("input.md-search__input", query)
    # Material searches on keyup, which fill() does not send.
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    return page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")


def test_search_finds_a_quote_by_a_cyrillic_word(watched):
    page = watched.go("")
    results = search(page, "дронах")
    assert any("quotes/pervalov-not-just-drones/" in url for url in results), results


def test_search_finds_a_quote_by_a_phrase_from_its_middle(watched):
    page = watched.go("")
    results = search(page, "increasing attacks on civilian")
    assert "quotes/ambassador-claim/" in results[0], results


def test_record_pages_rank_above_index_pages(watched):
    page = watched.go("")
    results = search(page, "circumstantial")
    assert "quotes/nato-rebuttal/" in results[0], results


def test_the_map_page_loads_offline_with_no_console_error(browser, site_root):
    base = "http://briefing.test/"
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    context.route("**/*", from_disk(site_root, base))
    watched = Watched(context, base)
    page = watched.go("map/")
    page.wait_for_selector(".leaflet-interactive", timeout=10000)
    assert page.locator(".leaflet-tile").count() == 0  # no tile requested while offline
    assert watched.errors == []
    page = watched.go("incidents/obninsk-drone-on-roof/")
    page.wait_for_selector(".leaflet-interactive")
    assert watched.errors == []
    context.close()


def test_a_region_with_a_long_list_loads_its_map_points_from_their_file(browser, tmp_path):
    """Past a page of incidents a region's map points are a data file beside its pages (plan.MAP_POINTS)."""
    site = build_project(write_project(tmp_path), page_size=2)
    with StaticServer(site) as running:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", keep_local(running.base))
        watched = Watched(context, running.base)
        page = watched.go("regions/russia/")
        assert page.locator("div.briefing-map[data-points-src]").count() == 1
        page.wait_for_selector(".leaflet-interactive")
        # the incident with a published position, and the one placed at its region's point (Kaluga Oblast's)
        assert page.locator(".leaflet-interactive").count() == 2
        assert page.locator(".map-count").inner_text() == "2 incidents on the map"
        page.locator(".leaflet-interactive").nth(1).click()
        placed = page.locator(".map-popup", has_text="Drone shot down near Kaluga")
        assert "Placed by region: at the point of Kaluga Oblast" in placed.inner_text()
        page.locator(".leaflet-interactive").first.click()
        # the point's link, made for the region's page, leads to the incident
        page.locator(".map-popup a", has_text="Drone found on the roof").click()
        page.wait_for_url("**/incidents/obninsk-drone-on-roof/")
        assert "Drone found on the roof" in page.locator("h1").inner_text()
        assert watched.errors == []
        context.close()


def test_copy_citation_copies_the_citation(browser, server):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base.rstrip("/"))
    context.route("**/*", keep_local(server.base))
    page = context.new_page()
    page.goto(server.base + "incidents/obninsk-drone-on-roof/")
    page.click("button[data-target=cite-text]")
    page.wait_for_selector("button[data-target=cite-text]:has-text('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "“Drone found on the roof of a house in Obninsk”" in copied
    assert server.base + "incidents/obninsk-drone-on-roof/" in copied
    assert "accessed" in copied and "on the day you read this" not in copied
    page.click("button[data-target=cite-bibtex]")
    page.wait_for_selector("button[data-target=cite-bibtex]:has-text('Copied')")
    bibtex = page.evaluate("navigator.clipboard.readText()")
    assert bibtex.startswith("@misc{briefing-incident-obninsk-drone-on-roof,")
    assert "urldate = {20" in bibtex
    context.close()


def test_json_ld_parses_and_carries_the_records_facts(watched):
    page = watched.go("incidents/obninsk-drone-on-roof/")
    event = json.loads(page.text_content("script[type='application/ld+json']"))
    assert event["@type"] == "Event" and event["startDate"] == "2026-11"
    assert event["name"] == "Drone found on the roof of a house in Obninsk"
    page = watched.go("quotes/pervalov-not-just-drones/")
    quotation = json.loads(page.text_content("script[type='application/ld+json']"))
    assert quotation["@type"] == "Quotation" and quotation["creator"]["name"] == "Stefan Pervalov"
    assert quotation["workTranslation"]["text"] == "Речь идёт не только о дронах."
    page = watched.go("regions/obninsk/")
    place = json.loads(page.text_content("script[type='application/ld+json']"))
    assert place["@type"] == "Place" and place["containedInPlace"]["name"] == "Kaluga Oblast"


def test_no_console_error_on_any_page_of_the_shipped_site(browser, tmp_path):
    from test_shipped_site import copy_project

    root = copy_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    with StaticServer(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", keep_local(server.base))
        watched = Watched(context, server.base)
        pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
        assert len(pages) > 40
        for url in pages:
            watched.go("" if url == "." else url + "/")
        context.close()
    assert watched.errors == []


def test_no_console_error_on_any_page(watched, site_root):
    pages = sorted(p.relative_to(site_root).parent.as_posix() for p in site_root.rglob("index.html"))
    for url in pages:
        watched.go("" if url == "." else url + "/")
    assert watched.errors == []


@pytest.mark.parametrize("url", ["", "timeline/", "quotes/", "incidents/obninsk-drone-on-roof/",
                                 "quotes/pervalov-not-just-drones/", "map/", "data/"])
def test_pages_fit_a_375_pixel_screen(browser, server, url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2, is_mobile=True)
    context.route("**/*", keep_local(server.base))
    page = context.new_page()
    page.goto(server.base + url)
    page.wait_for_timeout(300)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 375px"
    # nor is a table cut off at the screen's edge, left to scroll in its own box (the home page's figures)
    cut = page.evaluate("""Array.from(document.querySelectorAll('article .md-typeset__scrollwrap'))
        .map(box => box.scrollWidth - box.clientWidth).filter(over => over > 1)""")
    assert cut == [], f"{url} has tables wider than a 375px screen by {cut}px"
    context.close()


LAYOUT_SHIFT = """() => new Promise(done => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: 'layout-shift', buffered: true});
    setTimeout(() => done(total), 500);
})"""


@pytest.mark.parametrize("width", [375, 412, 1280])
def test_the_timeline_does_not_move_when_its_filters_appear(browser, server, width):
    """The filter form, made by script, takes the room the page kept for it (briefing.css): the cumulative
    layout shift stays under Lighthouse's "good" 0.1, and under 0.02 as the audits require."""
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 500)
    context.route("**/*", keep_local(server.base))
    page = context.new_page()
    page.goto(server.base + "timeline/")
    assert page.is_visible("#timeline-filters form")
    shift = page.evaluate(LAYOUT_SHIFT)
    context.close()
    assert shift <= 0.02


@pytest.mark.parametrize("url", ["", "timeline/", "quotes/", "incidents/obninsk-drone-on-roof/", "regions/",
                                 "quotes/pervalov-not-just-drones/", "measures/"])
def test_contrast_and_headings_pass_axe(watched, url):
    assert AXE.is_file(), "axe-core is installed by `make test` (npm ci)"
    page = watched.go(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'rule', values: [
        'color-contrast', 'heading-order', 'empty-heading', 'page-has-heading-one', 'document-title',
        'html-has-lang', 'image-alt', 'label', 'link-name', 'button-name', 'list', 'listitem']}})""")
    problems = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []


# What a screenshot must show: the page's heading, and a picture that is not blank (one colour) or nearly so.
SCREENSHOTS = [("timeline/", "timeline", "Timeline"),
               ("incidents/obninsk-drone-on-roof/", "incident", "Drone found on the roof of a house in Obninsk"),
               ("quotes/", "quotes", "Quotes"), ("map/", "map", "Map")]

# The colours of a PNG, counted in a blank page's canvas (no image library in the test environment).
COLOURS = """async (png) => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + png;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
        const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
    }
    let most = 0;
    for (const n of counts.values()) most = Math.max(most, n);
    return {colours: counts.size, dominant: most / (data.length / 4)};
}"""


@pytest.mark.parametrize("width,name", [(1280, "desktop"), (375, "mobile")])
def test_screenshots_for_a_person_to_look_at(browser, server, width, name):
    """Kept in test-artifacts/ for a person to look at; checked for what that person would see first: the
    page's own heading, visible, and a picture with text and colour in it (not a blank or an error page)."""
    import base64

    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route("**/*", keep_local(server.base))
    page, blank = context.new_page(), context.new_page()
    for url, label, heading in SCREENSHOTS:
        page.goto(server.base + url)
        page.wait_for_timeout(600)
        title = page.locator("article h1").first
        assert title.is_visible(), url
        assert title.inner_text().removesuffix("¶").strip() == heading, url  # ¶: the heading's permalink
        box = title.bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= width + 1, f"{url}: heading off the screen"
        target = ARTIFACTS / f"{label}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        seen = blank.evaluate(COLOURS, base64.b64encode(target.read_bytes()).decode())
        # Text, links and the header's colour make hundreds of colours; a blank page has one or two.
        assert seen["colours"] >= 50 and seen["dominant"] < 0.97, f"{url}: the screenshot is nearly blank: {seen}"
    context.close()


def test_a_page_prints_without_the_sites_chrome_and_shows_external_addresses(watched):
    """Printed (briefing.css, @media print): no header, navigation, sidebars or search; an external link is
    followed by its address, a link within the site is not; a quote is not split across sheets."""
    page = watched.go("sources/rbc/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer"):
        assert page.locator(chrome).first.is_hidden(), chrome
    links = page.evaluate("""() => [...document.querySelectorAll('.md-content a[href]')].map(a =>
        [a.host === location.host, a.href, getComputedStyle(a, '::after').content])""")
    external = [(href, after) for internal, href, after in links if not internal]
    assert external == [("https://www.rbc.ru/", '" (https://www.rbc.ru/)"')]
    assert all("http" not in after for internal, _, after in links if internal)
    page = watched.go("quotes/pervalov-not-just-drones/")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-content .quote')).breakInside") == "avoid"
    assert watched.errors == []
