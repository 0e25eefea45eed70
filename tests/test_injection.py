"""Injection: the corpus in every text field and body, the site built, every page opened in
headless Chromium. No dialog opens, no script or element from record text reaches the DOM,
no template expression is evaluated, and every field still reads exactly as written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.content.validate import BIDI_CONTROLS

from browser import StaticServer, keep_local
from injection_corpus import BLNS, CORPUS, OWASP
from site_fixture import write_project

# Bidirectional controls are refused in front-matter fields (tests/cases/hostile_inputs.yml): fields carry the
# rest, bodies carry them too.
FIELD = " ¶ ".join(BIDI_CONTROLS.sub("", text) for text in CORPUS)
# A file cannot hold a NUL byte (it is refused as binary); everything else goes into bodies as is.
BODY = "\n\n".join(text.replace("\x00", "") for text in CORPUS)


def shown(text: str) -> str:
    """What a reader should see of a field: the text, control characters dropped, whitespace collapsed."""
    kept = "".join(ch for ch in text.replace("\t", " ") if ch in "\n\r" or ord(ch) >= 0x20 and ord(ch) != 0x7F)
    return " ".join(kept.split())


def write_record(content: Path, relpath: str, fields: dict, body: str = "") -> None:
    # JSON is YAML 1.2: every string, control characters included, survives exactly.
    path = content / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{json.dumps(fields, indent=1)}\n---\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("injection"))
    content = root / "content"
    write_record(content, "regions/inj-region.md",
                 {"name": FIELD, "name_local": FIELD, "kind": "other", "parent": "russia",
                  "coordinates": [54.0, 37.0]}, BODY)
    write_record(content, "actors/inj-actor.md", {"name": FIELD, "kind": "person", "role": FIELD}, BODY)
    write_record(content, "sources/inj-source.md", {"name": FIELD, "kind": "outlet", "language": "ru"}, BODY)
    write_record(content, "incidents/inj-incident.md", {
        "title": FIELD, "date": "2026-11-20", "regions": ["inj-region"], "status": "reported",
        "sources": [{"source": "inj-source", "title": FIELD}, "inj-source"],
        "location": {"name": FIELD, "coordinates": [54.1, 37.1], "precision": "locality"},
        "actors": ["inj-actor"], "tags": ["drones", "air-defence"], "updates": [{"date": "2026-11-21", "note": FIELD}],
        "type": "drone-attack"}, BODY)
    write_record(content, "statements/inj-statement.md", {
        "date": "2026-11-20", "source": {"source": "inj-source", "title": FIELD}, "speaker": "inj-actor",
        "language": "ru", "original": FIELD, "incidents": ["inj-incident"],
        "updates": [{"date": "2026-11-22", "note": FIELD}]}, BODY)
    write_record(content, "statements/inj-anonymous.md", {
        "date": "2026-11-21", "source": "inj-source", "anonymous": FIELD, "responds_to": "inj-statement",
        "stance": "disputes", "regions": ["inj-region"]}, BODY)
    write_record(content, "measures/inj-measure.md", {
        "title": FIELD, "date": "2026-11-20", "regions": ["inj-region"], "issuer": "inj-actor",
        "sources": ["inj-source"], "kind": "other", "state": "in-force", "incidents": ["inj-incident"]}, BODY)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True,
                            text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    return root / "site"


# Elements record text could try to create, and the few the site itself places in the article.
DOM_CHECK = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) found.push(`${el.tagName} has ${attr.name}`);
    }
  }
  for (const a of document.querySelectorAll('[href], [src], [action], [formaction], [data]')) {
    for (const name of ['href', 'src', 'action', 'formaction', 'data']) {
      const value = (a.getAttribute(name) || '').replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase();
      if (/^(javascript|vbscript|data):/.test(value) && value !== 'javascript:void(0)') found.push(`${name}=${value}`);
    }
  }
  const article = document.querySelector('article');
  if (article) {
    for (const el of article.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      const inMap = !!el.closest('.leaflet-container');
      if (el.closest('#timeline-filters')) continue;  // the filter form the site's script builds
      const ok =
        (tag === 'script' && el.type === 'application/ld+json') ||
        (tag === 'input' && el.type === 'radio' && el.closest('.tabbed-set')) ||
        (tag === 'button' && (el.classList.contains('cite-copy') || inMap ||
                              (el.classList.contains('tabbed-button') && el.closest('.tabbed-set')))) ||
        (['img', 'svg', 'path', 'g'].includes(tag) && inMap) ||
        (['svg', 'path'].includes(tag) && el.closest('.map-figure > .map-legend')) ||  // the map's legend marks
        (tag === 'details' && el.matches('.map-figure > details.map-list')) ||  // the map's points as a list
        // a chart, as an image of its SVG file
        (tag === 'img' && el.matches('figure.briefing-chart > img') && /\.svg$/.test(el.getAttribute('src'))) ||
        (tag === 'details' && el.matches('details.briefing-chart-numbers')) ||  // a chart's numbers
        !['script', 'img', 'svg', 'iframe', 'object', 'embed', 'video', 'audio', 'marquee', 'form', 'textarea',
          'select', 'input', 'button', 'style', 'link', 'meta', 'base', 'math', 'noscript', 'details', 'b',
          'body'].includes(tag);
      if (!ok) found.push(`<${tag}> in the article`);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def pages(site, browser):
    with StaticServer(site) as server:
        context = browser.new_context()
        context.set_default_timeout(15000)
        context.route("**/*", keep_local(server.base))
        page = context.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        report = {}
        urls = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
        for url in urls:
            page.goto(server.base + ("" if url == "." else url + "/"), wait_until="load")
            page.wait_for_timeout(100)
            report[url] = {
                "dom": page.evaluate(DOM_CHECK),
                "h1": page.eval_on_selector(
                    "article h1",
                    "h => { const c = h.cloneNode(true); "
                    "c.querySelectorAll('.headerlink').forEach(a => a.remove()); "
                    "document.body.appendChild(c); const t = c.innerText; c.remove(); return t; }",
                )
                if page.query_selector("article h1")
                else "",
                "title": page.title(),
                # The original sits in a hidden tab, whose innerText ignores <br>: read a clone instead.
                "original": page.eval_on_selector_all(
                    "blockquote[lang=ru]",
                    "qs => qs.map(q => { const c = q.cloneNode(true); "
                    "c.querySelectorAll('br').forEach(b => b.replaceWith('\\n')); return c.textContent; })",
                ),
            }
        context.close()
        yield {"report": report, "dialogs": dialogs, "errors": errors}


def test_no_dialog_and_no_script_error_on_any_page(pages):
    assert pages["dialogs"] == []
    assert pages["errors"] == []


def test_no_element_or_handler_from_record_text_on_any_page(pages):
    bad = {url: found["dom"] for url, found in pages["report"].items() if found["dom"]}
    assert bad == {}


@pytest.mark.parametrize("url", ["incidents/inj-incident", "regions/inj-region", "actors/inj-actor",
                                 "sources/inj-source", "measures/inj-measure"])
def test_fields_read_exactly_as_written(pages, url):
    found = pages["report"][url]
    assert " ".join(found["h1"].split()) == shown(FIELD)
    assert found["title"].startswith(shown(FIELD)[:200])


def test_original_language_text_reads_as_written(pages):
    originals = pages["report"]["quotes/inj-statement"]["original"]
    assert originals and " ".join(originals[0].split()) == shown(FIELD)


def test_no_template_expression_is_evaluated(pages):
    h1 = pages["report"]["incidents/inj-incident"]["h1"]
    assert "{{ 7*7 }}" in h1 and "{% raw %}{{ 7*7 }}{% endraw %}" in h1 and "${7*7}" in h1


def test_the_corpus_is_large_enough():
    """Our own vectors, every other string of the Big List of Naughty Strings, and OWASP's filter evasion vectors
    as bleach keeps them (tests/data/README.md)."""
    assert len(CORPUS) >= 100
    assert len(BLNS) > 400 and set(BLNS[::2]) <= set(CORPUS)
    assert len(OWASP) == 20 and set(OWASP) <= set(CORPUS)
    assert "<IMG SRC=JaVaScRiPt:alert('XSS')>" in OWASP
