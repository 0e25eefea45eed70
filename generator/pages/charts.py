"""Charts: counts over time, drawn at build time as SVG (pygal), with the same numbers as a table.

A planner counts records over time (`incidents` by status, `responses` by stance) into a Chart and adds
the chart's SVG as a file among its pages (template `chart.svg.j2`, as a region's map.json is one), which
the renderers draw through `svg` on both cores; the page showing it includes `_charts.md.j2`: the image
with its text alternative, and a table of the same numbers. A Chart compares by value, so a preview draws
it again only when its numbers change (preview/incremental.py compares the pages' contexts).

The rule for the time axis: by week (weeks starting on Monday) when every record counted is dated to one
day, neither approximate nor a range, and the first and the last are at most WEEKLY_SPAN days apart;
otherwise by calendar month, from the first month to the last, a month without records shown as 0. A range
("by 25 November 2026") is counted where its latest day falls, as the timeline lists it: a week would
claim more than its source says. A record dated only to a year (or a range whose latest end is) is counted
in "YYYY, month unknown", after that year's months, as the timeline groups it. Colours are the
registry's (kinds.py), the series in its order, those with no record left out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, partial

from markupsafe import Markup

from generator.kinds import STANCE_COLOURS, STATUS_TERMS

WEEKLY_SPAN = 62  # days: a briefing of about two months or less reads better by week
WIDTH, HEIGHT = 720, 360  # the SVG's own size; the page scales it to the column (max-width: 100 %)
STATUS_COLOURS = {term.word: term.colour for term in STATUS_TERMS}


@dataclass(frozen=True)
class Chart:
    """One chart: where its SVG goes, what it counts, and its numbers (oldest bucket first)."""

    path: str  # the SVG's site path
    title: str  # "Incidents in Riverton by month and status"
    noun: str  # what is counted, the y axis: "Incidents"
    unit: str  # the x axis: "Month" or "Week starting"
    by: str  # what a series is: "status", "stance"
    series: tuple[str, ...]  # the statuses or stances shown, in the registry's order
    colours: tuple[str, ...]  # one per series
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (bucket label, count of each series)

    @property
    def total(self) -> int:
        return sum(sum(counts) for _, counts in self.rows)

    @property
    def totals(self) -> tuple[int, ...]:
        """Each series' total over every bucket."""
        return tuple(sum(column) for column in zip(*(counts for _, counts in self.rows), strict=True))

    @property
    def alt(self) -> str:
        """The text alternative: what the chart shows, its span, its total and its peak."""
        peak_label, peak = max(((label, sum(counts)) for label, counts in self.rows), key=lambda lc: lc[1])
        span = self.rows[0][0] if len(self.rows) == 1 else f"{self.rows[0][0]} to {self.rows[-1][0]}"
        per = "week" if self.unit.startswith("Week") else "month"
        return (f"Stacked bar chart: {self.title}, {span}: {self.total:,} in all, most in {peak_label} ({peak:,}); "
                f"one bar a {per}, one colour a {self.by} ({', '.join(self.series)}). "
                "The numbers are in the table below the chart.")


def incidents(entries: Iterable, path: str, place: str = "") -> Chart | None:
    """Incidents over time by status; None when there are none (no empty chart)."""
    return _over_time(list(entries), lambda e: e.model.status, STATUS_COLOURS, path, "Incidents", "status", place)


def responses(entries: Iterable, path: str, place: str = "") -> Chart | None:
    """Statements that respond to another, with a stance, over time by stance; None when there are none."""
    replies = [e for e in entries if e.model.responds_to and e.model.stance]
    return _over_time(replies, lambda e: e.model.stance, STANCE_COLOURS, path, "Responses to statements", "stance",
                      place)


def _over_time(entries: list, word_of, colours: dict[str, str], path: str, noun: str, by: str,
               place: str) -> Chart | None:
    if not entries:
        return None
    unit, keys, order, label = _buckets([e.model.date for e in entries])
    words = [word for word in colours if any(word_of(e) == word for e in entries)]
    column = {word: n for n, word in enumerate(words)}
    counts = {key: [0] * len(words) for key in order}
    for entry, key in zip(entries, keys, strict=True):
        counts[key][column[word_of(entry)]] += 1
    where = f" {_short(place)}" if place else ""
    return Chart(path, f"{noun}{where} by {'week' if unit == 'week' else 'month'} and {by}", noun,
                 "Week starting" if unit == "week" else "Month", by, tuple(words), tuple(colours[w] for w in words),
                 tuple((label(key), tuple(counts[key])) for key in order))


