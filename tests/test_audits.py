"""The built site measured as an auditor would: Lighthouse (mobile) on the main pages, served with gzip as a
host would, and the Nu Html Checker (vnu) on every page of the shipped site.

Both come from the npm registry (package.json: `lighthouse`, pinned to 12, the last for Node 20, and
`vnu-jar`), run with Debian's Chromium and Java (`make test` installs them). No request leaves the machine.
To look at the figures by hand: `.venv/bin/python -m pytest tests/test_audits.py -m "" -s` prints each
page's scores.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS
from site_fixture import ROOT, build_project, write_project

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The pages Lighthouse measures, as URLs below the site's root. One constant: a page type added to the
# site (a briefing) is measured by adding its URL here.
AUDITED_PAGES = ("", "timeline/", "incidents/obninsk-drone-on-roof/", "briefings/riverton-week/", "quotes/", "map/")

# Where a page does not reach a threshold yet: the score it reaches, measured (median of three runs on a quiet
# machine), as a floor, so that it is said here rather than hidden and a drop below it still fails. The pages
# with a map run Leaflet and decode the shipped borders (about a second of a throttled phone's main thread,
# after the map comes near the screen), on top of Material's own bundle: 0.61-0.79 measured.
KNOWN_SHORTFALLS = {("incidents/obninsk-drone-on-roof/", "performance"): 0.5, ("map/", "performance"): 0.5,
                    # The pages without a map reach the 0.90 aimed at on most runs and miss it on some: medians of
                    # three, 8 December 2026: home 0.90, timeline 0.93, a briefing 0.94, quotes 0.88. Most of what
                    # is left is Material's bundle.js (about 1.5 s of a throttled phone's main thread).
                    **{(url, "performance"): 0.85 for url in ("", "timeline/", "briefings/riverton-week/", "quotes/")}}
PERFORMANCE_RUNS = 3  # Lighthouse's performance score varies from run to run: a low first score is run again

THRESHOLDS = {"accessibility": 0.98, "best-practices": 1.0, "performance": 0.90}
TIMELINE_CLS = 0.02  # the timeline's filter form, added by script, must not push the list down

# Errors the Nu Html Checker finds in mkdocs-material's own markup (not in anything this project writes).
# Exact messages: a new error, the theme's or ours, fails the test and is either fixed or, if it is the
# theme's, added here with where it comes from.
THEME_MARKUP_ERRORS = {
    # the drawer, search and palette toggles: <input type="checkbox" … autocomplete="off"> (base.html)
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, "
    "“hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
    # partials/toc.html's <label for="__toc">, whose input nav-item.html writes only for a page of the
    # navigation: record and month pages are left out of it (engine/plugin.py)
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
}

_COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".geojson", ".csv"}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped for a browser that asks, as any production host serves them."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        if (path.suffix not in _COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class GzipServer:
    def __init__(self, root: Path):
        handler = functools.partial(_GzipHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> GzipServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    assert LIGHTHOUSE.is_file(), "Lighthouse is installed by `make test` (npm ci)"
    # No tile server: a reader's browser would fetch tiles from one, this test's has no network (and the
    # shipped default is to become a base layer served with the site, SPEC "Maps").
    root = write_project(tmp_path_factory.mktemp("audited"))
    (root / "content" / "briefings").mkdir(exist_ok=True)
    (root / "content" / "briefings" / "riverton-week.md").write_text(
        "---\ntitle: A week of drones over Riverton\ndate: 2026-11-25\npoints:\n"
        "  - \"A drone was [found on a roof](incident:obninsk-drone-on-roof), Example Daily reports.\"\n"
        "  - \"Residents were [advised to stay indoors](measure:obninsk-stay-indoors).\"\n---\n"
        "An example briefing: what changed, what it means and what to watch, in a few sentences.\n",
        encoding="utf-8")
    site = build_project(root, map_tiles='""')
    with GzipServer(site) as server:
        yield server


def lighthouse(url: str, out: Path) -> dict:
    """Lighthouse's report of one page, mobile (its default), with Debian's Chromium and no network."""
    flags = ["--headless=new", "--disable-dev-shm-usage", *CHROMIUM_ARGS,
             # nothing but the site on the loopback port can be reached
             "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
    result = subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=accessibility,best-practices,performance", f"--chrome-flags={' '.join(flags)}"],
        capture_output=True, text=True, timeout=240, env={**os.environ, "CHROME_PATH": CHROMIUM})
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


def _failing(report: dict, category: str) -> list[str]:
    """The audits that cost a category points, by id and title, for the failure message."""
    refs = report["categories"][category]["auditRefs"]
    return [f"{r['id']}: {report['audits'][r['id']]['title']}" for r in refs
            if r["weight"] and (report["audits"][r["id"]]["score"] or 0) < 1]


@pytest.mark.parametrize("url", AUDITED_PAGES)
def test_lighthouse_scores_each_main_page_well_on_a_phone(served, url, tmp_path):
    least = {name: KNOWN_SHORTFALLS.get((url, name), floor) for name, floor in THRESHOLDS.items()}
    reports = [lighthouse(served.base + url, tmp_path / "report.json")]
    if (reports[0]["categories"]["performance"]["score"] or 0) < least["performance"]:
        # Lighthouse's advice on variance: judge the median of several runs, not one
        reports += [lighthouse(served.base + url, tmp_path / f"report-{n}.json") for n in range(1, PERFORMANCE_RUNS)]
    reports.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
    report = reports[len(reports) // 2]
    scores = {name: report["categories"][name]["score"] for name in THRESHOLDS}
    cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
    print(f"/{url}: " + ", ".join(f"{name} {round(score * 100)}" for name, score in scores.items())
          + f", CLS {cls:.3f}" + (f" (median of {len(reports)})" if len(reports) > 1 else ""))
    low = {name: (scores[name], _failing(report, name)) for name in THRESHOLDS
           if scores[name] is None or scores[name] < least[name]}
    assert low == {}
    if url == "timeline/":
        assert cls <= TIMELINE_CLS


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory) -> Path:
    from test_shipped_site import copy_project

    return build_project(copy_project(tmp_path_factory.mktemp("shipped-audited")))


def vnu_errors(site: Path) -> list[dict]:
    java = shutil.which("java")
    assert java and VNU.is_file(), "`make test` installs Java (default-jre-headless) and vnu-jar (npm ci)"
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--skip-non-html", str(site)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m["type"] == "error" or (m["type"] == "non-document-error")]


def test_every_page_of_the_shipped_site_is_valid_html_but_for_the_themes_known_errors(shipped_site):
    errors = vnu_errors(shipped_site)
    assert len(list(shipped_site.rglob("*.html"))) > 40  # the whole site was checked
    pages = {m.get("url") for m in errors}
    ours = sorted({(m["message"], Path(m.get("url", "")).as_posix().split("/site/")[-1]) for m in errors
                   if m["message"] not in THEME_MARKUP_ERRORS})
    assert ours == [], f"{len(ours)} errors on {len(pages)} pages"


def test_the_search_override_is_materials_search_plus_the_dialogs_name():
    """partials/search.html is a copy of Material's: when Material is updated, this says to refresh it."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (ROOT / "site_templates" / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    body = lambda text: text.split("-#}\n", 1)[1]  # noqa: E731 (the leading comments differ)
    named = ' role="dialog" aria-label="{{ lang.t(\'search\') }}">'
    assert named in ours
    assert body(ours).replace(named, ' role="dialog">') == body(theirs)
