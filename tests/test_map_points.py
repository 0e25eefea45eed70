"""Every incident on the map: one without coordinates of its own is drawn at its region's point (the nearest
region up its tree that has one) and marked as placed by region; the data keep its own position empty."""

from __future__ import annotations

import json

from conftest import INCIDENT

PLACED = INCIDENT  # in kaluga-oblast, with no location of its own


def _generate(content, tmp_path):
    from generator.generate import generate

    out = tmp_path / "out"
    generate(content.dir, out)
    return out


def test_an_incident_without_coordinates_is_placed_at_its_region_s_point(content, tmp_path):
    content.world()
    content.write("regions/kaluga-oblast.md", "name: Kaluga Oblast\nkind: oblast\ncoordinates: [54.51, 36.26]\n")
    content.write("incidents/x.md", PLACED)
    out = _generate(content, tmp_path)
    features = json.loads((out / "data" / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    assert [(f["id"], f["geometry"]["coordinates"], f["properties"]["placed_by_region"],
             f["properties"]["placed_by_region_name"]) for f in features] == [
        ("x", [36.26, 54.51], "kaluga-oblast", "Kaluga Oblast")]
    record = json.loads((out / "data" / "incidents.json").read_text(encoding="utf-8"))["records"][0]
    assert record["lat"] is None and record["lon"] is None  # its own position is still unknown
    region = (out / "regions" / "kaluga-oblast.md").read_text(encoding="utf-8")
    assert "briefing-map" in region and "&#34;region&#34;&#58; &#34;Kaluga Oblast&#34;" in region


def test_a_parent_s_point_serves_when_the_region_has_none_and_an_own_position_wins(content, tmp_path):
    content.world()
    content.write("regions/russia.md", "name: Russia\nkind: country\ncoordinates: [55.75, 37.62]\n")
    content.write("regions/kaluga-oblast.md", "name: Kaluga Oblast\nkind: oblast\nparent: russia\n")
    content.write("incidents/x.md", PLACED)
    content.write("incidents/y.md", PLACED + "location: {coordinates: [54.1, 36.1]}\n")
    out = _generate(content, tmp_path)
    features = {f["id"]: f for f in json.loads((out / "data" / "incidents.geojson").read_text("utf-8"))["features"]}
    assert features["x"]["properties"]["placed_by_region"] == "russia"
    assert features["x"]["geometry"]["coordinates"] == [37.62, 55.75]
    assert features["y"]["properties"]["placed_by_region"] is None
    assert features["y"]["geometry"]["coordinates"] == [36.1, 54.1]


def test_an_incident_with_no_point_anywhere_is_not_on_the_map(content, tmp_path):
    content.world()
    content.write("incidents/x.md", PLACED)
    out = _generate(content, tmp_path)
    assert json.loads((out / "data" / "incidents.geojson").read_text("utf-8"))["features"] == []


def test_a_page_with_a_map_asks_for_leaflet_and_lists_its_points_and_one_without_does_not(content, tmp_path):
    """Only a generated page that draws a map says so in its front matter (`map: true`: the theme then loads
    Leaflet), and its map carries the list of its points for a reader without JavaScript."""
    content.world()
    content.write("regions/kaluga-oblast.md", "name: Kaluga Oblast\nkind: oblast\ncoordinates: [54.51, 36.26]\n")
    content.write("incidents/x.md", PLACED)
    content.write("regions/riverton.md", "name: Riverton\nkind: city\n")  # no point of its own, nor a parent
    content.write("incidents/y.md", PLACED.replace("regions: [kaluga-oblast]", "regions: [riverton]"))
    out = _generate(content, tmp_path)
    placed = (out / "incidents" / "x.md").read_text("utf-8")
    front = placed.split("\n---\n", 1)[0]
    assert "\nmap: true" in front
    assert '<details class="map-list" open data-pagefind-ignore>' in placed
    assert "placed at the point of Kaluga Oblast (its own position is not known)</li>" in placed
    nowhere = (out / "incidents" / "y.md").read_text("utf-8")  # Riverton has no point: no map
    assert "map: true" not in nowhere and "briefing-map" not in nowhere
    whole = (out / "map" / "index.md").read_text("utf-8")
    assert whole.startswith("---\nmap: true\n---\n")
    assert "1 incident on this map, as a list" in whole
