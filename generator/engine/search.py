"""Search for large sites: Pagefind, a chunked static index, instead of Material's lunr index.

Material's `search` plugin writes one search_index.json that every reader downloads whole before
the first result, which grows with every record (bench/RESULTS.md has the sizes). Pagefind splits
the index into chunks and fetches only those a query touches. With the briefing plugin's option
`search: pagefind` the plugin (plugin.py wires these functions):

- refuses Material's `search` plugin alongside (check_plugins): two search boxes, two indexes;
- marks each page's article `data-pagefind-body` (mark_body), so only page content is indexed,
  never the navigation that every page repeats, and pages without an article (404) or marked
  `search: exclude` are left out; records shown in lists carry `data-pagefind-ignore`
  (site_templates/_macros.md.j2), so each record's text is indexed once, on its own page;
- after MkDocs has written the site, runs the Pagefind binary over it (index_site), which writes
  the bundle to site/pagefind/; its output is byte-for-byte the same for the same site;
- the theme override partials/header.html shows a search button in the header that opens the
  Pagefind UI (partials/pagefind-search.html), loaded only when a reader first opens it.

With `search: material` (Material's `search` plugin and its lunr index) the same parts are left out
through Material's documented pragma: every element marked `data-pagefind-ignore` is marked
`data-search-exclude` as well (exclude_listed), so a quote or an incident shown in a list (a region's,
an actor's, a source's, a month's, the quotes index) is found once, on its own page, in either mode;
pages marked `search: exclude` are left out by Material itself.

Pagefind is an optional dependency (`pip install 'briefing-site[pagefind]'`): its wheel carries the
binary, so nothing else is needed. PAGEFIND_BINARY_PATH points at another binary.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

CHOICES = ("material", "pagefind")
PIN = "pagefind[extended]==1.5.2"
INSTALL = f"pip install 'briefing-site[pagefind]' (or pip install '{PIN}')"
BUNDLE = "pagefind"
"""The folder in the built site that holds Pagefind's index and scripts."""
ARTICLE = '<article class="md-content__inner md-typeset">'
"""Material's page content element; the only part of a page Pagefind indexes."""
EXCLUDE = (".headerlink", ".md-content__button", ".cite")
"""Inside the article but not worth finding: permalink signs, edit buttons, the citation block
(the same boilerplate on every record page)."""
TIMEOUT = 1800


class SearchError(Exception):
    """Search cannot be set up or the index cannot be built; the message says what to do."""


def check_plugins(search: str, plugin_names) -> None:
    """With `search: pagefind`, Material's own search plugin must not be configured too."""
    if search == "pagefind" and {"search", "material/search"} & set(plugin_names):
        raise SearchError("the briefing plugin's 'search: pagefind' replaces Material's search plugin; "
                          "remove '- search' from the plugins in mkdocs.yml (or set 'search: material' "
                          "to keep Material's search)")


def mark_body(html: str, meta: dict | None = None) -> str:
    """The page with its article marked as the only part Pagefind indexes; left unmarked, and so out of
    the index, when its front matter has Material's `search: exclude: true` (the pages of a record's
    whole list: their items are each found on their own page)."""
    search = (meta or {}).get("search")
    if isinstance(search, dict) and search.get("exclude") is True:
        return html
    return html.replace(ARTICLE, ARTICLE[:-1] + " data-pagefind-body>", 1)


LISTED = "data-pagefind-ignore"
"""What the templates mark a record shown in a list with (_macros.md.j2): its text is on its own page."""
MATERIAL_EXCLUDE = "data-search-exclude"
"""Material's documented pragma: its search plugin leaves out an element so marked (a heading: its section)."""
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)"
                  r"\s*(/?)>")
_ATTRIBUTE = re.compile(r"\s+([^\s\"'>/=]+)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def exclude_listed(html: str) -> str:
    """The page's HTML with every element marked `data-pagefind-ignore`, and every element inside it, marked
    `data-search-exclude` for Material's search plugin. Inside too: that plugin keeps what it leaves out by tag
    name, so the first `</div>` inside an excluded `<div>` (a quote's tabs) would let the rest of it back in.
    Only tags change, matched as tags: a record whose text spells the attribute is left as written."""
    if LISTED not in html:
        return html
    parts: list[str] = []
    done = 0
    inside: str | None = None  # the tag of the listed element being passed through
    depth = 0  # of elements with that tag, nested in it
    for tag in _TAG.finditer(html):
        closing, name, attributes = tag.group(1), tag.group(2).lower(), tag.group(3)
        if inside is None:
            if closing or name in _VOID or LISTED not in attributes \
                    or LISTED not in {a.group(1).lower() for a in _ATTRIBUTE.finditer(attributes)}:
                continue
            inside, depth = name, 1
        elif closing:
            if name == inside:
                depth -= 1
                if depth == 0:
                    inside = None
            continue
        elif name in _VOID or tag.group(4):
            continue
        elif name == inside:
            depth += 1
        if MATERIAL_EXCLUDE not in attributes:
            parts += [html[done:tag.start(3)], " ", MATERIAL_EXCLUDE]
            done = tag.start(3)
    return "".join(parts) + html[done:]


def executable() -> Path | None:
    """The Pagefind binary: PAGEFIND_BINARY_PATH, the one the `pagefind` wheel carries, or one on PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = os.environ.get("PAGEFIND_BINARY_PATH") or shutil.which("pagefind_extended") \
            or shutil.which("pagefind")
        return Path(found) if found else None
    return get_executable()


def index_site(site_dir: Path, *, timeout: float = TIMEOUT) -> str:
    """Index the built site at site_dir into site_dir/pagefind/; returns Pagefind's summary.

    Raises SearchError, saying how to install Pagefind, if it is missing, fails or takes too long."""
    binary = executable()
    if binary is None or not binary.is_file():
        raise SearchError(f"'search: pagefind' needs Pagefind, which is not installed; run {INSTALL}")
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchError(f"no built site to index at {site_dir}")
    bundle = site_dir / BUNDLE
    if bundle.is_dir():  # a --dirty build: a stale bundle would keep chunks of pages that are gone
        shutil.rmtree(bundle)
    command = [str(binary), "--site", str(site_dir), "--output-subdir", BUNDLE]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        # Run from the site folder: Pagefind reads a pagefind.yml from its working directory, and
        # the index should depend on the site and these options only.
        result = subprocess.run(command, cwd=site_dir, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SearchError(f"Pagefind did not finish indexing {site_dir} within {timeout:.0f} s") from None
    except OSError as err:
        raise SearchError(f"Pagefind could not be run ({binary}: {err}); reinstall it: {INSTALL}") from None
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or not (bundle / "pagefind.js").is_file():
        tail = "\n".join(output.splitlines()[-15:])
        raise SearchError(f"Pagefind failed to index {site_dir} (exit code {result.returncode}):\n{tail}")
    return summary(output)


def summary(output: str) -> str:
    """Pagefind's counts ("Indexed 49 pages", …) on one line."""
    counts = [line.strip() for line in output.splitlines() if line.strip().startswith("Indexed ")]
    if counts:
        return ", ".join(counts)
    return output.splitlines()[-1] if output else ""
