"""Pagination primitives: where each page of a long list lives and what it holds, by number and by period."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.pagination import Period, by_period, page_path, paginate


@pytest.mark.parametrize("first, number, expected", [
    ("quotes/index.md", 1, "quotes/index.md"),
    ("quotes/index.md", 2, "quotes/page/2.md"),
    ("timeline/2026/11.md", 3, "timeline/2026/11/page/3.md"),
    ("regions/russia/incidents.md", 2, "regions/russia/incidents/page/2.md"),
    ("index.md", 2, "page/2.md"),
])
def test_page_paths(first, number, expected):
    assert page_path(first, number) == expected


def test_pages_split_in_order_and_know_their_neighbours():
    pages = paginate("quotes/index.md", list(range(7)), size=3)
    assert [p.items for p in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [(p.first_index, p.last_index) for p in pages] == [(1, 3), (4, 6), (7, 7)]
    assert pages[0].previous is None and pages[0].next == "quotes/page/2.md"
    assert pages[2].previous == "quotes/page/2.md" and pages[2].next is None
    assert all(p.count == 3 and p.total == 7 for p in pages)


def test_an_empty_list_is_one_empty_page():
    [only] = paginate("timeline/index.md", [], size=10)
    assert only.items == [] and only.count == 1 and only.first_index == 0 and only.path == "timeline/index.md"


def test_a_page_size_below_one_is_refused():
    with pytest.raises(ValueError):
        paginate("quotes/index.md", [1], size=0)


# --- pages by period -----------------------------------------------------------------------------------

def months(*spans: tuple[int, int | None, int]) -> list[tuple[int, int | None]]:
    """Items as (year, month) pairs, newest first: (year, month, how many) for each span given."""
    return [(year, month) for year, month, count in spans for _ in range(count)]


def split(items: list, size: int) -> list[tuple[str, int]]:
    return [(period.stem, len(found)) for period, found in by_period(items, lambda item: item, size)]


def test_a_year_that_fits_is_one_period_and_a_fuller_one_splits_by_quarter_then_month():
    items = months((2026, 11, 2), (2026, 8, 3), (2026, 7, 1), (2026, 2, 1), (2025, 6, 2), (2025, 1, 1))
    assert split(items, 3) == [("2026/q4", 2), ("2026/08", 3), ("2026/07", 1), ("2026/q1", 1), ("2025", 3)]
    assert split(items, 10) == [("2026", 7), ("2025", 3)]


def test_a_month_fuller_than_a_page_stays_one_period_for_its_caller_to_paginate():
    assert split(months((2026, 8, 9)), 3) == [("2026/08", 9)]


def test_records_without_a_month_stay_with_their_year_and_apart_once_it_splits():
    items = months((2026, None, 2), (2026, 3, 1))
    assert split(items, 3) == [("2026", 3)]
    assert split(items + months((2026, 12, 3)), 3) == [("2026/q4", 3), ("2026/q1", 1), ("2026/undated", 2)]


def test_periods_keep_their_items_in_order_and_are_newest_first():
    items = [(2026, 5, "a"), (2026, 1, "b"), (2026, 5, "c"), (2025, 12, "d"), (2026, 12, "e")]
    found = by_period(items, lambda item: item[:2], 1)
    assert [(period.stem, [item[2] for item in held]) for period, held in found] == [
        ("2026/q4", ["e"]), ("2026/05", ["a", "c"]), ("2026/q1", ["b"]), ("2025", ["d"])]


@pytest.mark.parametrize("period, stem, short, label", [
    (Period(2026, "year"), "2026", "2026", "2026"),
    (Period(2026, "quarter", 3), "2026/q3", "July–September", "July–September 2026"),
    (Period(2026, "month", 8), "2026/08", "August", "August 2026"),
    (Period(2026, "undated"), "2026/undated", "month unknown", "2026, month unknown"),
])
def test_a_period_names_itself(period, stem, short, label):
    assert (period.stem, period.short, period.label) == (stem, short, label)


dates = st.tuples(st.integers(2023, 2026), st.one_of(st.none(), st.integers(1, 12)))


@settings(max_examples=300, deadline=None)
@given(st.lists(dates, max_size=60), dates, dates, st.integers(1, 8))
def test_moving_one_record_changes_only_the_periods_of_its_old_and_new_dates(rest, old, new, size):
    """What keeps an edit cheap: a record moving from one date to another leaves every period of other
    quarters (other years, when its year is not split) as it was, so their pages are not written again."""
    def periods(moved):
        items = sorted([*((year, month, n) for n, (year, month) in enumerate(rest)), (*moved, -1)],
                       key=lambda item: (-item[0], item[1] is None, -(item[1] or 0), item[2]))
        return {period: held for period, held in by_period(items, lambda item: item[:2], size)}

    before, after = periods(old), periods(new)
    moved = (old, new)

    def untouched(period):  # in another year, or in another quarter of a year split before and after
        if period.year not in (old[0], new[0]):
            return True
        if any(Period(period.year, "year") in found for found in (before, after)):
            return False
        if period.span == "undated":
            return (period.year, None) not in moved
        quarter = period.number if period.span == "quarter" else (period.number + 2) // 3
        return all(year != period.year or month is None or (month + 2) // 3 != quarter for year, month in moved)

    for period in before.keys() | after.keys():
        if untouched(period):
            assert before.get(period) == after.get(period), period
