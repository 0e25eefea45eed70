"""Plan: a linked Briefing → the list of pages to render, as pure data (no I/O).

Each page is (output path, template, context). Paths are MkDocs source paths, so
`incidents/x.md` is served at `incidents/x/`. Lists are sorted here, newest first,
so templates only lay them out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from .link import Briefing
from .pagination import DEFAULT_PAGE_SIZE, Pager, paginate  # noqa: F401 (used as listings are paginated)
from .validate import Entry

# Where each kind's own pages live; statements are quotes to a reader.
KIND_DIRS = {
    "incident": "incidents",
    "statement": "quotes",
    "measure": "measures",
    "region": "regions",
    "actor": "actors",
    "source": "sources",
}
INDEX_PAGES = ("index.md", "timeline/index.md", "map/index.md", "regions/index.md", "quotes/index.md", "measures/index.md",
               "actors/index.md", "sources/index.md", "corrections/index.md", "data/index.md")
LATEST = 10  # developments on the home page
TIMELINE_INDEX = "data/timeline.json"  # what the timeline's filters search when its page lists only the newest


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    context: dict = field(default_factory=dict, hash=False, compare=False)
    record: tuple[str, str] | None = None  # (kind, id) of a record page; None for an index page
    title: str = ""


def record_path(kind: str, record_id: str) -> str:
    return f"{KIND_DIRS[kind]}/{record_id}.md"


def month_path(year: int, month: int | None) -> str:
    return f"timeline/{year:04d}/{month:02d}.md" if month else f"timeline/{year:04d}/undated.md"


def newest_first(briefing: Briefing, kind: str, ids=None) -> list[Entry]:
    by_id = briefing[kind]
    chosen = by_id.values() if ids is None else (by_id[i] for i in ids)
    return sorted(chosen, key=lambda e: (e.model.date.recent_key(), e.id))


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
    """Incidents grouped by (year, month), newest month first; year-only dates form their own group."""
    groups: dict[tuple[int, int | None], list[Entry]] = defaultdict(list)
    for entry in newest_first(briefing, "incident"):
        groups[(entry.model.date.year, entry.model.date.month)].append(entry)
    return sorted(groups.items(), key=lambda kv: (-kv[0][0], kv[0][1] is None, -(kv[0][1] or 0)))


def plan(briefing: Briefing, page_size: int = DEFAULT_PAGE_SIZE) -> list[Page]:
    b = briefing
    pages: list[Page] = []
    month_groups = months(b)
    all_updates = updates(b)

    pages.append(Page("index.md", "home.md.j2", {
        "latest": newest_first(b, "incident")[:LATEST],
        "latest_measures": newest_first(b, "measure")[:LATEST],
        "latest_updates": all_updates[:LATEST],
        "by_region": _region_counts(b),
        "by_status": Counter(e.model.status for e in b["incident"].values()),
        "by_month": [(key, len(items)) for key, items in month_groups],
    }, title="Home"))
    pages.append(Page("timeline/index.md", "timeline.md.j2", timeline_context(b, month_groups, page_size),
                      title="Timeline"))
    pages.append(Page("map/index.md", "map.md.j2", {}, title="Map"))
    for (year, month), items in month_groups:
        for pager in paginate(month_path(year, month), items, page_size):  # a busy month continues on page 2
            pages.append(Page(pager.path, "month.md.j2",
                              {"year": year, "month": month, "incidents": pager.items, "pager": pager},
                              title=f"{year}-{month or ''}" + (f" p{pager.number}" if pager.number > 1 else "")))

    for entry in b["incident"].values():
        pages.append(_record_page(entry, "incident.md.j2", {
            "statements": newest_first(b, "statement", b.incident_statements.get(entry.id, [])),
            "measures": newest_first(b, "measure", b.incident_measures.get(entry.id, [])),
        }))

    roots = sorted(r.id for r in b["region"].values() if r.model.parent is None)
    pages.append(Page("regions/index.md", "regions.md.j2", {"roots": roots, "counts": _region_counts(b)},
                      title="Regions"))
    for entry in b["region"].values():
        below = b.descendants(entry.id)
        deep_incidents = {i for r in below for i in b.region_incidents.get(r, [])}
        pages.append(_record_page(entry, "region.md.j2", {
            "ancestors": list(reversed(b.ancestors(entry.id))),
            "children": b.children.get(entry.id, []),
            "incidents": newest_first(b, "incident", sorted(deep_incidents)),
            "statements": newest_first(b, "statement", sorted({s for r in below for s in b.region_statements.get(r, [])})),
            "measures": newest_first(b, "measure", sorted({m for r in below for m in b.region_measures.get(r, [])})),
            "actors": b.region_actors.get(entry.id, []),
        }))

    named, anonymous = _quotes_by_speaker(b)
    threads = [(s, thread(b, s.id)) for s in newest_first(b, "statement")
               if s.model.responds_to is None and b.replies.get(s.id)]
    pages.append(Page("quotes/index.md", "quotes.md.j2",
                      {"named": named, "anonymous": anonymous, "threads": threads}, title="Quotes"))
    for entry in b["statement"].values():
        pages.append(_record_page(entry, "statement.md.j2", {
            "replies": newest_first(b, "statement", b.replies.get(entry.id, [])),
            "regions": b.statement_regions.get(entry.id, []),
        }))

    pages.append(Page("measures/index.md", "measures.md.j2", {"groups": _measures_by_region(b)}, title="Measures"))
    for entry in b["measure"].values():
        pages.append(_record_page(entry, "measure.md.j2", {}))

    pages.append(Page("actors/index.md", "actors.md.j2", {
        "actors": sorted(b["actor"].values(), key=lambda e: (e.model.name.casefold(), e.id)),
    }, title="Actors"))
    for entry in b["actor"].values():
        pages.append(_record_page(entry, "actor.md.j2", {
            "statements": newest_first(b, "statement", b.actor_statements.get(entry.id, [])),
            "incidents": newest_first(b, "incident", b.actor_incidents.get(entry.id, [])),
            "measures": newest_first(b, "measure", b.actor_measures.get(entry.id, [])),
            "members": b.actor_members.get(entry.id, []),
        }))

    pages.append(Page("sources/index.md", "sources.md.j2", {
        "sources": sorted(b["source"].values(), key=lambda e: (e.model.name.casefold(), e.id)),
    }, title="Sources"))
    for entry in b["source"].values():
        citing = b.source_citations.get(entry.id, [])
        pages.append(_record_page(entry, "source.md.j2", {
            kind: newest_first(b, kind, [i for k, i in citing if k == kind])
            for kind in ("incident", "statement", "measure")
        }))

    pages.append(Page("corrections/index.md", "corrections.md.j2", {"updates": all_updates}, title="Corrections"))
    pages.append(Page("data/index.md", "data.md.j2", {
        "counts": {kind: len(b[kind]) for kind in ("incident", "statement", "measure")},
        "located": sum(1 for e in b["incident"].values() if e.model.location and e.model.location.coordinates),
    }, title="Data"))
    return pages


def timeline_context(b: Briefing, month_groups, page_size: int) -> dict:
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
    in_region = Counter(r for e in b["incident"].values()
                        for r in {a for region in e.model.regions for a in (region, *b.ancestors(region))})
    context.update(months=newest, partial=True, total=total, shown=page_size, page_size=page_size,
                   index=TIMELINE_INDEX, month_totals=dict(month_counts), years=years,
                   # the filter offers only regions with incidents: the page need not carry the others
                   region_options=[r for r in context["region_options"] if in_region[r["id"]]], counts={
                       "region": dict(in_region),  # sub-regions included, an incident counted once
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
    counts = {}
    for region in b["region"]:
        below = b.descendants(region)
        counts[region] = {
            "incidents": len({i for r in below for i in b.region_incidents.get(r, [])}),
            "statements": len({s for r in below for s in b.region_statements.get(r, [])}),
            "measures": len({m for r in below for m in b.region_measures.get(r, [])}),
        }
    return counts


def _quotes_by_speaker(b: Briefing):
    named = sorted(
        ((b["actor"][speaker], newest_first(b, "statement", ids)) for speaker, ids in b.actor_statements.items()),
        key=lambda pair: (pair[0].model.name.casefold(), pair[0].id),
    )
    anonymous = newest_first(b, "statement", [s.id for s in b["statement"].values() if s.model.anonymous])
    return named, anonymous


def _measures_by_region(b: Briefing):
    """(region, measures newest first) for each region with measures, in region-name order."""
    groups = [(b["region"][region], newest_first(b, "measure", ids)) for region, ids in b.region_measures.items()]
    return sorted(groups, key=lambda pair: (pair[0].model.name.casefold(), pair[0].id))
