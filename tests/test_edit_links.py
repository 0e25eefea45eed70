""""Edit this page" on a record's page opens the record's file in content/, not the generated
Markdown; generated index pages have no edit link; hand-written pages keep MkDocs' own."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from html_site import Site
from site_fixture import write_project

REPO = "https://github.com/example/briefing"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    root = write_project(tmp_path_factory.mktemp("edit"))
    # A record in a subfolder, as contributors file incidents by month.
    old = root / "content" / "incidents" / "obninsk-drone-on-roof.md"
    new = root / "content" / "incidents" / "2026" / "11" / "obninsk-drone-on-roof.md"
    new.parent.mkdir(parents=True)
    old.rename(new)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\ntheme:\n", f"\nrepo_url: {REPO}\nedit_uri: edit/main/docs/\n\ntheme:\n", 1)
    config = config.replace("  features:\n", "  features:\n    - content.action.edit\n", 1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return Site(root / "site")


def edit_links(site: Site, url: str) -> list[str]:
    return [attrs["href"] for tag, attrs in site.page(url).tags if tag == "a" and attrs.get("rel") == "edit"]


@pytest.mark.parametrize("url, record", [
    ("incidents/obninsk-drone-on-roof/", "content/incidents/2026/11/obninsk-drone-on-roof.md"),
    ("quotes/pervalov-not-just-drones/", "content/statements/pervalov-not-just-drones.md"),
    ("regions/obninsk/", "content/regions/obninsk.md"),
    ("actors/stefan-pervalov/", "content/actors/stefan-pervalov.md"),
    ("sources/rbc/", "content/sources/rbc.md"),
    ("measures/obninsk-stay-indoors/", "content/measures/obninsk-stay-indoors.md"),
])
def test_record_page_edits_the_record_file(site, url, record):
    assert edit_links(site, url) == [f"{REPO}/edit/main/{record}"]


@pytest.mark.parametrize("url", ["", "timeline/", "timeline/2026/11/", "quotes/", "regions/", "corrections/",
                                 "data/"])
def test_generated_index_pages_have_no_edit_link(site, url):
    assert edit_links(site, url) == []


def test_hand_written_page_keeps_its_own_edit_link(site):
    assert edit_links(site, "about/") == [f"{REPO}/edit/main/docs/about.md"]


def test_without_repo_url_no_generated_page_gets_an_edit_link(tmp_path):
    from generator.engine.plugin import BriefingPlugin

    plugin = BriefingPlugin()
    plugin.load_config({"generated_dir": "gen"})
    plugin.last = object()
    plugin.record_files = {"incidents/x.md": tmp_path / "content" / "incidents" / "x.md"}
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"),
                             repo_url=None, edit_uri=None)
    page = SimpleNamespace(file=SimpleNamespace(src_dir=str(tmp_path / "gen"), src_uri="incidents/x.md"),
                           edit_url="https://wrong.example/edit/incidents/x.md")
    plugin.on_page_context({}, page=page, config=config, nav=None)
    assert page.edit_url is None
    config.repo_url, config.edit_uri = REPO, "edit/trunk/docs/"
    plugin.on_page_context({}, page=page, config=config, nav=None)
    assert page.edit_url == f"{REPO}/edit/trunk/content/incidents/x.md"
    outside = SimpleNamespace(file=SimpleNamespace(src_dir=str(tmp_path / "docs"), src_uri="about.md"),
                              edit_url=f"{REPO}/edit/trunk/docs/about.md")
    plugin.on_page_context({}, page=outside, config=config, nav=None)
    assert outside.edit_url == f"{REPO}/edit/trunk/docs/about.md"
