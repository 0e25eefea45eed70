"""Redirects: a merged record's old URLs keep working.

A record's `aliases` are the ids of the records merged into it. For each, a static HTML page
is written at the old record's URL (`incidents/OLD/index.html`, MkDocs' directory URLs) that
sends the reader on to the record: a meta refresh, a canonical link for search engines, and a
plain link for a browser that follows neither. Ids are slugs (checked by the models), so they
are safe in a path, a URL and HTML as they are; nothing a contributor wrote is in the page.
"""

from __future__ import annotations

from html import escape

from generator.content.link import Briefing
from generator.pages.urls import canonical_url, redirect_path

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved to {target}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>This record was merged into another one. It is now at <a href="{target}">{target}</a>.</p>
</body>
</html>
"""


def redirect_files(briefing: Briefing, site_url: str | None = None) -> dict[str, str]:
    """Site path → HTML, one page per alias, in a stable order. With site_url (mkdocs.yml's), the
    canonical link is absolute, as search engines prefer; else it is relative like the others."""
    files: dict[str, str] = {}
    for kind in sorted(briefing.aliases):
        for old_id, new_id in sorted(briefing.aliases[kind].items()):
            target = f"../{new_id}/"  # from KIND/OLD/ to KIND/NEW/
            canonical = canonical_url(kind, new_id, site_url) if site_url else target
            files[redirect_path(kind, old_id)] = _PAGE.format(target=escape(target), canonical=escape(canonical))
    return files
