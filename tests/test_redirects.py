"""Merged records: every old URL (an alias) still leads to the record it was merged into."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.content.load import load
from generator.outputs.redirects import redirect_files

from html_site import Site
from site_fixture import RECORDS, write_project

INCIDENT = "incidents/obninsk-drone-on-roof.md"
STATEMENT = "statements/pervalov-not-just-drones.md"


def add_aliases(content: Path) -> None:
    for rel, aliases in ((INCIDENT, "[obninsk-roof-drone, drone-on-a-roof]"), (STATEMENT, "[pervalov-quote]")):
        path = content / rel
        path.write_text(path.read_text(encoding="utf-8").replace("---\n", f"---\naliases: {aliases}\n", 1),
                        encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("redirects"))
    add_aliases(root / "content")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return root / "site"


def refresh_target(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    (url,) = re.findall(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    return url


@pytest.mark.parametrize("old, new", [
    ("incidents/obninsk-roof-drone/", "incidents/obninsk-drone-on-roof/"),
    ("incidents/drone-on-a-roof/", "incidents/obninsk-drone-on-roof/"),
    ("quotes/pervalov-quote/", "quotes/pervalov-not-just-drones/"),
])
def test_old_url_redirects_to_the_merged_record(built, old, new):
    page = built / old / "index.html"
    assert page.is_file(), f"no page at the old URL {old}"
    target = refresh_target(page)
    assert posixpath.normpath(posixpath.join(old, target)) + "/" == new
    assert (built / new / "index.html").is_file()
    html = page.read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{target}">' in html  # mkdocs.yml sets no site_url
    assert f'<a href="{target}">' in html  # for a browser that does not follow the refresh
    assert "noindex" in html


def test_the_rest_of_the_site_is_unchanged_and_its_links_resolve(built):
    assert Site(built).broken_links() == []
    assert "Drone found on the roof" in Site(built).page("incidents/obninsk-drone-on-roof/").text


def test_redirect_files_are_one_per_alias_with_absolute_canonical_when_site_url_is_set(tmp_path):
    content = tmp_path / "content"
    for rel, text in RECORDS.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text("---\n" + text, encoding="utf-8")
    assert redirect_files(load(content)) == {}
    add_aliases(content)
    files = redirect_files(load(content), "https://example.org/briefing/")
    assert sorted(files) == ["incidents/drone-on-a-roof/index.html", "incidents/obninsk-roof-drone/index.html",
                             "quotes/pervalov-quote/index.html"]
    assert ('<link rel="canonical" href="https://example.org/briefing/quotes/pervalov-not-just-drones/">'
            in files["quotes/pervalov-quote/index.html"])
