"""Dates written in EDTF (content/dates.py): what a reader sees in words, what the exports carry as bounds,
and where a date sorts (its latest possible day)."""

from __future__ import annotations

from datetime import date

import pytest

from generator.content.dates import parse_date


@pytest.mark.parametrize("written, words", [
    ("2026-11~", "c. November 2026"),
    ("2026~", "c. 2026"),
    ("2026-11-24?", "24 November 2026 (uncertain)"),
    ("2026-11-24%", "c. 24 November 2026 (uncertain)"),
    ("2026-11-20/2026-11-25", "between 20 and 25 November 2026"),
    ("2026-10-30/2026-11-02", "between 30 October and 2 November 2026"),
    ("2025-12-30/2026-01-02", "between 30 December 2025 and 2 January 2026"),
    ("2026-10/2026-11", "between October and November 2026"),
    ("2026-11-20?/2026-11-25", "between 20 November 2026 (uncertain) and 25 November 2026"),
    ("../2026-11-25", "by 25 November 2026"),
    ("2026-11-20/..", "on or after 20 November 2026"),
])
def test_a_date_is_shown_in_words_and_written_back_as_it_was(written, words):
    value = parse_date(written)
    assert value.label() == words
    assert value.edtf() == written


def test_circa_is_the_same_as_an_approximate_date():
    assert parse_date("2026-11").label(circa=True) == parse_date("2026-11~").label()
    assert parse_date("2026-11").edtf(circa=True) == "2026-11~"
    assert parse_date("2026-11~").iso() == "2026-11"  # ISO 8601 has no qualifier: JSON-LD gets no invented day


@pytest.mark.parametrize("written, earliest, latest", [
    ("2026-11~", date(2026, 11, 1), date(2026, 11, 30)),
    ("2026-11-20/2026-11-25", date(2026, 11, 20), date(2026, 11, 25)),
    ("2026-10/2026-11", date(2026, 10, 1), date(2026, 11, 30)),
    ("../2026-11-25", None, date(2026, 11, 25)),  # an open end is no day: the exports leave it empty
    ("2026-11-20/..", date(2026, 11, 20), None),
])
def test_the_bounds_of_a_date(written, earliest, latest):
    value = parse_date(written)
    assert (value.first_day(), value.last_day()) == (earliest, latest)


def test_a_range_sorts_and_groups_by_its_latest_possible_day():
    spanning = parse_date("2026-10-30/2026-11-02")
    assert (spanning.year, spanning.month) == (2026, 11)  # listed in November, where its latest day falls
    dates = ["2026-11-01", "2026-11-03", "2026-10-30/2026-11-02", "../2026-11-02", "2026-11-20/..", "2026-11"]
    newest_first = sorted(dates, key=lambda d: (parse_date(d).recent_key(), d))
    assert newest_first == ["2026-11-20/..", "2026-11-03", "../2026-11-02", "2026-10-30/2026-11-02",
                            "2026-11-01", "2026-11"]  # a vaguer date after the precise ones of its month
