"""Publishing: the site's address (`briefing build --site-url`, or mkdocs.yml's site_url) makes the sitemap,
the canonical links, the feed's ids and a 404 page that works under a project path; the contact setting; and
Material's search finding a record's text once, on its own page."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.engine import search as site_search
from generator.engine.build import NO_SITE_URL
from generator.engine.plugin import BriefingConfig, contact_href

from site_fixture import write_project

SITE_URL = "https://example.org/riverton/"
CONTACT = "desk@example.org"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def briefing(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, capture_output=True, text=True,
                          env=ENV, timeout=300)


def set_option(root: Path, line: str) -> None:
    """Adds one option line (`contact: …`) to the briefing plugin's options in the project's mkdocs.yml."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  - briefing:\n") == 1
    config.write_text(text.replace("  - briefing:\n", f"  - briefing:\n      {line}\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The fixture project built as the Pages workflow builds it: --site-url, and a contact address."""
    root = write_project(tmp_path_factory.mktemp("published"))
    set_option(root, f"contact: {CONTACT}")
    result = briefing(root, "build", "--site-url", SITE_URL)
    assert result.returncode == 0, result.stderr
    return root / "site", result


@pytest.fixture(scope="module")
def site(published) -> Path:
    return published[0]


@pytest.fixture(scope="module")
def unpublished(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The fixture project built with neither a site_url nor a contact, as mkdocs.yml ships."""
    root = write_project(tmp_path_factory.mktemp("unpublished"))
    result = briefing(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site", result


def pages(site: Path) -> list[str]:
    """Every page's URL path under the site, as the sitemap should list it."""
    return sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
                  for p in site.rglob("index.html"))


# --site-url

@pytest.mark.parametrize("url", ["example.org/riverton/", "/riverton/", "ftp://example.org/", "https://",
                                 "https://example.org/a b/", "https://example.org/?x=1", "javascript:alert(1)"])
def test_a_site_url_that_is_not_an_absolute_http_address_is_a_usage_error(run, url):
    result = run("build", "--site-url", url)
    assert result.code == 2
    assert "--site-url" in "\n".join(result.err) and "absolute http(s) URL" in "\n".join(result.err)


def test_a_site_url_build_warns_nothing_and_lists_every_page_in_the_sitemap(published):
    site, result = published
    assert "warning" not in result.stderr.lower()
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    listed = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    expected = [SITE_URL + path for path in pages(site)]
    assert len(expected) > 20 and sorted(listed) == expected
    assert f"{SITE_URL}incidents/obninsk-drone-on-roof/" in listed and f"{SITE_URL}quotes/" in listed


def test_every_page_has_its_canonical_link(site):
    for path in pages(site):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'<link rel="canonical" href="([^"]*)"', html) == [SITE_URL + path], path


def test_the_feed_ids_are_the_sites_addresses(site):
    root = ElementTree.parse(site / "feed.xml").getroot()
    ids = [element.text for element in root.iter("{http://www.w3.org/2005/Atom}id")]
    assert ids[0] == SITE_URL + "feed.xml"
    assert f"{SITE_URL}incidents/obninsk-drone-on-roof/" in ids
    assert f"{SITE_URL}incidents/obninsk-drone-on-roof/#update-2026-11-25" in ids
    assert all(i.startswith(SITE_URL) for i in ids) and len(set(ids)) == len(ids)


def test_the_404_page_loads_its_assets_from_the_project_path(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]*)"', html)
    assert stylesheets and all(href.startswith("/riverton/assets/") for href in stylesheets), stylesheets
    for href in stylesheets:
        assert (site / href.removeprefix("/riverton/")).is_file(), href


def test_a_build_without_a_site_url_warns_once_what_will_be_missing(unpublished):
    site, result = unpublished
    warnings = [line for line in result.stderr.splitlines() if "warning" in line.lower()]
    assert warnings == [f"warning: {NO_SITE_URL}"]
    for missing in ("sitemap", "canonical", "feed ids"):
        assert missing in NO_SITE_URL
    assert "<loc>" not in (site / "sitemap.xml").read_text(encoding="utf-8")


# contact

@pytest.mark.parametrize("value", ["desk@example.org", "anna.example+tips@mail.example.org",
                                   "https://example.org/contact", "http://example.org/", ""])
def test_a_contact_is_an_email_address_or_a_web_link(value):
    config = BriefingConfig()
    config.load_dict({"contact": value})
    errors, _ = config.validate()
    assert errors == [] and config.contact == value


@pytest.mark.parametrize(("value", "href"), [("desk@example.org", "mailto:desk@example.org"),
                                             ("HTTPS://example.org/Contact", "HTTPS://example.org/Contact")])
def test_a_contact_links_to_its_address(value, href):
    assert contact_href(value) == href


