"""Planners: one function for each kind of page, called by plan() in the site's order.

A planner of index pages returns its pages; a planner of a record's pages (incident, region …) appends
the pages of its long lists to `lists` and returns the record's own page (Planning.records). Lists of a
record page are made through Planning.section, which a preview may answer from its last plan.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from generator.content.link import Briefing, record_links
from generator.content.trace import EVERY
from generator.content.validate import Entry
from generator.kinds import KINDS
from generator.pages import charts, listings
from generator.pages.pagination import paginate
from generator.pages.plan import LATEST, Page, Planning, months, newest_first
from generator.pages.urls import (
    CHART,
    KIND_DIRS,
    MAP_POINTS,
    RESPONSES_CHART,
    TIMELINE_CHART,
    TIMELINE_INDEX,
    month_path,
    pdf_path,
    record_path,
)


def home(p: Planning) -> list[Page]:
    """The home page, and the SVG of its chart of responses (its chart of incidents is the timeline's)."""
    b = p.b
    shown = [charts.incidents(b["incident"].values(), TIMELINE_CHART),
             charts.responses(b["statement"].values(), RESPONSES_CHART)]
    return [*_chart_pages(shown[1:]), Page("index.md", "home.md.j2", {
        "latest_briefing": next(iter(newest_first(b, "briefing")), None),
        "latest": newest_first(b, "incident")[:LATEST],
        "latest_measures": newest_first(b, "measure")[:LATEST],
        "latest_updates": p.updates[:LATEST],
        "by_region": _home_regions(p.counts, p.page_size),
        "by_status": Counter(e.model.status for e in b["incident"].values()),
        "by_month": [(key, len(items)) for key, items in p.month_groups],
        "last_updated": last_updated(b, p.updates),
        "charts": shown,
    }, title="Home")]


def briefings_index(p: Planning) -> list[Page]:
    """Every briefing, newest first, continued on numbered pages."""
    pages: list[Page] = []
    listings.paginated(pages, "briefings/index.md", "briefings.md.j2", newest_first(p.b, "briefing"), p.page_size,
                       {}, "Briefings", Page)
    return pages


def briefing(p: Planning, entry: Entry, lists: list[Page]) -> Page:
    """A briefing: its points, its assessment, and the records they link to (record_links), by kind."""
    m = entry.model
    linked = record_links(*m.points, p.b.body(entry))
    return _record_page(entry, "briefing.md.j2", {"linked": linked, "pdf": pdf_path(entry.id)})


def last_updated(b: Briefing, updates) -> object | None:
    """When the briefing last changed, as its records say: the latest `added` of any record or date of any
    update (the build's own date would change with every rebuild of the same content)."""
    dates = [e.model.added for kind in KINDS for e in b[kind].values() if e.model.added is not None]
    dates += [u.date for u in updates]
    return max(dates, key=lambda d: d.chrono_key(), default=None)


def timeline(p: Planning) -> list[Page]:
    """The timeline, the map and a page per month (a busy month continues on page 2)."""
    b = p.b
    groups = months(b)  # again, cached: in a preview this notes what it reads
    chart = charts.incidents(b["incident"].values(), TIMELINE_CHART)
    pages = [*_chart_pages([chart]),
             Page("timeline/index.md", "timeline.md.j2",
                  {**timeline_context(b, groups, p.page_size, p.counts), "charts": [chart]}, title="Timeline"),
             Page("map/index.md", "map.md.j2", {"incidents": newest_first(b, "incident")}, title="Map")]
    for (year, month), items in groups:
        for pager in paginate(month_path(year, month), items, p.page_size):
            pages.append(Page(pager.path, "month.md.j2",
                              {"year": year, "month": month, "incidents": pager.items, "pager": pager},
                              title=f"{year}-{month or ''}" + (f" p{pager.number}" if pager.number > 1 else "")))
    return pages


def incident(p: Planning, entry: Entry, lists: list[Page]) -> Page:
    b, title = p.b, entry.model.title
    return _record_page(entry, "incident.md.j2", {
        "statements": p.section(lists, entry, "statement", b.incident_statements.get(entry.id, []),
                                f"statements about “{title}”"),
        "measures": p.section(lists, entry, "measure", b.incident_measures.get(entry.id, []),
                              f"measures related to “{title}”"),
    })


def regions_index(p: Planning) -> Page:
    roots = sorted(r.id for r in p.b["region"].values() if r.model.parent is None)
    return Page("regions/index.md", "regions.md.j2", {"roots": roots, "counts": p.counts}, title="Regions")


def region(p: Planning, entry: Entry, lists: list[Page]) -> Page:
    b, name = p.b, entry.model.name
    if p.trace.active:  # its lists hold what is placed in any region below it (listings.deep_regions)
        for below in b.descendants(entry.id):
            for index in (b.region_incidents, b.region_statements, b.region_measures):
                index.get(below)
    incidents = p.section(lists, entry, "incident", p.deep[entry.id]["incident"], f"incidents in {name}")
    map_points = None
    if incidents.calendar:  # a long list: its map's points (hundreds) in a data file, not in the page
        map_points = f"{listings.list_folder(entry, 'incident', KIND_DIRS)}/{MAP_POINTS}"
        lists.append(Page(map_points, "map_points.json.j2", {"incidents": incidents,
                                                              "shown_on": record_path("region", entry.id)}))
    statements = p.section(lists, entry, "statement", p.deep[entry.id]["statement"], f"statements on {name}")
    shown = [charts.incidents(incidents.every, f"{listings.list_folder(entry, 'incident', KIND_DIRS)}/{CHART}",
                              f"in {name}"),
             charts.responses(statements.every, f"{listings.list_folder(entry, 'statement', KIND_DIRS)}/{CHART}",
                              f"on {name}")]
    lists += _chart_pages(shown)
    return _record_page(entry, "region.md.j2", {
        "charts": shown,
        "ancestors": list(reversed(b.ancestors(entry.id))),
        "children": b.children.get(entry.id, []),
        "incidents": incidents,
        "map_points": map_points,
        "statements": statements,
        "measures": p.section(lists, entry, "measure", p.deep[entry.id]["measure"], f"measures in {name}"),
        "actors": b.region_actors.get(entry.id, []),
    })


def quotes_index(p: Planning) -> list[Page]:
    pages: list[Page] = []
    _quotes_index(p.b, pages, p.newest, p.page_size)
    return pages


def statement(p: Planning, entry: Entry, lists: list[Page]) -> Page:
    b, model = p.b, entry.model
    replies = b.replies.get(entry.id, [])
    label = "responses to {}, {}".format(b["actor"][model.speaker].model.name if model.speaker else model.anonymous,
                                         model.date.label(model.circa)) if replies else "responses"
    return _record_page(entry, "statement.md.j2", {
        "replies": p.section(lists, entry, "statement", replies, label),
        "regions": b.statement_regions.get(entry.id, []),
    })


def measures_index(p: Planning) -> list[Page]:
    groups = _measures_by_region(p.b, p.newest)
    if sum(len(measures) for _, measures in groups) <= p.page_size:
        return [Page("measures/index.md", "measures.md.j2", {"groups": groups}, title="Measures")]
    pages: list[Page] = []  # one line per measure and region, continued on numbered pages
    listings.paginated(pages, "measures/index.md", "measures_paged.md.j2",
                       listings.measure_lines(groups, p.page_size), p.page_size, {}, "Measures", Page)
    return pages


def measure(p: Planning, entry: Entry, lists: list[Page]) -> Page:
    return _record_page(entry, "measure.md.j2", {})


def actors_index(p: Planning) -> list[Page]:
    return _names_index(p, "actor", "actors/index.md", "actors.md.j2", "Actors")


def actor(p: Planning, entry: Entry, lists: list[Page]) -> Page:
    b, name = p.b, entry.model.name
    return _record_page(entry, "actor.md.j2", {
        "statements": p.section(lists, entry, "statement", b.actor_statements.get(entry.id, []),
                                f"statements by {name}"),
        "incidents": p.section(lists, entry, "incident", b.actor_incidents.get(entry.id, []),
                               f"incidents involving {name}"),
        "measures": p.section(lists, entry, "measure", b.actor_measures.get(entry.id, []),
                              f"measures issued by {name}"),
        "members": b.actor_members.get(entry.id, []),
    })


def sources_index(p: Planning) -> list[Page]:
    return _names_index(p, "source", "sources/index.md", "sources.md.j2", "Sources")


_CITING = {"incident": "incidents citing {}", "statement": "statements reported by {}", "measure": "measures citing {}"}


def source(p: Planning, entry: Entry, lists: list[Page]) -> Page:
    citing = p.b.source_citations.get(entry.id, [])
    return _record_page(entry, "source.md.j2", {
        kind: p.section(lists, entry, kind, [i for k, i in citing if k == kind], label.format(entry.model.name))
        for kind, label in _CITING.items()
    })


def corrections(p: Planning) -> list[Page]:
    pages: list[Page] = []
    listings.paginated(pages, "corrections/index.md", "corrections.md.j2", p.updates, p.page_size, {},
                       "Corrections", Page)
    return pages


def data_index(p: Planning) -> Page:
    b = p.b
    return Page("data/index.md", "data.md.j2", {
        "counts": {kind: len(b[kind]) for kind in ("incident", "statement", "measure", "briefing")},
        "located": sum(1 for e in b["incident"].values() if e.model.location and e.model.location.coordinates),
    }, title="Data")


def _names_index(p: Planning, kind: str, path: str, template: str, title: str) -> list[Page]:
    """An index of one line a record, by name (actors, sources), continued on numbered pages."""
    pages: list[Page] = []
    by_name = sorted(p.b[kind].values(), key=lambda e: (e.model.name.casefold(), e.id))
    listings.paginated(pages, path, template, by_name, p.page_size * listings.LINES_FACTOR, {}, title, Page)
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
    b.trace.note_all([("index", "region_incidents", EVERY), ("index", "children", EVERY)])
    in_region = {region: c["incidents"] for region, c in counts.items() if c["incidents"]}
    context.update(months=newest, partial=True, total=total, shown=page_size, page_size=page_size,
                   index=TIMELINE_INDEX, month_totals=dict(month_counts), years=years,
                   # the filter offers only regions with incidents: the page need not carry the others
                   region_options=[r for r in context["region_options"] if in_region.get(r["id"])], counts={
                       "region": in_region,  # sub-regions included, an incident counted once
                       "status": dict(Counter(e.model.status for e in b["incident"].values())),
                       "type": dict(Counter(e.model.type for e in b["incident"].values() if e.model.type)),
                       **_grade_counts(b),
                   })
    return context


def _grade_counts(b: Briefing) -> dict[str, dict[str, int]]:
    """Incidents by their best reliability and their best credibility (Briefing.best_grades), the ungraded left
    out: the grade filters' counts over all incidents."""
    grades = [b.best_grades(entry) for entry in b["incident"].values()]
    return {"reliability": dict(Counter(r for r, _ in grades if r)),
            "credibility": dict(Counter(c for _, c in grades if c))}


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


def _chart_pages(shown: list[charts.Chart | None]) -> list[Page]:
    """The SVG file of each chart (a region with no incidents has no chart)."""
    return [Page(chart.path, "chart.svg.j2", {"chart": chart}) for chart in shown if chart is not None]


def _record_page(entry: Entry, template: str, context: dict) -> Page:
    return Page(record_path(entry.kind, entry.id), template, {"entry": entry, **context},
                record=(entry.kind, entry.id))


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
