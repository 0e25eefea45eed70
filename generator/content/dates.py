"""Dates with the precision a source gives them.

A source may say "2026", "November 2026", "24 November 2026" or give a time
with its offset; the precision is kept so the site never shows "1 November"
for a report that only said "November". Dates are parsed here, not by YAML,
so `2026-02-30` is an error with a line number rather than a bare ValueError.

What a source says less exactly is written in EDTF (ISO 8601-2, the Library of
Congress profile), parsed by the `edtf` library: approximate `2026-11~`,
uncertain `2026-11-24?`, both `2026-11-24%`, between two dates
`2026-11-20/2026-11-25`, on or before `../2026-11-25`, on or after
`2026-11-20/..`. A report with no date of its own gives "on or before" the day
it was published or read, never a guessed month. Sorting and grouping by month
use the latest day a date can mean (DateRange.latest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import edtf

PRECISIONS = ("year", "month", "day", "datetime")

_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"(Z|[+-]\d{2}:?\d{2})?"
)
# Real-world UTC offsets run from -12:00 to +14:00.
_MIN_OFFSET, _MAX_OFFSET = timedelta(hours=-12), timedelta(hours=14)

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)

DATE_FORMS = ("YYYY, YYYY-MM, YYYY-MM-DD, a date-time with offset such as 2026-11-24T18:30+03:00, or in EDTF "
              "2026-11~ (approximate), 2026-11-24? (uncertain), 2026-11-20/2026-11-25 (between), "
              "../2026-11-25 (on or before), 2026-11-20/.. (on or after)")


class DateError(ValueError):
    """A date that cannot be; the message says what to write instead."""


@dataclass(frozen=True)
class FuzzyDate:
    """One date, as exact as its source: a year, a month, a day or a moment; maybe approximate or uncertain."""

    precision: str
    year: int
    month: int | None = None
    day: int | None = None
    moment: datetime | None = None  # only for precision == "datetime", timezone-aware
    approximate: bool = False  # EDTF '~': "about"
    uncertain: bool = False  # EDTF '?': the source is not sure

    def iso(self) -> str:
        """The date in ISO 8601, without qualifiers: '2026', '2026-11', '2026-11-24', or a date-time."""
        if self.moment is not None:
            return self.moment.isoformat()
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def edtf(self, circa: bool = False) -> str:
        """The date as written, in EDTF: '2026-11~' for an approximate month ('circa: true' is the same)."""
        approximate = self.approximate or circa
        mark = "%" if approximate and self.uncertain else "~" if approximate else "?" if self.uncertain else ""
        return self.iso() + mark

    def label(self, circa: bool = False) -> str:
        """For readers: 'November 2026', 'c. 24 November 2026', '24 November 2026 (uncertain)',
        '24 November 2026, 18:30 (UTC+03:00)'."""
        text = self._words()
        if self.moment is not None:
            offset = self.moment.strftime("%z")
            text += f", {self.moment:%H:%M} (UTC{offset[:3]}:{offset[3:]})"
        if self.uncertain:
            text += " (uncertain)"
        return f"c. {text}" if circa or self.approximate else text

    def _words(self) -> str:
        if self.day is not None:
            return f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"
        if self.month is not None:
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return str(self.year)

    @property
    def latest(self) -> FuzzyDate:
        """The date whose last day sorts and groups this one: itself."""
        return self

    @property
    def earliest(self) -> FuzzyDate:
        return self

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last day the date could mean: 2026-11 → 2026-11-30, 2026 → 2026-12-31."""
        if self.day is not None:
            return date(self.year, self.month, self.day)
        if self.month is None:
            return date(self.year, 12, 31)
        following = date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return following - timedelta(days=1)

    def chrono_key(self) -> tuple:
        """Oldest first; within a period, precise dates come before the vaguer 'that month'."""
        seconds = 86400
        if self.moment is not None:
            seconds = self.moment.hour * 3600 + self.moment.minute * 60 + self.moment.second
        return (self.year, self.month or 13, self.day or 32, seconds)

    def recent_key(self) -> tuple:
        """Newest first; within a period, precise dates still come before the vaguer ones."""
        year, month, day, seconds = self.chrono_key()
        return (
            -year,
            month == 13, -month,
            day == 32, -day,
            seconds == 86400, -seconds,
        )

    def __str__(self) -> str:
        return self.edtf()


