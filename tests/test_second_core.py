"""A preview's pages converted by a forked child (second_core.py) are the pages MkDocs converts itself:
the same HTML, table of contents, title and anchors, its warnings logged in the page's turn, and MkDocs
converting a page itself when its Markdown changed on the way or the child could not convert it."""

from __future__ import annotations

import logging

import pytest

from generator.engine import second_core

PAGES = {
    "index.md": "# Home\n\nSee [the first](one.md#details) and [nothing](missing.md).\n",
    "one.md": "# One\n\n## Details { #details }\n\n- *a* list\n- [home](index.md)\n",
    "two.md": "# Two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[broken](nowhere.md)\n",
    "three.md": "Three, with no heading: [one](one.md#details) [gone](one.md#no-such-anchor)\n",
    **{f"more/{n}.md": f"# More {n}\n\n*{n}* [up](../index.md)\n" for n in range(4)},
}


def _site(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    for name, text in PAGES.items():
        (docs / name).parent.mkdir(exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - attr_list\n  - tables\n  - toc:\n      permalink: true\n",
        encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    pages = [Page(None, file, config) for file in files.documentation_pages()]
    return config, files, pages


def _converted(page) -> tuple:
    return (page.content, [(a.title, a.id, a.level, len(a.children)) for a in page.toc], page._title_from_render,
            page.present_anchor_ids,
            {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()})


def _convert_as_mkdocs(config, files, page, caplog) -> tuple:
    caplog.clear()
    page.read_source(config)
    page.render(config, files)
    return _converted(page), [(r.name, r.levelno, r.getMessage()) for r in caplog.records]


@pytest.fixture
def few_pages_enough(monkeypatch):
    monkeypatch.setattr(second_core, "MIN_PAGES", 1)


def test_the_childs_pages_are_mkdocs_own(tmp_path, caplog, few_pages_enough):
    caplog.set_level(logging.INFO, logger="mkdocs")
    config, files, pages = _site(tmp_path)
    expected = [_convert_as_mkdocs(config, files, page, caplog) for page in pages]
    assert any(logs for _, logs in expected)  # the broken links were reported: the child's must be too

    config, files, pages = _site(tmp_path / "again")
    core = second_core.SecondCore.start(pages, config, files)
    assert core is not None
    took, got = [], []
    for page in pages:
        caplog.clear()
        page.read_source(config)
        took.append(core.take(page, page.markdown))
        page.render(config, files)
        got.append((_converted(page), [(r.name, r.levelno, r.getMessage()) for r in caplog.records]))
    core.close()
    assert took == [False, True] * 4  # the child converted every other page, MkDocs the rest
    assert got == [(converted, [(name, level, message.replace(str(tmp_path), str(tmp_path / "again")))
                                for name, level, message in logs]) for converted, logs in expected]
    assert "render" not in vars(pages[-1])  # the next build converts as MkDocs does


def test_changed_markdown_and_failures_are_converted_by_mkdocs(tmp_path, caplog, few_pages_enough, monkeypatch):
    config, files, pages = _site(tmp_path)
    real_render = second_core.Page.render
    failed = pages[1].file.src_uri

    def failing(page, *args):  # in the child only: the parent's conversion is MkDocs' own
        if page.file.src_uri == failed:
            raise ValueError("no")
        return real_render(page, *args)

    monkeypatch.setattr(second_core.Page, "render", failing)
    core = second_core.SecondCore.start(pages, config, files)
    monkeypatch.setattr(second_core.Page, "render", real_render)
    for page in pages:
        page.read_source(config)
    assert not core.take(pages[1], pages[1].markdown)  # failed in the child
    assert not core.take(pages[3], pages[3].markdown + "\nAdded by a plugin.\n")
    assert "render" not in vars(pages[3])
    assert not core.take(pages[2], pages[2].markdown)  # not the child's
    assert core.take(pages[7], pages[7].markdown)  # MkDocs skipped the sixth page: the child's copy is let go
    assert core.taken == 1
    core.close()


def test_a_child_that_dies_leaves_the_pages_to_mkdocs(tmp_path, few_pages_enough, monkeypatch):
    config, files, pages = _site(tmp_path)
    monkeypatch.setattr(second_core, "_convert", lambda *args: __import__("os")._exit(3))
    core = second_core.SecondCore.start(pages, config, files)
    for page in pages:
        page.read_source(config)
        assert not core.take(page, page.markdown)
    core.close()


def test_few_pages_are_converted_by_mkdocs_alone(tmp_path):
    config, files, pages = _site(tmp_path)
    assert second_core.SecondCore.start(pages[:second_core.MIN_PAGES - 1], config, files) is None
    core = second_core.SecondCore.start(pages[:second_core.MIN_PAGES], config, files)
    assert core is not None
    core.close()


def test_a_child_that_hangs_is_given_up_after_the_deadline(tmp_path, few_pages_enough, monkeypatch):
    import time

    config, files, pages = _site(tmp_path)
    monkeypatch.setattr(second_core, "_convert", lambda *args: time.sleep(600))
    monkeypatch.setattr(second_core, "DEADLINE", 0.5)
    start = time.monotonic()
    core = second_core.SecondCore.start(pages, config, files)
    for page in pages:
        page.read_source(config)
        assert not core.take(page, page.markdown)
    core.close()
    assert time.monotonic() - start < 10
    assert not core._process.is_alive()


_TAKE = second_core.SecondCore.take


def _build(root, site, pages_needed: int, monkeypatch) -> tuple[dict[str, bytes], list[bool]]:
    from site_fixture import build_in_process

    monkeypatch.setattr(second_core, "MIN_PAGES", pages_needed)
    taken = []
    take = _TAKE
    monkeypatch.setattr(second_core.SecondCore, "take", lambda *args: taken.append(take(*args)) or taken[-1])
    return build_in_process(root, site), taken


def test_a_build_with_a_second_core_is_the_build_without(tmp_path, monkeypatch):
    """A whole build converts the generated pages on two cores: the site is byte for byte the same."""
    from site_fixture import write_project

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    root = write_project(tmp_path)
    alone, none_taken = _build(root, tmp_path / "alone", 10**9, monkeypatch)
    shared, taken = _build(root, tmp_path / "shared", 1, monkeypatch)
    assert not none_taken and taken.count(True) > 10
    assert shared.keys() == alone.keys()
    assert [path for path in alone if shared[path] != alone[path] and not path.endswith(".gz")] == []


def test_a_system_that_will_not_fork_leaves_the_pages_to_mkdocs(tmp_path, monkeypatch):
    config, files, pages = _site(tmp_path)

    def refused(self):
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(second_core.multiprocessing.get_context("fork").Process, "start", refused)
    assert second_core.SecondCore.start(pages, config, files) is None


_ORPHAN = """
import os, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from generator.engine import second_core
import test_second_core as t
second_core.MIN_PAGES = 1
config, files, pages = t._site(Path({root!r}))
for page in pages:  # far more than a pipe holds: the child is still sending when this process dies
    (Path(config.docs_dir) / page.file.src_uri).write_text("# Big\\n\\n" + "word " * 200000, encoding="utf-8")
core = second_core.SecondCore.start(pages, config, files)
Path({root!r}, "child.pid").write_text(str(core._process.pid))
os._exit(0)  # killed, as far as the child can tell: nothing closed, nothing joined
"""


def test_a_child_whose_build_is_gone_stops(tmp_path):
    """A build killed while its child converts: the child's sending fails and it leaves, instead of
    waiting for ever (holding a copy of the build's memory) on a pipe it alone still held open."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    script = _ORPHAN.format(tests=str(Path(__file__).parent), root=str(tmp_path))
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120, stdout=subprocess.DEVNULL)
    child = int((tmp_path / "child.pid").read_text())

    def running() -> bool:
        try:
            with open(f"/proc/{child}/stat", encoding="utf-8") as stat:
                return stat.read().rpartition(")")[2].split()[0] not in ("Z", "X")
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 60
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    try:
        assert not running(), "the child of a build that is gone still runs"
    finally:
        if running():
            os.kill(child, 9)
