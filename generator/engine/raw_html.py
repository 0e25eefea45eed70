"""Raw HTML blocks set aside for Python-Markdown without parsing them tag by tag, twice.

The generated pages are mostly HTML: lists of records and quote boxes (page_links.py says why). MkDocs
hands each page to Python-Markdown, whose `html_block` step finds the raw HTML blocks with the standard
library's HTML parser, pure Python, one tag after another; and MkDocs first runs the same parser over
the whole page once more, only to collect the ids that links may point to: most of the conversion of
such a page (bench/RESULTS.md).

`RawHtmlExtension` does html_block's work first, for a page written in the plain subset of HTML the
generator writes: every `<` opens a lower-case tag with double-quoted attributes on one line, every
`&#` is a charref ended by `;`, no comments, declarations or script-like elements, and each raw block
ends its line. For such a page the blocks html_block would take, taken by the same rules (a block-level
tag at the start of a line opens one, its matching end tag closes it), are stashed as html_block stashes
them; both parsers then find nothing left to do but a few inline tags, and the ids of the stashed blocks
are handed to MkDocs. The converted page is the same, byte for byte (tests/test_raw_html.py checks
that against Python-Markdown on every generated page and on random HTML); a page outside the subset,
or a Markdown set up differently (md_in_html, another preprocessor between the two), is left to
html_block as it was.

Written by hand: the point is to avoid a general HTML parser, and no library sets blocks aside by
Python-Markdown's rules. It follows Python-Markdown's html_block rules and stash, and hands ids to MkDocs'
private `_RawHTMLPreprocessor` (found by its class name), so it runs only under the Python-Markdown and
MkDocs it was tested with (versions.py); under others every page goes to html_block, as without it.
"""

from __future__ import annotations

import html
import re

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor

from generator.engine.versions import tested

ENABLED = tested("setting raw HTML blocks aside (raw_html.py)", "mkdocs", "markdown")

# A tag as the generator writes it, or a lone `<` (group 1 and 2 empty): anything else is not lifted.
_TAG = re.compile(r'<(?:/([a-z][a-z0-9]*)>|([a-z][a-z0-9]*)((?: +[a-z_:][-a-z0-9_:.]*(?:="[^"\n]*")?)*) *>)?')
# html_block re-writes a charref not ended by `;` (adding one); such a page goes to html_block.
_LOOSE_CHARREF = re.compile(r"&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F;]")
_BLANK_LINE = re.compile(r"(?:[ ]*\n){2}")  # html_block's blank_line_re: the block keeps a newline
_ATTR = re.compile(r' ([a-z_:][-a-z0-9_:.]*)(?:="([^"]*)")?')
# Elements whose content the parser does not read as tags.
_APART = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                    "noscript", "plaintext"})
NAME = "briefing_raw_html"
PRIORITY = 22  # after normalize_whitespace (30) and fenced code (25), before MkDocs' id collector (21)


def lift(text: str, store, is_block_level) -> tuple[str, set] | None:
    """`text` with its raw HTML blocks replaced by `store(block)`'s placeholders, as html_block does, and the
    ids the blocks hold (MkDocs' anchors); None when `text` is not in the subset this handles."""
    if "&#" in text and _LOOSE_CHARREF.search(text):
        return None
    out: list[str] = []
    ids: set = set()
    done = 0  # text before this is in `out`
    stack: list[str] = []  # open tags of the raw block being read; empty outside one
    start = 0
    for match in _TAG.finditer(text):
        closing, opening = match.group(1), match.group(2)
        tag = closing or opening
        if tag is None or tag in _APART:
            return None
        at = match.start()
        if opening == "hr":  # html_block's one empty block tag: never open, a raw block of its own at a line's start
            if not stack:
                if _at_line_start(text, at):
                    return None  # its rules for that case are not followed here
                continue
            _anchor_ids(tag, match.group(3), ids)
            continue
        if opening is not None:
            if not stack:
                if not is_block_level(tag) or not _at_line_start(text, at):
                    continue  # inline: html_block leaves it where it is
                out.append(text[done:at])
                out.append("\n")
                start = at
            stack.append(tag)
            _anchor_ids(tag, match.group(3), ids)
            continue
        if not stack or not _close(stack, tag):
            continue
        end = match.end()
        block = _raw_block(text, start, end)
        if block is None:
            return None
        out.append(store(block))
        out.append("\n\n")
        done = end
    if stack:  # a block left open to the end of the page
        return None
    out.append(text[done:])
    return "".join(out), ids


