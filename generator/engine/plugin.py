"""The MkDocs plugin `briefing`: runs the generator so plain `mkdocs build` and `mkdocs serve` work.

A thin shell over generate.generate (the same call as `briefing generate`). Generated
pages are real files in a folder git ignores; they are added to MkDocs' files, record
and month pages marked not-in-nav so the navigation (rendered into every page) stays
the size of the index pages and the build stays linear in the number of records.
"""

from __future__ import annotations

import gc
import os
import re
import threading
import zlib
from contextlib import nullcontext
from dataclasses import replace
from datetime import timedelta
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jinja2
import jinja2.bccache
from filelock import FileLock, Timeout
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.content.errors import ContentError, display_path
from generator.content.validate import DEFAULT_FUTURE_TOLERANCE
from generator.engine import raw_html, second_core, where
from generator.engine import search as site_search
from generator.engine.versions import tested
from generator.generate import Generated, generate
from generator.pages.render import SiteSettings, template_dirs
from generator.pages.urls import INDEX_PAGES
from generator.preview.incremental import Session
from generator.preview.watch import ContentWatcher
from generator.write import WriteError, atomic_write

log = get_plugin_logger("briefing")

# _rebuild_asker wakes MkDocs' live-reload server through its private attributes
_WAKE_SERVER = tested("waking the preview's server at once on an edit", "mkdocs")

# The package's copies of the theme overrides (the feed link, JSON-LD, the search box) and of the site's
# assets (briefing.css, briefing.js, the vendored Leaflet), so a project with neither builds from an installed
# wheel. In the repository both are links to the canonical copies, site_templates/overrides and docs/assets.
THEME_DIR = Path(__file__).resolve().parent / "theme"
PACKAGE_OVERRIDES = THEME_DIR / "overrides"
PACKAGE_STATIC = THEME_DIR / "static"  # its files go to the site at the same paths (static/assets/x → assets/x)


ABOUT_PAGE = "about.md"
"""The hand-written About page (docs/about.md), which ends with the contact setting when there is one."""


def contact_paragraph(contact: str) -> str:
    """The About page's last paragraph: the contact setting as a link (HTML: its value is checked, and escaped
    here all the same)."""
    return (f'<p class="briefing-contact"><strong>Contact:</strong> '
            f'<a href="{escape(contact_href(contact))}">{escape(contact)}</a></p>\n')


class _AtLeast(c.Type):
    """A whole number no smaller than `least`: MkDocs reports a smaller one as a configuration error naming the
    option, before anything is read or written."""

    def __init__(self, least: int, default: int) -> None:
        super().__init__(int, default=default)
        self.least = least

    def run_validation(self, value: object) -> int:
        value = super().run_validation(value)
        if isinstance(value, bool) or value < self.least:
            raise ValidationError(f"must be a whole number of at least {self.least}, not {value!r}")
        return value


_EMAIL = re.compile(r"[^@\s<>\"'(),;:\\\[\]]+@[^@\s<>\"'(),;:\\\[\]]+\.[^@\s<>\"'(),;:\\\[\].]+")


def contact_href(value: str) -> str:
    """Where the contact setting leads: mailto: for an email address, the link itself otherwise (checked by
    _Contact)."""
    return value if value.lower().startswith(("http://", "https://")) else f"mailto:{value}"


class _Contact(c.Type):
    """The contact setting: empty, an email address (name@example.org) or an http(s) link; anything else is a
    configuration error naming the option and saying what it takes."""

    def __init__(self) -> None:
        super().__init__(str, default="")

    def run_validation(self, value: object) -> str:
        text = value.strip() if isinstance(value, str) else None
        if value is None or text == "":
            return ""
        if text is not None and text.lower().startswith(("http://", "https://")):
            if urlsplit(text).hostname and not re.search(r"[\s<>\"'`]", text):
                return text
        elif text is not None and _EMAIL.fullmatch(text):
            return text
        raise ValidationError(f"must be an email address (such as desk@example.org) or an http(s) link (such as "
                              f"https://example.org/contact), not {value!r}")


