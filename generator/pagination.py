"""Pagination: a long list split into numbered pages of at most `size` items, so no page's
HTML grows with the number of records (issue 5: no page over 1 MB).

Page 1 keeps the list's own path; page n lives below it at `<stem>/page/n.md`, so
`quotes/index.md` continues at `quotes/page/2.md` (served `quotes/page/2/`) and
`timeline/2026/11.md` at `timeline/2026/11/page/2.md`. Pure data: plan builds these, the
`pager` macro lays out the links between them.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PAGE_SIZE = 100


@dataclass(frozen=True)
class Pager:
    """One page of a paginated list: its items, and the paths of every page in the series."""

    number: int  # 1-based
    items: list
    paths: tuple[str, ...]
    total: int  # items over all pages
    size: int  # items a full page holds

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def path(self) -> str:
        return self.paths[self.number - 1]

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None

    @property
    def first_index(self) -> int:
        """1-based position of this page's first item in the whole list (0 when it is empty)."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.size + len(self.items)


def page_path(first: str, number: int) -> str:
    """Source path of page `number` of the list whose first page is `first`."""
    if number == 1:
        return first
    stem = first[: -len(".md")]
    if stem == "index":
        stem = ""
    elif stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return f"{stem}/page/{number}.md".lstrip("/")


def paginate(first: str, items: list, size: int = DEFAULT_PAGE_SIZE) -> list[Pager]:
    """The pages of `items` in order; always at least one page (an empty list is one empty page)."""
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    paths = tuple(page_path(first, n) for n in range(1, len(chunks) + 1))
    return [Pager(n, chunk, paths, len(items), size) for n, chunk in enumerate(chunks, start=1)]