@pytest.mark.parametrize("value", ["desk at example.org", "javascript:alert(1)", "https://", "mailto:desk@example.org",
                                   "<desk@example.org>", "desk@example", "https://example.org/\"onclick=x", "12", 12,
                                   ["desk@example.org"]])
def test_a_contact_that_is_neither_is_refused_with_what_it_takes(value):
    config = BriefingConfig()
    config.load_dict({"contact": value})
    errors, _ = config.validate()
    ((option, error),) = errors
    assert option == "contact" and "must be an email address" in str(error) and "http(s) link" in str(error)


def test_a_bad_contact_stops_the_build_with_a_configuration_error(tmp_path, monkeypatch, run):
    root = write_project(tmp_path)
    set_option(root, "contact: desk at example.org")
    monkeypatch.chdir(root)
    result = run("build")
    assert result.code == 2
    (line,) = result.err
    assert line.startswith(f"error: {Path('mkdocs.yml')}: ") and "'contact'" in line
    assert "must be an email address (such as desk@example.org) or an http(s) link" in line
    assert not (root / "site").exists()


def test_the_contact_is_on_the_about_page_and_in_every_footer(site):
    link = f'<a href="mailto:{CONTACT}">{CONTACT}</a>'
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    article = about.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    assert link in article
    for path in ["", "incidents/obninsk-drone-on-roof/", "quotes/"]:
        footer = (site / path / "index.html").read_text(encoding="utf-8").split('<footer class="md-footer">', 1)[1]
        assert link in footer, path


def test_without_a_contact_no_contact_line_is_shown(unpublished):
    about = (unpublished[0] / "about" / "index.html").read_text(encoding="utf-8")
    assert "Contact and corrections" in about  # the hand-written section
    assert "mailto:" not in about and "briefing-contact" not in about


# Material's search: a record's text found once, on its own page

def search_hits(site: Path, phrase: str) -> list[str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return sorted(doc["location"] for doc in index["docs"] if phrase in doc["text"] or phrase in doc["title"])


@pytest.mark.parametrize(("phrase", "own_page"), [
    ("This is not just about drones", "quotes/pervalov-not-just-drones/"),  # on 8 other pages before
    ("Речь идёт не только о дронах", "quotes/pervalov-not-just-drones/"),  # the original, in the quote's tab
    ("evidence for this remains circumstantial", "quotes/nato-rebuttal/"),  # a reply, threaded under its claim
    ("increasing attacks on civilian infrastructure", "quotes/ambassador-claim/"),  # an anonymous source's
    ("found on the roof of a private home", "incidents/obninsk-drone-on-roof/"),  # on its month's page before
])
def test_a_records_text_is_found_once_on_its_own_page(site, phrase, own_page):
    assert search_hits(site, phrase) == [own_page]


def test_what_lists_show_still_shows_and_the_lists_pages_are_still_found_by_their_titles(site):
    actor = (site / "actors" / "stefan-pervalov" / "index.html").read_text(encoding="utf-8")
    assert "This is not just about drones" in actor  # shown to readers, left out of the index only
    assert "actors/stefan-pervalov/" in search_hits(site, "Stefan Pervalov")
    assert any(hit.startswith("timeline/2026/11/") for hit in search_hits(site, "November 2026"))


def test_only_tags_are_marked_never_a_records_text():
    html = ('<p data-pagefind-ignore>Says data-pagefind-ignore <a title="x data-pagefind-ignore" href="/">y</a></p>'
            '<p title="data-pagefind-ignore">kept</p>')
    assert site_search.exclude_listed(html) == (
        '<p data-search-exclude data-pagefind-ignore>Says data-pagefind-ignore '
        '<a data-search-exclude title="x data-pagefind-ignore" href="/">y</a></p>'
        '<p title="data-pagefind-ignore">kept</p>')


# the 404 page in a browser, under a project path

class _ProjectPath(http.server.SimpleHTTPRequestHandler):
    """GitHub Pages' project site: the site under /riverton/, anything it lacks answered with its 404.html."""

    def log_message(self, *args):
        pass

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith("/riverton/"):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path.removeprefix("/riverton/"))

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def test_the_404_page_is_styled_under_a_project_path(browser, site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_ProjectPath, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    try:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                      else route.abort())
        page = context.new_page()
        styles = []
        page.on("response", lambda r: styles.append((r.url, r.status))
                if r.request.resource_type == "stylesheet" else None)
        response = page.goto(f"{base}/riverton/no/such/record/", wait_until="load")
        assert response.status == 404
        assert "404" in page.inner_text("article")
        assert any("/riverton/assets/stylesheets/main." in url for url, _ in styles), styles
        assert all(status == 200 for _, status in styles), styles
        # Material's stylesheet applied: its header sticks to the top, an unstyled one would not
        assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
    finally:
        context.close()
        server.shutdown()
        server.server_close()
