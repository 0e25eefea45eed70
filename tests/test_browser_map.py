"""Maps in a real headless Chromium with every request that leaves the site refused: each map draws its points
on the country borders shipped with the site, tells its three kinds of point apart by shape and words, is a
list of its points without JavaScript, and Leaflet is loaded by pages with a map only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from browser import StaticServer, keep_local
from site_fixture import ROOT, build_project, write_project

ARTIFACTS = ROOT / "test-artifacts"

# A fictional incident whose position is sensitive: published rounded to one decimal degree.
SENSITIVE = ("---\ntitle: Drone debris near Riverton\ndate: 2026-10-20\nregions: [obninsk]\nstatus: reported\n"
             "sources: [rbc]\nlocation: {name: Riverton farm, coordinates: [55.1234, 36.4567], precision: exact, "
             "sensitive: true}\n---\nDebris was found in a field.\n")

# Pages with a map and how many points each draws (the shared fixture's incidents and SENSITIVE):
# the Obninsk roof (its own position), Kaluga (placed at Kaluga Oblast's point) and Riverton (rounded).
MAPS = {"map/": 3, "regions/russia/": 3, "regions/kaluga-oblast/": 3, "regions/obninsk/": 2,
        "incidents/obninsk-drone-on-roof/": 1, "incidents/kaluga-earlier/": 1, "incidents/drone-debris-riverton/": 1}
NO_MAP = ["quotes/", "incidents/nasty-incident/", "quotes/pervalov-not-just-drones/"]  # nasty-incident: no point


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("map"))
    (root / "content" / "incidents" / "drone-debris-riverton.md").write_text(SENSITIVE, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def server(site):
    with StaticServer(site) as running:
        yield running


class Sealed:
    """A browser context that lets requests to the site through and refuses, and notes, every other one."""

    def __init__(self, browser, base: str, **options):
        self.base = base
        self.context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        self.context.set_default_timeout(10000)
        self.outside: list[str] = []
        self.requested: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base):
            self.requested.append(url[len(self.base):])
            return route.continue_()
        self.outside.append(url)
        return route.abort()

    def go(self, url: str):
        self.page.goto(self.base + url, wait_until="load")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def sealed(browser, server):
    opened = Sealed(browser, server.base)
    yield opened
    opened.close()


def _drawn(page, count: int) -> None:
    """Wait until the map has its `count` markers and the shipped borders under them."""
    page.wait_for_function(f"document.querySelectorAll('.briefing-map .leaflet-marker-icon').length === {count}")
    page.wait_for_selector(".briefing-map path.map-borders", state="attached")


def test_every_map_draws_its_points_on_the_shipped_borders_and_no_request_leaves_the_site(sealed):
    for url, count in MAPS.items():
        page = sealed.go(url)
        _drawn(page, count)
        assert page.locator(".briefing-map path.map-borders").count() > 100, url  # the world's countries
        assert page.locator(".leaflet-tile").count() == 0, url
        assert page.locator(".leaflet-marker-icon").count() == count == page.locator(".map-list li").count(), url
        assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text(), url
    assert sealed.outside == []
    assert sealed.errors == []


def test_the_three_kinds_of_point_differ_in_shape_and_words_not_colour_alone(sealed):
    page = sealed.go("map/")
    _drawn(page, 3)
    shapes = {kind: page.locator(f".leaflet-marker-icon .map-marker-{kind} svg > *").evaluate("e => e.tagName")
              for kind in ("exact", "rounded", "region")}
    assert shapes == {"exact": "circle", "rounded": "path", "region": "rect"}
    legend = page.locator(".map-legend").inner_text()
    assert "Position as recorded" in legend
    assert "Position rounded to about 10 km (sensitive)" in legend
    assert "Placed at its region’s point" in legend
    # a marker's name says what kind of point it is, for a screen reader and a mouse's tooltip
    assert page.locator(".map-marker-icon[title='Drone debris near Riverton (position rounded)']").count() == 1
    page.locator(".leaflet-marker-icon", has=page.locator(".map-marker-rounded")).click()
    assert "Position rounded to about 10 km" in page.locator(".map-popup").inner_text()
    # the list of points is folded once the map shows them, and one click away
    assert page.locator("details.map-list").get_attribute("open") is None
    assert page.locator("details.map-list summary").inner_text() == "3 incidents on this map, as a list"


def test_the_page_of_a_sensitive_incident_says_about_10_km_like_the_map(sealed):
    page = sealed.go("incidents/drone-debris-riverton/")
    assert "exact position withheld; shown rounded to about 10 km" in page.locator("article").inner_text()
    page = sealed.go("data/")
    text = page.locator("article").inner_text()
    assert "about 10 km" in text and "11 km" not in text


def test_without_javascript_a_map_is_the_list_of_its_points(browser, server):
    sealed = Sealed(browser, server.base, java_script_enabled=False)
    try:
        page = sealed.go("map/")
        assert not page.locator(".briefing-map").is_visible()  # no empty box
        assert not page.locator(".map-legend").is_visible()
        items = page.locator("details.map-list li").all_inner_texts()
        assert page.locator("details.map-list ul").is_visible()
        assert sorted(items) == [
            "Drone debris near Riverton — 20 October 2026 · position rounded to about 10 km",
            "Drone found on the roof of a house in Obninsk — c. November 2026 · position as recorded",
            "Drone shot down near Kaluga — 3 October 2026 · placed at the point of Kaluga Oblast (its own "
            "position is not known)"]
        page.locator("details.map-list a", has_text="Drone shot down near Kaluga").click()
        page.wait_for_url("**/incidents/kaluga-earlier/")
        page = sealed.go("regions/obninsk/")
        assert page.locator("details.map-list li").count() == 2
        assert sealed.requested and not [u for u in sealed.requested if u.endswith(".js")]
        assert sealed.outside == []
    finally:
        sealed.close()


def test_leaflet_is_loaded_only_by_pages_with_a_map(sealed):
    for url in NO_MAP:
        before = len(sealed.requested)
        page = sealed.go(url)
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.L") == "undefined", url
        assert page.locator(".briefing-map").count() == 0, url
        loaded = [u for u in sealed.requested[before:] if "vendor/" in u]
        assert loaded == [], f"{url} loaded {loaded}"
    page = sealed.go("map/")
    _drawn(page, 3)
    assert any(u.endswith("vendor/leaflet/leaflet.js") for u in sealed.requested)
    assert sealed.outside == []


def test_a_map_reached_by_instant_navigation_from_a_page_without_one_draws(sealed):
    """Material's instant navigation swaps the article and runs no new <head> or script tags: briefing.js then
    loads Leaflet and the borders itself."""
    page = sealed.go("quotes/")
    assert page.evaluate("typeof window.L") == "undefined"
    page.locator(".md-tabs a, .md-nav a", has_text="Map").first.click()
    page.wait_for_url("**/map/")
    _drawn(page, 3)
    assert sealed.outside == [] and sealed.errors == []


@pytest.mark.parametrize("width,name", [(1280, "desktop"), (375, "mobile")])
def test_map_screenshots_for_a_person_to_look_at(browser, server, width, name):
    """Kept in test-artifacts/ (map-*.png, map-region-*.png): the maps as a reader with no outside server sees
    them. Each must fit the screen's width."""
    ARTIFACTS.mkdir(exist_ok=True)
    sealed = Sealed(browser, server.base, viewport={"width": width, "height": 900})
    try:
        for url, label, count in [("map/", "map-offline", 3), ("regions/kaluga-oblast/", "map-region", 3)]:
            page = sealed.go(url)
            _drawn(page, count)
            page.wait_for_timeout(400)  # the fitBounds animation
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"
            page.screenshot(path=str(ARTIFACTS / f"{label}-{name}.png"), full_page=True)
        assert sealed.outside == []
    finally:
        sealed.close()


def test_a_tile_server_named_in_mkdocs_yml_is_drawn_instead_of_the_borders(browser, tmp_path):
    """The plugin's map_tiles and map_attribution: the one way a map asks another server (here a fictional one,
    whose tiles keep_local answers with a blank image)."""
    site = build_project(write_project(tmp_path), map_tiles='"https://tiles.example.test/{z}/{x}/{y}.png"',
                         map_attribution='"Tiles: Example Tiles"')
    with StaticServer(site) as running:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", keep_local(running.base))
        tiles: list[str] = []
        context.on("request", lambda r: tiles.append(r.url) if not r.url.startswith(running.base) else None)
        page = context.new_page()
        page.goto(running.base + "incidents/obninsk-drone-on-roof/", wait_until="load")
        page.wait_for_selector(".briefing-map .leaflet-tile-loaded")
        assert tiles and all(u.startswith("https://tiles.example.test/9/") for u in tiles)
        assert page.locator(".briefing-map path.map-borders").count() == 0
        assert "Tiles: Example Tiles" in page.locator(".leaflet-control-attribution").inner_text()
        context.close()
