"""Raw HTML blocks set aside without the HTML parser (raw_html.py): the converted page, its table of contents
and the anchors MkDocs collects are what Python-Markdown and MkDocs make without it, for any page; and the
generated pages are all in the subset it handles, so they are the pages it speeds up."""

from __future__ import annotations

import logging

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.pages import _RawHTMLPreprocessor
from test_escaping_properties import EXTENSIONS  # the site's (mkdocs.yml)

from generator.engine import raw_html, second_core

# Pieces of a page: Markdown, whole blocks of the kinds the generator writes, loose tags, and (OUTSIDE) what
# lies outside the subset handled: comments, script, loose charrefs, upper case, odd tags.
MARKDOWN = ["\n", "\n", "\n\n", "\n\n", "   ", "    ", "text", "*em*", "# Heading", "- item", "1. one",
            "> quoted", "| a | b |\n|---|---|", "{ #anchor }", "```\ncode <div>\n```", "!!! note\n    inside",
            "=== \"Tab\"\n    tabbed", "&#46;", "&amp;", "&#x41;", ">", "<br>", "<em>x</em>", "<span id>s</span>",
            "<a href=\"x.md\" id=\"i\">link</a>", "<a name=\"n\"></a>"]
BLOCKS = ["<div>a</div>", "<div id=\"a\">a &#46; b</div>", "<div class=\"x\" data-pagefind-ignore><p>p</p></div>",
          "<ul class=\"record-list\">\n<li data-pagefind-ignore><a href=\"x/\">X</a> &#183; y</li>\n</ul>",
          "<blockquote id=\"q&#45;1\"><p>q</p><p>r</p></blockquote>", "<table><tr><td>1</td></tr></table>",
          "<p data-pagefind-ignore>&#8212; <a href=\"a/\">A</a></p>", "<div><div id=\"in\">x</div><br><hr></div>",
          "<div class=\"tabbed-set\" id=\"q-x\"><input checked=\"checked\" id=\"x-en\" name=\"x\" "
          "type=\"radio\"><div class=\"tabbed-labels\"><label for=\"x-en\">English</label></div></div>",
          "<ul><li>a<ul><li>b</li></ul></li></ul>", "<div><p>unclosed p</div>", "<li>item</li></li>",
          "<div><hr id=\"rule\"></hr><span id>x</span></div>"]
LOOSE = ["<div>", "</div>", "<p>", "</p>", "<ul>", "</ul>", "<li>", "</li>", "<hr>", "</a>"]
OUTSIDE = ["<", "<!-- c -->", "<script>x</script>", "<DIV>", "<a href=x>", "</a >", "<br/>", "</>", "&#38 x"]
# blocks mostly on lines of their own, as the generator writes them (else html_block's "tail", left to it)
ON_LINES = ([f"\n{block}\n" for block in BLOCKS] + [f"\n\n{block}\n\n" for block in BLOCKS] * 2
            + [f"\n\n{' ' * n}{block}\n\n" for n in range(1, 6) for block in BLOCKS[:3]])  # indented: code at 4
INSIDE_PAGES = st.lists(st.sampled_from(MARKDOWN + ON_LINES + BLOCKS + LOOSE[:2]), max_size=30).map("".join)
ANY_PAGES = st.lists(st.sampled_from(MARKDOWN + BLOCKS + LOOSE + OUTSIDE), max_size=30).map("".join)
PAGES = st.one_of(INSIDE_PAGES, ANY_PAGES)


def _convert(text: str, lifted: bool, extensions=EXTENSIONS) -> tuple:
    """The page as MkDocs converts it (its id collector included): HTML, table of contents and anchors."""
    md = markdown.Markdown(extensions=[*extensions, *([raw_html.RawHtmlExtension()] if lifted else [])])
    collector = _RawHTMLPreprocessor()
    collector._register(md)
    html = md.convert(text)
    return html, md.toc_tokens if hasattr(md, "toc_tokens") else None, collector.present_anchor_ids


@settings(max_examples=600, deadline=None)
@given(PAGES)
def test_any_page_converts_as_without(text):
    assert _convert(text, lifted=True) == _convert(text, lifted=False)


