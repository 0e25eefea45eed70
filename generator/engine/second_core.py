"""MkDocs' page conversion on two cores.

MkDocs converts pages one after another, in one process: Python-Markdown is most of a build, and of a
preview's reload after an edit that rewrites many list pages. Before MkDocs' page loop, a child forked
from the build (so it holds this very build's configuration, files and Markdown extensions) converts
every other generated page MkDocs is about to convert, in MkDocs' order, and sends each back as it is
done; MkDocs converts the others meanwhile and takes each of the child's pages instead of converting it,
when the Markdown it reaches is the Markdown the child converted (another plugin may have changed it).
It converts the page itself otherwise, or when the child failed on it, died or is past a deadline. The
pipe holds about one page, so the child keeps pace with MkDocs and the pages in flight stay few, whatever
the site's size.
Warnings the child's conversion logged (a broken link) are logged again in the page's turn, so
`--strict` counts them.

Written by hand: no library hands MkDocs' page conversion to another process. It relies on MkDocs'
internals (it replaces `page.render` on the page and sets its private `_title_from_render`), so it runs
only under the MkDocs it was tested with (versions.py); under another, MkDocs converts every page. Whether
to fork is cores.may_fork's rule (Linux only); elsewhere MkDocs converts every page. A preview runs
threads (its web server, the file watcher), and a lock one of them held at the fork stays held in the
child: the child only converts Markdown, which takes no such lock, and sends through its own pipe; it
leaves with os._exit, without flushing the streams it inherited; and the parent stops waiting for it
after a deadline.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from dataclasses import dataclass

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from generator.cores import may_fork
from generator.engine.versions import tested

log = get_plugin_logger("briefing")  # the plugin's own: its messages say "briefing:" as the plugin's do

ENABLED = tested("converting pages in a second process (second_core.py)", "mkdocs")

MIN_PAGES = 6  # fewer pages than this are converted sooner than a child is forked and heard back from
DEADLINE = 20.0  # seconds to wait for one of the child's pages (each takes well under one) before giving up on it


@dataclass
class _Converted:
    """One page as the child converted it: what Page.render sets, and what it logged."""

    src_uri: str
    markdown: str
    content: str
    toc: object
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    records: list[logging.LogRecord]


class _Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


def _convert(pages: list[Page], config, files, sender) -> None:
    """In the child: convert each page as MkDocs would and send it back (a page that failed as its path
    alone, for MkDocs to convert and report)."""
    mkdocs_log = logging.getLogger("mkdocs")
    collected = _Collected()
    mkdocs_log.handlers, mkdocs_log.propagate = [collected], False  # the parent logs them, in order
    for page in pages:
        collected.records = []
        try:
            page.read_source(config)
            markdown = page.markdown
            Page.render(page, config, files)
            links = page.links_to_anchors
            converted: _Converted | str = _Converted(
                page.file.src_uri, markdown, page.content, page.toc, page._title_from_render,
                page.present_anchor_ids,
                None if links is None else {file.src_uri: anchors for file, anchors in links.items()},
                collected.records)
        except Exception:
            converted = page.file.src_uri
        page.markdown = page.content = page.toc = None  # sent: this copy is not needed again
        try:
            sender.send(converted)
        except OSError:  # the parent's build ended (it failed, or gave up on the child)
            break
    os._exit(0)  # not multiprocessing's exit, which flushes streams another thread's lock may hold


def _child(receiver, pages: list[Page], config, files, sender) -> None:
    # The fork copied this build's end of the pipe too: closed, so that sending fails once the build is gone
    # (killed, say) instead of waiting for ever on a pipe only this child still holds open.
    receiver.close()
    _convert(pages, config, files, sender)


class SecondCore:
    """The child converting every other page of one build, and its pages received ahead of their turn."""

    def __init__(self, pages: list[Page], config, files) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(self._receiver, pages, config, files, sender), daemon=True)
        try:
            self._process.start()
        except OSError:
            self._receiver.close()
            raise
        finally:
            sender.close()
        self._given = {page.file.src_uri for page in pages}  # the child's pages not yet taken
        self._ahead: dict[str, _Converted | str] = {}  # received before MkDocs asked (another order)
        self._gone = False  # the child died or passed the deadline
        self.taken = 0

    @classmethod
    def start(cls, pages: list[Page], config, files) -> "SecondCore | None":
        """A child for every other page of `pages` (in MkDocs' order), when there are enough of them, two
        cores and Linux (cores.may_fork) under the tested MkDocs; None otherwise, or when the system will not
        fork (out of memory or processes): MkDocs then converts every page, as it would without this."""
        if not ENABLED or not may_fork(len(pages), MIN_PAGES):
            return None
        try:
            return cls(pages[1::2], config, files)
        except OSError as err:
            log.info(f"MkDocs converts every page alone: no second process ({err})")
            return None

    def _receive(self, src_uri: str) -> "_Converted | str | None":
        """The child's result for this page, as it sends them in order; None if it will not come."""
        while src_uri not in self._ahead and not self._gone:
            try:
                if not self._receiver.poll(DEADLINE):
                    raise EOFError
                got = self._receiver.recv()
            except (EOFError, OSError):  # dead or stuck: MkDocs converts the rest
                self._gone = True
                self._process.kill()
                break
            self._ahead[got if isinstance(got, str) else got.src_uri] = got
        return self._ahead.pop(src_uri, None)

    def take(self, page: Page, markdown: str) -> bool:
        """Give `page` the child's conversion of `markdown`, the page's Markdown as MkDocs is about to convert
        it; False when the child was not given the page, failed on it, or converted other Markdown (MkDocs
        converts it then)."""
        src_uri = page.file.src_uri
        if src_uri not in self._given:
            return False
        self._given.discard(src_uri)
        converted = self._receive(src_uri)
        if not isinstance(converted, _Converted) or converted.markdown != markdown:
            return False

        def render(config, files_now) -> None:
            del page.render  # the class's own from now on
            page.content, page.toc = converted.content, converted.toc
            page._title_from_render, page.present_anchor_ids = converted.title, converted.anchors
            if converted.links_to_anchors is not None:
                page.links_to_anchors = {files_now.get_file_from_path(uri): anchors
                                         for uri, anchors in converted.links_to_anchors.items()}
            for record in converted.records:
                logging.getLogger(record.name).handle(record)

        page.render = render  # MkDocs calls it next (build._populate_page)
        self.taken += 1
        return True

    def close(self) -> None:
        self._receiver.close()  # a child still sending stops
        self._process.join(timeout=1)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
