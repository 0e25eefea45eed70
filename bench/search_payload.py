"""What a reader downloads before the first search result, with Pagefind (`search: pagefind`).

    .venv/bin/python bench/search_payload.py SITE_DIR [--query WORD ...] [--json OUT]

SITE_DIR is a site built with the briefing plugin's `search: pagefind` (site/pagefind/ exists).
For each query a fresh headless Chromium (Debian's, as the tests use; empty cache) opens the home
page, opens the header's search box, types the query and waits for the first result. Every
response from site/pagefind/ is counted, by its real body: raw bytes, and gzip -6 as a server
that compresses would send them (Pagefind's index and fragment files are gzipped already, so
these barely shrink). Three figures per query:

- first result: everything fetched from the click until the first result is shown: the Pagefind
  UI (pagefind-ui.js/.css), pagefind.js and its worker, pagefind-entry.json, the wasm, the
  language's metadata (pf_meta), the filter and index chunks the query touches, fragments;
- core: the same without the UI's own files and with only the first fragment requested: the
  least any Pagefind front end fetches (pagefind.js + entry + wasm + meta + chunks + 1 fragment);
- page of results: everything once the network is idle (the UI shows 5 results, 5 fragments).

If the site also has Material's search/search_index.json, its size is shown for comparison.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEFAULT_QUERIES = ["drone", "circumstantial", "косвенными"]
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def kind(url: str) -> str:
    """What a file of the bundle is for: ui, core, entry, wasm, meta, filter, index, fragment."""
    name = url.split("?")[0].rsplit("/", 1)[-1]
    if name in UI_FILES:
        return "ui"
    if name == "pagefind-entry.json":
        return "entry"
    if name.startswith("wasm."):
        return "wasm"
    for suffix in ("meta", "filter", "index", "fragment"):
        if name.endswith(".pf_" + suffix):
            return suffix
    return "core"  # pagefind.js, pagefind-worker.js


def _sizes(bodies: list[tuple[str, bytes]]) -> dict:
    raw = sum(len(body) for _, body in bodies)
    compressed = sum(min(len(body), len(gzip.compress(body, 6))) for _, body in bodies)
    by_kind: dict[str, dict] = {}
    for url, body in bodies:
        entry = by_kind.setdefault(kind(url), {"files": 0, "raw": 0, "gzip": 0})
        entry["files"] += 1
        entry["raw"] += len(body)
        entry["gzip"] += min(len(body), len(gzip.compress(body, 6)))
    return {"files": len(bodies), "raw": raw, "gzip": compressed, "by_kind": by_kind}


def measure(site_dir: Path, queries: list[str], browser=None) -> dict:
    """The bytes of each query's search, as described above; in `browser` (a Playwright Chromium)
    if given, else in one launched for the purpose."""
    from playwright.sync_api import sync_playwright

    site_dir = Path(site_dir).resolve()
    if not (site_dir / "pagefind" / "pagefind.js").is_file():
        raise SystemExit(f"{site_dir} has no pagefind/ bundle: build it with the briefing plugin's search: pagefind")
    handler = functools.partial(_Quiet, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    results = {"site": str(site_dir), "queries": {}}
    lunr = site_dir / "search" / "search_index.json"
    if lunr.is_file():
        data = lunr.read_bytes()
        results["material_search_index"] = {"raw": len(data), "gzip": len(gzip.compress(data, 6))}
    try:
        if browser is not None:
            for query in queries:
                results["queries"][query] = _one(browser, base, query)
        else:
            with sync_playwright() as playwright:
                launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for query in queries:
                    results["queries"][query] = _one(launched, base, query)
                launched.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return results


def _one(browser, base: str, query: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(120000)
    responses = []
    page.on("response", lambda response: responses.append(response) if "/pagefind/" in response.url else None)
    page.goto(base, wait_until="networkidle")
    assert not responses, "the page fetched search files before the search was opened"
    page.click("[data-briefing-search-open]")
    page.wait_for_selector(".pagefind-ui__search-input").fill(query)
    page.wait_for_function("""q => (document.querySelector('.pagefind-ui__message') || {}).textContent?.includes(q)
        && document.querySelector('.pagefind-ui__result-link')""", arg=query)
    first = list(responses)
    count = page.text_content(".pagefind-ui__message")
    top = page.get_attribute(".pagefind-ui__result-link", "href")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    everything = list(responses)
    bodies = {id(r): (r.url, r.body()) for r in everything}
    first_bodies = [bodies[id(r)] for r in first]
    fragments = [b for b in first_bodies if kind(b[0]) == "fragment"]
    core = [b for b in first_bodies if kind(b[0]) not in ("ui", "fragment")] + fragments[:1]
    context.close()
    return {"message": count.strip(), "first_result": top, "first_result_payload": _sizes(first_bodies),
            "core_payload": _sizes(core), "page_of_results_payload": _sizes(list(bodies.values()))}


def _kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


def report(results: dict) -> str:
    lines = [f"Site: {results['site']}"]
    if "material_search_index" in results:
        m = results["material_search_index"]
        lines.append(f"Material search_index.json: {_kb(m['raw'])} raw, {_kb(m['gzip'])} gzip")
    for query, r in results["queries"].items():
        lines.append(f"\nquery {query!r}: {r['message']}; first result {r['first_result']}")
        for label, key in (("first result", "first_result_payload"), ("core (no UI, 1 fragment)", "core_payload"),
                           ("page of results", "page_of_results_payload")):
            p = r[key]
            lines.append(f"  {label:26} {p['files']:3} files  {_kb(p['raw']):>11} raw  {_kb(p['gzip']):>11} gzip")
        for name, p in sorted(r["first_result_payload"]["by_kind"].items()):
            lines.append(f"    {name:9} {p['files']:3} files  {_kb(p['raw']):>11} raw  {_kb(p['gzip']):>11} gzip")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a site built with search: pagefind")
    parser.add_argument("--query", action="append", help=f"a query (repeatable; default {DEFAULT_QUERIES})")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    results = measure(args.site, args.query or DEFAULT_QUERIES)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
