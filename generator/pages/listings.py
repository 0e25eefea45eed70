"""Listings: the long lists of a briefing, kept to pages whose size does not grow with the content.

A record page (a region, an actor, a source, an incident) shows each of its lists whole when it fits
a page (`page_size`) and, when it is longer, its newest NEWEST_SHOWN and a calendar of the whole list:
pages by period below the record's own URL (pagination.by_period), `regions/russia.md` →
`regions/russia/incidents/2026.md`, `…/incidents/2025/q3.md`, `…/incidents/2025/08.md` (and
`…/2025/08/page/2.md` for a month fuller than a page). The anonymous statements of a large quotes
index are kept the same way. The index pages that list every record (quotes by speaker, measures,
corrections, actors, sources) continue on numbered pages once they pass one page, and the quotes
index of a large briefing becomes a list of speakers, with the anonymous statements and the threads
on their own pages. Up to one page of everything, every page is exactly what it was before
pagination existed.

Pure data, like plan: these functions return Pages and the contexts of the pages that link to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter

from generator.content.link import Briefing
from generator.content.trace import EVERY
from generator.content.validate import Entry
from generator.kinds import KINDS
from generator.pages.pagination import Period, by_period, paginate
from generator.pages.urls import list_folder

# One-line-per-record indexes (actors, sources, speakers) hold this many times page_size lines a page:
# a line is about a tenth of a listed incident or quote.
LINES_FACTOR = 10
# A record page shows this many of a list longer than a page, beside the calendar of all of it. A whole
# page's worth of each list made a large region's page hundreds of kilobytes of Markdown, converted
# again on each preview reload that changed its counts; readers find the rest by date.
NEWEST_SHOWN = 20
# The name of each kind's list below a record's URL (the registry's list_name): regions/russia/incidents/2026.md.
LIST_NAMES = {name: kind.list_name for name, kind in KINDS.items() if kind.list_name}
LISTING_TEMPLATE = "listing.md.j2"


@dataclass(frozen=True)
class Year:
    """One line of a long list's calendar: a year, how many of the list's records it holds, and its periods
    (newest first) with the path of each one's first page; one period when the year is not split."""

    year: int
    count: int
    periods: tuple[tuple[Period, str], ...]

    @property
    def whole(self) -> bool:
        return len(self.periods) == 1 and self.periods[0][0].span == "year"


@dataclass(frozen=True)
class Section:
    """One list on a record page: the newest `items` of `every` (all of them, newest first), and the
    calendar of the whole list's pages when some are left out. Iterating it gives the items shown."""

    kind: str  # of the records listed: incident, statement, measure
    every: list
    items: list
    label: str  # what the whole list is: "incidents in Russia"
    calendar: tuple[Year, ...] = ()  # newest year first, when the list is longer than one page

    @property
    def total(self) -> int:
        return len(self.every)

    @property
    def noun(self) -> str:
        return LIST_NAMES[self.kind]

    @property
    def anchor(self) -> str:
        return calendar_anchor(self.kind)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def calendar_anchor(kind: str) -> str:
    """Where a list's calendar is on its page (a page has one list of each kind): #incidents-by-date."""
    return f"{LIST_NAMES[kind]}-by-date"


class Newest:
    """newest_first over and over, cheaply: each kind is sorted once, subsets by that rank."""

    def __init__(self, b: Briefing, newest_first):
        self.b = b
        self._newest_first = newest_first
        self._ranks: dict[str, tuple[dict[str, int], list[Entry]]] = {}

    def order(self, kind: str) -> tuple[dict[str, int], list[Entry]]:
        """Each record's position in the kind's newest-first order, and that order."""
        if kind not in self._ranks:
            ordered = self._newest_first(self.b, kind)
            self._ranks[kind] = ({e.id: n for n, e in enumerate(ordered)}, ordered)
        return self._ranks[kind]

    def __call__(self, kind: str, ids: Iterable[str] | None = None) -> list[Entry]:
        rank, ordered = self.order(kind)
        trace = self.b.trace
        if ids is None:
            trace.note(("record", kind, EVERY))  # the whole table, which order() notes only the first time
            return list(ordered)
        if trace.active:  # a preview plans a record's pages again when a record its lists hold changes
            trace.note_all(("record", kind, i) for i in ids)
        # positions are unique ints: sorting them and looking the entries up stays in C (a plan makes several
        # lists a record, most of them empty or short)
        return list(map(ordered.__getitem__, sorted(map(rank.__getitem__, ids))))