@dataclass(frozen=True)
class DateRange:
    """A date known only to fall between two dates, either of which may be open: '2026-11-20/2026-11-25',
    '../2026-11-25' (on or before), '2026-11-20/..' (on or after). It sorts, and is listed in a month, by the
    latest day it can mean: its end's, or, with an open end, its start's."""

    start: FuzzyDate | None  # None: open, "on or before" the end
    end: FuzzyDate | None  # None: open, "on or after" the start

    precision = "interval"
    moment = None
    approximate = False
    uncertain = False

    @property
    def latest(self) -> FuzzyDate:
        return self.end if self.end is not None else self.start

    @property
    def earliest(self) -> FuzzyDate:
        return self.start if self.start is not None else self.end

    # a range is listed where its latest day falls: the timeline's months and the lists' periods read these
    @property
    def year(self) -> int:
        return self.latest.year

    @property
    def month(self) -> int | None:
        return self.latest.month

    @property
    def day(self) -> int | None:
        return self.latest.day

    def iso(self) -> str:
        """In ISO 8601: the two dates with a slash, an open end as '..' (ISO 8601-2)."""
        return self.edtf()

    def edtf(self, circa: bool = False) -> str:
        start = self.start.edtf() if self.start is not None else ".."
        end = self.end.edtf() if self.end is not None else ".."
        return f"{start}/{end}"

    def label(self, circa: bool = False) -> str:
        """'between 20 and 25 November 2026', 'by 25 November 2026', 'on or after 20 November 2026'."""
        if self.start is None:
            text = f"by {self.end.label()}"
        elif self.end is None:
            text = f"on or after {self.start.label()}"
        else:
            text = f"between {_shortened(self.start, self.end)} and {self.end.label()}"
        return f"c. {text}" if circa else text

    def first_day(self) -> date | None:
        """The first day it can mean; None when open ('on or before')."""
        return self.start.first_day() if self.start is not None else None

    def last_day(self) -> date | None:
        """The last day it can mean; None when open ('on or after')."""
        return self.end.last_day() if self.end is not None else None

    def chrono_key(self) -> tuple:
        return self.latest.chrono_key()

    def recent_key(self) -> tuple:
        return self.latest.recent_key()

    def __str__(self) -> str:
        return self.edtf()


def _shortened(start: FuzzyDate, end: FuzzyDate) -> str:
    """The start of a range in words, less what the end repeats: '20' (November 2026), '20 November' (2026)."""
    if start.uncertain or start.approximate or start.moment is not None or end.moment is not None:
        return start.label()
    if start.precision == end.precision == "day" and start.year == end.year:
        return str(start.day) if start.month == end.month else f"{start.day} {MONTH_NAMES[start.month - 1]}"
    if start.precision == end.precision == "month" and start.year == end.year:
        return MONTH_NAMES[start.month - 1]
    return start.label()


Date = FuzzyDate | DateRange


