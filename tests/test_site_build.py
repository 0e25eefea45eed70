"""The built site, opened as HTML: every record where a reader looks for it, links that
resolve, record text shown as written with no live tag, and the same bytes every build."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from html_site import Site
from site_fixture import NASTY, write_project

BRIEFING = [sys.executable, "-m", "generator"]


def briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([*BRIEFING, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("project"))
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def site(project) -> Site:
    return Site(project / "site")


def test_build_reports_where_the_site_is(project):
    assert (project / "site" / "index.html").is_file()


def test_every_internal_link_and_anchor_resolves(site):
    assert site.broken_links() == []


def test_incident_is_under_its_month_and_on_its_regions_and_their_parents(site):
    month = site.page("timeline/2026/11/")
    assert "Drone found on the roof of a house in Obninsk" in month.text
    for region in ("obninsk", "kaluga-oblast", "central-federal-district", "russia"):
        page = site.page(f"regions/{region}/")
        assert "../../incidents/obninsk-drone-on-roof/" in page.links, region
    assert "Drone shot down near Kaluga" in site.page("timeline/2026/10/").text
    assert "Drone found on the roof" not in site.page("timeline/2026/10/").text


def test_timeline_lists_months_newest_first(site):
    text = site.page("timeline/").text
    assert text.index("November 2026") < text.index("October 2026") < text.index("September 2026")


def test_dates_show_their_precision(site):
    page = site.page("incidents/obninsk-drone-on-roof/")
    assert "c. November 2026" in page.text
    assert "1 November 2026" not in page.text
    assert "24 November 2026" in site.page("quotes/pervalov-not-just-drones/").text


def test_each_quote_is_on_the_quotes_index_with_an_anchor_and_on_its_speakers_page(site):
    quotes = site.page("quotes/")
    for statement in ("pervalov-not-just-drones", "ambassador-claim", "nato-rebuttal", "nasty-statement"):
        assert f"q-{statement}" in quotes.ids
    assert "This is not just about drones." in site.page("actors/stefan-pervalov/").text
    assert "the evidence for this remains circumstantial" in site.page("actors/nato-spokesperson/").text


def test_anonymous_sources_are_grouped_apart(site):
    text = site.page("quotes/").text
    anonymous = text.index("Anonymous sources")
    assert text.index("a Russian diplomat at the United Nations", anonymous) > anonymous
    assert text.index("Named speakers") < anonymous


def test_rebuttal_is_threaded_under_the_claim(site):
    text = site.page("quotes/").text
    claim = text.index("Claims and responses")
    ukraine = text.index("Ukraine is increasing attacks", claim)
    disputes = text.index("Disputes", ukraine)
    assert text.index("evidence for this remains circumstantial", disputes) < text.index("Named speakers")
    reply_page = site.page("quotes/nato-rebuttal/")
    assert "../ambassador-claim/" in reply_page.links
    assert "Disputes" in site.page("quotes/ambassador-claim/").text


def test_original_language_is_beside_the_english_in_tabs(site):
    page = site.page("quotes/pervalov-not-just-drones/")
    assert "Речь идёт не только о дронах." in page.text
    labels = [attrs for tag, attrs in page.tags if tag == "label"]
    assert any("Russian" in page.text for _ in labels)
    assert any(tag == "div" and "tabbed-set" in attrs.get("class", "") for tag, attrs in page.tags)


def test_measure_is_on_its_region_and_the_measures_index(site):
    assert "Residents advised to stay indoors" in site.page("regions/obninsk/").text
    assert "Residents advised to stay indoors" in site.page("regions/kaluga-oblast/").text
    assert "Residents advised to stay indoors" in site.page("measures/").text
    assert "Stay indoors if possible." in site.page("measures/obninsk-stay-indoors/").text


def test_citations_show_outlet_title_date_link_and_archive(site):
    page = site.page("incidents/obninsk-drone-on-roof/")
    assert "TASS, “Drone on a roof”, 24 November 2026" in page.text
    assert "https://tass.ru/x_%281%29" in page.links
    assert "https://web.archive.org/web/2026/https://tass.ru/x" in page.links


def test_source_and_actor_pages_show_what_cites_them(site):
    tass = site.page("sources/tass/")
    assert "Drone shot down near Kaluga" in tass.text and "Drone found on the roof" in tass.text
    assert "NATO spokesperson" in site.page("actors/nato/").text


def test_corrections_page_lists_updates(site):
    text = site.page("corrections/").text
    assert "Status changed from reported to confirmed." in text
    assert text.index("25 November 2026") < text.index("2 September 2026")


def test_status_badges_link_to_the_legend(site):
    page = site.page("incidents/obninsk-drone-on-roof/")
    assert "../../timeline/#statuses" in page.links
    assert "statuses" in site.page("timeline/").ids


def test_region_tree_nests_sub_regions(site):
    page = site.page("regions/")
    assert page.text.index("Russia") < page.text.index("Central Federal District") < page.text.index("Obninsk")


def test_record_pages_are_not_in_the_navigation(site):
    home = site.page("")
    assert not any("incidents/" in href for href in home.links if "nav" in href)
    nav_links = [
        attrs.get("href") for tag, attrs in home.tags if tag == "a" and "md-nav__link" in attrs.get("class", "")
    ]
    assert "timeline/" in nav_links
    assert not [href for href in nav_links if href and href.startswith(("incidents/", "quotes/nato"))]


@pytest.mark.parametrize("url", [
    "incidents/nasty-incident/", "actors/nasty-actor/", "quotes/nasty-statement/", "quotes/", "timeline/",
    "corrections/", "",
])
def test_special_characters_show_as_written_with_no_live_tag(site, url):
    page = site.page(url)
    assert NASTY in page.text or url in ("",)  # the home page shows the title only via the latest list
    # No element that record text could have created: no <b>, no <img> but a chart's, no script or link from text.
    assert not [t for t, a in page.tags if t == "b" or (t == "img" and not _chart_image(a))]
    assert not [href for href in page.links if href.lower().startswith("javascript:alert")]
    assert "49" not in page.text.split("{{ 7*7 }}")[0][-3:]  # no template expression evaluated


def _chart_image(attrs: dict) -> bool:
    """The image of a chart of counts over time (pages/charts.py): the page's own, not made by record text."""
    return (attrs.get("src") or "").endswith(".svg") and (attrs.get("alt") or "").startswith("Stacked bar chart: ")


