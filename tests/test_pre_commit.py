"""The pre-commit hook: validates the whole content when a record changes."""

from __future__ import annotations

import re
import shlex

from ruamel.yaml import YAML

from site_fixture import ROOT


def hooks() -> list[dict]:
    config = YAML(typ="safe", pure=True).load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"] if repo["repo"] == "local"]


def test_local_hook_runs_briefing_validate_on_content_changes():
    (hook,) = [h for h in hooks() if h["id"] == "briefing-validate"]
    assert shlex.split(hook["entry"]) == ["briefing", "validate"]
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is False  # references span files: validate the whole content
    pattern = re.compile(hook["files"])
    assert pattern.search("content/incidents/2026/11/x.md")
    assert pattern.search("content/regions/obninsk.md")
    assert not pattern.search("generator/cli.py")
    assert not pattern.search("docs/content/x.md")


def test_hook_command_exists(run, content):
    content.world()
    (hook,) = [h for h in hooks() if h["id"] == "briefing-validate"]
    result = run(*shlex.split(hook["entry"])[1:])
    assert result.code == 0, result.err
