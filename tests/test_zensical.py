"""`briefing build --engine zensical`: the shipped briefing built by MkDocs and by Zensical carries the same
pages, data files, feed, search and record text; what Zensical lacks (engine/zensical.py GAPS) is the list
README's "Engines" section gives, and each gap is still there (when Zensical gains one, a test here fails)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.engine import zensical
from generator.pages.page_links import served_url

from html_site import Site
from site_fixture import ROOT, write_project

RECORD_FOLDERS = ("incidents", "quotes", "measures", "regions", "actors", "sources")


def build(root: Path, *options: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", "build", *options], cwd=root, capture_output=True,
                          text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The repository's project (config, docs, templates, content) built both ways in a scratch folder."""
    root = tmp_path_factory.mktemp("engines")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "site_templates", "content"):
        shutil.copytree(ROOT / folder, root / folder)
    by_mkdocs = build(root, "--site-dir", "site-mkdocs")
    assert by_mkdocs.returncode == 0, by_mkdocs.stderr
    by_zensical = build(root, "--engine", "zensical", "--site-dir", "site-zensical")
    assert by_zensical.returncode == 0, by_zensical.stderr
    generated = root / "build" / "generated"
    files = [p.relative_to(generated).as_posix() for p in sorted(generated.rglob("*"))
             if p.is_file() and not p.name.startswith(".")]
    return SimpleNamespace(root=root, mkdocs=root / "site-mkdocs", zensical=root / "site-zensical",
                           mkdocs_output=by_mkdocs.stderr, zensical_output=by_zensical.stderr,
                           pages=[f for f in files if f.endswith(".md")],
                           static=[f for f in files if not f.endswith(".md")])


class _MainText(HTMLParser):
    """The visible text of a page's article, without what the theme adds around the page's own Markdown
    (its tags, its edit buttons, permalink signs), whitespace collapsed."""

    SKIPPED = ("md-tags", "md-content__button", "headerlink")

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.article = 0
        self.skipping: list[str] = []  # the tags open inside a skipped element, the skipped one first
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.skipping:
            self.skipping.append(tag)
        elif tag in ("script", "style") or any(name in classes for name in self.SKIPPED):
            self.skipping.append(tag)
        elif tag == "article":
            self.article += 1

    def handle_endtag(self, tag):
        if self.skipping:
            while self.skipping and self.skipping.pop() != tag:
                pass
        elif tag == "article" and self.article:
            self.article -= 1

    def handle_data(self, data):
        if self.article and not self.skipping:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def main_text(site: Path, url: str) -> str:
    return _MainText((site / url / "index.html").read_text(encoding="utf-8")).text


def test_every_page_data_file_and_the_feed_are_in_both_sites(shipped):
    urls = [served_url(page) for page in shipped.pages]
    assert {url.split("/")[0] for url in urls} >= {*RECORD_FOLDERS, "timeline", "map", "corrections", "data"}
    for site in (shipped.mkdocs, shipped.zensical):
        assert [url for url in urls if not (site / url / "index.html").is_file()] == [], site
        assert (site / ".briefing-site").is_file()  # a later build may replace it
    assert "feed.xml" in shipped.static and "data/incidents.json" in shipped.static
    for path in shipped.static:
        assert (shipped.zensical / path).read_bytes() == (shipped.mkdocs / path).read_bytes(), path


def test_record_and_list_pages_carry_the_same_text(shipped):
    compared = 0
    for url in map(served_url, shipped.pages):
        text = main_text(shipped.zensical, url)
        assert text == main_text(shipped.mkdocs, url), url
        assert text, url
        compared += url.split("/")[0] in RECORD_FOLDERS
    assert compared >= 20


def test_links_between_pages_resolve_in_the_zensical_site(shipped):
    # Zensical reads links in a page's HTML from its source file (engine/zensical.py): written as for MkDocs,
    # every link of a record page's lists went one folder too far up
    assert Site(shipped.zensical).broken_links() == []


