"""Problems found in content, and how they are shown to a contributor.

Every problem carries the file, line and column of the offending key or value,
so the message reads `PATH:LINE:COL: error: MESSAGE` as CONTRACT.md requires.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """The path as a contributor would type it: relative to the working folder."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str

    def format(self) -> str:
        # One problem, one line: a value quoted in the message may hold a line break or a tab.
        return f"{_one_line(self.path)}:{self.line}:{self.col}: error: {_one_line(self.message)}"

    def format_github(self) -> str:
        # GitHub workflow commands: %, CR and LF in the message must be encoded, and in a
        # property (the file name) ':' and ',' as well.
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = (self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
                .replace(":", "%3A").replace(",", "%2C"))
        return f"::error file={path},line={self.line},col={self.col}::{message}"


def _one_line(text: str) -> str:
    """Control characters and line separators shown as escapes (\\n, \\t, \\x1b …), so they stay on one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


def problem_at(path: Path | str, line: int, col: int, message: str) -> Problem:
    return Problem(display_path(path), line, col, message)


class ContentError(Exception):
    """Raised when content has problems; carries every one of them, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in content")