class BriefingConfig(base.Config):
    content = c.Type(str, default="content")
    """Folder of records, relative to mkdocs.yml."""
    generated_dir = c.Type(str, default="build/generated")
    """Where the generated Markdown is written (the generator owns this folder), relative to mkdocs.yml."""
    future_tolerance_days = _AtLeast(0, default=DEFAULT_FUTURE_TOLERANCE.days)
    """How many days after today a date may lie (time zones, a report dated tomorrow); later is an error."""
    map_tiles = c.Type(str, default=SiteSettings.map_tiles)
    """Tile URL template ({z}/{x}/{y}) the maps draw their points on; empty (the default): the country borders
    shipped with the site, and no request to any other server."""
    map_attribution = c.Type(str, default=SiteSettings.map_attribution)
    """Credit line the tile source asks for."""
    page_size = _AtLeast(1, default=SiteSettings.page_size)
    """Records a listing page (a timeline month, a period of a region's incidents, the quotes…) shows before
    continuing on a next page; a record page shows a list whole up to this many, past it the newest 20 and
    the list's calendar (its pages by year, quarter or month)."""
    contact = _Contact()
    """How readers reach the editors: an email address or an http(s) link, shown on the About page and in
    every page's footer; empty (the default) shows none."""
    intro = c.Type(str, default="")
    """The home page's opening paragraph, plain text: what the briefing covers. Empty: mkdocs.yml's
    `site_description`, the same words search engines show."""
    local_language = c.Type(str, default="")
    """The language (BCP 47, `ru`) of the regions' and actors' `name_local`, which their records do not say:
    pages mark those names with it (`lang`) so screen readers and hyphenation read them as that language.
    Empty: the names are shown unmarked. A source's `name_local` is in the source's own `language`."""
    search = c.Choice(site_search.CHOICES, default="material")
    """`material`: Material's `search` plugin (one lunr index, fine for small sites). `pagefind`: a chunked
    Pagefind index written after the build, for large sites; Material's `search` plugin must then be removed."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.last: Generated | None = None
        # `briefing build` validates first and hands over the loaded content; used once.
        self.preloaded = None
        self.command = "build"  # `briefing build` calls MkDocs' build() itself, which starts no plugin
        self.dirty = False
        self.session: Session | None = None  # `mkdocs serve`'s, kept from one rebuild to the next
        self.held: dict[str, bytes] = {}  # generated pages' HTML, compressed, from conversion to layout
        self.compiled = _CompiledTemplates()  # the theme's templates, kept from one build of a preview to the next
        self.kept_files: dict[str, _GeneratedFile] = {}  # a preview's generated files, by path, kept likewise
        self.kept_key: tuple | None = None
        self.listed_pages: dict = {}  # a preview's generated pages, listed (_PagesListedOnce), kept likewise
        self.unbuilt: set[str] = set()  # generated files a preview wrote since its last complete MkDocs build
        self.site_pages: frozenset | None = None  # a preview's pages at its last complete build (the sitemap's)
        self.building_pages: frozenset | None = None
        self.sitemap_skipped_by: object | None = None  # the theme whose static templates left the sitemap out
        self.was_modified: set[str] = set()  # generated files the last build may have found modified
        self.converting: second_core.SecondCore | None = None  # a child converting pages of this build
        self.watcher: ContentWatcher | None = None  # a preview's: the record files each edit wrote (watch.py)
        self.exporting: threading.Thread | None = None  # a preview's: writing an edit's exports after the reload
        self.export_error: BaseException | None = None
        # the project's lock (beside the generated folder) while a build holds it: `briefing build` takes it
        # itself (engine/build.py), a plain `mkdocs build` in on_pre_build
        self.project_lock: FileLock | None = None
        self.own_lock: FileLock | None = None
        self.site_files: Files | None = None  # this build's (on_nav), for the breadcrumbs (where.py)
        self.active_tab: Page | None = None  # the tab of the page being laid out, when not its own (where.py)

    def on_startup(self, *, command, dirty) -> None:
        self.command = command
        self.dirty = dirty

    def _root(self, config) -> Path:
        return Path(config.config_file_path or ".").resolve().parent

    def content_dir(self, config) -> Path:
        return self._root(config) / self.config.content

    def generated_dir(self, config) -> Path:
        return self._root(config) / self.config.generated_dir

    def future_tolerance(self) -> timedelta:
        return timedelta(days=self.config.future_tolerance_days)

    def settings(self, config) -> SiteSettings:
        return SiteSettings(site_name=config.site_name, site_url=config.site_url or None,
                            map_tiles=self.config.map_tiles, map_attribution=self.config.map_attribution,
                            page_size=self.config.page_size, intro=self.config.intro or config.site_description or "",
                            local_language=self.config.local_language)

    def check_setup(self, config, site_dir: Path | None = None) -> None:
        """PluginError, one line, for a configuration this plugin cannot build: `briefing build` asks before
        reading anything (for its own site folder), a plain `mkdocs build` in on_config, before MkDocs empties
        the site folder."""
        from generator.engine.build import check_site_folder  # build.py imports MkDocs' build: only when asked

        try:
            site_search.check_plugins(self.config.search, config.plugins)
        except site_search.SearchError as err:
            raise PluginError(f"briefing: {err}") from None
        if self.config.search == "material" and not {"search", "material/search"} & set(config.plugins):
            # without it the site ships with no search at all, and nothing said so
            raise PluginError("briefing: the briefing plugin's 'search: material' needs Material's search plugin; "
                              "add '- search' to the plugins in mkdocs.yml (or set 'search: pagefind')")
        if not config.use_directory_urls:  # lists, maps and citations link to incidents/x/ (page_links.HREF)
            raise PluginError("briefing: the generated pages link to directory URLs (incidents/x/); "
                              "remove `use_directory_urls: false` from mkdocs.yml")
        content = self.content_dir(config)
        if not content.is_dir():
            raise PluginError(f"briefing: no content folder at {content}; create it, or set the briefing plugin's "
                              f"'content' option in mkdocs.yml (now {self.config.content!r}) to the folder of records")
        problem = check_site_folder(Path(site_dir or config.site_dir), root=self._root(config), content=content,
                                    docs=Path(config.docs_dir), generated=self.generated_dir(config))
        if problem:
            raise PluginError(f"briefing: {problem}")

    def on_config(self, config, /):
        self.check_setup(config)
        add_package_theme(config.theme)
        # every page's raw HTML blocks set aside without parsing them twice (raw_html.py); once a configuration
        if not any(isinstance(ext, raw_html.RawHtmlExtension) for ext in config.markdown_extensions):
            config.markdown_extensions.append(raw_html.RawHtmlExtension())
        return config

    def on_pre_build(self, *, config) -> None:
        """Marks the site folder as one a build made (build.SITE_MARKER: MkDocs' cleaning keeps dot files), and
        takes the project's lock for the whole of a plain `mkdocs build`: two builds of one project into two
        site folders would otherwise write and read one generated folder at once. A preview keeps the lock
        to its generation (on_files): it rebuilds for minutes on end."""
        from generator.engine.build import SITE_MARKER, SITE_MARKER_TEXT, fault

        site = Path(config.site_dir)
        try:
            site.mkdir(parents=True, exist_ok=True)
            if not (site / SITE_MARKER).is_file():
                (site / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")
        except OSError as err:
            raise PluginError(f"briefing: {fault(err, 'write', site)}") from None
        if self.project_lock is None and self.command != "serve":
            out = self.generated_dir(config)
            lock = FileLock(str(out.parent / f".{out.name}.lock"))
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
                try:
                    lock.acquire(timeout=0)
                except Timeout:  # info, not a warning: a strict build fails on any warning
                    log.info("another build of this project is running; "
                             f"waiting for it to finish (lock {lock.lock_file})")
                    lock.acquire(timeout=600)
            except OSError as err:
                raise PluginError(f"briefing: {fault(err, 'create the lock file in', out.parent)}") from None
            except Timeout:
                raise PluginError(f"briefing: another build has been writing {out} for 10 minutes; "
                                  "if none is running, delete its .lock file") from None
            self.project_lock = self.own_lock = lock

    def _release_lock(self) -> None:
        """The project's lock, if this plugin took it (on_pre_build)."""
        if self.own_lock is not None:
            self.own_lock.release()
            self.own_lock = self.project_lock = None

    def on_env(self, env, /, *, config, files):
        self._stop_second_core()  # MkDocs converted every page
        env.globals["briefing_search"] = self.config.search  # the theme override shows Pagefind's search box
        contact = self.config.contact
        env.globals["briefing_contact"] = {"href": contact_href(contact), "text": contact} if contact else None
        # MkDocs makes a new environment for every build: a preview would compile the theme's templates again
        # on each edit, a visible part of a reload (bench/RESULTS.md). Jinja checks each template's source
        # against the code it kept, so an edited override is compiled again.
        env.bytecode_cache = self.compiled
        self._sitemap_when_pages_change(config)
        return env

    def _sitemap_when_pages_change(self, config) -> None:
        """A preview lays the sitemap out again only when pages came or went: it lists every page, a share of
        each reload (bench/RESULTS.md). The theme's `static_templates`, MkDocs' public list of the templates
        it lays out as pages of their own, leaves it out otherwise; the last one stays in the site, where
        Material's instant navigation reads it. A build always writes it."""
        templates = config.theme.static_templates
        if self.command == "serve" and self.building_pages == self.site_pages and "sitemap.xml" in templates:
            templates.discard("sitemap.xml")
            self.sitemap_skipped_by = config.theme
        elif self.sitemap_skipped_by is config.theme:  # the same configuration again (serve loads it anew)
            templates.add("sitemap.xml")
            self.sitemap_skipped_by = None

    def on_nav(self, nav, /, *, config, files):
        """MkDocs converts the generated pages on two cores (second_core.py): all of them in a build, those
        the generator rewrote in a preview's reload."""
        self._stop_second_core()
        self.site_files = files  # the pages a breadcrumb may lead to (_where)
        src_dir = self._edit_paths(config)[0]
        pages = []
        for file in files.documentation_pages():  # in the order MkDocs converts them
            if (file.src_dir or "") == src_dir and (not self.dirty or file.is_modified()):
                if file.page is None:  # as MkDocs' page loop makes a page out of the navigation
                    Page(None, file, config)
                pages.append(file.page)
        self.converting = second_core.SecondCore.start(pages, config, files)
        return nav

    @event_priority(-100)  # last: the Markdown as MkDocs converts it
    def on_page_markdown(self, markdown: str, /, *, page, config, files) -> str:
        if self.converting is not None:
            self.converting.take(page, markdown)
        if self.config.contact and page.file.src_uri == ABOUT_PAGE and not self._generated(page, config):
            markdown = markdown.rstrip("\n") + "\n\n" + contact_paragraph(self.config.contact)
        return markdown

    def _stop_second_core(self) -> None:
        if self.converting is not None:
            self.converting.close()
            log.debug(f"{self.converting.taken} pages converted by a second process")
            self.converting = None

    def on_build_error(self, *, error) -> None:
        self._stop_second_core()
        self._release_lock()

    # MkDocs converts every page before it lays out the first, and keeps each page's HTML to the end
    # of the build: on a large site that is most of its memory. A generated page's HTML is held
    # here compressed from its conversion until the theme lays it out, and dropped once it is written.

    @event_priority(-100)  # last: other plugins' on_page_content see the HTML
    def on_page_content(self, html: str, /, *, page, config, files) -> str:
        if not self._generated(page, config):
            return html
        if self.config.search == "material":  # a record shown in a list is found on its own page (search.py)
            html = site_search.exclude_listed(html)
        self.held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        page.markdown = ""  # converted; the title is in its metadata
        return ""

    @event_priority(100)  # first: the theme and other plugins find the HTML back
    def on_page_context(self, context, /, *, page, config, nav):
        held = self.held.pop(page.file.src_uri, None)  # only generated pages are held
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")
        self._where(context, page, nav)
        return self._edit_link(context, page, config)

    def _where(self, context, page, nav) -> None:
        """Breadcrumbs and the highlighted tab of a page outside the navigation (where.py); the tab is
        marked active until the page is written (on_post_page)."""
        if self.site_files is None or nav is None:
            return
        trail = where.trail(page, self.site_files, nav)
        context["briefing_trail"] = [(p.title or "", p.url) for p in trail]
        self.active_tab = where.tab(trail, nav)
        if self.active_tab is not None:
            self.active_tab.active = True

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page, config) -> str:
        if self.active_tab is not None:
            self.active_tab.active = False
            self.active_tab = None
        if self._generated(page, config):
            page.content = None  # written next; nothing reads it again
        return site_search.mark_body(output, page.meta) if self.config.search == "pagefind" else output

    def _generated(self, page, config) -> bool:
        return page is not None and (page.file.src_dir or "") == self._edit_paths(config)[0]

    def on_post_build(self, *, config) -> None:
        self.unbuilt.clear()  # MkDocs built every page written before this build
        self.site_pages = self.building_pages
        if self.session is not None and self.session.last_mode == "whole":
            self._freeze_heap()
        try:
            self._index_search(config)
        finally:
            self._release_lock()  # MkDocs has read every generated file
            self._export_after_reload(config)

    def _index_search(self, config) -> None:
        if self.config.search != "pagefind":
            return
        if self.command == "serve" and self.dirty and (Path(config.site_dir) / site_search.BUNDLE).is_dir():
            # Indexing takes minutes at tens of thousands of pages; a preview keeps the first index.
            log.info("search index (Pagefind) kept from the first build: `briefing serve --full` renews it")
            return
        try:
            log.info(f"search index (Pagefind): {site_search.index_site(Path(config.site_dir))}")
        except site_search.SearchError as err:
            raise PluginError(f"briefing: {err}") from None

    def _export_after_reload(self, config) -> None:
        """A preview writes an edit's downloadable exports (incidents.json and the like, tens of megabytes on
        a large site) once MkDocs has returned and the browser reloads, in a thread, into the generated folder
        and the site MkDocs serves; the next build waits for it first (_exported). Nothing the reloaded page
        loads is among them: the map's points and the timeline's filter index are written with the pages."""
        if self.session is None or self.session.deferred is None:
            return
        out, site_dir, files = self.generated_dir(config), Path(config.site_dir), self.kept_files

        def write() -> None:
            try:
                with FileLock(str(out.parent / f".{out.name}.lock"), timeout=600):
                    for path in self.session.write_deferred(out).paths:
                        target = Path(files[path].abs_dest_path) if path in files else site_dir / path
                        target.parent.mkdir(parents=True, exist_ok=True)
                        # atomically: the server never sends a half-copied file
                        atomic_write(str(target.parent), target.name, str(target), (out / path).read_bytes())
                        log.debug(f"written after the reload: {path}")
            except BaseException as err:  # noqa: BLE001 - reported by the next build, which writes them all again
                self.export_error = err

        self.exporting = threading.Thread(target=write, name="briefing-exports", daemon=True)
        self.exporting.start()

    def _exported(self) -> None:
        """Wait for the exports written after the last reload; a failure is told once (the session then
        generates everything again, writing them)."""
        if self.exporting is not None:
            self.exporting.join()
            self.exporting = None
        if self.export_error is not None:
            err, self.export_error = self.export_error, None
            log.warning(f"the data files of the last edit could not be written after the reload ({err}); "
                        "this build writes them all again")

    @staticmethod
    def _freeze_heap() -> None:
        """After a preview's whole build, the session and this build's pages are set aside from Python's
        cycle collector (gc.freeze): an edit's reload then no longer pays for full collections that walk
        millions of objects which live as long as the preview (bench/RESULTS.md has what it cost).
        What the freeze keeps alive after it became garbage is freed at the next whole build, here."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def on_files(self, files: Files, /, *, config) -> Files:
        self.held.clear()  # from a build that failed part-way
        add_package_assets(files, config)
        self._exported()
        content = self.content_dir(config)
        if not content.is_dir():
            raise PluginError(f"briefing: no content folder at {content}; set 'content' in the plugin's options")
        out = self.generated_dir(config)
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            briefing, self.preloaded = self.preloaded, None
            # Two builds (say `mkdocs serve` and `briefing build`) never write the folder at once.
            held = self.project_lock is not None  # by this build (on_pre_build, or `briefing build`)
            with nullcontext() if held else FileLock(str(out.parent / f".{out.name}.lock"), timeout=600):
                if self.command == "serve":
                    # A preview keeps what it generated: an edit re-reads one file and re-renders only
                    # the pages it changes (incremental.py).
                    self.session = self.session or Session(defer_downloads=True)
                    # those of an edit whose build failed before it could write them: MkDocs copies them
                    self.unbuilt.update(self.session.write_deferred(out).paths)
                    written = self.watcher.take() if self.watcher is not None else None
                    self.last = self.session.generate(content, out, settings=self.settings(config),
                                                      future_tolerance=self.future_tolerance(), written=written)
                else:  # pages render on every core for a build
                    self.last = generate(content, out, briefing=briefing, settings=self.settings(config),
                                         future_tolerance=self.future_tolerance(), workers=os.cpu_count() or 1)
        except ContentError as err:
            lines = "\n".join(problem.format() for problem in err.problems)
            raise PluginError(f"briefing: the content has {len(err.problems)} problem(s):\n{lines}") from None
        except WriteError as err:
            raise PluginError(f"briefing: {err}") from None
        except Timeout:
            raise PluginError(f"briefing: another build has been writing {out} for 10 minutes; "
                              "if none is running, delete its .lock file") from None
        stats = self.last.stats
        log.info(f"generated {len(self.last.pages)} pages ({stats.written} written, "
                 f"{stats.unchanged} unchanged, {stats.removed} removed)")

        generated = [page.path for page in self.last.pages] + self.last.static
        taken = files.src_uris  # generated paths are clean POSIX paths: no PurePath for each of them
        clashes = [path for path in generated if path in taken]
        if clashes:
            shown = ", ".join(display_path(Path(config.docs_dir, path)) for path in clashes)
            raise PluginError(f"briefing: hand-written page(s) at generated path(s): {shown}; "
                              f"rename or move them, the generator writes these pages")
        src_dir = str(self.generated_dir(config))
        # what a kept file's paths and a kept page's URLs were worked out from
        key = (src_dir, config.site_dir, config.use_directory_urls, config.site_url, config.repo_url,
               config.edit_uri, config.edit_uri_template)
        kept = self.kept_files if self.kept_key == key else {}
        self.unbuilt.update(self.last.stats.paths)
        renewing = self.unbuilt | self.was_modified  # a kept file not among these is as its last build left it
        made: dict[str, _GeneratedFile] = {}
        fresh: set[str] = set()
        for path in generated:
            file = kept.get(path)
            if file is None or path in renewing or path in INDEX_PAGES:
                if path.endswith(".md"):  # the data exports and feed.xml are copied into the site as they are
                    inclusion = InclusionLevel.UNDEFINED if path in INDEX_PAGES else InclusionLevel.NOT_IN_NAV
                else:
                    inclusion = InclusionLevel.UNDEFINED
                if file is None:
                    file = _GeneratedFile(path, src_dir, config.site_dir, config.use_directory_urls,
                                          inclusion=inclusion)
                    fresh.add(path)
                else:  # built by this preview before: modified when written since
                    file.renew(inclusion, modified=path in self.unbuilt, keep_page=self.dirty)
            made[path] = file
        if self.command == "serve":
            if fresh or len(made) != len(kept):  # generated files came or went: their lists are made again
                self.listed_pages = {}
            files = _PagesListedOnce(list(files), list(made.values()), self.listed_pages,
                                     [made[path] for path in INDEX_PAGES if path in made])
            self.kept_files, self.kept_key = made, key
            self.was_modified = self.unbuilt | fresh  # a new file asks the file system (is_modified)
            self.building_pages = frozenset(files.src_uris)
        else:
            for file in made.values():
                files.append(file)
        # a record page's source, for its "Edit this page" link; none without a repository to link to
        self.record_files = {page.path: self.last.briefing[page.record[0]][page.record[1]].raw.path
                             for page in self.last.pages if page.record} if config.repo_url and config.edit_uri else {}
        if self.command != "serve":  # a preview's session keeps them for the next edit
            # MkDocs now holds every page in memory; the records and the pages' contexts are no
            # longer needed, and keeping them raised the peak noticeably on a large site.
            self.last = Generated(None, [replace(page, context={}) for page in self.last.pages],
                                  self.last.stats, self.last.static)
            gc.collect()
        return files

    def _edit_link(self, context, page, config):
        """The "Edit this page" button of a record's page opens the record's file in content/, not the generated
        Markdown; generated index pages get no edit link. Hand-written pages keep MkDocs' own."""
        generated, root, docs = self._edit_paths(config)
        if self.last is None or (page.file.src_dir or "") != generated:
            return context
        page.edit_url = None
        record = getattr(self, "record_files", {}).get(page.file.src_uri)
        edit_uri = config.edit_uri or ""
        if record is None or not config.repo_url or not edit_uri or edit_uri.startswith(("?", "#")):
            return context
        record = os.path.abspath(record)
        if not record.startswith(root + os.sep):
            return context  # content outside the project (briefing build --content elsewhere): not in the repo
        # edit_uri leads to docs_dir in the repository (edit/main/docs/): the record is found from there.
        edit_base = urljoin(config.repo_url.rstrip("/") + "/", edit_uri if edit_uri.endswith("/") else edit_uri + "/")
        page.edit_url = urljoin(edit_base, Path(os.path.relpath(record, docs)).as_posix())
        return context

    def _edit_paths(self, config) -> tuple[str, str, str]:
        """The generated folder, the project root and docs_dir, resolved once a configuration: resolving
        them for each of tens of thousands of pages cost seconds of system calls."""
        key = (config.config_file_path, config.docs_dir)
        if getattr(self, "_edit_paths_key", None) != key:
            root = self._root(config)
            self._edit_paths_cached = (str(self.generated_dir(config)), str(root), os.path.realpath(config.docs_dir))
            self._edit_paths_key = key
        return self._edit_paths_cached

    def on_serve(self, server, /, *, config, builder):
        """Editing a record (or a page template) regenerates the pages and reloads the browser. MkDocs polls
        what it watches; the content folder is watched through the system's file events instead (watch.py),
        which touch a signal file MkDocs polls in its place, or polled as the rest when they cannot be had."""
        for folder in (folder for folder in template_dirs() if folder.is_dir()):  # a project may have no overrides
            server.watch(str(folder))
        if self.watcher is None:
            out = self.generated_dir(config)
            self.watcher = ContentWatcher.start(self.content_dir(config), out.parent / f".{out.name}.changed")
            if self.watcher is not None:
                self.watcher.wake = _rebuild_asker(server)
        server.watch(str(self.watcher.signal) if self.watcher is not None else str(self.content_dir(config)))
        return server

    def on_shutdown(self) -> None:
        self._release_lock()
        self._exported()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None


