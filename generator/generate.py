"""Generate: the whole pipeline to Markdown files, read → validate → link → plan → render → write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from .exports import export_files
from .feed import FEED_PATH, atom_feed
from .link import Briefing
from .load import load
from .redirects import redirect_files
from .validate import DEFAULT_FUTURE_TOLERANCE
from .plan import Page, plan
from .render import SiteSettings, render
from .write import WriteStats, write_pages


@dataclass
class Generated:
    briefing: Briefing
    pages: list[Page]
    stats: WriteStats
    static: list[str]  # the data files and the feed: site paths of files MkDocs copies as they are


def generate(content_dir: Path, out_dir: Path, briefing: Briefing | None = None,
             settings: SiteSettings | None = None,
             future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE) -> Generated:
    """Raises errors.ContentError (bad content) or write.WriteError (unsafe output folder).
    A briefing already loaded from content_dir may be passed to skip loading it again.
    settings carry mkdocs.yml's site_name and site_url (absolute links in the feed and citations)
    and the plugin's map options."""
    settings = settings or SiteSettings()
    briefing = briefing or load(content_dir, future_tolerance=future_tolerance)
    pages = plan(briefing, page_size=settings.page_size)
    texts = render(pages, briefing, settings=settings)
    static = {**export_files(briefing),
              FEED_PATH: atom_feed(briefing, settings.site_url, settings.site_name),
              **redirect_files(briefing, settings.site_url)}  # merged records' old URLs
    stats = write_pages(out_dir, {**texts, **static})
    return Generated(briefing, pages, stats, sorted(static))
