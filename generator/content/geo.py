"""Coordinates as published: the one place that decides what position the public sees.

A location marked `sensitive` is published rounded to one decimal degree (about 11 km of
latitude, 8 km of longitude at these latitudes): the map, the JSON-LD and the data
exports all take their coordinates from here, so an exact sensitive position appears
nowhere in the site.
"""

from __future__ import annotations

from dataclasses import dataclass

SENSITIVE_DECIMALS = 1


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    rounded: bool
    precision: str | None


def public_point(location) -> Point | None:
    """The published position of an incident's location (None when it has no coordinates)."""
    if location is None or location.coordinates is None:
        return None
    lat, lon = location.coordinates
    if location.sensitive:
        return Point(round(lat, SENSITIVE_DECIMALS), round(lon, SENSITIVE_DECIMALS), True, location.precision)
    return Point(lat, lon, False, location.precision)