def add_package_theme(theme) -> None:
    """The package's overrides as a theme folder after the project's custom_dir and before the theme's own:
    a project's own override of a template wins, so a project that has them all (this repository) builds
    exactly as before."""
    present = {os.path.realpath(folder) for folder in theme.dirs}
    if PACKAGE_OVERRIDES.is_dir() and os.path.realpath(PACKAGE_OVERRIDES) not in present:
        theme.dirs.insert(1 if theme.custom_dir else 0, str(PACKAGE_OVERRIDES))


def add_package_assets(files: Files, config) -> None:
    """The package's assets (briefing.css, briefing.js, the vendored Leaflet) that the project's docs/ has no
    file of its own for, as MkDocs adds a theme's static files: a project that has them all (this repository)
    builds exactly as before. Walked following links: in the repository the folder is a link to docs/assets,
    which a theme folder's listing (Jinja's) would not enter."""
    for folder, dirs, names in os.walk(PACKAGE_STATIC, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".")):
            uri = Path(os.path.relpath(os.path.join(folder, name), PACKAGE_STATIC)).as_posix()
            if files.get_file_from_path(uri) is None:
                files.append(File(uri, str(PACKAGE_STATIC), config.site_dir, config.use_directory_urls))


def _rebuild_asker(server):
    """A function that asks MkDocs' live-reload server to rebuild now, as its own file watches do, or None when
    this server does not work as the pinned MkDocs' (its private `_rebuild_cond` and `_want_rebuild`): the
    watcher then touches the signal file, which the server's poller notices up to half a second later."""
    if not _WAKE_SERVER:
        return None
    cond = getattr(server, "_rebuild_cond", None)
    if not isinstance(cond, threading.Condition) or not isinstance(getattr(server, "_want_rebuild", None), bool):
        return None

    def ask() -> bool:
        with cond:
            server._want_rebuild = True
            cond.notify_all()
        return True

    return ask


