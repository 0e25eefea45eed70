"""A preview converts the pages an edit changed on two cores.

MkDocs converts pages one after another, in one process. An edit that moves an incident between regions
at 10,000 incidents rewrites 30 to 60 list pages, each 50–70 ms of Python-Markdown: over half of the
reload. Before MkDocs' page loop, a child forked from the preview (so it holds this very build's
configuration, files and Markdown extensions) converts the later part of those pages while MkDocs
converts the earlier part; MkDocs then takes each of the child's pages instead of converting it, when
the Markdown it reaches is the Markdown the child converted (another plugin may have changed it), and
converts it itself otherwise, or when the child failed. Warnings the child's conversion logged (a broken
link) are logged again in the page's turn, so `mkdocs serve --strict` counts them.

Written by hand: no library hands MkDocs' page conversion to another process. Linux only (fork; macOS's
system libraries are unsafe in a forked child); elsewhere a preview converts as MkDocs does. The preview
runs threads (its web server, the file watcher), and a lock one of them held at the fork stays held in
the child: the child only converts Markdown, which takes no such lock, and sends through its own pipe;
it leaves with os._exit, without flushing the streams it inherited; and the parent stops waiting for it
after a deadline and converts its pages itself.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from dataclasses import dataclass

from mkdocs.structure.pages import Page

MIN_PAGES = 6  # fewer pages than this are converted sooner than a child is forked and heard back from
MAX_PAGES = 1000  # the child sends its pages at its end: a preview's whole build converts as MkDocs does
# Seconds after which the parent stops waiting and converts the child's pages itself (a page takes 50–70 ms)
DEADLINE, DEADLINE_PER_PAGE = 10.0, 1.0


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
    """In the child: convert each page as MkDocs would, and send them all back at the end (the parent reads
    them only once it reaches them; a page sent at a time would wait on the pipe). A page that failed is
    sent as its path alone."""
    mkdocs_log = logging.getLogger("mkdocs")
    collected = _Collected()
    mkdocs_log.handlers, mkdocs_log.propagate = [collected], False  # the parent logs them, in order
    converted: list[_Converted | str] = []
    for page in pages:
        collected.records = []
        try:
            page.read_source(config)
            markdown = page.markdown
            Page.render(page, config, files)
            links = page.links_to_anchors
            converted.append(_Converted(
                page.file.src_uri, markdown, page.content, page.toc, page._title_from_render,
                page.present_anchor_ids,
                None if links is None else {file.src_uri: anchors for file, anchors in links.items()},
                collected.records))
        except Exception:  # the parent converts it and reports the problem as MkDocs does
            converted.append(page.file.src_uri)
    try:
        sender.send(converted)
    except OSError:  # the parent's build ended first (it failed): nothing wants them
        pass
    os._exit(0)  # not multiprocessing's exit, which flushes streams another thread's lock may hold


class SecondCore:
    """The child converting part of one build's pages, and what it sent back so far."""

    def __init__(self, pages: list[Page], config, files) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_convert, args=(pages, config, files, sender), daemon=True)
        self._process.start()
        sender.close()
        self._waiting = {page.file.src_uri for page in pages}
        self._received: dict[str, _Converted | None] = {}

    @classmethod
    def start(cls, pages: list[Page], config, files, sizes: dict[str, int]) -> "SecondCore | None":
        """Fork a child for the later pages of `pages` (in MkDocs' order) holding about half their Markdown
        (`sizes`, by src_uri), when there are enough pages, two cores, and fork; None otherwise."""
        if not MIN_PAGES <= len(pages) <= MAX_PAGES or (os.cpu_count() or 1) < 2 or not sys.platform.startswith("linux"):
            return None
        half, later = sum(sizes.get(page.file.src_uri, 0) for page in pages) / 2, 0
        split = len(pages)
        while split > 1 and later + sizes.get(pages[split - 1].file.src_uri, 0) <= half:
            split -= 1
            later += sizes.get(pages[split].file.src_uri, 0)
        return cls(pages[split:], config, files) if split < len(pages) else None

    def take(self, page: Page, markdown: str) -> bool:
        """Give `page` the child's conversion of `markdown`, the page's Markdown as MkDocs is about to convert
        it; False when the child was not given the page, failed, or converted other Markdown (MkDocs
        converts it then)."""
        src_uri = page.file.src_uri
        if src_uri in self._waiting:  # the first of the child's pages: all of them arrive
            try:
                if self._receiver.poll(DEADLINE + DEADLINE_PER_PAGE * len(self._waiting)):
                    for got in self._receiver.recv():
                        if isinstance(got, str):
                            self._received[got] = None
                        else:
                            self._received[got.src_uri] = got
            except (EOFError, OSError):  # the child died: MkDocs converts its pages
                pass
            self._waiting.clear()
        converted = self._received.pop(src_uri, None)
        if converted is None or converted.markdown != markdown:
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
        return True

    def close(self) -> None:
        self._receiver.close()
        self._process.join(timeout=1)  # it leaves once it has sent its pages
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
