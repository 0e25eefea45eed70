"""Generate: the whole pipeline to Markdown files, read → validate → link → plan → render → write."""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path

import jinja2

from generator.content.link import Briefing
from generator.content.load import load
from generator.content.validate import DEFAULT_FUTURE_TOLERANCE
from generator.cores import may_fork
from generator.kinds import vocabulary_css
from generator.outputs.exports import RowCache, export_files
from generator.outputs.feed import FeedShown, atom_feed
from generator.outputs.pdf import briefing_pdfs
from generator.outputs.redirects import redirect_files
from generator.pages.plan import Page, Reuse, plan
from generator.pages.render import Layouts, SiteSettings, render
from generator.pages.urls import FEED_PATH, VOCABULARY_CSS
from generator.write import OutputFolder, WriteStats


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
             reuse: Reuse | None = None, env: jinja2.Environment | None = None,
             layouts: Layouts | None = None, feed: FeedShown | None = None,
             pdf_reads: dict[str, set] | None = None) -> Generated:
    """Raises errors.ContentError (bad content) or write.WriteError (unsafe output folder).
    A briefing already loaded from content_dir may be passed to skip loading it again.
    settings carry mkdocs.yml's site_name and site_url (absolute links in the feed and citations)
    and the plugin's map options. workers > 1 renders, exports and writes in forked processes (see
    Forked). `mkdocs serve`'s session (incremental.py) passes `reads`, filled with what
    each page read of the briefing (render, reads.py), `rows`, the exports' rows it keeps, `reuse`,
    its Replan, which notes what planning each record's pages read (preview/replan.py), the templates (`env`) and list
    items (`layouts`, render.Layouts) it keeps for the next edit, and `feed`, filled with what feed.xml
    shows (feed.FeedShown), and `pdf_reads`, filled with what each briefing's PDF read (pdf.briefing_pdfs)."""
    settings = settings or SiteSettings()
    briefing = briefing or load(content_dir, future_tolerance=future_tolerance)
    folder = OutputFolder(out_dir)  # an unsafe folder is refused before any work
    forking = reads is None  # only this process can fill reads
    with Forked(folder, briefing) as forked:
        # The exports need no plan: forked first, they take the core that planning leaves idle.
        exports_aside = (forking and rows is None and feed is None
                         and may_fork(_records(briefing), PARALLEL_FROM, workers))
        if exports_aside:
            forked.start(partial(static_files, briefing, settings))
        pages = plan(briefing, page_size=settings.page_size, reuse=reuse)
        rendered: dict[str, str] = {}
        if forking and may_fork(len(pages), PARALLEL_FROM, workers):
            count = min(workers, os.cpu_count() or 1)
            for index in range(count):  # every count-th page: listing and record pages mix evenly
                forked.start(partial(render, pages[index::count], briefing, settings=settings), begin=index / count)
        else:
            rendered = render(pages, briefing, env=env, settings=settings, reads=reads, layouts=layouts)
        static = {} if exports_aside else static_files(briefing, settings, rows=rows, feed=feed, pdf_reads=pdf_reads)
        made = forked.made()  # once every process is done: none is written if one failed
        written = forked.write() + folder.write_all(rendered) + folder.write_all(static)
    static_paths = sorted(made[0] if exports_aside else static)
    wanted = {page.path for page in pages} | set(static_paths)
    stats = WriteStats(unchanged=len(wanted) - len(written), removed=folder.remove_others(wanted),
                       paths=sorted(written))
    return Generated(briefing, pages, stats, static_paths)


def static_files(briefing: Briefing, settings: SiteSettings, rows: RowCache | None = None,
                 feed: FeedShown | None = None, pdf_reads: dict[str, set] | None = None) -> dict[str, str | bytes]:
    """The files MkDocs copies as they are: data exports, the feed, merged records' old URLs, the registry's
    vocabularies for the stylesheet and the script (briefing.css imports them), each briefing's PDF. With rows,
    the exports' rows kept from before, and with feed, what the feed shows is noted (incremental.py)."""
    return {**export_files(briefing, cache=rows),
            FEED_PATH: atom_feed(briefing, settings.site_url, settings.site_name, shown=feed),
            **redirect_files(briefing, settings.site_url), VOCABULARY_CSS: vocabulary_css(),
            **briefing_pdfs(briefing, settings.site_name, settings.site_url, reads=pdf_reads)}