class _CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache, in memory: each template's code under its name, with its source's checksum."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


class _GeneratedFile(File):
    """A generated page or data file. A preview keeps these from one build to the next (`renew`), so the
    paths MkDocs works out for each of tens of thousands of files are worked out once; whether a file is
    modified (its source newer than its page) is asked of the file system once, in a preview's first
    build, and after that known from what the generator wrote: a call to stat a file saved on every
    reload (bench/RESULTS.md)."""

    _modified: bool | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._markdown = self.src_uri.endswith(".md")

    def is_documentation_page(self) -> bool:
        # MkDocs asks every file this six times a build; a
        # generated file is a page or a data file for good
        return self._markdown

    def is_modified(self) -> bool:
        if self._modified is None:
            self._modified = super().is_modified()
        return self._modified

    def renew(self, inclusion: InclusionLevel, modified: bool, keep_page: bool = True) -> None:
        """Ready for the next build: modified as the generator says. In a dirty build (keep_page) a page
        left out of the navigation keeps its Page while its source is unchanged: MkDocs makes one for every
        page that has none on every build, a Page it neither reads nor lays out again in a dirty build, and
        making one for every record was a visible part of each reload. A page in the navigation
        gets a new one from MkDocs' navigation (its neighbours may have changed); a whole build (`briefing
        serve --full`) makes every Page afresh."""
        if modified or not keep_page or not inclusion.is_not_in_nav():
            self.page = None
        elif self.page is not None:
            # The build that converted the page checked its links' anchors; MkDocs checks them again for every
            # page it holds on every build, a visible part of each reload.
            self.page.links_to_anchors = None
        self._modified = modified
        self.inclusion = inclusion


