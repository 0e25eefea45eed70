"""Record bodies: contributor Markdown → sanitised HTML that is inert wherever it is placed.

A body is rendered here with our own Python-Markdown instance (no extension that can read
files or add attributes; raw HTML is shown as text), then cleaned by nh3 (an allow-list of tags, http(s)/mailto and
relative links only). Its text is then entity-encoded like any field (escape.md_text_in_html) and
kept on one line, so that MkDocs' Markdown, which parses the generated page again, finds
nothing to act on even inside an indented content tab.
"""

from __future__ import annotations

import functools
import html
import re
import threading
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import Markup

from generator.content.body_limits import is_plain_prose
from generator.kinds import KINDS
from generator.pages.escape import md_attr, md_text_in_html
from generator.pages.page_links import HREF
from generator.pages.urls import record_path

_BLANK_LINES = re.compile(r"\n{2,}")  # between a plain body's paragraphs

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
VOID_TAGS = {"br", "hr"}


_LOCAL = threading.local()


def _markdown() -> markdown.Markdown:
    """This thread's converter, reset for the next body: building one costs more than most bodies."""
    md = getattr(_LOCAL, "md", None)
    if md is None:
        md = _LOCAL.md = _new_markdown()
    md.reset()
    return md


def _new_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "tables", "fenced_code"], output_format="html")
    # Raw HTML in a body is text, shown as written: a quote containing "<b>" shows exactly that. Character
    # references are decoded, as CommonMark decodes them: "&amp;" shows "&", "&mdash;" a dash (write
    # "&amp;amp;" to show "&amp;"); a decoded "<" is text like any other. nh3 below is the second guard,
    # not the first.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("entity")
    return md


def render_body(text: str) -> Markup:
    """Contributor Markdown → one line of safe HTML (empty Markup for an empty body)."""
    if not text.strip():
        return Markup("")
    if is_plain_prose(text):
        return _prose_body(text)
    return _markdown_body(text)


_ONE_PARAGRAPH = re.compile(r'^<div class="record-body"><p>(.*)</p></div>$', re.DOTALL)


def render_inline(text: str) -> Markup:
    """One sentence of contributor Markdown (a briefing's key point) → safe inline HTML: render_body's
    paragraph without its wrapping, so it sits in a list item; its [words](KIND:ID) links made as in a body."""
    rendered = render_body(text)
    found = _ONE_PARAGRAPH.match(rendered)
    return Markup(found[1]) if found and "<p>" not in found[1] else rendered


def _prose_body(text: str) -> Markup:
    """render_body of plain prose: what _markdown_body makes of its paragraphs, without the steps."""
    return Markup('<div class="record-body">' + "&#10;".join(
        "<p>" + "&#10;".join(md_text_in_html(line) for line in part.split("\n")) + "</p>"
        for part in _BLANK_LINES.split(text.strip("\n")) if part) + "</div>")


def _markdown_body(text: str) -> Markup:
    # Headings in a body sit below the page's own title and sections.
    converted = _converted(text).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        converted,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", *KINDS},  # KIND:ID, a link to a record (_record_href)
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    encoder = _Encoder()
    encoder.feed(cleaned)
    encoder.close()
    # One wrapping element: Python-Markdown keeps a line that starts a block tag as raw HTML only
    # up to that element's end, and would parse the paragraphs after it again.
    return Markup('<div class="record-body">' + "".join(encoder.out) + "</div>")


_RECORD_HREF = re.compile(r"(" + "|".join(KINDS) + r"):([a-z0-9]+(?:-[a-z0-9]+)*)")


def _record_href(value: str | None) -> str | None:
    """[words](incident:ID) in a body: a link to that record's page, made for each page that shows the body
    (page_links' HREF); validation has checked that the record exists (content/link.py)."""
    match = _RECORD_HREF.fullmatch(value or "")
    return f"{HREF}{record_path(match[1], match[2])}{HREF}" if match else None


class _Encoder(HTMLParser):
    """Re-emits nh3's well-formed output with every text and attribute value entity-encoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        record = tag == "a" and any(name == "href" and _record_href(value) for name, value in attrs)
        # nh3 marks every link nofollow and noopener; a link to another record is the site's own page: no rel
        rendered = "".join(f' {name}="{_record_href(value) or md_attr(value or "")}"' if name == "href"
                           else f' {name}="{md_attr(value or "")}"' for name, value in attrs
                           if not (record and name == "rel"))
        self.out.append(f"<{tag}{rendered}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        # Newlines matter only inside <pre>; as &#10; they keep their meaning there and the
        # whole body stays on one line everywhere else.
        self.out.append("&#10;".join(md_text_in_html(line) for line in data.split("\n")))


@functools.lru_cache(maxsize=1024)
def _converted(text: str) -> str:
    """Python-Markdown's HTML of a body. A record's page shows its body and puts it in its JSON-LD as plain
    text: both are made from one conversion, most of what the two cost (a page's bodies are a few, so the
    cache is small)."""
    return _markdown().convert(text)


@functools.lru_cache(maxsize=65536)
def plain_text(text: str) -> str:
    """A body as plain text (for feeds, JSON-LD and search snippets). Cached: the exports, the
    feed and the JSON-LD of a page each ask for the same bodies."""
    if is_plain_prose(text):  # paragraphs of text with no character an entity would stand for
        return " ".join(text.split())
    return _markdown_plain_text(text)


def _markdown_plain_text(text: str) -> str:
    return " ".join(html.unescape(nh3.clean(_converted(text), tags=set())).split())
