"""Long lists past one page (issue 5: no page grows with the content): a record page shows the newest
page_size of each list and a calendar of the whole list, whose pages by period (year, quarter, month)
are below its URL; the quotes index of a large briefing lists speakers, with the anonymous statements
(by period too) and the threads on their own pages; the corrections, measures, actors and sources
indexes continue on numbered pages. Every record stays reachable from the index pages, every link
lands, and a real MkDocs --strict build agrees."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from generator.content.load import load
from generator.generate import generate
from generator.pages import listings
from generator.pages.plan import Page, newest_first
from generator.pages.render import SiteSettings, served_url
from generator.pages.urls import INDEX_PAGES, record_path

from html_site import Site
from site_fixture import ROOT, build_project, read_tree, write_content, write_project

PAGE_SIZE = 3

# Beside the fixture (Russia > Central FD > Kaluga Oblast > Obninsk; three incidents, four statements):
# nine incidents in Obninsk, eight quotes by Stefan Pervalov about one of them, five anonymous ones,
# a claim with two replies, six measures, updates on five incidents, and twelve more actors.
EXTRA = {
    **{f"incidents/obninsk-{day}.md": f"title: Obninsk strike {day}\ndate: 2026-07-{day:02d}\nregions: [obninsk]\n"
                                      f"status: reported\nsources: [tass]\nactors: [stefan-pervalov]\n"
                                      + (f"updates:\n  - {{date: 2026-08-{day:02d}, note: Correction {day}.}}\n"
                                         if day <= 5 else "")
       for day in range(1, 10)},
    **{f"statements/pervalov-{day}.md": f"date: 2026-06-{day:02d}\nsource: tass\nspeaker: stefan-pervalov\n"
                                        f"incidents: [obninsk-1]\n"
       for day in range(1, 9)},
    **{f"statements/insider-{day}.md": f"date: 2026-05-{day:02d}\nsource: rbc\nanonymous: an insider number {day}\n"
                                       f"regions: [kaluga-oblast]\n"
       for day in range(1, 6)},
    "statements/governor-claim.md": "date: 2026-04-01\nsource: tass\nspeaker: stefan-pervalov\nregions: [obninsk]\n",
    "statements/governor-reply-1.md": "date: 2026-04-02\nsource: rbc\nspeaker: nato-spokesperson\n"
                                      "responds_to: governor-claim\nstance: disputes\n",
    "statements/governor-reply-2.md": "date: 2026-04-03\nsource: rbc\nanonymous: a second insider\n"
                                      "responds_to: governor-reply-1\nstance: supports\n",
    **{f"measures/curfew-{day}.md": f"title: Curfew {day}\ndate: 2026-03-{day:02d}\nregions: [obninsk]\n"
                                    f"issuer: stefan-pervalov\nsources: [tass]\nstate: in-force\n"
       for day in range(1, 7)},
    **{f"actors/extra-actor-{n}.md": f"name: Extra actor {n:02d}\nkind: person\n" for n in range(1, 13)},
}
LINK_OR_HREF = re.compile(r'\]\(([^)\s]+)\)|href="([^"]*)"')
ANCHOR = re.compile(r'quote" id="q-([a-z0-9-]+)"')  # a quote's anchor (not the ids of its tabs)


def add_extra(root: Path) -> None:
    for relpath, front_matter in EXTRA.items():
        path = root / "content" / relpath
        path.write_text(f"---\n{front_matter}---\nSaid or done on day {relpath}.\n", encoding="utf-8")


def generate_site(root: Path, page_size: int) -> dict[str, str]:
    content = write_content(root)
    add_extra(root)
    out = root / "out"
    generate(content, out, settings=SiteSettings(page_size=page_size))
    return read_tree(out)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, str]:
    return generate_site(tmp_path_factory.mktemp("listings"), PAGE_SIZE)


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    root = tmp_path_factory.mktemp("listings-briefing")
    content = write_content(root)
    add_extra(root)
    return load(content)


def links(pages: dict[str, str], path: str) -> list[str]:
    """Targets of the links of a page, in order, as site paths (with their #anchor): its Markdown links
    (relative to its file) and the links of its HTML lists (the URLs a browser follows, relative to the
    page's URL)."""
    found = []
    for match in LINK_OR_HREF.finditer(pages[path]):
        markdown, url = match.groups()
        href = markdown or url
        if re.match(r"[a-z]+:", href) or href.startswith("#"):
            continue
        target, _, anchor = href.partition("#")
        if markdown:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        else:
            resolved = source_of(pages, posixpath.normpath(posixpath.join(served_url(path), target)))
        found.append(resolved + (f"#{anchor}" if anchor else ""))
    return found


def source_of(pages: dict[str, str], url: str) -> str:
    """The page served at a site URL ('.' the home page): regions/russia → regions/russia.md, timeline →
    timeline/index.md (an index page when `pages` has one there, or when the URL is a top folder); a data
    file's path as it is."""
    url = "" if url == "." else url.rstrip("/")
    if "." in url.rpartition("/")[2]:
        return url
    index = f"{url}/index.md" if url else "index.md"
    return index if index in pages or "/" not in url else f"{url}.md"


def record_links(pages: dict[str, str], path: str, kind_dir: str) -> list[str]:
    """Ids of the records of one kind a page links to, in order (each quote also links its source…)."""
    return [target[len(kind_dir) + 1:-3] for target in links(pages, path)
            if re.fullmatch(kind_dir + r"/[a-z0-9-]+\.md", target)]


def section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def follow(pages: dict[str, str], first: str) -> list[str]:
    """The pages of a paginated list, from its first page along its 'Older →' / 'Next →' links."""
    chain = [first]
    while True:
        text = pages[chain[-1]]
        nxt = re.search(r"\[(?:Older|Next) →\]\(([^)]+)\)\{ rel=next \}", text)
        if not nxt:
            return chain
        target = posixpath.normpath(posixpath.join(posixpath.dirname(chain[-1]), nxt.group(1)))
        assert target not in chain
        chain.append(target)


def listed(pages: dict[str, str], first: str, kind_dir: str) -> list[str]:
    """Every record of a kind listed over all pages of a list (a quote's own 'permalink' for statements)."""
    return listed_on(pages, follow(pages, first), kind_dir)


def listed_on(pages: dict[str, str], chain: list[str], kind_dir: str) -> list[str]:
    found = []
    for path in chain:
        ids = record_links(pages, path, kind_dir)
        found += list(dict.fromkeys(ids)) if kind_dir != "quotes" else ANCHOR.findall(pages[path])
    return found


def calendar(pages: dict[str, str], owner: str, anchor: str) -> list[str]:
    """The first page of each period of a long list, newest first, from the calendar on its owner's page."""
    text = pages[owner]
    start = text.index(f"{{ #{anchor} ")
    block = text[start:text.index("\n\n", text.index("\n- ", start))]
    return links({owner: block}, owner)


def whole_list(pages: dict[str, str], owner: str, anchor: str) -> list[str]:
    """Every page of a long list: its periods newest first, a full month's numbered pages in order."""
    return [path for first in calendar(pages, owner, anchor) for path in follow(pages, first)]


# --- record pages: the newest page_size, and a calendar of the whole list ------------------------------

def test_region_page_shows_the_newest_and_links_to_the_whole_list_by_date(generated, briefing):
    text = generated["regions/obninsk.md"]
    incidents = section(text, "Incidents")
    assert "Showing the newest 3 of 10 incidents — [all of them, by date](#incidents-by-date)" in incidents
    newest = [e.id for e in newest_first(briefing, "incident", briefing.region_incidents["obninsk"])]
    shown = incidents[:incidents.index("**All 10 incidents in Obninsk, by date:**\n{ #incidents-by-date ")]
    # (the map's list of its points, for a reader without JavaScript, is the map's, not the newest)
    shown = re.sub(r'<details class="map-list".*?</details>', "", shown, flags=re.S)
    assert record_links({"regions/obninsk.md": shown}, "regions/obninsk.md", "incidents") == newest[:3]
    # ten incidents of 2026 (page size 3): the year by quarter, July (nine) a month of its own, on three pages
    assert (
        "- **2026** (10): [October–December](obninsk/incidents/2026/q4.md) · [July](obninsk/incidents/2026/07.md)\n"
        in incidents
    )
    assert follow(generated, "regions/obninsk/incidents/2026/07.md") == [
        "regions/obninsk/incidents/2026/07.md", "regions/obninsk/incidents/2026/07/page/2.md",
        "regions/obninsk/incidents/2026/07/page/3.md"]
    statements = section(text, "Statements")
    assert "Showing the newest 3 of 10 statements — [all of them, by date](#statements-by-date)" in statements
    assert len(ANCHOR.findall(statements)) == 3
    assert "[all of them, by date](#measures-by-date)" in section(text, "Measures")


def test_a_list_longer_than_a_page_shows_only_its_newest_few_on_the_record_page(briefing, monkeypatch):
    """A list that fits a page is shown whole; a longer one shows its newest NEWEST_SHOWN (20) beside its
    calendar, so a large region's page stays small however many pages of each list it has."""
    monkeypatch.setattr(listings, "NEWEST_SHOWN", 2)
    every = newest_first(briefing, "incident", briefing.region_incidents["obninsk"])
    pages: list = []
    long = listings.whole_list(pages, "regions/obninsk/incidents", "incident", every, "incidents in Obninsk", 5, Page)
    assert long.items == every[:2] and long.total == 10 and long.calendar and pages
    short = listings.whole_list([], "regions/obninsk/incidents", "incident", every[:5], "incidents", 5, Page)
    assert short.items == every[:5] and not short.calendar


def test_a_period_page_names_its_period_and_links_to_the_periods_either_side(generated):
    text = generated["regions/obninsk/incidents/2026/07/page/2.md"]
    assert text.startswith('---\ntitle: "Incidents in Obninsk: July 2026, page 2 of 3"\n')
    assert "# Incidents in Obninsk: July 2026, page 2\n" in text
    assert "[← Obninsk](../../../../../obninsk.md#incidents-by-date) · 9 incidents, newest first." in text
    assert "Page 2 of 3 (4–6 of 9 incidents)" in text
    assert "[← Newer: October–December 2026](../../q4.md)" in text
    assert "Older:" not in text  # July holds the oldest
    assert "[Older: July 2026 →](07.md)" in generated["regions/obninsk/incidents/2026/q4.md"]


def test_short_lists_have_no_line_and_no_listing(generated):
    text = generated["regions/central-federal-district.md"]
    assert "Showing the newest" in section(text, "Incidents")  # 12 incidents below it
    assert "Showing the newest" not in generated["actors/nato-spokesperson.md"]
    assert not [path for path in generated if path.startswith("actors/nato-spokesperson/")]


@pytest.mark.parametrize("owner, kind, ids", [
    ("regions/obninsk.md", "incident", ("region_incidents", "obninsk")),
    ("actors/stefan-pervalov.md", "statement", ("actor_statements", "stefan-pervalov")),
    ("actors/stefan-pervalov.md", "incident", ("actor_incidents", "stefan-pervalov")),
    ("actors/stefan-pervalov.md", "measure", ("actor_measures", "stefan-pervalov")),
    ("incidents/obninsk-1.md", "statement", ("incident_statements", "obninsk-1")),
    ("sources/tass.md", "incident", None),
    ("regions/russia.md", "statement", None),
])
def test_the_whole_list_holds_every_record_once_newest_first(generated, briefing, owner, kind, ids):
    if ids is not None:
        expected = [e.id for e in newest_first(briefing, kind, getattr(briefing, ids[0])[ids[1]])]
    elif owner.startswith("sources/"):
        expected = [e.id for e in newest_first(briefing, kind, [i for k, i in briefing.source_citations["tass"]
                                                                 if k == kind])]
    else:
        expected = [e.id for e in newest_first(briefing, kind)
                    if kind != "statement" or briefing.statement_regions.get(e.id)]
    kind_dir = {"incident": "incidents", "statement": "quotes", "measure": "measures"}[kind]
    noun = kind_dir if kind != "statement" else "statements"
    chain = whole_list(generated, owner, f"{noun}-by-date")
    assert len(chain) > 1
    assert listed_on(generated, chain, kind_dir) == expected
    folder = f"{owner[:-3]}/{noun}/"
    for path in chain:
        text = generated[path]
        assert path.startswith(folder) and re.fullmatch(r"\d{4}(/(q[1-4]|\d\d|undated))?(/page/\d+)?\.md",
                                                        path[len(folder):]), path
        assert text.startswith("---\ntitle: ") and "search:\n  exclude: true\n" in text
        back = [target for target in links(generated, path) if target == f"{owner}#{noun}-by-date"]
        assert back, f"{path} does not link back to {owner}"


def test_the_region_map_still_shows_the_newest_incidents_beyond_the_first_page(tmp_path):
    content = write_content(tmp_path)
    add_extra(tmp_path)
    for day in range(1, 10):  # give the Obninsk incidents a place
        path = content / "incidents" / f"obninsk-{day}.md"
        path.write_text(path.read_text().replace("status: reported\n", "status: reported\n"
                                                 f"location: {{coordinates: [55.{day}, 36.6]}}\n"))
    generate(content, tmp_path / "out", settings=SiteSettings(page_size=PAGE_SIZE))
    text = (tmp_path / "out" / "regions" / "obninsk.md").read_text()
    # a long list's points are in a data file beside its period pages, not in the page
    assert 'data-points-src="incidents/map.json"' in text and "data-points=" not in text
    points = json.loads((tmp_path / "out" / "regions" / "obninsk" / "incidents" / "map.json").read_text())
    assert len(points) == 10  # every located incident, not only the three listed
    for point in points:  # links made for the region's page (served at regions/obninsk/), not for the file
        target = posixpath.normpath(posixpath.join("regions/obninsk", point["url"]))
        assert (tmp_path / "out" / f"{target}.md").is_file(), point["url"]
    # a page with a few points keeps them (an incident's own map)
    incident = (tmp_path / "out" / "incidents" / "obninsk-drone-on-roof.md").read_text()
    assert "data-points=" in incident and "data-points-src" not in incident


# --- the quotes index ------------------------------------------------------------------------------

def test_a_small_quotes_index_keeps_every_quote_on_one_page(tmp_path):
    pages = generate_site(tmp_path, page_size=100)
    text = pages["quotes/index.md"]
    assert "## Claims and responses" in text and "## Named speakers" in text and "## Anonymous sources" in text
    assert len(ANCHOR.findall(text)) == 4 + len([k for k in EXTRA if k.startswith("statements/")])
    assert not [path for path in pages if path.startswith(("quotes/page/", "quotes/anonymous", "quotes/threads"))]


def test_a_large_quotes_index_lists_speakers_and_links_to_the_rest(generated, briefing):
    text = generated["quotes/index.md"]
    assert "Every statement in the briefing, 20 in all" in text
    assert "[read them as threads](threads.md)" in text
    assert "[All 7 statements from anonymous sources](anonymous.md)" in text
    speakers = section(text, "Named speakers")
    assert "- [Stefan Pervalov](../actors/stefan-pervalov.md) — 10 statements · [all of them, by date]" \
           "(../actors/stefan-pervalov.md#statements-by-date)" in speakers
    assert "- [NATO spokesperson](../actors/nato-spokesperson.md) — 2 statements\n" in speakers
    assert not ANCHOR.findall(text)
    anonymous = [e.id for e in newest_first(briefing, "statement") if e.model.anonymous]
    assert ANCHOR.findall(generated["quotes/anonymous.md"]) == anonymous[:PAGE_SIZE]
    chain = whole_list(generated, "quotes/anonymous.md", "statements-by-date")
    assert chain[0] == "quotes/anonymous/2026/q4.md"
    assert listed_on(generated, chain, "quotes") == anonymous
    threads = generated["quotes/threads.md"]
    assert "**Disputes**" in threads and "**Supports** (reply to NATO spokesperson)" in threads


def test_every_quote_is_reachable_from_the_index_pages_with_its_anchor(generated, briefing):
    # Incident, quote and measure pages are not followed: they are what the index pages must reach.
    leaves = {record_path(kind, i) for kind in ("incident", "statement", "measure") for i in briefing[kind]}
    reached, todo = set(), [p for p in INDEX_PAGES if p in generated]
    while todo:
        path = todo.pop()
        if path in reached:
            continue
        reached.add(path)
        todo += [t for t in (t.partition("#")[0] for t in links(generated, path)) if t in generated and t not in leaves]
    anchors = {a for path in reached for a in ANCHOR.findall(generated[path])}
    assert anchors == set(briefing["statement"])
    linked = {t.partition("#")[0] for path in reached for t in links(generated, path)}
    for kind, folder in (("statement", "quotes"), ("incident", "incidents"), ("measure", "measures")):
        assert {f"{folder}/{i}.md" for i in briefing[kind]} <= linked, kind


def test_a_statement_named_like_a_quotes_page_keeps_its_page(tmp_path):
    content = write_content(tmp_path)
    add_extra(tmp_path)
    (content / "statements" / "threads.md").write_text(
        "---\ndate: 2026-01-01\nsource: rbc\nanonymous: someone called threads\n---\nA quote.\n")
    out = tmp_path / "out"
    generate(content, out, settings=SiteSettings(page_size=PAGE_SIZE))
    assert "someone called threads" in (out / "quotes" / "threads.md").read_text()
    assert "[read them as threads](threads-2.md)" in (out / "quotes" / "index.md").read_text()
    assert "# Claims and responses" in (out / "quotes" / "threads-2.md").read_text()


# --- index pages -----------------------------------------------------------------------------------

def test_corrections_continue_on_numbered_pages_newest_first(generated, briefing):
    chain = follow(generated, "corrections/index.md")
    assert chain == ["corrections/index.md", "corrections/page/2.md", "corrections/page/3.md"]
    notes = [n for path in chain for n in re.findall(r"— (Correction \d)", generated[path])]
    assert notes == [f"Correction {day}" for day in range(5, 0, -1)]
    assert generated["corrections/page/2.md"].startswith('---\ntitle: "Corrections, page 2 of 3"\n---\n')


def test_measures_index_continues_by_region(generated):
    chain = follow(generated, "measures/index.md")
    assert len(chain) == 3  # seven lines: the fixture's measure and six curfews, all in Obninsk
    assert "## [Obninsk](../regions/obninsk.md)\n" in generated[chain[0]]
    assert "## [Obninsk](../../regions/obninsk.md) (continued)\n" in generated[chain[1]]
    titles = [t for path in chain for t in re.findall(r">(Curfew \d|Residents advised[^<]*)</a>", generated[path])]
    assert titles == ["Residents advised to stay indoors", *[f"Curfew {d}" for d in range(6, 0, -1)]]


def test_actors_and_sources_indexes_continue_past_ten_pages_worth_of_lines(tmp_path):
    pages = generate_site(tmp_path, page_size=1)  # ten lines a page
    chain = follow(pages, "actors/index.md")
    assert chain == ["actors/index.md", "actors/page/2.md"]
    names = [n for path in chain for n in re.findall(r"^\| \[([^]]+)\]", pages[path], re.M)]
    assert len(names) == len(set(names)) == 4 + 12
    assert "[← Previous](../index.md){ rel=prev }" in pages["actors/page/2.md"]
    assert follow(pages, "sources/index.md") == ["sources/index.md"]


def test_home_page_figures_show_the_busiest_regions_past_page_size(generated):
    table = section(generated["index.md"], "Figures").split("### By status")[0]
    assert "These are the 3 regions with the most incidents, of 4" in table
    rows = re.findall(r"^<tr><td><a href=\"[^\"]+\">([^<]+)</a>", table, re.M)
    assert rows == ["Russia", "Central Federal District", "Kaluga Oblast"]


# --- every link lands ---------------------------------------------------------------------------------

def test_every_link_in_the_generated_pages_lands(generated):
    broken = []
    for path in generated:
        if not path.endswith(".md"):
            continue
        for target in links(generated, path):
            page, _, anchor = target.partition("#")
            if page not in generated and not (ROOT / "docs" / page).is_file():  # a hand-written page, as built
                broken.append(f"{path}: {target}")
            elif anchor.startswith("q-") and f'id="{anchor}"' not in generated[page]:
                broken.append(f"{path}: {target} (no anchor)")
    assert broken == []


def test_no_listing_page_lists_more_than_page_size(generated):
    for path, text in generated.items():
        if re.search(r"/(incidents|statements|measures)/\d{4}[/.]", path) or path.startswith(
                ("quotes/anonymous", "quotes/threads", "corrections/")):
            text = text.split(", by date:**\n")[0]  # the calendar below the anonymous statements
            items = (
                len(re.findall(r"^(?:- \*\*|<li data-pagefind-ignore>)", text, re.M))
                + len(re.findall(r"^### ", text, re.M))
                + len(ANCHOR.findall(text))
            )
            assert 1 <= items <= PAGE_SIZE, path


# --- a real MkDocs --strict build --------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    root = write_project(tmp_path_factory.mktemp("listings-site"))
    add_extra(root)
    return Site(build_project(root, page_size=PAGE_SIZE))


def test_the_paginated_site_builds_strict_with_every_link_and_anchor_resolving(site):
    assert site.broken_links() == []
    listing = site.page("regions/obninsk/incidents/2026/07/page/2/")
    assert "../../../../../#incidents-by-date" in listing.links  # back to the region's calendar (regions/obninsk/)
    assert "Page 2 of 3" in listing.text
    assert "incidents-by-date" in site.page("regions/obninsk/").ids
    assert "q-pervalov-1" in site.page("actors/stefan-pervalov/statements/2026/06/page/3/").ids
    region = site.page("regions/obninsk/")  # its map's points: a data file MkDocs copied beside the region's pages
    (source,) = [attrs["data-points-src"] for tag, attrs in region.tags if "data-points-src" in attrs]
    assert (site.root / "regions" / "obninsk" / source).is_file()
    assert "q-insider-1" in site.page("quotes/anonymous/2026/05/page/2/").ids
    assert "Claims and responses" in site.page("quotes/threads/").text
    home = site.page("")
    nav = [
        attrs.get("href") or "" for tag, attrs in home.tags if tag == "a" and "md-nav__link" in attrs.get("class", "")
    ]
    assert "quotes/" in nav
    assert not [
        href for href in nav if "/page/" in href or href.endswith(("/incidents/", "/statements/", "/anonymous/"))
    ]


# --- links made relative per page ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "target",
    [
        "index.md",
        "feed.xml",
        "regions/russia.md",
        "regions/russia/incidents/2026.md",
        "regions/russia/incidents/2026/07/page/2.md",
        "quotes/index.md",
        "timeline/2026/11.md",
    ],
)
@pytest.mark.parametrize("start", ["", "regions", "regions/russia", "regions/russia/incidents/page", "quotes",
                                   "timeline/2026", "quotes/page"])
def test_relative_links_are_those_of_posixpath(target, start):
    from generator.pages.page_links import relative

    assert relative(target, start) == posixpath.relpath(target, start or ".")


def test_a_quote_with_many_responses_shows_the_newest_and_links_to_them_all(tmp_path):
    content = write_content(tmp_path)
    add_extra(tmp_path)
    for day in range(1, 4):
        (content / "statements" / f"governor-reply-more-{day}.md").write_text(
            f"---\ndate: 2026-04-1{day}\nsource: rbc\nspeaker: nato\nresponds_to: governor-claim\nstance: disputes\n"
            "---\nNo.\n")
    out = tmp_path / "out"
    generate(content, out, settings=SiteSettings(page_size=PAGE_SIZE))
    text = (out / "quotes" / "governor-claim.md").read_text()
    assert "Showing the newest 3 of 4 statements — [all of them, by date](#statements-by-date)" in text
    assert "**All 4 responses to Stefan Pervalov, 1 April 2026, by date:**" in text
    assert "**Disputes:**" in text
    listing = (out / "quotes" / "governor-claim" / "statements" / "2026" / "04" / "page" / "2.md").read_text()
    assert 'id="q-governor-reply-1"' in listing
