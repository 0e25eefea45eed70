"""Plan: a linked Briefing → the list of pages to render, as pure data (no I/O).

Each page is (output path, template, context). Paths are MkDocs source paths, so
`incidents/x.md` is served at `incidents/x/`. Lists are sorted here, newest first,
so templates only lay them out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from generator.content.link import Briefing, newest_key
from generator.pages import listings
from generator.pages.pagination import DEFAULT_PAGE_SIZE, Pager, paginate  # noqa: F401 (used as listings are paginated)
from generator.preview.reads import EVERY, READS, note, noting
from generator.content.validate import Entry
from generator.pages.urls import KIND_DIRS, MAP_POINTS, TIMELINE_INDEX, month_path, record_path

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
        note(("record", kind, EVERY))  # what the order stands for, also when it is sorted already
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
    found = [Update(entry, u.date, u.note) for kind in ("incident", "statement", "measure")
             for entry in briefing[kind].values() for u in entry.model.updates]
    return sorted(found, key=lambda u: (u.date.recent_key(), u.entry.kind, u.entry.id, u.note))


def months(briefing: Briefing) -> list[tuple[tuple[int, int | None], list[Entry]]]:
    """Incidents grouped by (year, month), newest month first; year-only dates form their own group.
    Grouped once a briefing (callers do not change the lists)."""
    note(("record", "incident", EVERY))  # what the groups stand for, also when they are made already
    if briefing.months is None:
        groups: dict[tuple[int, int | None], list[Entry]] = defaultdict(list)
        for entry in newest_first(briefing, "incident"):
            groups[(entry.model.date.year, entry.model.date.month)].append(entry)
        briefing.months = sorted(groups.items(), key=lambda kv: (-kv[0][0], kv[0][1] is None, -(kv[0][1] or 0)))
    return briefing.months


@dataclass
class Planned:
    """A record's pages (its own and its long lists' periods) as one plan made them, and what planning them
    read of the briefing (reads.py tokens)."""

    pages: list[Page]
    reads: set


class Replan:
    """What a preview keeps of one plan for the next (incremental.py). Planning every record's pages again
    after an edit was a second at 10,000 incidents, though an edit changes the lists of a few records: a
    record whose planning read nothing the edit changed keeps its pages, the very objects, from before. So
    do the index pages planned together (("pages", "quotes") …): they walk whole tables, so any edit to a
    record of a kind they list plans them again, and an edit to another kind does not."""

    def __init__(self, before: "Replan | None" = None, changed: set | None = None):
        self.records: dict[tuple[str, str], Planned] = {}  # (kind, id), or ("pages", name) for index pages
        self.sections: dict[tuple, PlannedSection] = {}  # (owner kind, owner id, kind listed, label)
        self._before = before.records if before is not None and changed is not None else {}
        self._sections_before = before.sections if before is not None and changed is not None else {}
        self._changed = changed or set()
        # what the edit reached, found in one pass: asking it of each of 50,000 records as the plan reaches them
        # was a tenth of a second of each reload at 10,000 incidents
        self._stale = {key for key, planned in self._before.items() if not planned.reads.isdisjoint(self._changed)}

    def kept(self, key: tuple[str, str]) -> Planned | None:
        if key in self._stale:
            return None
        return self._before.get(key)

    def carry_sections(self) -> None:
        """Once planned: the lists of the records kept, for the next edit (a record planned again made its own)."""
        kept, before = self.records, self._before
        self.sections.update({key: section for key, section in self._sections_before.items()
                              if (owner := kept.get(key[:2])) is not None and owner is before.get(key[:2])})

    def kept_section(self, key: tuple, ids) -> "PlannedSection | None":
        """A record's list as the last plan made it, when it lists the same records and none of them changed. A
        record planned again (it read something the edit changed) plans its other lists again too, and the
        long ones are most of planning it: at 10,000 incidents, moving an incident re-planned the root region's
        20,000 statements with its incidents."""
        found = self._sections_before.get(key)
        if found is None or not found.reads.isdisjoint(self._changed) or found.ids != ids:
            return None
        return found


@dataclass
class PlannedSection:
    """One list of a record's page as a plan made it (plan.Replan): the ids it was made from (a copy), the
    Section, the pages of its periods, and what making it read."""

    ids: "list | set"
    section: listings.Section
    pages: list[Page]
    reads: set


def plan(briefing: Briefing, page_size: int = DEFAULT_PAGE_SIZE, replan: Replan | None = None) -> list[Page]:
    """Every page of the site. With `replan` (a preview), what planning each record's pages read is noted
    in it, and a record whose reads the edit left alone keeps the pages its last plan made."""
    b = briefing
    pages: list[Page] = []
    month_groups = months(b)
    all_updates = updates(b)
    newest = listings.Newest(b, newest_first)  # each kind sorted once; lists below sorted by that rank
    deep = listings.deep_regions(b)
    counts = listings.region_counts(b, deep)

    def kept_or_made(key: tuple[str, str], make) -> None:
        """Pages `make(into)` appends to `into`; in a preview, those of the last plan when what making them read
        is unchanged (Replan)."""
        if replan is None:
            make(pages)
            return
        kept = replan.kept(key)
        if kept is None:
            made: list[Page] = []
            with noting() as reads:
                make(made)
            kept = Planned(made, reads)
        replan.records[key] = kept
        pages.extend(kept.pages)

    def record(entry: Entry, make) -> None:
        """A record's pages: `make(entry, into)` appends its lists' pages to `into` and returns its own page."""
        def own_and_lists(into: list) -> None:
            note(("record", entry.kind, entry.id))
            into.append(make(entry, into))

        kept_or_made((entry.kind, entry.id), own_and_lists)

    def section(into: list, owner: Entry, kind: str, ids, label: str) -> listings.Section:
        """A record page's list: all of it, or past a page its newest and the pages of the whole list by period.
        In a preview, the last plan's when it is the same list of the same records (Replan.kept_section)."""
        if replan is None:
            return listings.section(into, owner, kind, newest(kind, ids), label, page_size, KIND_DIRS, Page)
        key = (owner.kind, owner.id, kind, label)
        kept = replan.kept_section(key, ids)
        if kept is None:
            made: list[Page] = []
            with noting() as reads:
                found = listings.section(made, owner, kind, newest(kind, ids), label, page_size, KIND_DIRS, Page)
            kept = PlannedSection(set(ids) if isinstance(ids, (set, frozenset)) else list(ids), found, made, reads)
        elif READS:
            READS[-1].update(kept.reads)
        replan.sections[key] = kept
        into.extend(kept.pages)
        return kept.section

    pages.append(Page("index.md", "home.md.j2", {
        "latest": newest_first(b, "incident")[:LATEST],
        "latest_measures": newest_first(b, "measure")[:LATEST],
        "latest_updates": all_updates[:LATEST],
        "by_region": _home_regions(counts, page_size),
        "by_status": Counter(e.model.status for e in b["incident"].values()),
        "by_month": [(key, len(items)) for key, items in month_groups],
    }, title="Home"))

    def timeline(into: list) -> None:
        groups = months(b)  # again, cached: in a preview this notes what it reads
        into.append(Page("timeline/index.md", "timeline.md.j2", timeline_context(b, groups, page_size, counts),
                         title="Timeline"))
        into.append(Page("map/index.md", "map.md.j2", {}, title="Map"))
        for (year, month), items in groups:
            for pager in paginate(month_path(year, month), items, page_size):  # a busy month continues on page 2
                into.append(Page(pager.path, "month.md.j2",
                                 {"year": year, "month": month, "incidents": pager.items, "pager": pager},
                                 title=f"{year}-{month or ''}" + (f" p{pager.number}" if pager.number > 1 else "")))

    # The index pages that walk whole tables are kept, in a preview, when the edit reached none of them: an
    # edit to an incident leaves the quotes index (a tenth of a second at 10,000 incidents) as it was.
    kept_or_made(("pages", "timeline"), timeline)

    def incident(entry: Entry, into: list) -> Page:
        title = entry.model.title
        return _record_page(entry, "incident.md.j2", {
            "statements": section(into, entry, "statement", b.incident_statements.get(entry.id, []),
                                  f"statements about “{title}”"),
            "measures": section(into, entry, "measure", b.incident_measures.get(entry.id, []),
                                f"measures related to “{title}”"),
        })

    for entry in b["incident"].values():
        record(entry, incident)

    roots = sorted(r.id for r in b["region"].values() if r.model.parent is None)
    pages.append(Page("regions/index.md", "regions.md.j2", {"roots": roots, "counts": counts}, title="Regions"))

    def region(entry: Entry, into: list) -> Page:
        name = entry.model.name
        if READS:  # its lists hold what is placed in any region below it (listings.deep_regions)
            for below in b.descendants(entry.id):
                for index in (b.region_incidents, b.region_statements, b.region_measures):
                    index.get(below)
        incidents = section(into, entry, "incident", deep[entry.id]["incident"], f"incidents in {name}")
        map_points = None
        if incidents.calendar:  # a long list: its map's points (hundreds) in a data file, not in the page
            map_points = f"{listings.list_folder(entry, 'incident', KIND_DIRS)}/{MAP_POINTS}"
            into.append(Page(map_points, "map_points.json.j2", {"incidents": incidents,
                                                                 "shown_on": record_path("region", entry.id)}))
        return _record_page(entry, "region.md.j2", {
            "ancestors": list(reversed(b.ancestors(entry.id))),
            "children": b.children.get(entry.id, []),
            "incidents": incidents,
            "map_points": map_points,
            "statements": section(into, entry, "statement", deep[entry.id]["statement"], f"statements on {name}"),
            "measures": section(into, entry, "measure", deep[entry.id]["measure"], f"measures in {name}"),
            "actors": b.region_actors.get(entry.id, []),
        })

    for entry in b["region"].values():
        record(entry, region)

    kept_or_made(("pages", "quotes"), lambda into: _quotes_index(b, into, newest, page_size))

    def statement(entry: Entry, into: list) -> Page:
        replies = b.replies.get(entry.id, [])
        return _record_page(entry, "statement.md.j2", {
            "replies": section(into, entry, "statement", replies, "responses to {}, {}".format(
                b["actor"][entry.model.speaker].model.name if entry.model.speaker else entry.model.anonymous,
                entry.model.date.label(entry.model.circa)) if replies else "responses"),
            "regions": b.statement_regions.get(entry.id, []),
        })

    for entry in b["statement"].values():
        record(entry, statement)

    def measures_index(into: list) -> None:
        groups = _measures_by_region(b, newest)
        if sum(len(measures) for _, measures in groups) <= page_size:
            into.append(Page("measures/index.md", "measures.md.j2", {"groups": groups}, title="Measures"))
        else:  # one line per measure and region, continued on numbered pages
            listings.paginated(into, "measures/index.md", "measures_paged.md.j2",
                               listings.measure_lines(groups, page_size), page_size, {}, "Measures", Page)

    kept_or_made(("pages", "measures"), measures_index)

    def measure(entry: Entry, into: list) -> Page:
        return _record_page(entry, "measure.md.j2", {})

    for entry in b["measure"].values():
        record(entry, measure)

    kept_or_made(("pages", "actors"), lambda into: listings.paginated(
        into, "actors/index.md", "actors.md.j2", sorted(b["actor"].values(), key=lambda e: (e.model.name.casefold(), e.id)),
        page_size * listings.LINES_FACTOR, {}, "Actors", Page))

    def actor(entry: Entry, into: list) -> Page:
        name = entry.model.name
        return _record_page(entry, "actor.md.j2", {
            "statements": section(into, entry, "statement", b.actor_statements.get(entry.id, []),
                                  f"statements by {name}"),
            "incidents": section(into, entry, "incident", b.actor_incidents.get(entry.id, []),
                                 f"incidents involving {name}"),
            "measures": section(into, entry, "measure", b.actor_measures.get(entry.id, []),
                                f"measures issued by {name}"),
            "members": b.actor_members.get(entry.id, []),
        })

    for entry in b["actor"].values():
        record(entry, actor)

    kept_or_made(("pages", "sources"), lambda into: listings.paginated(
        into, "sources/index.md", "sources.md.j2", sorted(b["source"].values(), key=lambda e: (e.model.name.casefold(), e.id)),
        page_size * listings.LINES_FACTOR, {}, "Sources", Page))
    labels = {"incident": "incidents citing {}", "statement": "statements reported by {}", "measure": "measures citing {}"}

    def source(entry: Entry, into: list) -> Page:
        citing = b.source_citations.get(entry.id, [])
        return _record_page(entry, "source.md.j2", {
            kind: section(into, entry, kind, [i for k, i in citing if k == kind], labels[kind].format(entry.model.name))
            for kind in ("incident", "statement", "measure")
        })

    for entry in b["source"].values():
        record(entry, source)

    listings.paginated(pages, "corrections/index.md", "corrections.md.j2", all_updates, page_size, {},
                       "Corrections", Page)
    pages.append(Page("data/index.md", "data.md.j2", {
        "counts": {kind: len(b[kind]) for kind in ("incident", "statement", "measure")},
        "located": sum(1 for e in b["incident"].values() if e.model.location and e.model.location.coordinates),
    }, title="Data"))
    if replan is not None:
        replan.carry_sections()
    return pages


