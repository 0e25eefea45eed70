"""Replan: what a preview keeps of one plan for the next, so that an edit plans again only what it reached.

An edit changes the lists of a few records, yet plan() walks every record. Through this Reuse a record
whose planning read nothing the edit changed keeps its pages, the very objects, from the plan before;
so do the index pages planned together (("pages", "quotes") …): they walk whole tables, so an edit to
a record of a kind they list plans them again, and an edit to another kind does not. A record planned
again keeps those of its lists that hold the same records, none of them changed: the long lists are
most of planning a record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.pages.listings import Section
from generator.pages.plan import Page, Reuse
from generator.preview.reads import Recorder


@dataclass
class Planned:
    """A group of pages as one plan made them, and what making them read (reads.py tokens)."""

    pages: list[Page]
    reads: set


@dataclass
class PlannedSection:
    """One list of a record's page as a plan made it: the ids it was made from (a copy), the Section, the
    pages of its periods, and what making it read."""

    ids: list | set
    section: Section
    pages: list[Page]
    reads: set


class Replan(Reuse):
    """Plans through `recorder` (the traced briefing's trace), noting what each group and list read; given the
    Replan of the last plan and the tokens an edit changed, gives back what that plan made where it read none
    of them."""

    def __init__(self, recorder: Recorder, before: Replan | None = None, changed: set | None = None):
        self.recorder = recorder
        self.groups: dict[tuple[str, str], Planned] = {}  # (kind, id), or ("pages", name) for index pages
        self.sections: dict[tuple, PlannedSection] = {}  # (owner kind, owner id, kind listed, label)
        reuse = before is not None and changed is not None
        self._before = before.groups if reuse else {}
        self._sections_before = before.sections if reuse else {}
        self._changed = changed or set()
        # what the edit reached, found in one pass rather than asked of every record as the plan reaches it
        self._stale = {key for key, planned in self._before.items() if not planned.reads.isdisjoint(self._changed)}

    def pages(self, key: tuple[str, str], make: Callable[[], list[Page]]) -> list[Page]:
        kept = None if key in self._stale else self._before.get(key)
        if kept is None:
            with self.recorder.collecting() as reads:
                made = make()
            kept = Planned(made, reads)
        self.groups[key] = kept
        return kept.pages

    def section(self, key: tuple, ids: Iterable[str], make: Callable[[], tuple[Section, list[Page]]]
                ) -> tuple[Section, list[Page]]:
        kept = self._sections_before.get(key)
        if kept is None or not kept.reads.isdisjoint(self._changed) or kept.ids != ids:
            with self.recorder.collecting() as reads:
                found, made = make()
            kept = PlannedSection(set(ids) if isinstance(ids, (set, frozenset)) else list(ids), found, made, reads)
        else:  # the record planned again read what its kept list read
            self.recorder.note_all(kept.reads)
        self.sections[key] = kept
        return kept.section, kept.pages

    def done(self) -> None:
        """Carry the lists of the records kept, for the next edit (a record planned again made its own)."""
        kept, before = self.groups, self._before
        self.sections.update({key: section for key, section in self._sections_before.items()
                              if (owner := kept.get(key[:2])) is not None and owner is before.get(key[:2])})