def deep_regions(b: Briefing) -> dict[str, dict[str, set[str]]]:
    """Per region, the ids of the incidents, statements and measures placed in it or any region below
    it: built bottom-up once, instead of a set per region over all its descendants."""
    direct = {"incident": b.region_incidents, "statement": b.region_statements, "measure": b.region_measures}
    depth = {r: len(b.ancestors(r)) for r in b["region"]}
    deep: dict[str, dict[str, set[str]]] = {}
    for region in sorted(b["region"], key=lambda r: (-depth[r], r)):  # children before their parents
        sets = {kind: set(index.get(region, ())) for kind, index in direct.items()}
        for child in b.children.get(region, ()):
            for kind in sets:
                sets[kind] |= deep[child][kind]
        deep[region] = sets
    return deep


def region_counts(b: Briefing, deep=None) -> dict[str, dict[str, int]]:
    """Per region, counts including its sub-regions (a record counted once per region)."""
    deep = deep if deep is not None else deep_regions(b)
    return {region: {"incidents": len(deep[region]["incident"]), "statements": len(deep[region]["statement"]),
                     "measures": len(deep[region]["measure"])} for region in b["region"]}


def section(pages: list, owner: Entry, kind: str, every: list[Entry], label: str, page_size: int,
            kind_dirs: dict[str, str], page_class) -> Section:
    """The record page's list of `kind`; when it is longer than a page, the pages of the whole list by
    period are appended to `pages`, one level below the record pages of its kind, so that they cannot
    clash with any record's page: regions/russia/incidents/2026.md."""
    return whole_list(pages, list_folder(owner, kind, kind_dirs), kind, every, label, page_size, page_class,
                      owner=owner)


def whole_list(pages: list, folder: str, kind: str, every: list[Entry], label: str, page_size: int, page_class,
               owner: Entry | None = None, back: str | None = None) -> Section:
    """`every` (newest first) as a Section: all of it when it fits a page; past that its newest NEWEST_SHOWN
    (or page_size, when smaller), and its pages by period below `folder` are appended to `pages`, the
    Section's calendar linking to them. Each period page links back to the owner's page, or to `back` for
    a list that belongs to no record."""
    if len(every) <= page_size:
        return Section(kind, every, every, label)
    heading = label[:1].upper() + label[1:]
    periods = by_period(every, _month_of, page_size)
    firsts = [f"{folder}/{period.stem}.md" for period, _ in periods]
    for n, (period, items) in enumerate(periods):
        context = {
            "owner": owner, "back": back, "kind": kind, "heading": heading, "noun": LIST_NAMES[kind],
            "anchor": calendar_anchor(kind), "period": period,
            "newer": (periods[n - 1][0], firsts[n - 1]) if n else None,
            "older": (periods[n + 1][0], firsts[n + 1]) if n + 1 < len(periods) else None,
        }
        for pager in paginate(firsts[n], items, page_size):  # a month fuller than a page continues on page 2
            title = f"{heading}: {period.label}" + (
                f", page {pager.number} of {pager.count}" if pager.number > 1 else "")
            pages.append(page_class(pager.path, LISTING_TEMPLATE, {**context, "p": pager}, title=title))
    years: dict[int, list[tuple[Period, list, str]]] = {}
    for (period, items), first in zip(periods, firsts, strict=True):
        years.setdefault(period.year, []).append((period, items, first))
    calendar = tuple(Year(year, sum(len(items) for _, items, _ in rows),
                          tuple((period, first) for period, _, first in rows))
                     for year, rows in years.items())
    return Section(kind, every, every[:min(page_size, NEWEST_SHOWN)], label, calendar)


# a record's (year, month or None), looked up in C: by_period asks it of every record of every long list
_month_of = attrgetter("model.date.year", "model.date.month")


def free_path(path: str, taken: set[str]) -> str:
    """`path`, or `path` with -2, -3 … added to its stem while a record's page holds it."""
    stem, n = path[: -len(".md")], 1
    while path in taken:
        n += 1
        path = f"{stem}-{n}.md"
    return path


def paginated(pages: list, first: str, template: str, items: list, size: int, context: dict, title: str,
              page_class) -> None:
    """An index page and, past `size` items, its continuation pages; each gets its Pager as `p`."""
    for pager in paginate(first, items, size):
        pages.append(page_class(pager.path, template, {**context, "p": pager},
                                title=title if pager.number == 1 else f"{title}, page {pager.number} of {pager.count}"))


@dataclass(frozen=True)
class MeasureLine:
    """One line of the measures index: a measure under one of its regions."""

    region: Entry
    measure: Entry
    first: bool  # the region's first measure on this page: its heading goes above
    continued: bool = False  # … and the region's list began on the page before


def measure_lines(groups: list[tuple[Entry, list[Entry]]], size: int) -> list[MeasureLine]:
    """The measures index's (region, measures) groups as lines, for pages of `size` lines; a region
    cut by a page break starts the next page with its heading again."""
    lines = [(region, measure) for region, measures in groups for measure in measures]
    return [MeasureLine(region, measure, n % size == 0 or lines[n - 1][0] is not region,
                        n % size == 0 and n > 0 and lines[n - 1][0] is region)
            for n, (region, measure) in enumerate(lines)]
