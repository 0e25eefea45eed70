"""Shared fixtures for the record-layer tests: a content tree built in tmp_path, the
`briefing` command run in-process with a fixed clock, and a snapshot of every file so a
test can prove that bad input changed nothing.

    def test_x(content, run):
        content.world()                                   # one region, actor, source
        content.write("incidents/x.md", "title: X\\n...")  # front matter, then a body
        result = run("validate")
        assert result.code == 1 and result.problems == ["content/incidents/x.md:2:1: error: ..."]
"""

from __future__ import annotations

import datetime as _datetime
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

TODAY = _datetime.date(2026, 11, 25)


class _FixedDate(_datetime.date):
    """`date` whose today() is TODAY: '2026-11-24' stays in the past, whenever the tests run."""

    @classmethod
    def today(cls):
        return cls(TODAY.year, TODAY.month, TODAY.day)


# A small valid world every reference test can lean on: one of each kind that others point at.
WORLD = {
    "regions/kaluga-oblast.md": "name: Kaluga Oblast\nkind: oblast\n",
    "actors/governor.md": "name: The Governor\nkind: person\n",
    "sources/rbc.md": "name: RBC\nkind: outlet\nurl: https://www.rbc.ru/\nlanguage: ru\n",
}

# Minimal valid records of the kinds that point at the world, for tests that change one field.
INCIDENT = "title: Drone on a roof\ndate: 2026-11-24\nregions: [kaluga-oblast]\nstatus: reported\nsources: [rbc]\n"
STATEMENT = "date: 2026-11-24\nsource: rbc\nspeaker: governor\n"
MEASURE = ("title: Stay indoors\ndate: 2026-11-24\nregions: [kaluga-oblast]\nissuer: governor\n"
           "sources: [rbc]\n")


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every file under root (a symlink as its target's name,
    a pipe or device by its mode alone, as reading it could block)."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames) + sorted(d for d in dirnames if Path(dirpath, d).is_symlink()):
            path = Path(dirpath, name)
            key = str(path.relative_to(root))
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                found[key] = (os.readlink(path).encode(), info.st_mtime_ns)
            elif stat.S_ISREG(info.st_mode):
                found[key] = (path.read_bytes(), info.st_mtime_ns)
            else:
                found[key] = (str(info.st_mode).encode(), info.st_mtime_ns)
    return found


class Content:
    """Writes record files under tmp_path/content; paths are given relative to content/."""

    def __init__(self, root: Path):
        self.root = root
        self.dir = root / "content"
        self.dir.mkdir()

    def write(self, rel: str, front_matter: str, body: str = "Text.\n") -> Path:
        """content/<rel> with `---`, the front matter, `---`, then the body."""
        if front_matter and not front_matter.endswith("\n"):
            front_matter += "\n"
        return self.write_text(rel, f"---\n{front_matter}---\n{body}")

    def write_text(self, rel: str, text: str) -> Path:
        return self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def world(self) -> Content:
        for rel, front_matter in WORLD.items():
            self.write(rel, front_matter)
        return self

    def snapshot(self) -> dict[str, tuple[bytes, int]]:
        return snapshot(self.root)


@pytest.fixture
def clock(monkeypatch):
    """Pin today's date for the validator and for `briefing new`."""
    import generator.cli
    import generator.content.validate

    monkeypatch.setattr(generator.content.validate, "date", _FixedDate)
    monkeypatch.setattr(generator.cli, "date", _FixedDate)
    return TODAY


@pytest.fixture
def content(tmp_path, monkeypatch, clock) -> Content:
    """An empty content/ folder in tmp_path, which is also the working folder."""
    monkeypatch.chdir(tmp_path)
    return Content(tmp_path)


@dataclass
class Result:
    code: int
    out: list[str]
    err: list[str]
    exception: BaseException | None

    @property
    def problems(self) -> list[str]:
        """The error lines on stderr, without the closing 'N problem(s) in M file(s)' summary."""
        return [line for line in self.err if ": error: " in line]


@pytest.fixture
def run(clock):
    """run('validate', '--content', 'x') → Result(code, stdout lines, stderr lines)."""
    from generator.cli import main

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(main, list(args), catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # a traceback is a bug: show it
        return Result(result.exit_code, result.stdout.splitlines(), result.stderr.splitlines(),
                      result.exception)

    return invoke


@pytest.fixture
def invalid(content, run):
    """Assert that `briefing validate` reports exactly one problem, exits 1 and changes nothing."""

    def check(expected: str) -> None:
        before = content.snapshot()
        result = run("validate")
        after = content.snapshot()
        assert result.problems == [expected], "\n".join(result.err)
        assert result.err[-1] == "1 problem(s) in 1 file(s)"
        assert result.code == 1
        assert after == before

    return check


@pytest.fixture
def valid(content, run):
    """Assert that `briefing validate` passes and changes nothing."""

    def check() -> Result:
        before = content.snapshot()
        result = run("validate")
        assert result.err == [] and result.code == 0, "\n".join(result.err)
        assert content.snapshot() == before
        return result

    return check


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's package, driven by Playwright) for every browser test: a
    thread can run one Playwright at a time, and starting it once saves seconds a module."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed for the browser tests: run `make test`"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# Test tiers (pyproject.toml's markers). The default `pytest` run is the fast tier; `make test` runs all.
# A test that drives Chromium is `browser` wherever it is (its fixtures reach `browser`); `bench` tests are
# marked where they are. `slow` is decided by measurement, not by guess, and kept here in one table so a
# new measurement changes one place: the tests, and the files whose every test is slow (their module
# fixtures build a site or start a server), that took SLOW_SECONDS or more of their own (setup included)
# on the shared 2-core machine, `pytest --durations=0`. A renamed test falls back to the fast tier; a
# name here that no longer matches a test of its file is an error, so the table cannot rot unseen.
SLOW_SECONDS = 5
SLOW_FILES: set[str] = set()
SLOW_TESTS: set[str] = set()


@pytest.hookimpl(tryfirst=True)  # before -m deselects by the marks added here
def pytest_collection_modifyitems(config, items):
    seen_files, seen_tests = set(), set()
    for item in items:
        path, _, name = item.nodeid.partition("::")
        base = f"{path}::{name.split('[')[0]}"
        seen_files.add(path)
        seen_tests.add(base)
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        if path in SLOW_FILES or base in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
    stale = sorted(t for t in SLOW_TESTS if t.partition("::")[0] in seen_files and t not in seen_tests)
    if stale:
        raise pytest.UsageError(f"tests/conftest.py SLOW_TESTS names tests that do not exist: {stale}")
