"""`briefing stats`: what the briefing holds, as plain-text tables for a terminal.

Counts by kind, by region (a region's counts include its sub-regions, shown as a tree),
by incident status and by month, and the share of anonymous statements per region.
"""

from __future__ import annotations

from collections import Counter

from generator.content.dates import MONTH_NAMES
from generator.content.link import Briefing
from generator.kinds import KINDS, STATUSES

NO_REGION = "(no region)"


def table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> list[str]:
    """Aligned columns, two spaces apart, a dashed rule under the headers; numeric columns
    (by index; by default every one but the first) are right-aligned."""
    numeric = set(range(1, len(headers))) if numeric is None else numeric
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells) -> str:
        parts = [str(c).rjust(w) if i in numeric else str(c).ljust(w)
                 for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(parts).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({round(100 * part / whole)}%)" if whole else "-"


def stats_table(briefing: Briefing) -> str:
    b = briefing
    out: list[str] = []

    total = sum(len(b[kind]) for kind in KINDS)
    out += ["Records by kind", *table(["kind", "records"],
                                      [[kind.folder, len(b[k])] for k, kind in KINDS.items()] + [["all", total]]), ""]

    anonymous = {sid for sid, entry in b["statement"].items() if entry.model.anonymous is not None}
    rows = []
    for root in sorted(r for r, e in b["region"].items() if e.model.parent is None):
        rows += _region_rows(b, root, 0, anonymous)
    homeless = sorted(sid for sid in b["statement"] if not b.statement_regions.get(sid))
    if homeless:
        rows.append([NO_REGION, 0, 0, len(homeless), share(len(set(homeless) & anonymous), len(homeless))])
    out += ["By region (each count includes the sub-regions)",
            *table(["region", "incidents", "measures", "statements", "anonymous statements"], rows), ""]

    statuses = Counter(entry.model.status for entry in b["incident"].values())
    out += ["Incidents by status", *table(["status", "incidents"], [[s, statuses[s]] for s in STATUSES]), ""]

    months: dict[tuple[int, int], Counter] = {}
    for kind in ("incident", "statement", "measure"):
        for entry in b[kind].values():
            when = entry.model.date
            months.setdefault((when.year, when.month or 0), Counter())[kind] += 1
    month_rows = [[f"{MONTH_NAMES[m - 1]} {y}" if m else f"{y} (month not known)",
                   c["incident"], c["measure"], c["statement"]]
                  for (y, m), c in sorted(months.items(), reverse=True)]
    out += ["By month, newest first", *table(["month", "incidents", "measures", "statements"], month_rows)]
    return "\n".join(out) + "\n"


def _region_rows(b: Briefing, region: str, depth: int, anonymous: set[str]) -> list[list]:
    below = b.descendants(region)
    incidents = {i for r in below for i in b.region_incidents.get(r, [])}
    measures = {m for r in below for m in b.region_measures.get(r, [])}
    statements = {s for r in below for s in b.region_statements.get(r, [])}
    rows = [["  " * depth + region, len(incidents), len(measures), len(statements),
             share(len(statements & anonymous), len(statements))]]
    for child in b.children.get(region, []):
        rows += _region_rows(b, child, depth + 1, anonymous)
    return rows