@settings(max_examples=200, deadline=None)
@given(PAGES)
def test_lift_stashes_the_blocks_html_block_would(text):
    """Where the page is in the subset, Python-Markdown's html_block finds nothing left to set aside."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    lifted = raw_html.lift(text, md.htmlStash.store, md.is_block_level)
    if lifted is not None:
        stored = md.htmlStash.html_counter
        md.preprocessors["html_block"].run(lifted[0].split("\n"))
        assert md.htmlStash.html_counter == stored


def test_a_quote_box_and_a_list_are_set_aside_with_their_ids():
    page = ("## Quotes\n\n<div class=\"quote\" id=\"q-one\" data-pagefind-ignore><blockquote><p>Said&#46;</p>"
            "</blockquote></div>\n\n<p data-pagefind-ignore>— <a href=\"../a/\">A</a></p>\n\n"
            "<ul class=\"record-list\">\n<li data-pagefind-ignore><a href=\"x/\">X</a></li>\n</ul>\n")
    md = markdown.Markdown(extensions=EXTENSIONS)
    text, ids = raw_html.lift(page, md.htmlStash.store, md.is_block_level)
    assert md.htmlStash.html_counter == 3
    assert "<" not in text.replace("## Quotes", "")
    assert ids == {"q-one"}
    assert _convert(page, lifted=True) == _convert(page, lifted=False)


@pytest.mark.parametrize("page", [
    "<div>open to the end\n",  # left open
    "<div>a</div> tail\n",  # text after the block on its line
    "<div><!-- note --></div>\n",  # a comment
    "<div>&#38 loose</div>\n",  # a charref without its semicolon
    "<DIV>upper</DIV>\n",
])
def test_a_page_outside_the_subset_is_left_to_html_block(page):
    md = markdown.Markdown(extensions=EXTENSIONS)
    assert raw_html.lift(page, md.htmlStash.store, md.is_block_level) is None
    assert _convert(page, lifted=True) == _convert(page, lifted=False)


def test_markdown_inside_html_is_left_to_its_extension():
    """md_in_html reads HTML blocks itself (markdown="1"): nothing is set aside before it."""
    page = "<div markdown=\"1\">\n*emphasis* inside\n</div>\n\n<div>plain</div>\n"
    with_md_in_html = [*EXTENSIONS, "md_in_html"]
    assert _convert(page, True, with_md_in_html) == _convert(page, False, with_md_in_html)
    assert "<em>emphasis</em>" in _convert(page, True, with_md_in_html)[0]


def test_every_generated_page_is_set_aside_and_the_site_is_the_same(tmp_path, monkeypatch):
    """The shipped site's templates write only the subset: each generated page MkDocs converts has its blocks
    set aside (none left to the parser), and the built site is byte for byte the site built without."""
    from site_fixture import build_in_process, write_project

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    monkeypatch.setattr(second_core, "MIN_PAGES", 10**9)  # every page converted here, where it is counted
    root = write_project(tmp_path)
    lift = raw_html.lift
    refused: list[str] = []
    lifted: list[int] = []

    def counting(text, store, is_block_level):
        found = lift(text, store, is_block_level)
        (refused.append(text) if found is None else lifted.append(len(found[1])))
        return found

    def built(site, extension: bool) -> dict[str, bytes]:
        with monkeypatch.context() as patch:
            patch.setattr(raw_html, "lift", counting)
            if not extension:
                patch.setattr(raw_html.RawHtmlExtension, "extendMarkdown", lambda self, md: None)
            return {path: data for path, data in build_in_process(root, site).items() if not path.endswith(".gz")}

    without = built(tmp_path / "without", extension=False)
    assert not lifted and not refused
    with_it = built(tmp_path / "with", extension=True)
    # Outside the subset, left to html_block (the same page, more slowly): a chart's <img> and a map's legend
    # (svg shapes written <circle … />), void and self-closing tags lift() does not take. Every other page is
    # set aside.
    outside = ('<figure class="briefing-chart">', '<div class="map-figure">')
    assert [text[:300] for text in refused if not any(mark in text for mark in outside)] == []
    pages = [path for path in with_it if path.endswith(".html")]
    assert len(lifted) + len(refused) >= len(pages) - 1 > 20  # every page MkDocs converted (404.html is not one)
    assert sum(lifted) > 20  # the quotes' anchors among what MkDocs was given
    assert with_it.keys() == without.keys()
    assert [path for path in without if with_it[path] != without[path]] == []


def test_the_benchmark_of_conversion_finds_the_generated_pages_the_same(tmp_path):
    """bench/convert_sample.py (the figures in bench/RESULTS.md): on a generated project, every page sampled
    converts the same with and without the extension."""
    import subprocess
    import sys

    from site_fixture import ROOT, write_project

    root = write_project(tmp_path)
    generated = subprocess.run([sys.executable, "-m", "generator", "generate", "--out", "build/generated"], cwd=root,
                               capture_output=True, text=True, timeout=300)
    assert generated.returncode == 0, generated.stderr
    pages = len(list((root / "build" / "generated").rglob("*.md")))
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "convert_sample.py"), str(root), "--every", "1"],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"{pages} pages: ") and pages > 20
    assert run.stdout.rstrip().endswith("; 0 converted differently")