class _PagesListedOnce(Files):
    """A preview's files. MkDocs asks for the list of pages six times a build, each time testing every
    file (a visible part of a reload on a large site). The generated files' part of each list is
    kept in `listed`, which the plugin keeps from one build to the next while no generated file comes or
    goes; it is kept once the index pages' inclusion is settled (MkDocs settles what plugins left undefined
    right after on_files). MkDocs' own few files (docs/, the theme's) are listed each time. A file another
    plugin adds or removes makes every list as MkDocs makes it, for the rest of the build."""

    def __init__(self, own: list[File], generated: list[File], listed: dict, unsettled: list[File]) -> None:
        super().__init__([*own, *generated])
        self._own, self._generated = own, generated
        self._listed = listed  # inclusion test → the generated pages it lets in
        self._unsettled = unsettled
        self._changed = False

    def documentation_pages(self, *, inclusion=InclusionLevel.is_included):
        if self._changed:
            return super().documentation_pages(inclusion=inclusion)
        listed = self._listed.get(inclusion)
        if listed is None:
            listed = [file for file in self._generated if file.is_documentation_page() and inclusion(file.inclusion)]
            if not any(file.inclusion is InclusionLevel.UNDEFINED for file in self._unsettled):
                self._listed[inclusion] = listed
        return [file for file in self._own if file.is_documentation_page() and inclusion(file.inclusion)] + listed

    def append(self, file: File) -> None:
        self._changed = True
        self._listed.clear()
        super().append(file)

    def remove(self, file: File) -> None:
        self._changed = True
        self._listed.clear()
        super().remove(file)
