"""Incremental rebuilds for `mkdocs serve`: what one generate keeps for the next, so an edit reloads fast.

A preview session keeps each file's record (unchanged files are not read or validated again) and,
after a whole generate, the pages, their contexts and what each page read of the briefing while it
rendered (reads.py: bodies shown, records looked up, index keys). Then, for the same files:

- an edit to a body alone (text, the edit a journalist makes most) cannot move a list, link or page
  path: the new body is put into the record the pages already hold, and only the pages (and data
  files) that show that body are rendered again;
- an edit to fields (a status, a date, a region, a name) links the records again from the last
  briefing (link.relink) and plans the pages again: the index pages all, each record's own pages only
  when planning them read a record or index key that changed (replan.py); a page is rendered again
  when its context differs from before or it read a record or index key that changed, a data row when
  it read one; pages that appear are written, those that go away removed.

Any other change (a file added, removed or renamed, an alias, a template edited) takes the whole pipeline,
still without re-reading the unchanged files. A problem is reported as the whole pipeline reports it,
and the session keeps what it had, so the fix is incremental again. The result is byte-identical to
a whole generate every way (tests/test_incremental.py checks it for an edit of every record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import jinja2

from generator.content.link import RECORD_LINK, Briefing, relink
from generator.content.load import checked
from generator.content.reader import RawRecord, ReadCache, read_content
from generator.content.trace import EVERY
from generator.content.validate import DEFAULT_FUTURE_TOLERANCE, Entry, validate_records
from generator.generate import Generated, generate
from generator.outputs.exports import RowCache, download_files, map_file, timeline_file
from generator.outputs.feed import FeedShown, atom_feed
from generator.outputs.pdf import briefing_pdf
from generator.pages.plan import Page, plan
from generator.pages.render import Layouts, SiteSettings, environment, render, template_dirs
from generator.pages.urls import DATA_FILES, FEED_PATH, TIMELINE_INDEX, pdf_path
from generator.preview.reads import changed_keys, traced
from generator.preview.replan import Replan
from generator.write import WriteStats, remove_files, rewrite_files


def _templates_stamp() -> tuple:
    """The page templates as they are now: an edited template re-renders every page."""
    stamps = []
    for path in (path for folder in template_dirs() for path in folder.rglob("*.j2")):
        if path.is_file():
            info = path.stat()
            stamps.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(sorted(stamps))


@dataclass
class _Site:
    """What the last generate made (its pages, with what each read), and for which options."""

    options: tuple
    raws: list[RawRecord]
    briefing: Briefing
    pages: list[Page]
    reads: dict[str, set]  # page path → what it read of the briefing (reads.py tokens)
    static: list[str]
    replan: Replan  # what planning each record's pages read


@dataclass
class Session:
    read_cache: ReadCache = field(default_factory=ReadCache)
    read_clean: bool = False  # the last read met no problem: the next may read only the files written
    validate_cache: dict = field(default_factory=dict)
    validate_key: tuple | None = None
    rows: RowCache = field(default_factory=RowCache)  # the data files' rows of the site below
    site: _Site | None = None
    last_mode: str = ""  # "whole", "fields", "bodies" or "unchanged": how the last generate went (logs, tests)
    env: jinja2.Environment | None = None  # the templates compiled, for the site's options below
    layouts: Layouts = field(default_factory=Layouts)  # list items laid out by the site below (render.Layouts)
    feed: FeedShown | None = None  # what the feed of the site below shows (read)
    # A preview's plugin sets this: an edit's downloadable exports (JSON, CSV) are written by write_deferred,
    # after the browser reloaded, not before: at large sizes they are tens of megabytes (bench/RESULTS.md).
    defer_downloads: bool = False
    deferred: tuple[Briefing, set[str]] | None = None  # (briefing, kinds) of the exports not yet written
    pdf_reads: dict[str, set] = field(default_factory=dict)  # each briefing's PDF → what it read (pdf.py)

    def _pdfs(self, briefing: Briefing, settings: SiteSettings, changed: set) -> dict[str, bytes]:
        """The PDFs of the briefings whose text or linked records the edit changed (what each read: pdf_reads)."""
        out: dict[str, bytes] = {}
        for entry in briefing["briefing"].values():
            path = pdf_path(entry.id)
            known = self.pdf_reads.get(path)
            if known is not None and known.isdisjoint(changed):
                continue
            with briefing.trace.collecting() as found:
                out[path] = briefing_pdf(briefing, entry, settings.site_name, settings.site_url)
            self.pdf_reads[path] = found | {("record", "briefing", entry.id), ("body", "briefing", entry.id)}
        return out

    def _exports(self, briefing: Briefing, kinds: set[str]) -> dict[str, str]:
        """The data files of an edit to records of these kinds that are written with its pages: all of them, or
        with defer_downloads the map's points alone, the others noted for write_deferred."""
        texts = map_file(briefing, self.rows) if "incident" in kinds else {}
        if not self.defer_downloads:
            texts.update(download_files(briefing, kinds, self.rows))
        elif kinds:
            self.deferred = (briefing, kinds | (self.deferred[1] if self.deferred is not None else set()))
        return texts

    def write_deferred(self, out_dir: Path) -> WriteStats:
        """Write the exports the last edits deferred (defer_downloads), where their bytes changed. Should it fail,
        the next generate is a whole one, which writes every file again."""
        if self.deferred is None:
            return WriteStats()
        briefing, kinds = self.deferred
        try:
            stats = rewrite_files(out_dir, download_files(briefing, kinds, self.rows))
        except BaseException:
            self.site = None
            raise
        finally:
            self.deferred = None
        return stats

    def _feed(self, briefing: Briefing, settings: SiteSettings, edited: list[Entry], changed: set) -> dict[str, str]:
        """feed.xml, when the edit changes it (FeedShown: it holds the newest hundred entries, which an edit to
        an older record leaves as they were); nothing otherwise."""
        if self.feed is not None and not self.feed.changed_by(briefing, edited, changed):
            return {}
        self.feed = FeedShown()
        return {FEED_PATH: atom_feed(briefing, settings.site_url, settings.site_name, shown=self.feed)}

    def _environment(self, settings: SiteSettings) -> jinja2.Environment:
        """The page templates, compiled once a preview (compiling them again was a large part of rendering
        a field edit's pages); an edited template takes the whole pipeline, with a new one."""
        if self.env is None or self.env.globals["settings"] != settings:
            self.env = environment(settings=settings)
        return self.env

    def generate(self, content_dir: Path, out_dir: Path, settings: SiteSettings | None = None,
                 future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE, written: set[str] | None = None) -> Generated:
        """generate.generate's result and files, reusing what an earlier call of this session made.
        `written`: the files written since the last call, when a watcher knows them (watch.py); the
        others are then not looked at. Raises errors.ContentError or write.WriteError as it does; after a
        problem in the content the files and what the session keeps are as before the call, so the fix
        is incremental again."""
        settings = settings or SiteSettings()
        self.write_deferred(out_dir)  # the exports of the last edit, before this one's (the plugin's are written)
        options = (Path(content_dir).resolve(), Path(out_dir).resolve(), settings, _templates_stamp())
        # a read that met a problem (a stray file, say) is followed by a whole one, which reports it again
        raws, problems = read_content(content_dir, self.read_cache, written if self.read_clean else None)
        self.read_clean = not problems
        # a record valid yesterday may hold a date too far ahead today
        key = (date.today(), future_tolerance)
        if key != self.validate_key:
            self.validate_cache.clear()
            self.validate_key = key
        site = self.site if self.site is not None and self.site.options == options else None
        if site is not None and not problems:
            edits = self._body_edits(site, raws, future_tolerance)
            if edits is not None:
                return self._rerender_bodies(site, edits, Path(out_dir), settings)
        if site is not None and not problems and _same_files(raws, site.raws):
            relinked = self._relinked(site, raws, future_tolerance)
            result = self._rerender_fields(site, raws, *relinked, Path(out_dir), settings) if relinked else None
            if result is not None:
                return result
        # the whole pipeline, which also reports every problem of the content
        briefing = traced(checked(raws, problems, future_tolerance=future_tolerance, cache=self.validate_cache))
        self.site = None  # until the whole generate below succeeds
        self.deferred = None  # it writes every data file
        self.rows.clear()  # a row shows other records' names
        self.env = None  # the templates may have changed
        self.layouts = Layouts()
        self.feed = FeedShown()
        self.pdf_reads = {}
        reads: dict[str, set] = {}
        replan = Replan(briefing.trace)
        result = generate(content_dir, out_dir, briefing=briefing, settings=settings, reads=reads, rows=self.rows,
                          reuse=replan, env=self._environment(settings), layouts=self.layouts,
                          feed=self.feed, pdf_reads=self.pdf_reads)
        self.site = _Site(options, raws, briefing, result.pages, reads, result.static, replan)
        self.last_mode = "whole"
        return result

    def _body_edits(self, site: _Site, raws: list[RawRecord], future_tolerance) -> list[tuple[Entry, RawRecord]] | None:
        """(the entry the pages hold, its new raw record) for each changed file, when every change is
        to a body alone; None when anything else changed."""
        if len(raws) != len(site.raws):
            return None
        edits = []
        for new, old in zip(raws, site.raws, strict=True):
            if new is old:
                continue
            if new.path != old.path or new.kind != old.kind or new.id != old.id:
                return None
            if RECORD_LINK.search(new.body):
                return None  # a link to another record is checked where every id is known: relink
            entries, problems = validate_records([new], future_tolerance=future_tolerance, cache=None)
            entry = site.briefing[old.kind].get(old.id)
            if problems or entry is None or entry.raw is not old or entries[0].model != entry.model:
                return None
            edits.append((entry, new))
        return edits

    def _rerender_bodies(self, site: _Site, edits: list[tuple[Entry, RawRecord]], out_dir: Path,
                         settings: SiteSettings) -> Generated:
        changed = set()
        for entry, new in edits:
            # The pages' contexts hold this very entry: with its new raw record they show the new body.
            object.__setattr__(entry, "raw", new)
            self.validate_cache[new.path] = (new, entry, [])
            changed.add(("body", entry.kind, entry.id))
            self.rows.pop((entry.kind, entry.id), None)
        by_path = {new.path: new for _, new in edits}
        site.raws = [by_path.get(raw.path, raw) for raw in site.raws]
        showing = [page for page in site.pages if site.reads.get(page.path, set()) & changed]
        reads: dict[str, set] = {}
        self.layouts.forget(changed)
        texts = render(showing, site.briefing, env=self._environment(settings), reads=reads, layouts=self.layouts)
        texts.update(self._exports(site.briefing, {kind for _, kind, _ in changed} & DATA_FILES.keys()))
        texts.update(self._feed(site.briefing, settings, [], changed))
        texts.update(self._pdfs(site.briefing, settings, changed))
        site.reads.update(reads)
        stats = rewrite_files(out_dir, texts)
        stats.unchanged = len(site.pages) + len(site.static) - stats.written
        self.last_mode = "bodies" if edits else "unchanged"
        return Generated(site.briefing, site.pages, stats, site.static)

    def _relinked(self, site: _Site, raws: list[RawRecord], future_tolerance) -> tuple[Briefing, list[Entry]] | None:
        """The briefing after an edit to the same files, each still valid, linked again from the site's
        (link.relink), and the entries that changed; None when something is wrong, for the whole pipeline
        to report it."""
        entries, problems = validate_records(raws, future_tolerance=future_tolerance, cache=self.validate_cache)
        if problems:
            return None
        old = site.briefing.records
        changed = [entry for entry in entries if old[entry.kind].get(entry.id) is not entry]
        briefing, problems = relink(site.briefing, changed)
        return None if problems else (traced(briefing), changed)

    def _rerender_fields(self, site: _Site, raws: list[RawRecord], briefing: Briefing, edited: list[Entry],
                         out_dir: Path, settings: SiteSettings) -> Generated | None:
        """After an edit to fields (the same files, each valid, the links resolved): plan the pages again,
        render those that are new, whose context differs from before or that read a changed record or index
        key (reads.py), and remove the pages that went away. None when the data files would change
        (an alias added or removed: merged records' old URLs), for the whole pipeline."""
        old = site.briefing
        if briefing.aliases != old.aliases:
            return None
        records = [(entry.kind, entry.id) for entry in edited]
        changed = {("record", kind, record_id) for kind, record_id in records}
        changed |= {("body", kind, record_id) for kind, record_id in records}
        changed |= {("record", kind, EVERY) for kind, _ in records}
        new_indices = briefing.indices()
        for name, index in old.indices().items():
            changed |= changed_keys(name, index, new_indices[name])
        replan = Replan(briefing.trace, site.replan, changed)
        pages = plan(briefing, page_size=settings.page_size, reuse=replan)
        before = {page.path: page for page in site.pages}
        showing = [page for page in pages if _stale(page, before.get(page.path), site.reads, changed)]
        reads: dict[str, set] = {}
        self.layouts.forget(changed)
        texts = render(showing, briefing, env=self._environment(settings), reads=reads, layouts=self.layouts)
        # The data files: those of the kinds with a row to make again (the changed records' own, and rows that
        # read one), the timeline's filter index when an incident or a region changed, and the feed. The
        # redirects, from the aliases, are as they were.
        stale = {key for key, row in self.rows.items() if not row.reads.isdisjoint(changed)}
        stale.update((kind, record_id) for kind, record_id in records if kind in DATA_FILES)
        for key in stale:
            self.rows.pop(key, None)
        texts.update(self._exports(briefing, {kind for kind, _ in stale}))
        if {kind for kind, _ in records} & {"incident", "region"}:
            texts[TIMELINE_INDEX] = timeline_file(briefing, self.rows.timeline)
        texts.update(self._feed(briefing, settings, edited, changed))
        texts.update(self._pdfs(briefing, settings, changed))
        gone = sorted(before.keys() - {page.path for page in pages})
        stats = rewrite_files(out_dir, texts)
        stats.removed = remove_files(out_dir, gone)
        for path in gone:
            site.reads.pop(path, None)
        site.reads.update(reads)
        site.raws, site.briefing, site.pages, site.replan = raws, briefing, pages, replan
        stats.unchanged = len(pages) + len(site.static) - stats.written
        self.last_mode = "fields" if records else "unchanged"
        return Generated(briefing, pages, stats, site.static)


def _same_files(raws: list[RawRecord], before: list[RawRecord]) -> bool:
    """The same record files in the same order (most records the very objects read before)."""
    return len(raws) == len(before) and all(a is b or a.path == b.path for a, b in zip(raws, before, strict=True))


def _stale(page: Page, before: Page | None, reads: dict[str, set], changed: set) -> bool:
    """Whether a page planned again must be rendered again: it is new, its context or title differs, or it
    read something the edit changed (or what it read is not known)."""
    if page is before:  # a record's page kept from the last plan (Replan): the same context
        return page.path not in reads or not reads[page.path].isdisjoint(changed)
    return (before is None or page != before or page.context != before.context or page.path not in reads
            or not reads[page.path].isdisjoint(changed))
