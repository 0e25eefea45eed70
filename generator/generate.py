"""Generate: the whole pipeline to Markdown files, read → validate → link → plan → render → write."""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import jinja2

from .exports import RowCache, export_files
from .feed import FEED_PATH, FeedShown, atom_feed
from .link import Briefing
from .load import load, records_set_aside
from .redirects import redirect_files
from .validate import DEFAULT_FUTURE_TOLERANCE
from .plan import Page, Replan, plan
from .render import Layouts, SiteSettings, render
from .write import OutputFolder, WriteStats


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
             layouts: Layouts | None = None, feed: FeedShown | None = None) -> Generated:
    """Raises errors.ContentError (bad content) or write.WriteError (unsafe output folder).
    A briefing already loaded from content_dir may be passed to skip loading it again.
    settings carry mkdocs.yml's site_name and site_url (absolute links in the feed and citations)
    and the plugin's map options. workers > 1 renders and writes in that many forked processes (see
    render_in_parallel). `mkdocs serve`'s session (incremental.py) passes `reads`, filled with what
    each page read of the briefing (render, reads.py), `rows`, the exports' rows it keeps, `replan`,
    which notes what planning each record's pages read (plan.Replan), the templates (`env`) and list
    items (`layouts`, render.Layouts) it keeps for the next edit, and `feed`, filled with what feed.xml
    shows (feed.FeedShown)."""
    settings = settings or SiteSettings()
    briefing = briefing or load(content_dir, future_tolerance=future_tolerance)
    folder = OutputFolder(out_dir)  # an unsafe folder is refused before any work
    with records_set_aside():
        pages = plan(briefing, page_size=settings.page_size, replan=replan)
        with render_in_parallel(pages, briefing, settings, workers, folder, reads, env, layouts) as rendering:
            static = static_files(briefing, settings, rows=rows, feed=feed)  # while the workers render
            written = rendering.write()  # once every page rendered: none is written if one fails
    written += folder.write_all(static)
    wanted = {page.path for page in pages} | static.keys()
    stats = WriteStats(unchanged=len(wanted) - len(written), removed=folder.remove_others(wanted),
                       paths=sorted(written))
    return Generated(briefing, pages, stats, sorted(static))


def static_files(briefing: Briefing, settings: SiteSettings, rows: RowCache | None = None,
                 feed: FeedShown | None = None) -> dict[str, str]:
    """The files MkDocs copies as they are: data exports, the feed, merged records' old URLs. With rows,
    the exports' rows kept from before, and with feed, what the feed shows is noted (incremental.py)."""
    return {**export_files(briefing, cache=rows),
            FEED_PATH: atom_feed(briefing, settings.site_url, settings.site_name, shown=feed),
            **redirect_files(briefing, settings.site_url)}


# Below this many pages a second process costs more than it saves (fork, and a process to start and wait for).
PARALLEL_FROM = 2000
_shared: tuple | None = None  # (pages, briefing, settings, folder) inherited by the forked workers


@contextmanager
def render_in_parallel(pages: list[Page], briefing: Briefing, settings: SiteSettings, workers: int,
                       folder: OutputFolder, reads: dict[str, set] | None = None,
                       env: jinja2.Environment | None = None, layouts: Layouts | None = None):
    """render() and the writing of its pages split over forked processes, as a context whose .write() waits
    until every page is rendered, then writes them (where their bytes changed) and returns the paths written.
    MkDocs builds on one core, so on a build the generator may use the others while it runs first; the
    caller works on (exports, feed) while the workers render. Each worker renders every n-th page (listing
    and record pages mix evenly) and keeps its pages until all workers have rendered theirs: a template
    that fails on one page leaves the folder as it was, as in one process. Each then writes its own pages,
    so no text is sent back (a third of a gigabyte at 10,000 incidents) and writing, too, runs on every
    core, each worker beginning at another point of the path order so that they create their files in
    different folders (write.OutputFolder.write_all). Fork only: the workers inherit the loaded records
    instead of pickling them. Not for `mkdocs serve`: given reads (which only this process can fill), in
    one process, with the templates and list items given."""
    workers = min(workers, os.cpu_count() or 1)
    if (workers < 2 or reads is not None or len(pages) < PARALLEL_FROM
            or "fork" not in multiprocessing.get_all_start_methods()):
        def write_here() -> list[str]:
            return folder.write_all(render(pages, briefing, env=env, settings=settings, reads=reads,
                                           layouts=layouts))

        yield _Rendering(write_here)
        return
    global _shared
    _shared = (pages, briefing, settings, folder)
    context = multiprocessing.get_context("fork")
    started: list[tuple] = []
    try:
        for index in range(workers):
            ours, theirs = context.Pipe()
            # the worker closes the ends that are this process's (its own and earlier workers'), so that each
            # side sees the end of its pipe when the other leaves
            process = context.Process(target=_render_and_write, daemon=True,
                                      args=(theirs, [ours, *(conn for _, conn in started)], index, workers))
            process.start()
            theirs.close()
            started.append((process, ours))

        def write_there() -> list[str]:
            for process, conn in started:
                _answer(process, conn)  # rendered
            for _process, conn in started:
                conn.send("write")
            return [path for process, conn in started for path in _answer(process, conn)]

        yield _Rendering(write_there)
    finally:
        _shared = None
        for process, conn in started:
            conn.close()  # a worker still waiting to write sees the end of the pipe and leaves
            process.join()


@dataclass
class _Rendering:
    write: Callable[[], list[str]]


class _RemoteTraceback(Exception):
    """A worker's traceback, as the cause of the error it raised (as multiprocessing.Pool gives it)."""


def _answer(process, conn):
    """A worker's next answer; its error raised here."""
    try:
        status, value = conn.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"a process rendering pages stopped (exit code {process.exitcode})") from None
    except Exception as err:  # noqa: BLE001 - an error whose class will not unpickle here
        raise RuntimeError(f"a process rendering pages failed, and its error could not be read back: {err}") from None
    if status == "failed":
        error, trace = value
        raise error from _RemoteTraceback(trace)
    return value


def _render_and_write(conn, parents: list, index: int, count: int) -> None:
    """A worker: render every count-th page from index, say so, and write them when told to."""
    for end in parents:
        end.close()
    pages, briefing, settings, folder = _shared
    try:
        texts = render(pages[index::count], briefing, settings=settings)
        conn.send(("rendered", None))
        try:
            if conn.recv() != "write":
                return
        except EOFError:  # the parent gave up (another worker failed)
            return
        conn.send(("written", folder.write_all(texts, begin=index / count)))  # each in other folders than the rest
    except BaseException as err:  # noqa: BLE001 - every error goes back to the parent to raise
        trace = traceback.format_exc()
        try:
            conn.send(("failed", (err, trace)))
        except Exception:  # noqa: BLE001 - an error that will not pickle is sent as its text
            conn.send(("failed", (RuntimeError(f"{type(err).__name__}: {err}"), trace)))
