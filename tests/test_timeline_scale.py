"""The timeline past one page (issue 5: no page over 1 MB at any size): the timeline lists the newest
page_size incidents and every month, busy months continue on numbered pages, and the filters search
every incident through data/timeline.json, in Markdown and in a real headless Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.content.load import load
from generator.generate import generate
from generator.outputs import exports
from generator.pages.render import SiteSettings

from html_site import Site
from site_fixture import build_project, read_tree, write_content, write_project

PAGE_SIZE = 3
INJECTED = "<img src=x onerror=alert(1)> in Rzhev"

# Beside the fixture's three incidents (November, October, September 2026): a cut October (three
# incidents, two on the first page), a busy August (seven: three month pages), and older incidents in
# regions none of the first page's incidents is in (Tver Oblast and Rzhev below it).
EXTRA = {
    "regions/tver-oblast.md": "name: Tver Oblast\nkind: oblast\nparent: central-federal-district\n",
    "regions/rzhev.md": "name: Rzhev\nkind: city\nparent: tver-oblast\n",
    "regions/quiet-town.md": "name: Quiet Town\nkind: city\nparent: tver-oblast\n",  # no incident
    "incidents/kaluga-second.md": "title: Second drone near Kaluga\ndate: 2026-10-02\nregions: [kaluga-oblast]\n"
                                  "status: reported\nsources: [tass]\n",
    "incidents/kaluga-third.md": "title: Third drone near Kaluga\ndate: 2026-10-01\nregions: [kaluga-oblast]\n"
                                 "status: reported\nsources: [tass]\n",
    **{f"incidents/august-{day}.md": f"title: August strike {day}\ndate: 2026-08-{day:02d}\nregions: [kaluga-oblast]\n"
                                     f"status: {'claimed' if day % 2 else 'reported'}\ntype: strike\nsources: [rbc]\n"
       for day in range(1, 8)},
    "incidents/rzhev-old.md": f"title: {INJECTED!r}\ndate: 2026-05-10\nregions: [rzhev]\nstatus: confirmed\n"
                              "type: strike\nsources: [rbc]\n",
    "incidents/tver-older.md": "title: Depot fire in Tver Oblast\ndate: 2025-12-01\nregions: [tver-oblast]\n"
                               "status: reported\nsources: [tass]\n",
    "incidents/obninsk-some-year.md": "title: A drone some time in 2025\ndate: 2025\nregions: [obninsk]\n"
                                      "status: claimed\nsources: [tass]\n",
}
TOTAL = 3 + 2 + 7 + 3


def add_extra(root: Path) -> None:
    for relpath, front_matter in EXTRA.items():
        path = root / "content" / relpath
        path.write_text(f"---\n{front_matter}---\nText.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("scale")
    content = write_content(root)
    add_extra(root)
    out = root / "out"
    generate(content, out, settings=SiteSettings(page_size=PAGE_SIZE))
    return read_tree(out)


def incident_links(text: str) -> list[str]:
    """The URLs the filterable incident lines of the timeline link to."""
    return re.findall(r'<a class="incident-link" [^>]*href="([^"]*incidents/[a-z0-9-]+/)"', text)


# --- Markdown ---------------------------------------------------------------------------------------

def test_a_long_timeline_lists_the_newest_page_and_every_month(generated):
    text = generated["timeline/index.md"]
    assert incident_links(text) == ["../incidents/obninsk-drone-on-roof/", "../incidents/kaluga-earlier/",
                                    "../incidents/kaluga-second/"]
    assert f"The newest 3 of {TOTAL} incidents are listed here" in text
    # October is cut: it links to its page for the rest.
    assert "[All 3 incidents of October 2026](2026/10.md)\n{ .month-more }" in text
    months = text[text.index("## Every month { #months }"):text.index("## What the statuses mean")]
    assert ("- **2026**: [November](2026/11.md) (1) · [October](2026/10.md) (3) · [September](2026/09.md) (1) · "
            "[August](2026/08.md) (7) · [May](2026/05.md) (1)") in months
    assert "- **2025**: [December](2025/12.md) (1) · [month unknown](2025/undated.md) (1)" in months
    # Every month named on the page has its page.
    for target in re.findall(r"\]\((\d{4}/[a-z0-9]+\.md)\)", text):
        assert f"timeline/{target}" in generated, target


def test_a_long_timeline_points_its_filters_at_the_index_with_counts_over_all(generated):
    text = generated["timeline/index.md"]
    box = re.search(r'<div id="timeline-filters"[^>]*>', text).group(0)
    assert 'data-index="../data/timeline.json"' in box and 'data-base="../"' in box
    assert f'data-total="{TOTAL}"' in box and f'data-page-size="{PAGE_SIZE}"' in box
    counts = json.loads(re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))),
                               re.search(r'data-counts="([^"]*)"', box).group(1)))
    assert counts["region"]["tver-oblast"] == 2 and counts["region"]["rzhev"] == 1
    assert counts["region"]["russia"] == TOTAL and counts["region"]["kaluga-oblast"] == 12
    assert counts["status"] == {"confirmed": 2, "reported": 6, "claimed": 6, "disputed": 1}
    assert counts["type"] == {"drone-found": 1, "strike": 8}
    assert counts["reliability"] == {"B": 6} and counts["credibility"] == {}  # the incidents citing TASS
    # The region filter offers the regions with incidents, in the tree's order; a quiet one is left out.
    regions = re.search(r'data-regions="([^"]*)"', box).group(1)
    assert "quiet" not in regions and "rzhev" in regions


@pytest.mark.parametrize("size, partial", [(TOTAL, False), (TOTAL - 1, True)])
def test_the_timeline_is_whole_up_to_the_page_size(tmp_path, size, partial):
    content = write_content(tmp_path)
    add_extra(tmp_path)
    generate(content, tmp_path / "out", settings=SiteSettings(page_size=size))
    text = (tmp_path / "out" / "timeline" / "index.md").read_text(encoding="utf-8")
    assert len(incident_links(text)) == (size if partial else TOTAL)
    assert ("data-index=" in text) == partial and ("{ #months }" in text) == partial


def test_a_busy_month_continues_on_numbered_pages(generated):
    pages = [generated["timeline/2026/08.md"], generated["timeline/2026/08/page/2.md"],
             generated["timeline/2026/08/page/3.md"]]
    assert "timeline/2026/08/page/4.md" not in generated
    titles = [re.findall(r"^## \[August strike (\d)\]", page, re.M) for page in pages]
    assert titles == [["7", "6", "5"], ["4", "3", "2"], ["1"]]
    assert pages[0].startswith('---\ntitle: "August 2026"\n---\n\n# August 2026\n')
    assert pages[1].startswith('---\ntitle: "August 2026, page 2"\n---\n\n# August 2026, page 2\n')
    assert "[← The whole timeline](../../../index.md)" in pages[1]
    assert "[August strike 4](../../../../incidents/august-4.md)" in pages[1]
    # The pager, above and below the list: page 2 links back to the first page and on to the third.
    assert pages[1].count("Page 2 of 3 (4–6 of 7 incidents):") == 2
    assert "[← Newer](../../08.md){ rel=prev }" in pages[1] and "[Older →](3.md){ rel=next }" in pages[1]
    assert "[Older →](08/page/2.md){ rel=next }" in pages[0]
    # A month that fits on one page has no pager.
    assert "Page 1 of" not in generated["timeline/2026/10.md"] and "timeline/2026/10/page/2.md" not in generated


def test_the_filter_index_holds_every_incident_in_timeline_order(generated):
    text = generated["data/timeline.json"]
    index = json.loads(text)
    assert text == json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    assert index["count"] == TOTAL == len(index["incidents"])
    assert index["fields"] == ["url", "title", "date", "start", "end", "status", "type", "regions", "month",
                               "reliability", "credibility"]
    rows = [dict(zip(index["fields"], row, strict=False)) for row in index["incidents"]]
    assert [r["url"] for r in rows[:4]] == ["incidents/obninsk-drone-on-roof/", "incidents/kaluga-earlier/",
                                            "incidents/kaluga-second/", "incidents/kaluga-third/"]
    assert [r["month"] for r in rows][-3:] == ["2026-05", "2025-12", "2025"]
    roof = rows[0]
    assert roof == {"url": "incidents/obninsk-drone-on-roof/", "title": "Drone found on the roof of a house in Obninsk",
                    "date": "c. November 2026", "start": "2026-11-01", "end": "2026-11-30", "status": "confirmed",
                    "type": "drone-found", "regions": ["obninsk"], "month": "2026-11", "reliability": "B",
                    "credibility": ""}  # the best grade of its sources: TASS's B
    rzhev = next(r for r in rows if r["url"] == "incidents/rzhev-old/")
    assert rzhev["title"] == INJECTED and rzhev["type"] == "strike" and rzhev["regions"] == ["rzhev"]
    year_only = rows[-1]
    assert (year_only["date"], year_only["start"], year_only["end"]) == ("2025", "2025-01-01", "2025-12-31")
    assert index["months"]["2025"] == {"count": 1, "label": "2025, month unknown", "url": "timeline/2025/undated/"}
    assert index["months"]["2026-08"] == {"count": 7, "label": "August 2026", "url": "timeline/2026/08/"}
    assert index["regions"]["rzhev"] == {"name": "Rzhev", "parent": "tver-oblast", "url": "regions/rzhev/"}
    assert index["regions"]["russia"]["parent"] is None
    assert "quiet-town" not in index["regions"]
    # Every URL in it is relative to the site's root and names a generated page.
    for url in [r["url"] for r in rows] + [m["url"] for m in index["months"].values()] + \
            [r["url"] for r in index["regions"].values()]:
        assert re.fullmatch(r"[a-z0-9-]+(/[a-z0-9-]+)*/", url) and url[:-1] + ".md" in generated, url


def test_the_filter_index_is_the_same_bytes_every_time(tmp_path):
    content = write_content(tmp_path)
    add_extra(tmp_path)
    assert exports.export_files(load(content))[exports.TIMELINE_INDEX] == \
        exports.export_files(load(content))[exports.TIMELINE_INDEX]


def test_the_filter_index_put_together_from_a_previews_rows_is_the_same_bytes(tmp_path):
    """A preview keeps each incident's row (timeline_file's cache): after an edit, the rows of the incidents
    not edited are reused, the edited one's made again, and the file is what a whole build writes."""
    content = write_content(tmp_path)
    add_extra(tmp_path)
    cache: dict = {}
    assert exports.timeline_file(load(content), cache) == exports.timeline_file(load(content))
    rows = dict(cache)
    edited = content / "incidents" / "rzhev-old.md"  # moved to another region, month and status
    edited.write_text(edited.read_text().replace("2026-05-10", "2026-08-09").replace("[rzhev]", "[quiet-town]")
                      .replace("status: confirmed", "status: denied"))
    briefing = load(content)
    for incident_id, (entry, _grades, _row) in rows.items():  # as a preview's briefing holds the entries not edited
        if incident_id != "rzhev-old":
            dict.__setitem__(briefing["incident"], incident_id, entry)
    briefing.months = None
    briefing.orders.clear()
    text = exports.timeline_file(briefing, cache)
    assert text == exports.timeline_file(load(content))
    assert cache["rzhev-old"][2] != rows["rzhev-old"][2]
    assert all(cache[i] is rows[i] for i in rows if i != "rzhev-old")
    index = json.loads(text)
    assert "quiet-town" in index["regions"] and "rzhev" not in index["regions"]