def test_body_html_is_removed_and_links_neutralised(site):
    page = site.page("incidents/nasty-incident/")
    assert "alert(1)" not in " ".join(s for t, a in page.tags if t == "script" for s in a.values())
    assert not [a for t, a in page.tags if any(k.startswith("on") for k in a)]
    assert "root:" not in page.text  # the snippet line did not read /etc/passwd
    assert '--8<-- "/etc/passwd"' in page.text


def test_page_title_of_a_nasty_record_is_escaped(site):
    raw = (site.root / "incidents/nasty-incident/index.html").read_text(encoding="utf-8")
    title = raw[raw.index("<title>"):raw.index("</title>")]
    assert "<b>" not in title and "&lt;b&gt;" in title


def test_a_second_build_is_byte_identical(project, tmp_path):
    result = briefing("build", "--site-dir", str(tmp_path / "again"), cwd=project)
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(project / "site", tmp_path / "again")
    assert _differences(comparison) == []


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = comparison.left_only + comparison.right_only
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    found += mismatch + errors
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


def test_a_hand_written_page_at_a_generated_path_is_an_error(project, tmp_path):
    clash = project / "docs" / "quotes" / "index.md"
    clash.parent.mkdir()
    clash.write_text("# My quotes\n")
    before = (project / "site" / "index.html").read_bytes()
    try:
        result = briefing("build", cwd=project)
    finally:
        clash.unlink()
        clash.parent.rmdir()
    assert result.returncode == 1
    assert "hand-written page(s) at generated path(s): docs/quotes/index.md" in result.stderr
    assert (project / "site" / "index.html").read_bytes() == before


def test_bad_content_stops_the_build_and_leaves_the_site(project, tmp_path):
    bad = tmp_path / "content"
    (bad / "regions").mkdir(parents=True)
    (bad / "regions" / "x.md").write_text("---\nname: X\nparent: nowhere\n---\n")
    before = (project / "site" / "index.html").read_bytes()
    result = briefing("build", "--content", str(bad), cwd=project)
    assert result.returncode == 1
    assert f"{os.path.relpath(bad / 'regions' / 'x.md', project)}:3:9: error: unknown region 'nowhere'" in result.stderr
    assert (project / "site" / "index.html").read_bytes() == before


def test_plain_mkdocs_build_works_through_the_plugin(project, tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "s")],
                            cwd=project, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "incidents" / "obninsk-drone-on-roof" / "index.html").is_file()


