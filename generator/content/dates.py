"""Dates with the precision a source gives them.

A source may say "2026", "November 2026", "24 November 2026" or give a time
with its offset; the precision is kept so the site never shows "1 November"
for a report that only said "November". Dates are parsed here, not by YAML,
so `2026-02-30` is an error with a line number rather than a bare ValueError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

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

DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or a date-time with offset such as 2026-11-24T18:30+03:00"


class DateError(ValueError):
    """A date that cannot be; the message says what to write instead."""


@dataclass(frozen=True)
class FuzzyDate:
    precision: str
    year: int
    month: int | None = None
    day: int | None = None
    moment: datetime | None = None  # only for precision == "datetime", timezone-aware

    def iso(self) -> str:
        """The date as written, normalised: '2026', '2026-11', '2026-11-24', or ISO date-time."""
        if self.moment is not None:
            return self.moment.isoformat()
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def label(self, circa: bool = False) -> str:
        """For readers: 'November 2026', 'c. 24 November 2026', '24 November 2026, 18:30 (UTC+03:00)'."""
        if self.day is not None:
            text = f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"
        elif self.month is not None:
            text = f"{MONTH_NAMES[self.month - 1]} {self.year}"
        else:
            text = str(self.year)
        if self.moment is not None:
            offset = self.moment.strftime("%z")
            text += f", {self.moment:%H:%M} (UTC{offset[:3]}:{offset[3:]})"
        return f"c. {text}" if circa else text

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
        return self.iso()


def _checked_day(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateError(f"month {month:02d} does not exist; months run from 01 to 12")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{year:04d}-{month:02d}-{day:02d} is not a day of the calendar") from None


def parse_date(value: object) -> FuzzyDate:
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
    raise DateError(f"'{text}' is not a date; write {DATE_FORMS}")


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