# --- a built site in Chromium ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site_root(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("scale-site"))
    add_extra(root)
    return build_project(root, page_size=PAGE_SIZE)


def test_the_paginated_site_builds_strict_with_no_broken_link(site_root):
    site = Site(site_root)
    assert (site_root / "data" / "timeline.json").is_file()
    assert (site_root / "timeline" / "2026" / "08" / "page" / "3" / "index.html").is_file()
    timeline = site.page("timeline/")
    assert "2026/08/" in timeline.links and "2025/undated/" in timeline.links
    assert site.broken_links() == []


@pytest.fixture(scope="module")
def server(site_root):
    from browser import StaticServer

    with StaticServer(site_root) as running:
        yield running


@pytest.fixture
def watched(browser, server):
    from test_browser import Watched

    from browser import keep_local

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", keep_local(server.base))
    page = Watched(context, server.base)
    page.index_requests = []
    page.page.on("request", lambda r: page.index_requests.append(r.url) if r.url.endswith("/timeline.json") else None)
    yield page
    context.close()


def shown(page) -> list[str]:
    """Paths of the incident links a reader sees, in order."""
    return page.eval_on_selector_all(
        "article a.incident-link", "links => links.filter(a => a.checkVisibility()).map(a => new URL(a.href).pathname)")


