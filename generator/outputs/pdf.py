"""Each briefing as a print-ready PDF (briefings/ID.pdf), made with WeasyPrint from our own small HTML
template (templates/briefing.html.j2), not by printing the site's page.

- **What it holds**: the site's name, the title, the date, the key points, the assessment, and as endnotes
  the records the text links to (their titles, dates and the sources they cite), each numbered where it is
  linked; every page's foot carries the briefing's permalink and the page number.
- **Links**: a reference `[words](incident:ID)` becomes a link to that record's page (absolute with the
  site's `site_url`, else the site-relative URL) followed by its note's number.
- **Same content, same bytes**: the PDF's dates (its metadata) are the briefing's own date, never the time
  of the build, and its file identifier is derived from the briefing's id and text.
- Record text reaches the HTML only through bodies.render_body / render_inline (sanitised, entity-encoded)
  or Jinja's autoescape, and WeasyPrint fetches nothing (no file, no address) while it lays the page out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.content.link import Briefing, record_links
from generator.content.validate import Entry
from generator.pages.bodies import render_body, render_inline
from generator.pages.page_links import HREF, served_url
from generator.pages.urls import pdf_path, record_path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
# A link to a record as bodies.py writes it: <a href="HREF path HREF" …>words</a>.
_RECORD_ANCHOR = re.compile("<a href=\"" + HREF + "([^\"" + HREF + "]+)" + HREF + "\"[^>]*>(.*?)</a>", re.DOTALL)


@dataclass(frozen=True)
class Note:
    """One endnote: a record the briefing links to."""

    number: int
    kind: str
    title: str
    date: str
    sources: list[str]
    path: str  # its page's source path (records.md), as bodies.py links it
    url: str


def briefing_pdfs(briefing: Briefing, site_name: str, site_url: str | None,
                  reads: dict[str, set] | None = None) -> dict[str, bytes]:
    """{briefings/ID.pdf: its bytes} for every briefing. With `reads` (a preview's), only the PDFs it does not
    know or whose reads name something in its `changed`, each noting there what it read (reads.py tokens)."""
    out = {}
    env = _environment()
    for entry in briefing["briefing"].values():
        path = pdf_path(entry.id)
        with briefing.trace.collecting() as found:
            out[path] = briefing_pdf(briefing, entry, site_name, site_url, env)
        if reads is not None:
            reads[path] = found | {("record", "briefing", entry.id), ("body", "briefing", entry.id)}
    return out


def briefing_pdf(briefing: Briefing, entry: Entry, site_name: str, site_url: str | None,
                 env: jinja2.Environment | None = None) -> bytes:
    """One briefing's PDF."""
    from weasyprint import HTML, URLFetcher  # imported when a site has briefings: it loads pango

    html = briefing_html(briefing, entry, site_name, site_url, env)
    # The template needs no file and no address: nothing is fetched, whatever a record's text links to.
    document = HTML(string=html, base_url=str(TEMPLATES_DIR),
                    url_fetcher=URLFetcher(allowed_protocols=frozenset())).render()
    # the file's identifier from its text, not a random one: the same briefing gives the same bytes
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return document.write_pdf(pdf_identifier=identifier)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              auto_reload=False)


def _url(site_url: str | None, path: str) -> str:
    """A page's address: absolute with the site's URL, else relative to the site's root."""
    url = served_url(path)
    return site_url.rstrip("/") + "/" + url if site_url else url


def briefing_html(briefing: Briefing, entry: Entry, site_name: str, site_url: str | None,
                  env: jinja2.Environment | None = None) -> str:
    """The HTML WeasyPrint lays out for one briefing."""
    env = env or _environment()
    m = entry.model
    assessment = briefing.body(entry)
    notes = _notes(briefing, record_links(*m.points, assessment), site_url)
    by_path = {note.path: note for note in notes}

    def linked(html: Markup) -> Markup:
        def anchor(match: re.Match) -> str:
            note = by_path.get(match[1])
            if note is None:
                return match[2]
            return f'<a href="{Markup.escape(note.url)}">{match[2]}</a><sup class="ref">{note.number}</sup>'
        return Markup(_RECORD_ANCHOR.sub(anchor, str(html)))

    return env.get_template("briefing.html.j2").render(
        site_name=site_name, title=m.title, date=m.date.label(), iso=_iso(m.date),
        points=[linked(render_inline(point)) for point in m.points],
        assessment=linked(render_body(assessment)), notes=notes,
        regions=[briefing["region"][r].model.name for r in m.regions],
        permalink=_url(site_url, record_path("briefing", entry.id)),
        updates=[(u.date.label(), u.note) for u in sorted(m.updates, key=lambda u: u.date.chrono_key())])


def _iso(date) -> str:
    """The briefing's date for the PDF's metadata: a day, or its moment in ISO 8601."""
    return date.moment.isoformat() if date.moment is not None else date.iso()


def _notes(briefing: Briefing, linked: list[tuple[str, str]], site_url: str | None) -> list[Note]:
    notes = []
    for number, (kind, record_id) in enumerate(linked, start=1):
        model = briefing[kind][record_id].model
        title = _title(briefing, kind, model)
        when = model.date.label(getattr(model, "circa", False)) if hasattr(model, "date") else ""
        path = record_path(kind, record_id)
        notes.append(Note(number, kind, title, when, _sources(briefing, kind, model), path, _url(site_url, path)))
    return notes


def _title(briefing: Briefing, kind: str, model) -> str:
    if kind == "statement":
        who = briefing["actor"][model.speaker].model.name if model.speaker else model.anonymous
        return f"Statement by {who}"
    return getattr(model, "title", None) or model.name


def _sources(briefing: Briefing, kind: str, model) -> list[str]:
    """The sources a record cites, as a reader would cite them: 'Name, “title”, URL'."""
    citations = model.sources if kind in ("incident", "measure") else [model.source] if kind == "statement" else []
    found = []
    for c in citations:
        parts = [briefing["source"][c.source].model.name]
        if c.via:
            parts[0] += f", as reported by {briefing['source'][c.via].model.name}"
        if c.title:
            parts.append(f"“{c.title}”")
        if c.published:
            parts.append(c.published.label())
        if c.url:
            parts.append(c.url)
        found.append(", ".join(parts))
    return list(dict.fromkeys(found))
