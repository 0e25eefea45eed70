"""Plan: a linked Briefing → the list of pages to render, as pure data (no I/O).

Each page is (output path, template, context). Paths are MkDocs source paths, so
`incidents/x.md` is served at `incidents/x/`. Lists are sorted here, newest first,
so templates only lay them out. plan() runs one planner per kind of page (planners.py) in
the site's order; what the planners share (the orders, the month groups, the region counts)
is made once, in Planning.

A preview reuses the pages of an earlier plan (preview/replan.py) by passing a Reuse: each
index page group, each record's pages and each record page's list is made through it, and it
may give back what the last plan made instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from generator.content.link import Briefing, newest_key
from generator.content.trace import EVERY
from generator.content.validate import Entry
from generator.pages import listings
from generator.pages.pagination import DEFAULT_PAGE_SIZE
from generator.pages.urls import KIND_DIRS

LATEST = 10  # developments on the home page


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    context: dict = field(default_factory=dict, hash=False, compare=False)
    record: tuple[str, str] | None = None  # (kind, id) of a record page; None for an index page
    title: str = ""


def newest_first(briefing: Briefing, kind: str, ids=None) -> list[Entry]:
    by_id = briefing[kind]
    if ids is None:  # every record of the kind: sorted once per briefing
        briefing.trace.note(("record", kind, EVERY))  # what the order stands for, also when it is sorted already
        ordered = briefing.orders.get(kind)
        if ordered is None:
            ordered = briefing.orders[kind] = sorted(by_id.values(), key=newest_key)
        return list(ordered)
    return sorted((by_id[i] for i in ids), key=newest_key)


@dataclass(frozen=True)
class Update:
    """One dated update or correction, with the record it belongs to."""

    entry: Entry
    date: object
    note: str


def updates(briefing: Briefing) -> list[Update]:
    found = [Update(entry, u.date, u.note) for kind in ("incident", "statement", "measure", "briefing")
             for entry in briefing[kind].values() for u in entry.model.updates]
    return sorted(found, key=lambda u: (u.date.recent_key(), u.entry.kind, u.entry.id, u.note))


def months(briefing: Briefing) -> list[tuple[tuple[int, int | None], list[Entry]]]:
    """Incidents grouped by (year, month), newest month first; year-only dates form their own group.
    Grouped once a briefing (callers do not change the lists)."""
    briefing.trace.note(("record", "incident", EVERY))  # what the groups stand for, also when made already
    if briefing.months is None:
        groups: dict[tuple[int, int | None], list[Entry]] = defaultdict(list)
        for entry in newest_first(briefing, "incident"):
            groups[(entry.model.date.year, entry.model.date.month)].append(entry)
        briefing.months = sorted(groups.items(), key=lambda kv: (-kv[0][0], kv[0][1] is None, -(kv[0][1] or 0)))
    return briefing.months


class Reuse:
    """How plan() makes each group of pages and each list: afresh, as a build does. A preview's Replan
    (preview/replan.py) overrides both to give back what its last plan made when the edit left it alone."""

    def pages(self, key: tuple[str, str], make: Callable[[], list[Page]]) -> list[Page]:
        """A group of pages: ("pages", name) for index pages, (kind, id) for a record's own page and its lists'."""
        return make()

    def section(self, key: tuple, ids: Iterable[str], make: Callable[[], tuple[listings.Section, list[Page]]]
                ) -> tuple[listings.Section, list[Page]]:
        """One list of a record page, (owner kind, owner id, kind listed, label), of the records `ids`: the
        Section and the pages of its periods."""
        return make()

    def done(self) -> None:
        """The plan is complete."""


class Planning:
    """What the planners share: the briefing, the page size, the reuse, and what several of them read,
    made once a plan."""

    def __init__(self, briefing: Briefing, page_size: int, reuse: Reuse) -> None:
        self.b, self.page_size, self.reuse = briefing, page_size, reuse
        self.trace = briefing.trace
        self.newest = listings.Newest(briefing, newest_first)  # each kind sorted once; lists sorted by that rank
        # made before any planner runs, so that a preview does not count what they read against one page
        self.month_groups = months(briefing)
        self.updates = updates(briefing)
        self.deep = listings.deep_regions(briefing)  # region → records placed in it or below it, by kind
        self.counts = listings.region_counts(briefing, self.deep)

    def records(self, kind: str, planner: Callable[[Planning, Entry, list[Page]], Page]) -> list[Page]:
        """Each record's pages of this kind: `planner(planning, entry, lists)` appends its lists' pages to
        `lists` and returns its own page, which follows them."""
        pages: list[Page] = []
        for entry in self.b[kind].values():
            pages += self.reuse.pages((kind, entry.id), lambda entry=entry: self._record(entry, planner))
        return pages

    def _record(self, entry: Entry, planner) -> list[Page]:
        self.trace.note(("record", entry.kind, entry.id))
        lists: list[Page] = []
        own = planner(self, entry, lists)
        return [*lists, own]

    def section(self, into: list[Page], owner: Entry, kind: str, ids, label: str) -> listings.Section:
        """A record page's list: all of it, or past a page its newest and the pages of the whole list by period
        (appended to `into`)."""
        def make() -> tuple[listings.Section, list[Page]]:
            made: list[Page] = []
            found = listings.section(made, owner, kind, self.newest(kind, ids), label, self.page_size, KIND_DIRS,
                                     Page)
            return found, made

        found, pages = self.reuse.section((owner.kind, owner.id, kind, label), ids, make)
        into.extend(pages)
        return found


def plan(briefing: Briefing, page_size: int = DEFAULT_PAGE_SIZE, reuse: Reuse | None = None) -> list[Page]:
    """Every page of the site, in the site's order: the home page, then each kind of page in turn."""
    from generator.pages import planners as p  # the planners need Page and Planning from here

    planning = Planning(briefing, page_size, reuse or Reuse())
    group = planning.reuse.pages
    pages = p.home(planning)
    pages += group(("pages", "briefings"), lambda: p.briefings_index(planning))
    pages += planning.records("briefing", p.briefing)
    pages += group(("pages", "timeline"), lambda: p.timeline(planning))
    pages += planning.records("incident", p.incident)
    pages.append(p.regions_index(planning))
    pages += planning.records("region", p.region)
    pages += group(("pages", "quotes"), lambda: p.quotes_index(planning))
    pages += planning.records("statement", p.statement)
    pages += group(("pages", "measures"), lambda: p.measures_index(planning))
    pages += planning.records("measure", p.measure)
    pages += group(("pages", "actors"), lambda: p.actors_index(planning))
    pages += planning.records("actor", p.actor)
    pages += group(("pages", "sources"), lambda: p.sources_index(planning))
    pages += planning.records("source", p.source)
    pages += p.corrections(planning)
    pages.append(p.data_index(planning))
    planning.reuse.done()
    return pages