def _close(stack: list[str], tag: str) -> bool:
    """An end tag read inside a raw block: it closes its element and any left open inside it (one with no
    open element closes nothing). Whether that ends the block."""
    if tag in stack:
        while stack.pop() != tag:
            pass
    return not stack


def _raw_block(text: str, start: int, end: int) -> str | None:
    """The raw block html_block stashes for text[start:end], a complete block; None when more follows on its
    line."""
    block = text[start:end]
    if _BLANK_LINE.match(text, end):
        block += "\n"
    elif end < len(text) and text[end] != "\n":
        return None  # more on the block's line: html_block's "tail", not handled here
    return block


def _at_line_start(text: str, at: int) -> bool:
    """html_block's test: the tag starts its line, after at most three spaces."""
    line = text.rfind("\n", 0, at) + 1
    return at - line <= 3 and not text[line:at].strip()


def _anchor_ids(tag: str, attrs: str, ids: set) -> None:
    """What MkDocs' collector takes from a start tag: its ids, and an `a`'s names (values unescaped, as the
    parser gives them; None for an attribute without one)."""
    if not attrs or ("id" not in attrs and "name" not in attrs):
        return
    for attr in _ATTR.finditer(attrs):
        name, value = attr.group(1), attr.group(2)
        if name == "id" or (name == "name" and tag == "a"):
            ids.add(None if value is None else html.unescape(value))


class _Lift(Preprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.ids: set = set()

    def run(self, lines: list[str]) -> list[str]:
        self.ids = set()
        if not self._html_block_next():
            return lines
        lifted = lift("\n".join(lines), self.md.htmlStash.store, self.md.is_block_level)
        if lifted is None:
            return lines
        text, self.ids = lifted
        return text.split("\n")

    def _html_block_next(self) -> bool:
        """Whether html_block, as Python-Markdown ships it, is what would read these lines next: MkDocs'
        id collector may come between (its ids are handed over, _Anchors), nothing else."""
        after = False
        for processor in self.md.preprocessors:
            if processor is self:
                after = True
            elif after:
                if type(processor) is HtmlBlockPreprocessor:
                    return True
                if not isinstance(processor, _Anchors) and not _is_mkdocs_collector(processor):
                    return False
        return False


class _Anchors(Preprocessor):
    """After MkDocs' id collector has read the page: the ids of the blocks set aside, which it no longer saw."""

    def __init__(self, md: markdown.Markdown, lifted: _Lift) -> None:
        super().__init__(md)
        self.lifted = lifted

    def run(self, lines: list[str]) -> list[str]:
        if self.lifted.ids:
            for processor in self.md.preprocessors:
                if _is_mkdocs_collector(processor):
                    processor.present_anchor_ids |= self.lifted.ids
        return lines


def _is_mkdocs_collector(processor) -> bool:
    return type(processor).__name__ == "_RawHTMLPreprocessor" and isinstance(
        getattr(processor, "present_anchor_ids", None), set)


class RawHtmlExtension(Extension):
    """Registered by the plugin (on_config) for every page MkDocs converts."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        if not ENABLED:
            return
        lifted = _Lift(md)
        md.preprocessors.register(lifted, NAME, PRIORITY)
        md.preprocessors.register(_Anchors(md, lifted), NAME + "_anchors", 20.5)
