"""Links between generated pages: written as placeholders, made relative when each page is rendered.

Links between pages are relative, so the same list item differs from one folder to the next. Templates
write every link as LINK + site path + LINK, the same text on any page; rendering a page then makes each
one relative to its folder. Record text never carries the character (escape drops C0 controls), and a
list item (a quote, an incident line) is laid out once per site and reused on every page.

A link written as HTML is HREF + site path + HREF, made into the URL the browser follows from the page's
own URL (MkDocs' directory URLs): MkDocs converts a list of HTML items several times faster than the same
list as Markdown links, which it parses and resolves one by one (a preview converts the long lists an
edit reaches on every reload).

A build resolves a great many links. Pages Links.resolve has seen before share
what it made: a Markdown link depends only on the page's folder, and a browser link only on the page's
URL without its last part, but when the link leads into that part (a page linking to itself).
"""

from __future__ import annotations

import functools
import posixpath

LINK = "\x1a"
HREF = "\x1c"


def served_url(path: str) -> str:
    """MkDocs' directory URL of a source page: 'index.md' → '', 'a/index.md' → 'a/', 'a/b.md' → 'a/b/'."""
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def relative(target: str, start: str) -> str:
    """posixpath.relpath(target, start or '.') for the clean relative paths of the site, without its
    calls to the file system."""
    t = target.split("/")
    s = start.split("/") if start else []
    if ".." in t or ".." in s or "." in t or "." in s or "" in t or "" in s:
        return posixpath.relpath(target, start or ".")
    return _up_then_down(t, s) or "."


def _up_then_down(target: "list[str] | tuple[str, ...]", start: "list[str] | tuple[str, ...]") -> str:
    """The path from folder `start` to `target`, both as their parts: up past what they do not share, then down."""
    common = 0
    for a, b in zip(target, start, strict=False):  # the shorter one ends what they share
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + list(target[common:]))


@functools.lru_cache(maxsize=1 << 16)
def url_parts(url: str) -> tuple[str, ...]:
    return tuple(part for part in url.split("/") if part)


@functools.lru_cache(maxsize=1 << 16)
def _served_parts(target: str) -> tuple[tuple[str, ...], bool]:
    """A site path's URL as its parts, and whether it is a folder's (ends with /)."""
    url = served_url(target) if target.endswith(".md") else target
    return url_parts(url), url.endswith("/") or not url


def browser_url(target: str, here: tuple[str, ...]) -> str:
    """The URL of site path `target` relative to the page URL whose parts are `here` (a folder, as MkDocs'
    directory URLs are)."""
    parts, folder = _served_parts(target)
    path = _up_then_down(parts, here)
    if folder:
        path = path + "/" if path else ""
    return path or "./"


class Links:
    """Resolves the placeholders of the pages of one render, keeping what it made for the pages after."""

    def __init__(self, from_source: bool = False) -> None:
        """from_source: HTML links from the page's source folder (Zensical's reading), not its URL (MkDocs')."""
        self.from_source = from_source
        self._relative: dict[str, dict[str, str]] = {}  # by the page's folder: {target: link}
        # by the page's URL but its last part: {target: (URL, the part that, as the page's last, changes it)}
        self._browser: dict[tuple[str, ...] | None, dict[str, tuple[str, str | None]]] = {}

    def resolve(self, text: str, path: str) -> str:
        """The text of the page at site path `path`, its placeholders made into links."""
        if LINK in text:
            here = posixpath.dirname(path)
            made = self._relative.setdefault(here, {})
            text = _replaced(text, LINK, made, lambda target: _with_anchor(target, relative, here))
        if HREF in text:
            if not path.endswith(".md"):
                raise ValueError(f"{path} is no page: it has no URL to link from")
            here = posixpath.dirname(path) if self.from_source else served_url(path)
            text = self._browser_links(text, url_parts(here))
        return text

    def _browser_links(self, text: str, here: tuple[str, ...]) -> str:
        above, last, depth = here[:-1], here[-1] if here else None, len(here)
        made = self._browser.setdefault(above if here else None, {})  # the home page's URL has no parts at all
        pieces = text.split(HREF)
        for index in range(1, len(pieces) - 1, 2):  # odd pieces are targets (an unpaired marker ends the text)
            target = pieces[index]
            found = made.get(target)
            if found is None or (found[1] is not None and found[1] == last):
                url = _with_anchor(target, browser_url, here)
                if found is None:
                    parts = _served_parts(target.partition("#")[0])[0]
                    # a target below `above` is reached through the page's last part when it shares it
                    changes = parts[depth - 1] if depth and len(parts) >= depth and parts[:depth - 1] == above else None
                    if changes != last:
                        made[target] = (url, changes)
                pieces[index] = url
            else:
                pieces[index] = found[0]
        return _joined(pieces, HREF)


def _with_anchor(target: str, make, here) -> str:
    path, _, anchor = target.partition("#")
    return make(path, here) + ("#" + anchor if anchor else "")


def _replaced(text: str, marker: str, made: dict[str, str], make) -> str:
    """Each marker + target + marker in text replaced by made[target] (make(target) the first time)."""
    pieces = text.split(marker)
    for index in range(1, len(pieces) - 1, 2):
        target = pieces[index]
        found = made.get(target)
        if found is None:
            found = made[target] = make(target)
        pieces[index] = found
    return _joined(pieces, marker)


def _joined(pieces: list[str], marker: str) -> str:
    if len(pieces) % 2 == 0:  # an odd number of markers: the last one pairs with none and stays
        return "".join(pieces[:-1]) + marker + pieces[-1]
    return "".join(pieces)
