"""Pagination primitive: where each page of a long list lives and what it holds."""

import pytest

from generator.pagination import page_path, paginate


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
