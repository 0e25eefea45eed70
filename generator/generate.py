"""Generate: the whole pipeline to Markdown files, read → validate → link → plan → render → write."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import jinja2

from .exports import RowCache, export_files
from .feed import FEED_PATH, atom_feed
from .link import Briefing
from .load import load
from .redirects import redirect_files
from .validate import DEFAULT_FUTURE_TOLERANCE
from .plan import Page, Replan, plan
from .render import Layouts, SiteSettings, render
from .write import WriteStats, write_pages


@dataclass
class Generated:
    briefing: Briefing
    pages: list[Page]
    stats: WriteStats
    static: list[str]  # the data files and the feed: site paths of files MkDocs copies as they are


def generate(content_dir: Path, out_dir: Path, briefing: Briefing | None = None,
             settings: SiteSettings | None = None,
             future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE, workers: int = 1,
             reads: dict[str, set] | None = None, rows: RowCache | None = None,
             replan: Replan | None = None, env: jinja2.Environment | None = None,
             layouts: Layouts | None = None) -> Generated:
    """Raises errors.ContentError (bad content) or write.WriteError (unsafe output folder).
    A briefing already loaded from content_dir may be passed to skip loading it again.
    settings carry mkdocs.yml's site_name and site_url (absolute links in the feed and citations)
    and the plugin's map options. workers > 1 renders in that many forked processes (see
    render_in_parallel). `mkdocs serve`'s session (incremental.py) passes `reads`, filled with what
    each page read of the briefing (render, reads.py), `rows`, the exports' rows it keeps, `replan`,
    which notes what planning each record's pages read (plan.Replan), and the templates (`env`) and list
    items (`layouts`, render.Layouts) it keeps for the next edit."""
    settings = settings or SiteSettings()
    briefing = briefing or load(content_dir, future_tolerance=future_tolerance)
    pages = plan(briefing, page_size=settings.page_size, replan=replan)
    with render_in_parallel(pages, briefing, settings, workers, reads, env, layouts) as rendering:
        static = static_files(briefing, settings, rows=rows)  # while the workers render
        texts = rendering.result()
    stats = write_pages(out_dir, {**texts, **static})
    return Generated(briefing, pages, stats, sorted(static))


def static_files(briefing: Briefing, settings: SiteSettings, rows: RowCache | None = None) -> dict[str, str]:
    """The files MkDocs copies as they are: data exports, the feed, merged records' old URLs. With rows,
    the exports' rows kept from before (incremental.py)."""
    return {**export_files(briefing, cache=rows), FEED_PATH: atom_feed(briefing, settings.site_url, settings.site_name),
            **redirect_files(briefing, settings.site_url)}


# Below this many pages a second process costs more than it saves (fork, and sending the text back).
PARALLEL_FROM = 2000
_shared: tuple | None = None  # (pages, briefing, settings) inherited by the forked workers


@contextmanager
def render_in_parallel(pages: list[Page], briefing: Briefing, settings: SiteSettings, workers: int,
                       reads: dict[str, set] | None = None, env: jinja2.Environment | None = None,
                       layouts: Layouts | None = None):
    """render() split over forked processes, as a context whose .result() is render()'s dict.
    MkDocs builds on one core, so on a build the generator may use the others while it runs
    first; the caller works on (exports, feed) while the workers render. Each worker renders
    every n-th page (listing and record pages mix evenly); the result is the same dict, so the
    output is byte-identical to one process. Fork only: the workers inherit the loaded records
    instead of pickling them. Not for `mkdocs serve`: given reads (which only this process can fill), in
    one process, with the templates and list items given."""
    workers = min(workers, os.cpu_count() or 1)
    if (workers < 2 or reads is not None or len(pages) < PARALLEL_FROM
            or "fork" not in multiprocessing.get_all_start_methods()):
        yield _Done(lambda: render(pages, briefing, env=env, settings=settings, reads=reads, layouts=layouts))
        return
    global _shared
    _shared = (pages, briefing, settings)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pending = pool.map_async(_render_share, [(index, workers) for index in range(workers)])

            def collect() -> dict[str, str]:
                texts: dict[str, str] = {}
                for part in pending.get():
                    texts.update(part)
                return {page.path: texts[page.path] for page in pages}

            yield _Done(collect)
    finally:
        _shared = None


@dataclass
class _Done:
    result: Callable[[], dict[str, str]]


def _render_share(share: tuple[int, int]) -> dict[str, str]:
    pages, briefing, settings = _shared
    index, count = share
    return render(pages[index::count], briefing, settings=settings)
