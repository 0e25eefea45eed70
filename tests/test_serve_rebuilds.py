"""A preview's rebuilds (`briefing serve`: MkDocs' dirty builds with the session kept) leave the same site
as a fresh build of the edited content, though they keep files, pages and lists from one build to the next."""

from __future__ import annotations

import logging

import pytest

from site_fixture import write_project


def _preview_build(root, site, dirty=True):
    """One rebuild as `briefing serve` makes it (`--full`: not dirty): mkdocs.yml loaded again (MkDocs keeps
    the plugin's instance)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    config.site_dir = str(site)
    config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, dirty=dirty)
    return config.plugins["briefing"]


def _fresh_build(root, site):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    config.site_dir = str(site)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)


def _pages(site) -> dict[str, str]:
    # A preview's search index holds only what it rebuilt (MkDocs' dirty builds), and its sitemap is laid
    # out again only when pages come or go: both are checked elsewhere (test_serve.py).
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))
            if not path.relative_to(site).as_posix().startswith("search/")}


def _data_files(site) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((site / "data").iterdir()) if path.suffix != ".html"}


def _stamps(site) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_mtime_ns for path in site.rglob("*.html")}


def _html(source: str) -> str:
    """'incidents/x.md' → 'incidents/x/index.html'; 'timeline/index.md' → 'timeline/index.html'."""
    stem = source[: -len(".md")]
    return stem + ".html" if stem == "index" or stem.endswith("/index") else stem + "/index.html"


EDITS = [
    ("incidents/kaluga-earlier.md", "Drone shot down near Kaluga", "Drone intercepted near Kaluga"),  # a title
    ("incidents/kaluga-earlier.md", "The governor said", "The governor later said"),  # the text alone
    ("incidents/kaluga-earlier.md", "date: 2026-10-03", "date: 2024-05-03"),  # a date: a month page appears
    ("incidents/kaluga-earlier.md", "regions: [kaluga-oblast]", "regions: [obninsk]"),  # a region
    ("incidents/obninsk-drone-on-roof.md", "status: confirmed", "status: denied"),  # another record's status
    ("incidents/kaluga-earlier.md", "date: 2024-05-03", "date: 2026-10-03"),  # back: the month page goes
]


# 2: lists continue by period; forked: every reload's pages converted partly by a child (second_core.py)
@pytest.mark.parametrize("page_size, dirty, forked", [(2, True, False), (100, True, False), (2, False, False),
                                                      (2, True, True)])
def test_rebuilt_preview_is_the_fresh_build_of_the_edited_content(tmp_path, monkeypatch, page_size, dirty, forked):
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    taken = []
    if forked:
        from generator.engine import second_core

        monkeypatch.setattr(second_core, "MIN_PAGES", 1)
        take = second_core.SecondCore.take
        monkeypatch.setattr(second_core.SecondCore, "take", lambda *args: taken.append(take(*args)) or taken[-1])
    root = write_project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - briefing:\n", f"  - briefing:\n      page_size: {page_size}\n"), encoding="utf-8")
    preview = tmp_path / "preview"
    plugin = _preview_build(root, preview, dirty)
    for relpath, old, new in EDITS:
        record = root / "content" / relpath
        text = record.read_text(encoding="utf-8")
        assert old in text
        record.write_text(text.replace(old, new), encoding="utf-8")
        before = _stamps(preview)
        assert _preview_build(root, preview, dirty) is plugin  # the same session
        assert plugin.session.last_mode in ("fields", "bodies")
        written = set(plugin.last.stats.paths)
        # a dirty build converted and laid out again the pages the generator wrote, and no other
        laid_out = {path for path, stamp in _stamps(preview).items() if before.get(path) != stamp}
        if dirty:
            assert laid_out - {"404.html"} == {_html(path) for path in written if path.endswith(".md")}
            # a page kept from an earlier build had its links' anchors checked then, and is not checked again
            kept = [file.page for path, file in plugin.kept_files.items()
                    if path not in written and file.page is not None and file.page.content is None]
            assert kept and all(page.links_to_anchors is None for page in kept)
        _fresh_build(root, tmp_path / "fresh")
        fresh = _pages(tmp_path / "fresh")
        rebuilt = _pages(preview)
        # a dirty build leaves the pages of records that went away (MkDocs cleans only a whole build)
        assert {path: rebuilt.get(path) for path in fresh} == fresh, (relpath, new, sorted(written))
        # the downloadable exports, written after the reload (plugin._export_after_reload), into the site too
        plugin._exported()
        assert plugin.session.deferred is None
        assert _data_files(preview) == _data_files(tmp_path / "fresh"), (relpath, new)
    if forked:
        assert taken.count(True) >= len(EDITS)  # the child converted pages of every reload
