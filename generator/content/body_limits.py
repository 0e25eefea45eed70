"""Body limits: the shapes of Markdown text a body may not take, found where they begin.

`validate` refuses a body past a limit at its line and column, so that `build` never meets one;
pages/bodies.py lays bodies out and relies on it. Written by hand: no Markdown library bounds its own
work, and these limits follow Python-Markdown's costs (see the comment above the limits).
"""

from __future__ import annotations

import re

# Most bodies are sentences in paragraphs, with no Markdown at all; Python-Markdown takes about half a
# millisecond to find that out, and nh3 and the encoder as long again to pass the paragraphs through, for
# each of the tens of thousands of bodies a build shows and exports. A body with none of these characters
# anywhere (nor controls, surrogates or noncharacters), and no line that starts like a list or a code block or
# ends like a hard line break, is only paragraphs of text, and is laid out directly (the property tests in
# tests/test_escaping_properties.py check that each way gives what the whole pipeline gives).
_MARKUP_ANYWHERE = re.compile(r"[\\`*_\[\]<>&#|~={}\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
                              r"|[^\S \n]")
_MARKUP_AT_LINE = re.compile(r"^(?:[-+ ]|\d+[.)])|[ ]$", re.MULTILINE)


def is_plain_prose(text: str) -> bool:
    """Whether Python-Markdown would make nothing of the text but paragraphs of it (_prose_body)."""
    return _MARKUP_ANYWHERE.search(text) is None and _MARKUP_AT_LINE.search(text) is None


# Python-Markdown's inline patterns cost far more than linear on some shapes of text: each '[' looks for its
# ']' to the end of its paragraph (a paragraph of 8,000 '[' took 20 s), emphasis and code marks cost tens of
# microseconds each, as do list items and other blocks, headings with no blank line between them cost the
# square of their number (19,500 took 30 s), and each level of lists nested by indentation is a level of
# recursion (300 levels overflowed Python's stack). No real record comes near these limits; a body past one
# is refused at the place it is passed, by `validate` as by `build`, instead of holding a build for minutes
# or ending in a traceback.
MAX_BRACKETS_IN_PARAGRAPH = 100  # unescaped '[' in one paragraph: links and images
MAX_MARKS = 20_000  # Markdown marks in one body: [ ] * _ ` < \
MAX_NESTING = 20  # lists and quotes inside each other
MAX_BLOCK_LINES_IN_PARAGRAPH = 1_000  # lines that may start a block, with no blank line between them
_BLOCK_STARTS = frozenset(" \t>-+*#|=~0123456789")  # the first character of a list item, quote, heading …
_MARKS = re.compile(r"[\[\]*_`<\\]")
_BRACKET = re.compile(r"\\.|\[")  # an escaped character, or a '[' that opens a link
# The earliest limit a paragraph passes is reported when it ends, with its count ({n}) then known.
_BRACKETS_OVER = (f"{{n:,}} '[' in one paragraph (at most {MAX_BRACKETS_IN_PARAGRAPH}); escape those that are not "
                  "links as \\[, or split the paragraph with blank lines")
_BLOCKS_OVER = (f"{{n:,}} lines of one paragraph start a list item, quote, heading or table row (at most "
                f"{MAX_BLOCK_LINES_IN_PARAGRAPH:,}); put blank lines between groups of them")
_MARKS_OVER = (f"more than {MAX_MARKS:,} Markdown marks ([ ] * _ ` < \\, and lines that start a list, quote, "
               "heading or table or end in a line break) from the start of the text to here; shorten it, or move "
               "long text to a source and link to it")
_NESTING = re.compile(r"(?:[ \t]|>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")  # what may open levels


def body_limit_problem(text: str) -> tuple[int, int, str] | None:
    """The first place where a body passes one of the limits above: (line of the body from 0, column from 1,
    message), or None. Linear in the body's length."""
    if is_plain_prose(text):
        return None  # laid out without Python-Markdown (_prose_body)
    marks = 0
    brackets = blocks = 0  # in the paragraph so far
    over: list[tuple[int, int, str]] = []  # where the paragraph passed a limit, and what to say
    lines = text.split("\n")
    for number, line in enumerate(lines + [""]):
        if not line.strip():
            if over:
                line_no, col, message = min(over)
                return line_no, col, message.format(n=brackets if message is _BRACKETS_OVER else blocks)
            brackets = blocks = 0
            continue
        depth = _depth(line)
        if depth > MAX_NESTING:
            return (number, 1, f"lists or quotes nested {depth} levels deep (at most {MAX_NESTING}); "
                               "flatten the list or quote")
        for found in _BRACKET.finditer(line):
            if found[0] == "[":
                brackets += 1
                if brackets == MAX_BRACKETS_IN_PARAGRAPH + 1:
                    over.append((number, found.start() + 1, _BRACKETS_OVER))
        if line[0] in _BLOCK_STARTS:
            blocks += 1
            if blocks == MAX_BLOCK_LINES_IN_PARAGRAPH + 1:
                over.append((number, 1, _BLOCKS_OVER))
        places = [m.start() for m in _MARKS.finditer(line)]
        if line[0] in _BLOCK_STARTS and not (places and places[0] == 0):
            places.insert(0, 0)
        if line.endswith("  "):  # a hard line break
            places.append(len(line) - 1)
        if marks <= MAX_MARKS < marks + len(places):
            over.append((number, places[MAX_MARKS - marks] + 1, _MARKS_OVER))
        marks += len(places)
    return None


_MARKER = re.compile(r">[ ]?|[-+*][ \t]|\d{1,9}[.)][ \t]")  # a level's mark and the space after it


def _depth(line: str) -> int:
    """How deep a line nests lists and quotes, at most: each '>' or list marker at its start, and each four
    columns of indentation, may open a level."""
    prefix = _NESTING.match(line)[0]
    if len(prefix) <= MAX_NESTING:
        return 0  # each level takes a character at least: this line cannot pass the limit
    return len(_MARKER.findall(prefix)) + len(_MARKER.sub("", prefix).expandtabs(4)) // 4
