"""Generate: the whole pipeline to Markdown files, read → validate → link → plan → render → write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .link import Briefing
from .load import load
from .plan import Page, plan
from .render import render
from .write import WriteStats, write_pages


@dataclass
class Generated:
    briefing: Briefing
    pages: list[Page]
    stats: WriteStats


def generate(content_dir: Path, out_dir: Path, briefing: Briefing | None = None) -> Generated:
    """Raises errors.ContentError (bad content) or write.WriteError (unsafe output folder).
    A briefing already loaded from content_dir may be passed to skip loading it again."""
    briefing = briefing or load(content_dir)
    pages = plan(briefing)
    texts = render(pages, briefing)
    stats = write_pages(out_dir, texts)
    return Generated(briefing, pages, stats)
