"""The one escaping rule for record text placed in generated Markdown.

Python-Markdown does not sanitise and MkDocs' theme does not autoescape, so record
text must be inert by the time it reaches either. Every ASCII punctuation mark
becomes a numeric character reference: Markdown sees no syntax (no `*`, `[`, `|`,
`{:` attr_list, `:emoji:`, `--8<--` snippet, fence or heading), HTML sees no tag,
and the browser shows the text exactly as written. Letters, digits, spaces and
non-ASCII text (Cyrillic) stay readable in the generated Markdown. Newlines become
<br>, so a field never leaves the line, table cell or list item it was put in.
"""

from __future__ import annotations

import functools
import string
from urllib.parse import quote

from markupsafe import Markup

# , ; ? @ / open no syntax once & : [ ] < > are encoded; they stay readable.
_ENCODE = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation if ch not in ",;?@/"}
# C0 controls (but tab and newline) and DEL have no business in a page.
_ENCODE.update({code: "" for code in list(range(0x00, 0x09)) + list(range(0x0B, 0x20)) + [0x7F]})
_ENCODE[ord("\t")] = " "


def md_text(value: object) -> Markup:
    """Record text → inline Markdown that shows exactly the text (the templates' finalize hook)."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    encoded = _encoded(value if type(value) is str else str(value))
    if encoded.startswith(" "):  # four spaces (or tabs, made spaces) at the start of a line open a code block
        return Markup("&#32;" + str.__str__(encoded)[1:])
    return encoded


def md_text_in_html(text: str) -> Markup:
    """md_text of text inside an HTML element, where Markdown does not look: a space leading it stays a space."""
    return _encoded(text)


@functools.lru_cache(maxsize=1 << 16)
def _encoded(text: str) -> Markup:
    # The same few thousand names, roles, titles and labels are written on page after page (a region's name
    # on every incident line): each is encoded once. A Markup is immutable, so one may be shared.
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ENCODE)
    return Markup(text.replace("\n", "<br>"))


def finalize(value: object) -> object:
    """Jinja finalize: every {{ … }} that is not already trusted Markup is escaped by md_text."""
    if isinstance(value, Markup):  # most of them: macros' and helpers' output
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(str(value))
    return md_text(value)


# Characters left as they are in a URL: everything a URL needs except ( ) < > " ' ` { } and
# backslash, which could end a Markdown link early or open another (SECURITY.md).
_URL_SAFE = ":/?#[]@!$&*+,;=%~-._"


def md_url(url: str) -> Markup:
    """A URL already validated as http(s) (models._url) → safe inside [text](…) and href=\"…\"."""
    return Markup(quote(url, safe=_URL_SAFE).replace("&", "&amp;"))


def md_attr(value: object) -> Markup:
    """Text for an HTML attribute we write ourselves (title=, data-…): entity-encoded like text."""
    return md_text(str(value).replace("\n", " "))