def test_search_indexes_the_same_pages(shipped):
    mkdocs = json.loads((shipped.mkdocs / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    zensical_index = json.loads((shipped.zensical / "search.json").read_text(encoding="utf-8"))["items"]
    found = [{item["location"].partition("#")[0] for item in index} for index in (mkdocs, zensical_index)]
    assert found[0] == found[1]
    assert {served_url(page) for page in shipped.pages if page.split("/")[0] in RECORD_FOLDERS} <= found[1]


def test_each_build_says_what_it_does_about_materials_end_of_life(shipped):
    assert shipped.mkdocs_output.count("Material for MkDocs reaches end of life on May 5, 2027") == 1
    assert "--engine zensical" in shipped.mkdocs_output
    said = [line.removeprefix("zensical: not done: ") for line in shipped.zensical_output.splitlines()
            if line.startswith("zensical: not done: ")]
    assert said == [gap.text for gap in zensical.GAPS]


def test_the_readme_lists_the_gaps_the_code_lists():
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## Engines\n", 1)[1].split("\n## ", 1)[0]
    listed = [line.removeprefix("- ") for line in section.splitlines() if line.startswith("- ")]
    assert listed == [gap.text for gap in zensical.GAPS]
    assert len(section.strip().splitlines()) <= 25


@pytest.fixture(scope="module")
def gaps_project(tmp_path_factory):
    """A project that asks for what the gaps say Zensical does not do, built with Zensical."""
    root = write_project(tmp_path_factory.mktemp("gaps"))
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\ntheme:\n", "\nrepo_url: https://github.com/example/briefing\n"
                            "edit_uri: edit/main/docs/\n\ntheme:\n", 1)
    config = config.replace("  features:\n", "  features:\n    - content.action.edit\n", 1)
    assert "  - search:\n      lang: [en, ru]\n" in config
    config = config.replace("  - search:\n      lang: [en, ru]\n", "")
    config = config.replace("      future_tolerance_days: 2", "      future_tolerance_days: 2\n      search: pagefind")
    config = config.replace("  - Methodology: methodology.md", "  - Methodology: methodology.md\n"
                            "  - Missing: no-such-page.md")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    with (root / "docs" / "about.md").open("a", encoding="utf-8") as about:
        about.write("\nSee [the incidents](/incidents/).\n")
    result = build(root, "--engine", "zensical")
    return SimpleNamespace(root=root, site=root / "site", result=result)


def _edit_links(site: Path, url: str) -> list[str]:
    return [attrs["href"] for tag, attrs in Site(site).page(url).tags if tag == "a" and attrs.get("rel") == "edit"]


GAP_CHECKS = {
    # each: the gap is still there (True) in the Zensical build
    "pagefind": lambda s, g: not (g.site / "pagefind").exists() and (g.site / "search.json").is_file(),
    "search-lang": lambda s, g: json.loads((s.zensical / "search.json").read_text(encoding="utf-8"))
    ["config"]["lang"] == ["en"],
    "edit-links": lambda s, g: _edit_links(g.site, "incidents/obninsk-drone-on-roof/")
    == ["https://github.com/example/briefing/edit/main/docs/incidents/obninsk-drone-on-roof.md"],
    "nav-validation": lambda s, g: g.result.returncode == 0,  # the nav names docs/no-such-page.md
    "absolute-links": lambda s, g: g.result.returncode == 0,  # docs/about.md links to /incidents/
    "sitemap-gz": lambda s, g: (s.mkdocs / "sitemap.xml.gz").is_file() and (s.zensical / "sitemap.xml").is_file()
    and not (s.zensical / "sitemap.xml.gz").exists(),
    "tags-json": lambda s, g: (s.mkdocs / "tags.json").is_file() and not (s.zensical / "tags.json").exists(),
    # in the MkDocs site and not in Zensical's
    "breadcrumbs": lambda s, g: _only_in_mkdocs(s, "incidents/obninsk-drone-on-roof/index.html", "md-path"),
    "search-lists": lambda s, g: _only_in_mkdocs(s, "quotes/index.html", "data-search-exclude"),
}


def _only_in_mkdocs(sites, page: str, marker: str) -> bool:
    return [marker in (site / page).read_text(encoding="utf-8") for site in (sites.mkdocs, sites.zensical)] == \
        [True, False]


@pytest.mark.parametrize("gap", [gap.name for gap in zensical.GAPS])
def test_each_listed_gap_is_still_there(shipped, gaps_project, gap):
    assert gaps_project.result.returncode == 0, gaps_project.result.stderr
    assert GAP_CHECKS[gap](shipped, gaps_project), f"Zensical now does this: remove '{gap}' from GAPS and README"


def test_every_gap_has_a_check():
    assert set(GAP_CHECKS) == {gap.name for gap in zensical.GAPS}


def test_the_same_content_gives_the_same_site(gaps_project):
    shutil.rmtree(gaps_project.root / "build" / "generated.zensical")  # Zensical's cache too: built afresh
    again = build(gaps_project.root, "--engine", "zensical", "--site-dir", "site-again")
    assert again.returncode == 0, again.stderr

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    first, second = files(gaps_project.site), files(gaps_project.root / "site-again")
    assert "incidents/obninsk-drone-on-roof/index.html" in first
    assert [path for path in first.keys() | second.keys() if first.get(path) != second.get(path)] == []


def test_a_failed_zensical_build_leaves_the_previous_site(gaps_project):
    site = gaps_project.site
    before = (site / "index.html").read_bytes()
    with (gaps_project.root / "docs" / "methodology.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the archive](no-such-archive.md).\n")
    result = build(gaps_project.root, "--engine", "zensical")
    assert result.returncode == 1
    assert "page does not exist" in result.stderr
    assert "[ docs/methodology.md:" in result.stderr  # the file the contributor edits, not the work folder's
    assert "Traceback" not in result.stderr and "\x1b[" not in result.stderr
    assert (site / "index.html").read_bytes() == before and (site / ".briefing-site").is_file()


def test_without_zensical_the_build_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(zensical, "find_spec", lambda name: None)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--engine", "zensical"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: --engine zensical needs Zensical, which is not installed: pip install 'briefing-site[zensical]'"]
    assert not any(tmp_path.iterdir())  # said before anything is written


def test_the_work_folder_is_never_the_site_folder(tmp_path, monkeypatch):
    root = write_project(tmp_path)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "--engine", "zensical", "--site-dir", "build/generated.zensical/site"])
    assert result.exit_code == 2
    assert "Zensical's work folder" in result.output and "is emptied on each build" in result.output
    assert not (root / "build" / "generated").exists()  # refused before anything was generated