def timeline_context(b: Briefing, month_groups, page_size: int, counts: dict[str, dict[str, int]]) -> dict:
    """The timeline page. Up to page_size incidents it lists them all. Past that it lists the newest
    page_size (grouped by month, a cut month linking to its own page) and every month with its count,
    so a reader without JavaScript reaches everything through the month pages; the filters then
    search all incidents through the filter index TIMELINE_INDEX (exports.timeline_index), with the
    counts over all incidents given here."""
    context = {"months": month_groups, "region_options": region_options(b), "partial": False}
    total = sum(len(items) for _, items in month_groups)
    if total <= page_size:
        return context
    newest, left = [], page_size
    for key, items in month_groups:
        if left <= 0:
            break
        newest.append((key, items[:left]))
        left -= len(newest[-1][1])
    month_counts = [(key, len(items)) for key, items in month_groups]
    years = [(year, list(keys)) for year, keys in groupby(month_counts, key=lambda kv: kv[0][0])]
    # incidents in each region or below it, each counted once: the planner's deep counts (listings.region_counts)
    note(("index", "region_incidents", EVERY))
    note(("index", "children", EVERY))
    in_region = {region: c["incidents"] for region, c in counts.items() if c["incidents"]}
    context.update(months=newest, partial=True, total=total, shown=page_size, page_size=page_size,
                   index=TIMELINE_INDEX, month_totals=dict(month_counts), years=years,
                   # the filter offers only regions with incidents: the page need not carry the others
                   region_options=[r for r in context["region_options"] if in_region.get(r["id"])], counts={
                       "region": in_region,  # sub-regions included, an incident counted once
                       "status": dict(Counter(e.model.status for e in b["incident"].values())),
                       "type": dict(Counter(e.model.type for e in b["incident"].values() if e.model.type)),
                   })
    return context


