"""URLs: where every page and file of the site goes, as MkDocs source paths.

A page's path is `incidents/x.md`, served at `incidents/x/` (MkDocs' directory URLs); a data file's
is its place on the site (`data/incidents.json`). Every stage asks here, so a URL is decided once;
page_links.py makes the relative links between the pages these paths name.
"""

from __future__ import annotations

from generator.kinds import KINDS

# Where each kind's own pages live (the registry's url_dir): statements are quotes to a reader.
KIND_DIRS = {name: kind.url_dir for name, kind in KINDS.items()}

INDEX_PAGES = ("index.md", "timeline/index.md", "map/index.md", "regions/index.md", "quotes/index.md",
               "measures/index.md", "actors/index.md", "sources/index.md", "corrections/index.md", "data/index.md",
               "briefings/index.md")
# A URL folder of record pages with no index page of its own, and the list its records are found in: the
# page a reader is "in" on one of them (breadcrumbs and the highlighted tab, engine/where.py).
SECTION_PAGES = {KIND_DIRS["incident"]: "timeline/index.md"}

# The data files of each exported kind, named after its content folder: (JSON, CSV).
DATA_FILES = {name: (f"data/{kind.folder}.json", f"data/{kind.folder}.csv")
              for name, kind in KINDS.items() if kind.exported}
GEOJSON_FILE = "data/incidents.geojson"
TIMELINE_INDEX = "data/timeline.json"  # what the timeline's filters search when its page lists only the newest
# A region's map points, beside the pages of its long list of incidents (regions/russia/incidents/map.json):
# up to map_points_per_page points in the page made a big region's page much larger, converted again on
# every edit.
MAP_POINTS = "map.json"
# Charts of counts over time (pages/charts.py): a region's beside its lists' pages (regions/russia/incidents/chart.svg),
# all incidents' beside the month pages, all responses' beside the quotes.
CHART = "chart.svg"
TIMELINE_CHART = "timeline/incidents.svg"
RESPONSES_CHART = "quotes/responses.svg"
FEED_PATH = "feed.xml"
# The badges' colours and the status list for briefing.js, generated from the registry (kinds.vocabulary_css);
# docs/assets/briefing.css imports it by this name, relative to itself.
VOCABULARY_CSS = "assets/vocabulary.css"


def record_path(kind: str, record_id: str) -> str:
    return f"{KIND_DIRS[kind]}/{record_id}.md"


def pdf_path(record_id: str) -> str:
    """A briefing's print-ready PDF, beside its page: briefings/ID.pdf."""
    return f"{KIND_DIRS['briefing']}/{record_id}.pdf"


def record_url(kind: str, record_id: str) -> str:
    """The site-relative URL of a record's page with MkDocs' directory URLs: incidents/x/."""
    return record_path(kind, record_id).removesuffix(".md") + "/"


def month_path(year: int, month: int | None) -> str:
    return f"timeline/{year:04d}/{month:02d}.md" if month else f"timeline/{year:04d}/undated.md"


def list_folder(owner, kind: str, kind_dirs: dict[str, str] = KIND_DIRS) -> str:
    """Where the pages of a record's (owner's) list of `kind` go: regions/russia/incidents."""
    return f"{kind_dirs[owner.kind]}/{owner.id}/{KINDS[kind].list_name}"


def redirect_path(kind: str, old_id: str) -> str:
    """The page left at a merged record's old URL (its alias)."""
    return f"{KIND_DIRS[kind]}/{old_id}/index.html"


def canonical_url(kind: str, record_id: str, site_url: str) -> str:
    return f"{site_url.rstrip('/')}/{KIND_DIRS[kind]}/{record_id}/"