def _buckets(dates: list):
    """(unit, each date's bucket, every bucket in time order, a bucket's label) by the module's rule."""
    days = [date(d.year, d.month, d.day) for d in dates if d.month is not None and d.day is not None
            and d.precision in ("day", "datetime") and not getattr(d, "approximate", False)]
    if len(days) == len(dates) and (max(days) - min(days)).days <= WEEKLY_SPAN:
        keys = [day - timedelta(days=day.weekday()) for day in days]
        first, last = min(keys), max(keys)
        order = [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
        return "week", keys, order, date.isoformat
    keys = [(d.year, d.month) for d in dates]
    known = [key for key in keys if key[1] is not None]
    order = set(key for key in keys if key[1] is None)  # "YYYY, month unknown"
    if known:
        (year, month), last = min(known), max(known)
        while (year, month) <= last:
            order.add((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "month", keys, sorted(order, key=lambda key: (key[0], key[1] or 13)), _month_label


def _month_label(key: tuple[int, int | None]) -> str:
    year, month = key
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}, month unknown"


def svg(chart: Chart) -> Markup:
    """The chart as a stand-alone SVG: the same chart gives the same bytes (its element id is made from its
    numbers; pygal's comments, one of which carries the day it ran, are left out), with its text inside as
    text, and nothing to fetch or run (no font, and no script: pygal's tooltip script is neither linked nor
    its settings kept)."""
    from pygal.style import Style  # only a build that draws a chart pays for pygal's import

    style = Style(colors=chart.colours, font_family="sans-serif", background="#ffffff",
                  plot_background="#ffffff", foreground="#1f1f1f", foreground_strong="#1f1f1f",
                  foreground_subtle="#6b6b6b", title_font_size=18, label_font_size=12, major_label_font_size=12,
                  legend_font_size=13, opacity="1", opacity_hover="1")  # the colours as the badges have them
    every = max(1, -(-len(chart.rows) // 18))  # at most about 18 bucket labels on the axis
    top = max(sum(counts) for _, counts in chart.rows)
    step = max(1, -(-top // 5))
    drawing = _sparse_bars()(
        style=style, width=WIDTH, height=HEIGHT, title=_xml_text(chart.title), x_title=chart.unit, y_title=chart.noun,
        js=[], disable_xml_declaration=True, legend_at_bottom=True, legend_at_bottom_columns=len(chart.series),
        x_label_rotation=-40 if len(chart.rows) > 6 else 0, truncate_label=-1, truncate_legend=-1,
        show_minor_x_labels=every == 1, x_labels_major_every=every, y_labels=list(range(0, top + step, step)),
        margin_right=24, spacing=6)
    drawing.uuid = hashlib.sha256(repr(chart).encode()).hexdigest()[:16]  # pygal's is random
    drawing.add_xml_filter(partial(_plain, alt=_xml_text(chart.alt)))
    drawing.x_labels = [label for label, _ in chart.rows]
    for n, word in enumerate(chart.series):
        drawing.add(word, [counts[n] or None for _, counts in chart.rows])
    return Markup(drawing.render(is_unicode=True))


@cache
def _sparse_bars():
    """pygal's stacked bars that draw nothing for a zero (None): StackedBar turns a None into 0 (its adapter
    none_to_zero) and draws it, an empty bar with its tooltip, and most months of most regions are empty,
    which made drawing a chart scale with its months rather than with its records. Bar.bar skips a None,
    and the stacking sums only what is not None."""
    import pygal

    class SparseStackedBar(pygal.StackedBar):
        _adapters = []

    return SparseStackedBar


# What XML 1.0 cannot hold (lxml refuses it): C0 controls but tab, newline and carriage return, surrogates and the
# two non-characters. A region's name may hold one; the chart's title shows the rest of the name.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


PLACE_CHARS = 80  # of a region's name in a chart's title: pygal fits a title to the width word by word


def _short(place: str) -> str:
    """A place as a chart's title names it: a long name cut at a word, with an ellipsis (the page says it whole)."""
    if len(place) <= PLACE_CHARS:
        return place
    return place[:PLACE_CHARS].rsplit(" ", 1)[0].rstrip() + "…"


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _plain(root, alt: str):
    """pygal's tree without its comments and its script, named as an image by its text alternative."""
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.rpartition("}")[2] == "script":  # a comment's tag is
                parent.remove(child)  # a function
    root.set("role", "img")
    root.set("aria-label", alt)
    return root
