"""Property tests of the escaping: for any text, what reaches MkDocs shows that text and nothing else."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta as mkdocs_meta

from generator.pages.bodies import plain_text, render_body
from generator.pages.escape import md_text
from generator.pages.render import _META_DROP, _meta_value

# The same extensions the site uses (mkdocs.yml), so what Markdown could make of text is tested.
EXTENSIONS = ["attr_list", "admonition", "tables", "toc", "pymdownx.superfences", "pymdownx.details",
              "pymdownx.tabbed"]
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=200)
MARKUP_HEAVY = st.lists(st.sampled_from(list("<>&\"'`*_[](){}#|!:=-+.~^$%\\/\n\t ax1")
                                       + ["{{", "}}", "{:", "--8<--", "```", "javascript:", "<script>", "&#42;"]),
                        max_size=60).map("".join)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, _value in attrs:
            assert not name.startswith("on"), (tag, name)

    def handle_data(self, data):
        self.text.append(data)


def _convert(source: str) -> _Elements:
    parser = _Elements()
    parser.feed(markdown.Markdown(extensions=EXTENSIONS).convert(source))
    return parser


def _visible(text: str) -> str:
    kept = "".join(ch for ch in text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
                   if ch == "\n" or not (ord(ch) < 0x20 or ord(ch) == 0x7F))
    return kept


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, MARKUP_HEAVY))
def test_field_text_in_a_paragraph_is_only_text(text):
    parsed = _convert(f"Before {md_text(text)} after")
    assert set(parsed.tags) <= {"p", "br"}
    assert "".join(parsed.text) == f"Before {_visible(text).replace(chr(10), '')} after"


@settings(max_examples=200, deadline=None)
@given(st.one_of(ANY_TEXT, MARKUP_HEAVY))
def test_field_text_in_a_table_cell_and_a_link_stays_in_place(text):
    parsed = _convert(f"| a | b |\n|---|---|\n| {md_text(text)} | [{md_text(text)}](x.md) |\n")
    assert parsed.tags.count("td") == 2 and parsed.tags.count("a") == 1
    assert set(parsed.tags) <= {"table", "thead", "tbody", "tr", "th", "td", "a", "br"}


@settings(max_examples=200, deadline=None)
@given(st.one_of(ANY_TEXT, MARKUP_HEAVY))
@example("\t\t\t\t0")  # four tabs, or spaces, open an indented code block (found by this test in CI)
@example("    0")
def test_field_text_at_the_start_of_a_line_starts_nothing(text):
    parsed = _convert(f"{md_text(text)}\n")
    assert set(parsed.tags) <= {"p", "br"}


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, MARKUP_HEAVY))
def test_meta_values_always_parse_as_the_escaped_text(text):
    page = f"---\ntitle: {_meta_value(text)}\n---\n\n# x\n"
    body, data = mkdocs_meta.get_data(page)
    assert body.startswith("# x")
    assert html.unescape(data["title"]) == text.translate(_META_DROP)
    assert "<" not in data["title"] and ">" not in data["title"]


ALLOWED_BODY_TAGS = {"div", "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
                     "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "del"}


@settings(max_examples=200, deadline=None)
@given(st.one_of(ANY_TEXT, MARKUP_HEAVY))
def test_a_body_makes_only_allowed_elements_wherever_it_is_placed(text):
    body = render_body(text)
    for source in (f"{body}\n", f"=== \"Tab\"\n\n    {body}\n", f"- item {body}\n"):
        parsed = _convert(source)
        assert set(parsed.tags) <= ALLOWED_BODY_TAGS | {"input", "label", "div"}


# Prose as journalists write it: words (Latin and Cyrillic), punctuation, line breaks and blank lines, with now
# and then a character Markdown acts on.
PROSE = st.lists(st.sampled_from(["The", "governor", "said", "Губернатор", "сказал", " ", " ", "  ", ",", ".", ";",
                                  ":", "!", "?", "'", '"', "(", ")", "—", "-", "+", "5", "12", "1.", "2)", "\n",
                                  "\n\n", "\n \n", "\n\n\n", "*", "_", "#", "[a](b)", "<", "&", "|", "=", "`",
                                  "\t", "\xa0", "\r\n", "~", ">", "\\", "%", "$", "@", "/", "{", "}"]),
                 max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.one_of(PROSE, ANY_TEXT, MARKUP_HEAVY))
def test_a_body_judged_plain_prose_is_laid_out_as_the_whole_pipeline_would(text):
    """bodies skips Python-Markdown, nh3 and the encoder for a body it judges plain prose: for any text so
    judged, the page's HTML and the plain text are exactly what they make of it."""
    from generator.content.body_limits import is_plain_prose
    from generator.pages.bodies import _markdown_body, _markdown_plain_text, _new_markdown, _prose_body

    if is_plain_prose(text):
        assert re.fullmatch(r"(?:<p>[^<]*</p>)?(?:\n<p>[^<]*</p>)*", _new_markdown().convert(text))  # paragraphs only
        assert plain_text.__wrapped__(text) == _markdown_plain_text(text)
        if text.strip():
            assert _prose_body(text) == _markdown_body(text)


def test_plain_prose_is_told_from_markdown():
    from generator.content.body_limits import is_plain_prose

    assert is_plain_prose("The governor said 5 people (two of them children) were hurt.\n\nПожар потушен.")
    for markdown_text in ("a *b*", "a [link](https://example.org)", "- item", "1. item", "# heading",
                          "line  \nbreak", "    code", "a | b", "a &amp; b", "> quoted", "a\tb"):
        assert not is_plain_prose(markdown_text), markdown_text