def _checked_day(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateError(f"month {month:02d} does not exist; months run from 01 to 12")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{year:04d}-{month:02d}-{day:02d} is not a day of the calendar") from None


def parse_date(value: object) -> Date:
    """Parse a front-matter date; raise DateError with a contributor-facing message."""
    if value is None:
        raise DateError(f"is empty; write a date: {DATE_FORMS}")
    if isinstance(value, bool):
        raise DateError(f"expected a date ({DATE_FORMS})")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise DateError(f"expected a date ({DATE_FORMS})")
    text = value.strip()
    if re.match(r"0000(?!\d)", text):  # the calendar starts at year 1; date(0, 1, 1) would crash
        raise DateError("year 0000 does not exist; check the year")
    if m := _YEAR.fullmatch(text):
        return FuzzyDate("year", int(m[1]))
    if m := _MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise DateError(f"month {month:02d} does not exist; months run from 01 to 12")
        return FuzzyDate("month", year, month)
    if m := _DAY.fullmatch(text):
        day = _checked_day(int(m[1]), int(m[2]), int(m[3]))
        return FuzzyDate("day", day.year, day.month, day.day)
    if m := _DATETIME.fullmatch(text):
        day = _checked_day(int(m[1]), int(m[2]), int(m[3]))
        hour, minute, second = int(m[4]), int(m[5]), int(m[6] or 0)
        if hour > 23 or minute > 59 or second > 59:
            shown = f"{m[4]}:{m[5]}" + (f":{m[6]}" if m[6] else "")
            raise DateError(f"{shown} is not a time of day; hours run from 00 to 23, minutes and seconds from 00 to 59")
        if m[8] is None:
            raise DateError(
                f"'{text}' has a time but no offset; add one, such as {text}+03:00 (Moscow) or {text}Z (UTC)"
            )
        offset = _parse_offset(m[8])
        micro = int((m[7] or "0").ljust(6, "0"))
        moment = datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=timezone(offset))
        return FuzzyDate("datetime", day.year, day.month, day.day, moment)
    if _EDTF_MARKS.search(text):
        return _parse_edtf(text)
    raise DateError(f"'{text}' is not a date; write {DATE_FORMS}")


_EDTF_MARKS = re.compile(r"[~?%/]|^\.\.")


def _parse_edtf(text: str) -> Date:
    """An EDTF date of the forms the site shows in words (DATE_FORMS), parsed by the edtf library."""
    try:
        parsed = edtf.parse_edtf(text)
    except edtf.EDTFParseException:
        raise DateError(f"'{text}' is not a date; write {DATE_FORMS}") from None
    if isinstance(parsed, (edtf.Interval, edtf.Level1Interval)):
        start, end = _end_of_range(parsed.lower, text, "start"), _end_of_range(parsed.upper, text, "end")
        if start is None and end is None:
            raise DateError(f"'{text}' is open at both ends; give at least one date, such as ../2026-11-25")
        if start is not None and end is not None and start.first_day() > end.last_day():
            raise DateError(f"'{text}' ends before it starts; write the earlier date first")
        return DateRange(start, end)
    point = _point(parsed)
    if point is None:
        raise DateError(f"'{text}' is an EDTF form this site cannot show in words; write {DATE_FORMS}")
    return point


def _end_of_range(section, text: str, which: str) -> FuzzyDate | None:
    if isinstance(section, edtf.UnspecifiedIntervalSection):
        if section.is_open:
            return None
        raise DateError(f"'{text}' has an unknown {which}; for a date on or before another write ../2026-11-25, "
                        "on or after: 2026-11-20/..")
    point = _point(section)
    if point is None or point.moment is not None:
        raise DateError(f"the {which} of '{text}' is not a year, a month or a day; write {DATE_FORMS}")
    return point


def _point(parsed) -> FuzzyDate | None:
    """A Date of the edtf library, maybe qualified (UncertainOrApproximate), as a FuzzyDate; None otherwise."""
    approximate = uncertain = False
    if isinstance(parsed, edtf.UncertainOrApproximate):
        approximate = bool(parsed.is_approximate or parsed.is_uncertain_and_approximate)
        uncertain = bool(parsed.is_uncertain or parsed.is_uncertain_and_approximate)
        parsed = parsed.date
    if type(parsed) is not edtf.Date:  # seasons, unspecified digits, sets and the rest have no words here
        return None
    try:
        found = parse_date(str(parsed))  # its isoformat() fills in a day, wrongly for a month
    except DateError:
        return None
    return FuzzyDate(found.precision, found.year, found.month, found.day, approximate=approximate,
                     uncertain=uncertain)


def _parse_offset(text: str) -> timedelta:
    if text == "Z":
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if minutes > 59:
        raise DateError(f"offset {text} is not a time offset")
    offset = sign * timedelta(hours=hours, minutes=minutes)
    if not _MIN_OFFSET <= offset <= _MAX_OFFSET:
        raise DateError(f"offset {text} is out of range; offsets run from -12:00 to +14:00")
    return offset
