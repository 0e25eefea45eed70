"""Reading a built site in tests: its pages, their text, links and anchors."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class Page(HTMLParser):
    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text_parts: list[str] = []
        self._skip = 0
        self._article = 0  # text is read from the page's content, not its navigation
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "article" or (self._article and tag == "article"):
            self._article += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "article" and self._article:
            self._article -= 1

    def handle_data(self, data):
        if not self._skip and self._article:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        """The visible text of the page's article, whitespace collapsed."""
        return " ".join("".join(self.text_parts).split())


class Site:
    def __init__(self, root: Path):
        self.root = root
        self._pages: dict[Path, Page] = {}

    def page(self, url: str) -> Page:
        """A page by its site URL, such as 'incidents/x/' or '' for the home page."""
        path = self.root / url / "index.html" if not url.endswith(".html") else self.root / url
        if path not in self._pages:
            self._pages[path] = Page(path)
        return self._pages[path]

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def broken_links(self) -> list[str]:
        """Every internal link or anchor in the site that does not resolve."""
        broken = []
        for path in self.html_files():
            if path.name == "404.html" and path.parent == self.root:
                continue  # MkDocs writes the 404 page with root-absolute links, by design
            page = self._pages.setdefault(path, Page(path))
            base = path.relative_to(self.root).parent.as_posix()
            for href in page.links:
                parts = urlsplit(href)
                if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:void(0)")):
                    continue
                target_rel = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else \
                    path.relative_to(self.root).as_posix()
                target = self.root / target_rel
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    broken.append(f"{path.relative_to(self.root)}: {href} (no file)")
                    continue
                if parts.fragment and target.suffix == ".html":
                    ids = self._pages.setdefault(target, Page(target)).ids
                    if unquote(parts.fragment) not in ids:
                        broken.append(f"{path.relative_to(self.root)}: {href} (no anchor)")
        return broken