# Below this many pages (or records, for the exports) a process costs more than it saves (fork, and a
# process to start and wait for).
PARALLEL_FROM = 2000


def _records(briefing: Briefing) -> int:
    return sum(len(records) for records in briefing.records.values())


class Forked:
    """Work split over forked processes, each making files (pages, the exports) and keeping them until every
    process has made its own, so that a template or export that fails in one leaves the folder as it was,
    as in one process. Each then writes its own files (where their bytes changed), so no text is sent back
    (the pages' text is the largest thing the generator makes) and writing, too, runs on every core.

    MkDocs converts pages on two cores (second_core.py), but only once the generator is done: meanwhile the
    generator has both. The exports need no plan, so they start first, beside planning, and the renderers
    after it (bench/RESULTS.md has the split). Whether to fork at all is cores.may_fork's rule. Fork only:
    the processes inherit the loaded records instead of pickling them. Processes writing at once begin at
    different points of the path order, so that they create their files in different folders
    (write.OutputFolder.write_all). An error here before writing stops them; their work is of no use."""

    def __init__(self, folder: OutputFolder, briefing: Briefing) -> None:
        self.folder, self.briefing = folder, briefing
        self.started: list[tuple] = []  # (process, this process's end of its pipe)
        self.writing = False

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, error_type, *exc) -> None:
        for process, conn in self.started:
            if error_type is not None and not self.writing:
                process.terminate()  # it has written nothing: its work is of no use now
            conn.close()  # a process still waiting to write sees the end of the pipe and leaves
            process.join()

    def start(self, make: Callable[[], dict[str, str]], begin: float = 0.0) -> None:
        """A process that calls make() for its files (site path → text), writing them from `begin`."""
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        # the process closes the ends that are this process's (its own and earlier processes'), so that each
        # side sees the end of its pipe when the other leaves
        process = context.Process(
            target=_make_and_write, daemon=True,
            args=(theirs, [ours, *(conn for _, conn in self.started)], make, self.briefing, self.folder, begin))
        process.start()
        theirs.close()
        self.started.append((process, ours))

    def made(self) -> list[list[str]]:
        """Once every process has made its files: the paths of each process's files, in the order started."""
        return [_answer(process, conn) for process, conn in self.started]

    def write(self) -> list[str]:
        """Each process writes its files; the paths written."""
        self.writing = True
        for _process, conn in self.started:
            conn.send("write")
        return [path for process, conn in self.started for path in _answer(process, conn)]


class _RemoteTraceback(Exception):
    """A worker's traceback, as the cause of the error it raised (as multiprocessing.Pool gives it)."""


def _answer(process, conn):
    """A worker's next answer; its error raised here."""
    try:
        status, value = conn.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"a process making the pages or data files stopped (exit code {process.exitcode})") from None
    except Exception as err:  # noqa: BLE001 - an error whose class will not unpickle here
        raise RuntimeError("a process making the pages or data files failed, "
                           f"and its error could not be read back: {err}") from None
    if status == "failed":
        error, trace = value
        raise error from _RemoteTraceback(trace)
    return value


def _make_and_write(conn, parents: list, make: Callable[[], dict[str, str]], briefing: Briefing,
                    folder: OutputFolder, begin: float) -> None:
    """A forked process: make its files, say which, and write them when told to."""
    for end in parents:
        end.close()
    try:
        texts = make()
        conn.send(("made", sorted(texts)))
        try:
            if conn.recv() != "write":
                return
        except EOFError:  # the parent gave up (another process failed)
            return
        conn.send(("written", folder.write_all(texts, begin=begin)))
    except BaseException as err:  # noqa: BLE001 - every error goes back to the parent to raise
        trace = traceback.format_exc()
        try:
            conn.send(("failed", (err, trace)))
        except Exception:  # noqa: BLE001 - an error that will not pickle is sent as its text
            try:
                conn.send(("failed", (RuntimeError(f"{type(err).__name__}: {err}"), trace)))
            except OSError:  # the parent has gone already
                pass
