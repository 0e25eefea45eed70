"""The Atom feed (RFC 4287) of the briefing: briefings, incidents, measures and every dated update or
correction, newest first, written with feedgen to feed.xml at the site root.

- **Timestamps**: an entry's `updated` is when its record was added to the site or last updated
  (`added`, the newest of its `updates`), an update's entry the update's date: not the event's
  date, which a source may give only as a month or a range. A date-time is taken as written,
  converted to UTC; a day at 00:00 UTC. A record with neither `added` nor updates (`briefing new`
  always writes `added`) gives its event date instead, at 00:00 UTC of the first day it can mean:
  the record cannot have been added before it. The feed's `updated` is its newest entry's, never
  the time of the build, so the same content gives the same bytes.
- **Order**: by `updated`, newest first, as a reader's app shows what is new on the site; at the
  same instant by the event's date (a range by its latest possible day), the more precise date
  first, then briefings, incidents, measures, updates, then by id. The feed holds the newest FEED_LIMIT
  (100): a reader's app polls it; the whole record is in data/.
- **Ids** never change between builds of the same content and site_url. With a site_url the
  entry id is the record page's absolute URL (an update's adds `#update-DATE`, and `-2`, `-3` …
  for further updates of the same date, in file order); the feed's id is the feed's URL.
  Without a site_url (mkdocs.yml may leave it unset; `briefing generate` knows none) they are
  URNs: `urn:briefing:incident:ID`, `urn:briefing:incident:ID:update:DATE`, `urn:briefing:feed`.
  Setting or changing site_url changes the ids, so set it before the site is published.
- **Links**: with a site_url, absolute. Without, relative references (`incidents/ID/`), which
  RFC 4287 resolves against the feed's own URL: correct because feed.xml sits at the site root.
- Record text is plain text (bodies.plain_text) with the characters XML cannot carry removed;
  lxml escapes the rest.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial

from feedgen.feed import FeedGenerator

from generator.content.dates import Date
from generator.content.link import Briefing, words_only
from generator.pages.bodies import plain_text
from generator.pages.urls import FEED_PATH, record_url

DEFAULT_TITLE = "Briefing"
SUMMARY_LIMIT = 600  # characters of body text in an entry's summary
# Entries in the feed, the newest: readers poll it, and all of them made megabytes on a large site.
# Everything is in data/ (and each record's page).
FEED_LIMIT = 100
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)  # the feed's `updated` when it has no entry
_KIND_ORDER = {"briefing": -1, "incident": 0, "measure": 1, "update": 2}
# Characters XML 1.0 cannot hold (lxml refuses them): C0 controls but tab/newline/CR, surrogates, FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def instant(value: Date) -> datetime:
    """A date as a timezone-aware UTC instant: the moment itself, or 00:00 UTC of the first day of its latest
    possible date (a range's end)."""
    point = value.latest
    if point.moment is not None:
        return point.moment.astimezone(timezone.utc)
    day = point.first_day()
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _changed(model) -> Date:
    """When a record was added or last updated (the newest of `added` and its updates' dates); without either,
    its own date."""
    known = [model.added] if model.added is not None else []
    known += [update.date for update in model.updates]
    return max(known, key=lambda d: d.latest.chrono_key()) if known else model.date


@dataclass(frozen=True)
class _Entry:
    key: str  # urn suffix and fragment: stable per record/update
    fragment: str | None
    kind: str  # briefing, incident, measure or update
    record_kind: str
    record_id: str
    date: Date  # of the event (or the update): the order
    changed: Date  # when the record was added or last updated (or the update's date): `updated`
    title: Callable[[], str]  # the title and summary, made only for the entries the feed keeps
    summarise: Callable[[], str]
    categories: tuple[str, ...]

    def sort_key(self):
        return (-instant(self.changed).timestamp(), -instant(self.date).timestamp(), self.date.recent_key(),
                _KIND_ORDER[self.kind], self.record_kind, self.record_id, self.key)


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _clip(text: str, limit: int = SUMMARY_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip() + " …"


def _joined(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def _record_entries(b: Briefing, kind: str, entry) -> Iterator[_Entry]:
    """A record's entries: an incident's or a measure's own, and one for each of its updates."""
    m = entry.model
    if kind == "incident":
        yield _Entry(f"incident:{entry.id}", None, "incident", "incident", entry.id, m.date, _changed(m),
                     partial(str, m.title), partial(_incident_summary, b, entry), ("incident", m.status))
    elif kind == "briefing":
        yield _Entry(f"briefing:{entry.id}", None, "briefing", "briefing", entry.id, m.date, _changed(m),
                     partial(str, f"Briefing: {m.title}"), partial(_briefing_summary, b, entry), ("briefing",))
    elif kind == "measure":
        yield _Entry(f"measure:{entry.id}", None, "measure", "measure", entry.id, m.date, _changed(m),
                     partial(str, f"Measure: {m.title}"), partial(_measure_summary, b, entry), ("measure",))
    if not m.updates:
        return
    seen: dict[str, int] = {}
    for update in m.updates:
        day = update.date.iso()
        seen[day] = seen.get(day, 0) + 1
        suffix = day if seen[day] == 1 else f"{day}-{seen[day]}"
        yield _Entry(f"{kind}:{entry.id}:update:{suffix}", f"update-{suffix}", "update", kind, entry.id, update.date,
                     update.date, partial(_update_title, b, kind, entry),
                     partial(_clip, _joined(update.date.label(), words_only(update.note))),
                     ("update", kind))


FEED_KINDS = ("incident", "statement", "measure", "briefing")  # the kinds with entries (a statement's: its updates)


def _entries(b: Briefing) -> list[_Entry]:
    found = [item for kind in FEED_KINDS for entry in b[kind].values() for item in _record_entries(b, kind, entry)]
    return heapq.nsmallest(FEED_LIMIT, found, key=_Entry.sort_key)  # sorted, newest first


# Summaries are made for the entries the feed keeps, the newest hundred: not for every record.

def _incident_summary(b: Briefing, entry) -> str:
    m = entry.model
    regions = ", ".join(b["region"][r].model.name for r in m.regions)
    return _body_summary(b, _joined(m.date.label(m.circa), m.status.capitalize(), regions), entry)


def _measure_summary(b: Briefing, entry) -> str:
    m = entry.model
    regions = ", ".join(b["region"][r].model.name for r in m.regions)
    return _body_summary(b, _joined(m.date.label(m.circa), m.state and m.state.replace("-", " ").capitalize(), regions,
                                 b["actor"][m.issuer].model.name), entry)


def _briefing_summary(b: Briefing, entry) -> str:
    """The date and the key points: what a reader of the feed most needs of a briefing."""
    m = entry.model
    return _clip(_joined(m.date.label(), *(plain_text(point) for point in m.points)), limit=SUMMARY_LIMIT * 2)


def _body_summary(b: Briefing, lead: str, entry) -> str:
    return _clip(_joined(lead, plain_text(b.body(entry))))


def _update_title(b: Briefing, kind: str, entry) -> str:
    if kind == "statement":
        m = entry.model
        speaker = b["actor"][m.speaker].model.name if m.speaker else m.anonymous
        return f"Update: quote by {speaker}, {m.date.label(m.circa)}"
    return f"Update: {entry.model.title}"


def _absolute(site_url: str | None, path: str) -> str:
    return (site_url.rstrip("/") + "/" + path) if site_url else path


@dataclass
class FeedShown:
    """What feed.xml showed, for a preview to tell whether an edit changes it (incremental.py): an edit
    changes it when it changes a record the feed reads (one with an entry in it, or a region or actor an
    entry names) or gives a record an entry newer than the feed's last."""

    reads: set = field(default_factory=set)  # reads.py tokens: the entries' records, bodies and the names shown
    last: tuple | None = None  # the sort key of the last entry, when the feed is full (FEED_LIMIT)

    def changed_by(self, briefing: Briefing, edited: list, changed: set) -> bool:
        if not self.reads.isdisjoint(changed):
            return True
        return any(self.last is None or item.sort_key() < self.last
                   for entry in edited if entry.kind in FEED_KINDS
                   for item in _record_entries(briefing, entry.kind, entry))


def atom_feed(briefing: Briefing, site_url: str | None, title: str | None = None,
              shown: FeedShown | None = None) -> str:
    """feed.xml as text. site_url is the site's absolute base URL (mkdocs.yml's site_url) or None. With
    `shown`, what the feed reads is noted in it."""
    site_url = site_url.strip() if site_url and site_url.strip() else None
    entries = _entries(briefing)
    with briefing.trace.collecting() as reads:
        texts = [(item.title(), item.summarise()) for item in entries]
    if shown is not None:
        shown.reads = reads | {(token, item.record_kind, item.record_id) for item in entries
                               for token in ("record", "body")}
        shown.last = entries[-1].sort_key() if len(entries) == FEED_LIMIT else None

    fg = FeedGenerator()
    fg.id(_absolute(site_url, FEED_PATH) if site_url else "urn:briefing:feed")
    fg.title(_text(title or DEFAULT_TITLE))
    fg.subtitle("Briefings, incidents, official measures and every update or correction, newest first.")
    fg.author({"name": _text(title or DEFAULT_TITLE)})  # RFC 4287: a feed needs an author
    fg.link(href=_absolute(site_url, FEED_PATH), rel="self", type="application/atom+xml")
    fg.link(href=site_url.rstrip("/") + "/" if site_url else "./", rel="alternate", type="text/html")
    fg.language("en")
    fg.generator("briefing")
    fg.updated(max((instant(item.changed) for item in entries), default=EPOCH))

    for item, (item_title, summary) in zip(entries, texts, strict=True):
        url = record_url(item.record_kind, item.record_id)
        fe = fg.add_entry(order="append")
        if site_url:
            fe.id(_absolute(site_url, url) + (f"#{item.fragment}" if item.fragment else ""))
        else:
            fe.id(f"urn:briefing:{item.key}")
        fe.title(_text(item_title))
        fe.updated(instant(item.changed))
        fe.link(href=_absolute(site_url, url), rel="alternate", type="text/html")
        if summary:
            fe.summary(_text(summary), type="text")
        for term in item.categories:
            fe.category(term=term)
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True).decode("utf-8")