def region_options(b: Briefing) -> list[dict]:
    """The region tree in reading order, for the timeline's region filter."""
    roots = sorted((r for r in b["region"].values() if r.model.parent is None), key=lambda e: e.model.name.casefold())
    options = []
    for root in roots:
        for region in b.descendants(root.id):
            options.append({"id": region, "name": b["region"][region].model.name,
                            "depth": len(b.ancestors(region))})
    return options


def thread(b: Briefing, root: str) -> list[tuple[Entry, int]]:
    """Every reply below root, depth first, oldest reply first, with its depth (1 = direct reply).
    Iterative, so a thread thousands of replies deep cannot exhaust the stack."""
    found: list[tuple[Entry, int]] = []
    stack = [(r, 1) for r in reversed(_oldest_first(b, b.replies.get(root, [])))]
    while stack:
        reply, depth = stack.pop()
        found.append((b["statement"][reply], depth))
        stack.extend((r, depth + 1) for r in reversed(_oldest_first(b, b.replies.get(reply, []))))
    return found


def _oldest_first(b: Briefing, ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda i: (b["statement"][i].model.date.chrono_key(), i))


def _record_page(entry: Entry, template: str, context: dict) -> Page:
    return Page(record_path(entry.kind, entry.id), template, {"entry": entry, **context},
                record=(entry.kind, entry.id))


