"""Pagination: a long list split into pages of at most `size` items, so no page's HTML grows with the
number of records (issue 5: no page over 1 MB).

Numbered pages (`paginate`): page 1 keeps the list's own path; page n lives below it at
`<stem>/page/n.md`, so `quotes/index.md` continues at `quotes/page/2.md` (served `quotes/page/2/`)
and `timeline/2026/11.md` at `timeline/2026/11/page/2.md`.

Pages by period (`by_period`), for lists of dated records that change as records are edited: a year,
a quarter or a month, as coarse as holds `size` records. A page by number shifts whenever a record
moves in the list before it, so one edit rewrote every later page; a period's page changes only when
a record dated in it does (bench/RESULTS.md).
The periods also read as a newsroom's archive does, and their URLs keep their meaning.

Pure data: plan builds these, the `pager` and `calendar` macros lay out the links between them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from generator.content.dates import MONTH_NAMES

DEFAULT_PAGE_SIZE = 100


@dataclass(frozen=True)
class Pager:
    """One page of a paginated list: its items, and the paths of every page in the series."""

    number: int  # 1-based
    items: list
    paths: tuple[str, ...]
    total: int  # items over all pages
    size: int  # items a full page holds

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def path(self) -> str:
        return self.paths[self.number - 1]

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None

    @property
    def first_index(self) -> int:
        """1-based position of this page's first item in the whole list (0 when it is empty)."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.size + len(self.items)


def page_path(first: str, number: int) -> str:
    """Source path of page `number` of the list whose first page is `first`."""
    if number == 1:
        return first
    stem = first[: -len(".md")]
    if stem == "index":
        stem = ""
    elif stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return f"{stem}/page/{number}.md".lstrip("/")


def paginate(first: str, items: list, size: int = DEFAULT_PAGE_SIZE) -> list[Pager]:
    """The pages of `items` in order; always at least one page (an empty list is one empty page)."""
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    paths = tuple(page_path(first, n) for n in range(1, len(chunks) + 1))
    return [Pager(n, chunk, paths, len(items), size) for n, chunk in enumerate(chunks, start=1)]


@dataclass(frozen=True)
class Period:
    """A span of the calendar a long list is split by: a whole year, a quarter, a month, or the records of
    a year whose month is not known (kept apart once their year is split)."""

    year: int
    span: str  # "year", "quarter", "month" or "undated"
    number: int = 0  # the quarter (1–4) or the month (1–12)

    @property
    def stem(self) -> str:
        """Its path below the list's folder: 2026, 2026/q3, 2026/08, 2026/undated."""
        return {"year": f"{self.year:04d}", "quarter": f"{self.year:04d}/q{self.number}",
                "month": f"{self.year:04d}/{self.number:02d}", "undated": f"{self.year:04d}/undated"}[self.span]

    @property
    def short(self) -> str:
        """Its name within its year: 'July–September', 'August', 'month unknown' (the year itself when whole)."""
        if self.span == "quarter":
            return f"{MONTH_NAMES[3 * self.number - 3]}–{MONTH_NAMES[3 * self.number - 1]}"
        return {"year": str(self.year), "month": MONTH_NAMES[self.number - 1],
                "undated": "month unknown"}[self.span]

    @property
    def label(self) -> str:
        """For headings: '2026', 'July–September 2026', 'August 2026', '2026, month unknown'."""
        if self.span == "year":
            return str(self.year)
        return f"{self.year}, month unknown" if self.span == "undated" else f"{self.short} {self.year}"

    @property
    def newest_first(self) -> tuple:
        # within a year the latest month first, the records without a month after them, as the timeline has them
        end = {"year": 12, "quarter": 3 * self.number, "month": self.number, "undated": 0}[self.span]
        return -self.year, self.span == "undated", -end


def by_period(items: list, month_of: Callable[[object], tuple[int, int | None]],
              size: int) -> list[tuple[Period, list]]:
    """`items` split by the calendar, newest period first, each keeping its items in their order: a year of
    at most `size` items is one period; a fuller year is split into quarters, and a fuller quarter into
    months (a month fuller still is paginated by its caller). Records whose month is unknown stay with their
    year, apart once it is split. A period depends on the items dated in it alone, so an edit changes the
    periods a record leaves and enters, and at most splits or joins those. `month_of` gives an item's
    (year, month or None); it is called once an item, the rest is done a month at a time (a newest-first
    list holds each month's items together), as a plan splits hundreds of long lists."""
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    runs: list[tuple[int, int | None, int, int]] = []  # (year, month, start, end): items of one month in a row
    start = 0
    for (year, month), same in groupby(map(month_of, items)):
        end = start + len(list(same))
        runs.append((year, month, start, end))
        start = end
    counts: Counter = Counter()  # items a year, a quarter, a month
    for year, month, start, end in runs:
        quarter = None if month is None else (month + 2) // 3
        counts[year] += end - start
        counts[year, "q", quarter] += end - start

    def period(year: int, month: int | None) -> Period:
        if counts[year] <= size:
            return Period(year, "year")
        if month is None:
            return Period(year, "undated")
        quarter = (month + 2) // 3
        return Period(year, "quarter", quarter) if counts[year, "q", quarter] <= size else Period(year, "month", month)

    found: dict[Period, list] = {}
    for year, month, start, end in runs:
        found.setdefault(period(year, month), []).extend(items[start:end])
    return sorted(found.items(), key=lambda pair: pair[0].newest_first)
