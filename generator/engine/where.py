"""Where a page outside the navigation belongs: its breadcrumbs, and the tab highlighted above it.

Record and month pages are left out of MkDocs' navigation (plugin.py: the navigation is rendered into
every page), so Material highlights no tab on them and its breadcrumbs (`navigation.path`) are empty.
Their place is read from their URL instead: each folder above the page that is a page of the site
(regions/ → regions/index.md, regions/russia/ → regions/russia.md), or, for a folder with no page of its
own, the list its records belong to (urls.SECTION_PAGES: incidents/ → the timeline). The trail is handed
to the theme's `partials/path.html` (site_templates/overrides) as `briefing_trail`, and its first page,
a page of the navigation, is marked active (MkDocs' `Page.active`) while this page is laid out.
"""

from __future__ import annotations

from generator.pages.urls import SECTION_PAGES


def trail(page, files, nav) -> list:
    """The pages above `page`, outermost first, the home page leading; [] for a page of the navigation."""
    if page.file.src_uri in _nav_sources(nav):
        return []
    parts = page.file.src_uri.removesuffix(".md").split("/")
    if parts[-1] == "index":
        parts.pop()
    above = []
    for depth in range(1, len(parts)):
        folder = "/".join(parts[:depth])
        for candidate in (f"{folder}/index.md", f"{folder}.md", SECTION_PAGES.get(folder)):
            file = files.get_file_from_path(candidate) if candidate else None
            if file is not None and file.page is not None and file.page is not page:
                above.append(file.page)
                break
    if not above:
        return []
    home = nav.homepage
    return ([home] if home is not None and home is not above[0] else []) + above


def tab(pages: list, nav):
    """The page of the navigation the trail passes through (its tab), or None."""
    listed = _nav_sources(nav)
    return next((p for p in pages if p.file.src_uri in listed and p is not nav.homepage), None)


def _nav_sources(nav) -> set[str]:
    return {p.file.src_uri for p in nav.pages}
