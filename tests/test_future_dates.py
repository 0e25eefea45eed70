"""A date in the future is a typo, not news, beyond a tolerance the project can set."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

from site_fixture import write_project


def _in(root: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(cwd)


def _add_dated(root: Path, days_ahead: int) -> str:
    when = (date.today() + timedelta(days=days_ahead)).isoformat()
    (root / "content" / "incidents" / "ahead.md").write_text(
        f"---\ntitle: Ahead\ndate: {when}\nregions: [obninsk]\nstatus: reported\nsources: [rbc]\n---\n")
    return when


def test_a_date_beyond_the_default_tolerance_is_an_error(tmp_path):
    root = write_project(tmp_path)
    when = _add_dated(root, 5)
    result = _in(root, "validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"content/incidents/ahead.md:3:7: error: {when} is in the future; check the year and month")


def test_the_tolerance_is_an_option_of_validate_and_build(tmp_path):
    root = write_project(tmp_path)
    _add_dated(root, 5)
    assert _in(root, "validate", "--future-days", "10").exit_code == 0
    assert _in(root, "build", "--future-days", "10").exit_code == 0


def test_the_tolerance_is_a_setting_of_the_plugin(tmp_path):
    root = write_project(tmp_path)
    _add_dated(root, 5)
    config = root / "mkdocs.yml"
    text = config.read_text()
    assert "future_tolerance_days: 2" in text
    config.write_text(text.replace("future_tolerance_days: 2", "future_tolerance_days: 10"))
    result = _in(root, "build")
    assert result.exit_code == 0, result.stderr
