"""The briefing plugin's `search: pagefind` (generator/engine/search.py): the build indexes the site with
Pagefind, and in a real headless Chromium the header's search box finds records, in English and in
Russian, also after Material's instant navigation. Material's own search, the default, is tested in
test_browser.py."""

from __future__ import annotations

import filecmp
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_browser import AXE, Watched

from generator.engine import search as site_search

from browser import BLANK_PNG, from_disk
from site_fixture import ROOT, write_project

MATERIAL_SEARCH = "  - search:\n      lang: [en, ru]\n"
BRIEFING_OPTION = "      future_tolerance_days: 2"
# Material's instant navigation only follows links found in sitemap.xml, which needs a site_url and
# matches its URLs by host and path, not port: the browser reads the site at this port-less origin.
BASE = "http://briefing.test/"
# Material 9.8.2's instant navigation re-creates the scripts of the new page's content without their
# type: a record page's JSON-LD therefore sits in <head> (overrides/main.html), which it leaves alone.


def pagefind_project(root: Path, *, keep_material_search: bool = False) -> Path:
    """The fixture project with `search: pagefind` and, unless asked, without Material's search plugin."""
    write_project(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert MATERIAL_SEARCH in text and BRIEFING_OPTION in text and "\nsite_url:" not in text
    text = f"site_url: {BASE}\n" + text
    if not keep_material_search:
        text = text.replace(MATERIAL_SEARCH, "")
    config.write_text(text.replace(BRIEFING_OPTION, BRIEFING_OPTION + "\n      search: pagefind", 1), encoding="utf-8")
    return root


def build(root: Path, site: str = "site", **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", site], cwd=root,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = pagefind_project(tmp_path_factory.mktemp("pagefind"))
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def site_root(project) -> Path:
    return project / "site"


# --- the build -------------------------------------------------------------------------------------

def test_the_build_writes_a_pagefind_bundle_and_no_lunr_index(site_root):
    bundle = site_root / "pagefind"
    for name in ("pagefind.js", "pagefind-entry.json", "pagefind-ui.js", "pagefind-ui.css", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    assert list((bundle / "index").glob("*.pf_index")) and list((bundle / "fragment").glob("*.pf_fragment"))
    assert not (site_root / "search" / "search_index.json").exists()


def test_only_the_article_of_each_page_is_indexed(site_root):
    for url in ("incidents/obninsk-drone-on-roof/", "quotes/pervalov-not-just-drones/", "timeline/", "quotes/", ""):
        html = (site_root / url / "index.html").read_text(encoding="utf-8")
        assert html.count("data-pagefind-body") == 1, url
        assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in html
    assert "data-pagefind-body" not in (site_root / "404.html").read_text(encoding="utf-8")


def indexed_text(bundle: Path) -> dict[str, str]:
    """Each indexed page's URL and the text Pagefind holds for it (its fragments are gzipped JSON)."""
    pages = {}
    for path in bundle.glob("fragment/*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        pages[fragment["url"]] = fragment["content"]
    return pages


@pytest.mark.parametrize("text, own_page", [
    ("Drone found on the roof", "/incidents/obninsk-drone-on-roof/"),  # an incident's title
    ("not just about drones", "/quotes/pervalov-not-just-drones/"),  # a quote
    ("Status changed from reported to confirmed", "/incidents/obninsk-drone-on-roof/"),  # an update's note
])
def test_a_record_shown_in_lists_is_indexed_on_its_own_page_not_theirs(site_root, text, own_page):
    indexed = indexed_text(site_root / "pagefind")
    lists = [
        url
        for url in indexed
        if url == "/"
        or url.startswith(("/timeline/", "/corrections/", "/quotes/"))
        and not url.startswith("/quotes/pervalov")
    ] + ["/regions/obninsk/", "/sources/rbc/", "/actors/stefan-pervalov/"]
    assert text in indexed[own_page]
    assert [url for url in lists if text in indexed[url]] == []
    assert "Обнинск" in indexed["/regions/obninsk/"]  # a page with lists is still found by its own text


def test_pages_left_out_of_materials_search_are_left_out_of_pagefinds():
    article = '<html><body><article class="md-content__inner md-typeset"><h1>x</h1></article></body></html>'
    assert "data-pagefind-body" in site_search.mark_body(article, {"title": "x"})
    assert "data-pagefind-body" in site_search.mark_body(article, {"search": {"boost": 2}})
    assert site_search.mark_body(article, {"search": {"exclude": True}}) == article


def test_the_header_offers_the_pagefind_search_box_not_materials(site_root):
    html = (site_root / "incidents" / "obninsk-drone-on-roof" / "index.html").read_text(encoding="utf-8")
    assert "data-briefing-search-open" in html and 'data-bundle="../../pagefind/"' in html
    assert 'data-md-component="search"' not in html


def test_the_same_content_gives_the_same_bundle(project, tmp_path):
    again = build(project, str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    first, second = project / "site" / "pagefind", tmp_path / "again" / "pagefind"
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert all(filecmp.cmp(first / name, second / name, shallow=False) for name in names)


def test_materials_search_plugin_alongside_is_refused_with_the_fix(tmp_path):
    root = pagefind_project(tmp_path, keep_material_search=True)
    result = build(root)
    assert result.returncode != 0
    assert "'search: pagefind' replaces Material's search plugin" in result.stderr + result.stdout
    assert "remove '- search'" in result.stderr + result.stdout
    assert not (root / "site").exists()


def test_a_missing_pagefind_fails_the_build_and_says_how_to_install_it(tmp_path):
    root = pagefind_project(tmp_path)
    result = build(root, PAGEFIND_BINARY_PATH=str(tmp_path / "no-such-pagefind"))
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "needs Pagefind, which is not installed" in output and "briefing-site[pagefind]" in output
    assert not (root / "site").exists()  # the previous site (none here) is kept


def test_a_failing_pagefind_fails_the_build_with_its_output(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "pagefind"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'Error: something went wrong' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    (tmp_path / "site").mkdir()
    with pytest.raises(site_search.SearchError, match=r"(?s)exit code 3.*something went wrong"):
        site_search.index_site(tmp_path / "site")


def test_material_search_is_left_alone_by_default():
    from generator.engine.plugin import BriefingPlugin

    plugin = BriefingPlugin()
    plugin.load_config({})
    assert plugin.config.search == "material"
    html = '<article class="md-content__inner md-typeset"><h1>x</h1></article>'
    assert plugin.on_post_page(html, page=None, config=None) == html
    site_search.check_plugins("material", ["briefing", "material/search"])  # no error


@pytest.mark.parametrize("command, dirty, bundle, indexed", [
    ("serve", True, True, False),  # serve's quick reload keeps the first build's index
    ("serve", True, False, True),  # serve's first build indexes
    ("serve", False, True, True),  # serve --full renews it on every reload
    ("build", False, True, True),
])
def test_serve_reindexes_only_when_it_must(tmp_path, monkeypatch, command, dirty, bundle, indexed):
    from types import SimpleNamespace

    from generator.engine.plugin import BriefingPlugin

    calls = []
    monkeypatch.setattr(site_search, "index_site", lambda site: calls.append(site) or "indexed")
    if bundle:
        (tmp_path / site_search.BUNDLE).mkdir()
    plugin = BriefingPlugin()
    plugin.load_config({"search": "pagefind"})
    plugin.on_startup(command=command, dirty=dirty)
    plugin.on_post_build(config=SimpleNamespace(site_dir=str(tmp_path)))
    assert bool(calls) == indexed


def test_the_header_override_is_materials_header_plus_the_search_box():
    """partials/header.html is a copy of Material's: when Material is updated, this says to refresh it."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(encoding="utf-8")
    ours = (ROOT / "site_templates" / "overrides" / "partials" / "header.html").read_text(encoding="utf-8")
    body = lambda text: text.split("-#}\n", 1)[1]  # noqa: E731 (the leading comments differ)
    added = ('    {#- briefing: Pagefind\'s search box, when the briefing plugin has `search: pagefind` -#}\n'
             '    {% if briefing_search == "pagefind" %}\n'
             '      {% include "partials/pagefind-search.html" %}\n'
             '    {% endif %}\n')
    assert added in ours
    assert body(ours).replace(added, "") == body(theirs)


# --- in the browser --------------------------------------------------------------------------------

def site_only(site_root: Path):
    """A route handler: the site from disk at BASE, a blank PNG for map tiles, nothing else."""
    serve = from_disk(site_root, BASE)

    def handle(route):
        if route.request.url.startswith(BASE):
            return serve(route)
        if route.request.resource_type == "image" and "tile" in route.request.url:
            return route.fulfill(status=200, body=BLANK_PNG, content_type="image/png")
        return route.abort()

    return handle


@pytest.fixture
def watched(browser, site_root):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", site_only(site_root))
    yield Watched(context, BASE)
    context.close()


def search(page, query: str) -> list[str]:
    """Open the header's search box, search, and return the pages of the results, best first."""
    if not page.locator("dialog.briefing-search[open]").count():
        page.click("[data-briefing-search-open]")
    box = page.wait_for_selector(".pagefind-ui__search-input", timeout=15000)
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__search-input')")
    box.fill(query)
    # The count comes first, then each result as its fragment arrives: wait for all shown.
    page.wait_for_function("""q => {
        const message = document.querySelector('.pagefind-ui__message');
        const results = [...document.querySelectorAll('.pagefind-ui__result')];
        return message && message.textContent.includes(q) && results.length > 0
            && results.every(li => li.querySelector('.pagefind-ui__result-link'));
    }""", arg=query, timeout=15000)
    return page.eval_on_selector_all(
        ".pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link",
        "links => links.map(a => new URL(a.href).pathname)",
    )


def test_search_finds_a_record_by_an_english_word(watched):
    page = watched.go("")
    results = search(page, "circumstantial")
    # the quote's own page only: the pages listing it (its claim, its speaker, the quotes index)
    # leave listed quotes out of the index
    assert results == ["/quotes/nato-rebuttal/"], results
    assert watched.errors == []


def test_search_finds_a_quote_by_a_cyrillic_word_of_its_original(watched):
    page = watched.go("")
    results = search(page, "дронах")
    assert results[0] == "/quotes/pervalov-not-just-drones/", results
    results = search(page, "Обнинск")  # a region's local name
    assert "/regions/obninsk/" in results, results
    assert watched.errors == []


def test_record_pages_rank_above_listing_pages(watched):
    page = watched.go("")
    results = search(page, "increasing attacks on civilian")
    assert results[0] == "/quotes/ambassador-claim/", results
    listings = {"/quotes/", "/timeline/", "/regions/", "/sources/", "/measures/", "/actors/"}
    first_listing = min((i for i, url in enumerate(results) if url in listings), default=len(results))
    assert first_listing > 0


def test_search_works_after_instant_navigation_and_a_result_opens_instantly(watched):
    page = watched.go("")
    page.evaluate("window.sameDocument = true")
    page.click(".md-tabs__link:has-text('Timeline')")
    page.wait_for_url("**/timeline/")
    page.wait_for_selector("#filter-region")
    assert page.evaluate("window.sameDocument") is True  # instant navigation, not a page load
    results = search(page, "roof")
    assert "/incidents/obninsk-drone-on-roof/" in results, results
    page.click(".pagefind-ui__result-link[href='/incidents/obninsk-drone-on-roof/']")
    page.wait_for_url("**/incidents/obninsk-drone-on-roof/")
    page.wait_for_selector("h1:has-text('Drone found on the roof')")
    assert page.evaluate("window.sameDocument") is True
    assert not page.locator("dialog.briefing-search[open]").count()  # closed on the way
    assert "/quotes/pervalov-not-just-drones/" in search(page, "дронах")  # and it still searches
    assert watched.errors == []


def test_instant_navigation_to_a_record_page_raises_no_script_error(watched):
    page = watched.go("timeline/")
    page.evaluate("window.sameDocument = true")
    page.click("a.incident-link[href$='incidents/kaluga-earlier/']")
    page.wait_for_url("**/incidents/kaluga-earlier/")
    page.wait_for_timeout(300)
    assert page.evaluate("window.sameDocument") is True
    assert watched.errors == []


def test_slash_opens_search_and_escape_closes_it(watched):
    page = watched.go("quotes/")
    page.keyboard.press("/")
    page.wait_for_selector("dialog.briefing-search[open] .pagefind-ui__search-input")
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.briefing-search:not([open])", state="attached")


def test_a_page_read_without_searching_fetches_nothing_of_the_search(watched):
    fetched = []
    watched.page.on("request", lambda request: fetched.append(request.url))
    watched.go("incidents/obninsk-drone-on-roof/")
    watched.go("quotes/")
    assert fetched and not [url for url in fetched if "/pagefind/" in url]


def test_record_text_in_results_is_text_not_markup(watched):
    page = watched.go("")
    results = search(page, "javascript")  # the record full of HTML and Markdown specials
    assert "/incidents/nasty-incident/" in results, results
    assert page.locator(".pagefind-ui__results b, .pagefind-ui__results img, .pagefind-ui__results script").count() == 0
    assert watched.errors == []  # an alert() would be a dialog, collected as an error


def test_the_open_search_box_passes_axe(watched):
    assert AXE.is_file(), "axe-core is installed by `make test` (npm ci)"
    page = watched.go("")
    search(page, "drone")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document.querySelector('dialog.briefing-search'), {runOnly: {type: 'rule',
        values: ['color-contrast', 'label', 'link-name', 'button-name', 'list', 'listitem', 'aria-dialog-name']}})""")
    problems = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []


# --- the payload benchmark -------------------------------------------------------------------------

def test_the_payload_bench_counts_a_real_search(site_root, browser):
    sys.path.insert(0, str(ROOT / "bench"))
    import search_payload

    figures = search_payload.measure(site_root, ["дронах"], browser=browser)
    query = figures["queries"]["дронах"]
    assert query["first_result"] == "/quotes/pervalov-not-just-drones/"
    kinds = query["first_result_payload"]["by_kind"]
    assert {"ui", "core", "entry", "wasm", "meta", "index", "fragment"} <= set(kinds)
    assert 0 < query["core_payload"]["gzip"] < query["first_result_payload"]["gzip"] < 1.5 * 2**20
    assert "дронах" in search_payload.report(figures)