def test_a_site_without_directory_urls_is_refused_with_the_fix(tmp_path):
    """The generated lists, maps and citations link to incidents/x/ (MkDocs' directory URLs): a site built
    with `use_directory_urls: false` would have links that lead nowhere, so the build stops and says why."""
    root = write_project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    result = briefing("build", cwd=root)
    assert result.returncode != 0
    assert "remove `use_directory_urls: false` from mkdocs.yml" in result.stderr + result.stdout
    assert not (root / "site").exists()


# --- where am I, what is this, in which language (issue 28) ---------------------------------------------

def _html(site: Site, url: str) -> str:
    return site.page(url).path.read_text(encoding="utf-8")


def _breadcrumbs(site: Site, url: str) -> list[tuple[str, str]]:
    """(text, href) of each link of the page's breadcrumbs; [] when it has none."""
    found = re.search(r'<nav class="md-path"[^>]*>(.*?)</nav>', _html(site, url), re.S)
    if not found:
        return []
    return [(" ".join(text.split()), href) for href, text in
            re.findall(r'<a href="([^"]*)" class="md-path__link">\s*<span[^>]*>(.*?)</span>', found.group(1), re.S)]


def _active_tabs(site: Site, url: str) -> list[str]:
    return [" ".join(t.split()) for t in re.findall(
        r'<li class="md-tabs__item md-tabs__item--active">\s*<a [^>]*>(.*?)</a>', _html(site, url), re.S)]


@pytest.mark.parametrize("url,trail,tab", [
    ("incidents/obninsk-drone-on-roof/", [("Home", "../.."), ("Timeline", "../../timeline/")], "Timeline"),
    ("timeline/2026/11/", [("Home", "../../.."), ("Timeline", "../../")], "Timeline"),
    ("regions/obninsk/", [("Home", "../.."), ("Regions", "../")], "Regions"),
    ("quotes/pervalov-not-just-drones/", [("Home", "../.."), ("Quotes", "../")], "Quotes"),
    ("measures/obninsk-stay-indoors/", [("Home", "../.."), ("Measures", "../")], "Measures"),
    ("actors/stefan-pervalov/", [("Home", "../.."), ("Actors", "../")], "Actors"),
    ("sources/rbc/", [("Home", "../.."), ("Sources", "../")], "Sources"),
])
def test_a_record_or_month_page_says_where_it_is(site, url, trail, tab):
    assert _breadcrumbs(site, url) == trail
    assert _active_tabs(site, url) == [tab]


def test_a_page_of_the_navigation_has_its_own_tab_and_no_breadcrumbs(site):
    assert _breadcrumbs(site, "timeline/") == [] and _active_tabs(site, "timeline/") == ["Timeline"]
    assert _active_tabs(site, "") == ["Home"]


def test_the_home_page_opens_with_what_the_briefing_covers_and_when_it_last_changed(project, site):
    import yaml

    description = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])[
        "site_description"]
    text = site.page("").text
    assert text.startswith("Latest developments¶ " + " ".join(description.split()))
    # the fixture's latest date is the obninsk incident's update of 25 November 2026
    assert "Last updated 25 November 2026." in text
    assert text.index("Last updated") < text.index("Drone found on the roof")


def test_local_names_and_original_quotes_carry_their_language(site):
    assert '<em lang="ru">Обнинск</em>' in _html(site, "regions/obninsk/")  # mkdocs.yml: local_language: ru
    assert '<em lang="ru">Калужская область</em>' in _html(site, "regions/")
    assert '<em lang="ru">РБК</em>' in _html(site, "sources/rbc/")  # the source's own language
    assert '<blockquote lang="ru"><p>Речь идёт не только о дронах' in _html(site, "quotes/pervalov-not-just-drones/")


def test_badges_and_months_are_written_as_words_alike(site):
    home = _html(site, "")
    # (an element of a list is marked data-search-exclude too: Material's search finds a record on its own page)
    assert re.search(r'<span [^>]*class="state state-announced"[^>]*>Announced</span>', home)
    assert re.search(r'<a [^>]*class="status status-confirmed" href="timeline/#statuses"[^>]*>Confirmed</a>', home)
    assert ">November 2026</a>" in home and ">2026-11<" not in home


def test_the_search_dialog_and_the_progress_bar_have_names(site):
    html = _html(site, "")
    assert re.search(r'role="dialog" aria-label="Search"', html)
    assert re.search(r'role="progressbar" aria-label="[^"]+"', html)