def count_line(page) -> str:
    return page.locator(".filter-count").text_content()


def test_filtering_by_region_finds_incidents_that_are_not_on_the_page(watched):
    page = watched.go("timeline/")
    assert shown(page) == ["/incidents/obninsk-drone-on-roof/", "/incidents/kaluga-earlier/",
                           "/incidents/kaluga-second/"]
    assert count_line(page) == f"Showing the newest 3 of {TOTAL} incidents: a filter searches all of them"
    assert watched.index_requests == []  # nothing fetched until a filter is used
    assert page.locator("#filter-region option[value=tver-oblast]").text_content().endswith("Tver Oblast (2)")
    page.select_option("#filter-region", "tver-oblast")
    page.wait_for_function("document.querySelector('.filter-count').textContent.startsWith('Showing 2 ')")
    assert shown(page) == ["/incidents/rzhev-old/", "/incidents/tver-older/"]
    assert count_line(page) == f"Showing 2 of {TOTAL} incidents"
    assert "region=tver-oblast" in page.url
    # Grouped by month, the headings linking to the month pages.
    headings = page.eval_on_selector_all(".timeline-results h2 a", "hs => hs.map(h => [h.textContent, h.href])")
    assert headings == [["May 2026", watched.base + "timeline/2026/05/"],
                        ["December 2025", watched.base + "timeline/2025/12/"]]
    # A sub-region, then every status and type of the whole timeline: one fetch of the index.
    page.select_option("#filter-region", "rzhev")
    page.wait_for_function("document.querySelector('.filter-count').textContent.startsWith('Showing 1 ')")
    assert shown(page) == ["/incidents/rzhev-old/"]
    page.select_option("#filter-region", "")
    page.check("input[name=status][value=disputed]")
    page.wait_for_function("document.querySelector('.filter-count').textContent.startsWith('Showing 1 ')")
    assert shown(page) == ["/incidents/nasty-incident/"]
    assert len(watched.index_requests) == 1
    assert watched.errors == []