def _region_counts(b: Briefing) -> dict[str, dict[str, int]]:
    """Per region, counts including its sub-regions (a record counted once per region)."""
    return listings.region_counts(b)


def _home_regions(counts: dict[str, dict[str, int]], page_size: int) -> dict:
    """The home page's figures by region: every region with records, in id order; past page_size
    regions, the page_size with the most incidents, most first (the regions index has them all)."""
    active = [(region, c) for region, c in sorted(counts.items()) if c["incidents"] or c["statements"] or c["measures"]]
    if len(active) <= page_size:
        return {"rows": active, "total": len(active), "cut": False}
    top = sorted(active, key=lambda rc: (-rc[1]["incidents"], -rc[1]["statements"], -rc[1]["measures"], rc[0]))
    return {"rows": top[:page_size], "total": len(active), "cut": True}


def _quotes_index(b: Briefing, pages: list[Page], newest, page_size: int) -> None:
    """The quotes index: every statement by speaker, the anonymous ones apart, claims with their
    responses as threads, each quote with its anchor. Past page_size statements that is too long for
    one page: the index then lists the speakers (each with their count, linking to their page, where
    their quotes are by date with their anchors), the anonymous statements have their own page (the
    newest, then all of them by date) and the threads their own paginated pages."""
    named = sorted(
        ((b["actor"][speaker], newest("statement", ids)) for speaker, ids in b.actor_statements.items()),
        key=lambda pair: (pair[0].model.name.casefold(), pair[0].id),
    )
    anonymous = newest("statement", [s.id for s in b["statement"].values() if s.model.anonymous])
    threads = [(s, thread(b, s.id)) for s in newest("statement")
               if s.model.responds_to is None and b.replies.get(s.id)]
    if len(b["statement"]) <= page_size:
        pages.append(Page("quotes/index.md", "quotes.md.j2",
                          {"named": named, "anonymous": anonymous, "threads": threads}, title="Quotes"))
        return
    taken = {record_path("statement", i) for i in b["statement"]}  # a statement may be called "threads"
    anonymous_path = listings.free_path("quotes/anonymous.md", taken)
    threads_path = listings.free_path("quotes/threads.md", taken)
    # each speaker with their count, and whether their page shows only their newest quotes
    speakers = [(actor, len(statements), len(statements) > page_size) for actor, statements in named]
    listings.paginated(pages, "quotes/index.md", "quotes_speakers.md.j2", speakers, page_size * listings.LINES_FACTOR, {
        "statements": len(b["statement"]), "anonymous": len(anonymous), "threads": len(threads),
        "anonymous_path": anonymous_path if anonymous else None, "threads_path": threads_path if threads else None,
    }, "Quotes", Page)
    if anonymous:  # the newest on their own page, and past that all of them by period, as a record page has them
        pages.append(Page(anonymous_path, "quotes_anonymous.md.j2", {"anonymous": listings.whole_list(
            pages, anonymous_path[: -len(".md")], "statement", anonymous, "statements from anonymous sources",
            page_size, Page, back=anonymous_path)}, title="Quotes from anonymous sources"))
    if threads:
        listings.paginated(pages, threads_path, "quotes_threads.md.j2", threads, page_size, {},
                           "Claims and responses", Page)


def _measures_by_region(b: Briefing, newest):
    """(region, measures newest first) for each region with measures, in region-name order."""
    groups = [(b["region"][region], newest("measure", ids)) for region, ids in b.region_measures.items()]
    return sorted(groups, key=lambda pair: (pair[0].model.name.casefold(), pair[0].id))
