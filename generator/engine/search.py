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
_ATTRIBUTE = re.compile(r"\s+([^\s\"'>/=]+)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")  # its name, a value
_START = re.compile(rf"<([a-zA-Z][a-zA-Z0-9-]*)((?:{_ATTRIBUTE.pattern})*)\s*/?>")
_VOID = "area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr"
_INNER = re.compile(rf"<(?!(?:{_VOID})[\s/>])([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")  # each start tag but void ones
_SAME: dict[str, re.Pattern] = {}


def exclude_listed(html: str) -> str:
    """The page's HTML with every element marked `data-pagefind-ignore`, and every element inside it, marked
    `data-search-exclude` for Material's search plugin. Inside too: that plugin keeps what it leaves out by tag
    name, so the first `</div>` inside an excluded `<div>` (a quote's tabs) would let the rest of it back in.
    Only tags change, found as tags: a record whose text spells the attribute is left as written."""
    parts: list[str] = []
    done = found = 0
    while (found := html.find(LISTED, found)) >= 0:
        opening = html.rfind("<", 0, found)
        tag = _START.match(html, opening) if opening >= done else None
        if tag is None or tag.end() <= found or tag.group(1).lower() in _VOID.split("|") \
                or LISTED not in {a.group(1).lower() for a in _ATTRIBUTE.finditer(tag.group(2))}:
            found += len(LISTED)
            continue
        end = _element_end(html, tag)
        parts += [html[done:opening], _INNER.sub(rf"<\1 {MATERIAL_EXCLUDE}", html[opening:end])]
        done = found = end
    return "".join(parts) + html[done:] if parts else html


def _element_end(html: str, start: re.Match) -> int:
    """Where the element `start` opens ends: after its closing tag, counting the elements of its name inside it
    (the end of the page if it is never closed)."""
    name = start.group(1).lower()
    same = _SAME.get(name)
    if same is None:
        same = _SAME[name] = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*?(/?)>", re.IGNORECASE)
    depth = 1
    for tag in same.finditer(html, start.end()):
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return tag.end()
        elif not tag.group(2):
            depth += 1
    return len(html)


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
