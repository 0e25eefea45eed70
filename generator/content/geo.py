"""Coordinates as published: the one place that decides what position the public sees.

A location marked `sensitive` is published rounded to one decimal degree, which the site calls
"about 10 km" everywhere (ROUNDED_TO; it is 11 km of latitude, 8 km of longitude at these
latitudes): the map, the JSON-LD and the data exports all take their coordinates from here, so
an exact sensitive position appears nowhere in the site.

An incident with no coordinates of its own is drawn on a map at its region's point (the nearest
region up its tree that has one), marked as placed by region, so that every incident is on the map
and none is drawn as if its position were known (map_point). The exports' lat and lon stay the
incident's own.
"""

from __future__ import annotations

from dataclasses import dataclass

SENSITIVE_DECIMALS = 1
ROUNDED_TO = "about 10 km"  # how every page, legend and popup says how far a rounded position may be off


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    rounded: bool
    precision: str | None
    by_region: str | None = None  # the region whose point stands in for an incident without its own


def public_point(location) -> Point | None:
    """The published position of an incident's location (None when it has no coordinates)."""
    if location is None or location.coordinates is None:
        return None
    lat, lon = location.coordinates
    if location.sensitive:
        return Point(round(lat, SENSITIVE_DECIMALS), round(lon, SENSITIVE_DECIMALS), True, location.precision)
    return Point(lat, lon, False, location.precision)


def map_point(briefing, entry) -> Point | None:
    """Where a map draws an incident: its published position, or else the point of the first of its regions
    (or of their parents, nearest first) that has coordinates, marked with that region; None when neither."""
    own = public_point(entry.model.location)
    if own is not None:
        return own
    regions = briefing["region"]
    for region in entry.model.regions:
        for candidate in (region, *briefing.ancestors(region)):
            coordinates = regions[candidate].model.coordinates
            if coordinates is not None:
                return Point(coordinates[0], coordinates[1], False, "region", by_region=candidate)
    return None