def test_an_injected_title_shows_as_text(watched):
    page = watched.go("timeline/?region=rzhev")
    page.wait_for_selector(".timeline-results a.incident-link")
    link = page.locator(".timeline-results a.incident-link")
    assert link.text_content() == INJECTED
    assert page.locator(".timeline-results img").count() == 0
    page.wait_for_timeout(200)
    assert watched.errors == []  # no alert dialog, no failed image load


def test_the_url_round_trips_the_filter_and_no_filter_brings_back_the_page(watched):
    page = watched.go("timeline/?region=kaluga-oblast&status=claimed&type=strike")
    assert page.input_value("#filter-region") == "kaluga-oblast" and page.input_value("#filter-type") == "strike"
    assert page.is_checked("input[name=status][value=claimed]")
    page.wait_for_selector(".timeline-results a.incident-link")
    assert shown(page) == ["/incidents/august-7/", "/incidents/august-5/", "/incidents/august-3/"]
    assert count_line(page) == "Showing 3 of 4 matching incidents (15 in all)"
    page.click(".timeline-more")
    assert shown(page)[3:] == ["/incidents/august-1/"]
    assert count_line(page) == f"Showing 4 of {TOTAL} incidents"
    assert page.locator(".timeline-more").count() == 0
    page.click("text=Show all")
    assert "?" not in page.url
    assert shown(page) == ["/incidents/obninsk-drone-on-roof/", "/incidents/kaluga-earlier/",
                           "/incidents/kaluga-second/"]
    assert page.locator(".timeline-results").is_hidden() and page.locator(".month-more").is_visible()
    assert count_line(page) == f"Showing the newest 3 of {TOTAL} incidents: a filter searches all of them"
    # The date range applies to every incident: a year-only date overlaps any range in its year.
    page.fill("#filter-from", "2025-03-01")
    page.fill("#filter-to", "2025-12-31")
    page.wait_for_function("document.querySelector('.filter-count').textContent.startsWith('Showing 2 ')")
    assert shown(page) == ["/incidents/tver-older/", "/incidents/obninsk-some-year/"]
    assert "from=2025-03-01" in page.url and "to=2025-12-31" in page.url
    assert watched.errors == []


def test_when_the_index_cannot_be_loaded_the_filters_work_on_the_page(watched):
    watched.page.route("**/data/timeline.json", lambda route: route.abort())
    page = watched.go("timeline/?region=kaluga-oblast&status=claimed")
    page.wait_for_function("document.querySelector('.filter-count').textContent.includes('could not be loaded')")
    assert shown(page) == ["/incidents/kaluga-earlier/"]
    assert count_line(page) == "Showing 1 of 3 incidents listed on this page (the full timeline could not be loaded)"
    assert [e for e in watched.errors if not e.startswith("console error: Failed to load resource")] == []


def test_filters_search_everything_after_instant_navigation(watched):
    page = watched.go("")
    page.click(".md-tabs__link:has-text('Timeline')")
    page.wait_for_selector("#filter-region")
    page.select_option("#filter-region", "tver-oblast")
    page.wait_for_function("document.querySelector('.filter-count').textContent.startsWith('Showing 2 ')")
    assert shown(page) == ["/incidents/rzhev-old/", "/incidents/tver-older/"]
    page.click(".timeline-results a.incident-link >> nth=1")
    page.wait_for_url("**/incidents/tver-older/")
    assert watched.errors == []


def test_without_javascript_the_month_pages_reach_every_incident(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.base + "timeline/")
    assert page.locator("a.incident-link").count() == 3
    assert page.locator("#timeline-filters").is_hidden()
    page.click("#months ~ ul a:has-text('August')")
    page.wait_for_url("**/timeline/2026/08/")
    found = []
    while True:
        found += page.eval_on_selector_all("article h2 a:not(.headerlink)", "as => as.map(a => a.textContent)")
        older = page.locator("a[rel=next]")
        if not older.count():
            break
        older.first.click()
        page.wait_for_load_state()
    assert found == [f"August strike {day}" for day in range(7, 0, -1)]
    context.close()


@pytest.mark.parametrize("url", ["timeline/", "timeline/?region=kaluga-oblast", "timeline/2026/08/page/2/"])
def test_the_partial_timeline_and_month_pages_pass_axe(watched, url):
    from test_browser import AXE

    assert AXE.is_file(), "axe-core is installed by `make test` (npm ci)"
    page = watched.go(url)
    if "?" in url:
        page.wait_for_selector(".timeline-more")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'rule', values: [
        'color-contrast', 'heading-order', 'empty-heading', 'page-has-heading-one', 'document-title',
        'html-has-lang', 'label', 'link-name', 'button-name', 'list', 'listitem']}})""")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    assert watched.errors == []


def test_a_preview_s_rows_follow_a_source_s_new_grade(tmp_path):
    """An incident's row carries its sources' best reliability: when only the source is edited, the incident's
    entry is the same, and its row is made again all the same."""
    content = write_content(tmp_path)
    add_extra(tmp_path)
    cache: dict = {}
    exports.timeline_file(load(content), cache)
    rows = dict(cache)
    source = content / "sources" / "tass.md"
    source.write_text(source.read_text().replace("reliability: B", "reliability: A"))
    briefing = load(content)
    for incident_id, (entry, _grades, _row) in rows.items():  # the incidents were not edited
        dict.__setitem__(briefing["incident"], incident_id, entry)
    briefing.months = None
    briefing.orders.clear()
    text = exports.timeline_file(briefing, cache)
    assert text == exports.timeline_file(load(content))
    assert '"A",""]' in text and '"B",""]' not in text
