"""Render: planned pages → Markdown text, through the Jinja2 templates in site_templates/.

Templates make all the Markdown; record text reaches it only through escape.finalize
(every {{ … }} is escaped unless it is trusted Markup that we built), so no template
can forget to escape a field. Record text is never template source.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import jinja2
import langcodes
from markupsafe import Markup

from . import escape
from .bodies import render_body
from .dates import FuzzyDate
from .link import Briefing
from .models import STATUSES
from .reader import SLUG
from .plan import KIND_DIRS, Page, month_path, record_path

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "site_templates"

STATUS_LEGEND = {
    "confirmed": "Officially acknowledged or independently verified.",
    "reported": "Credible reporting, not yet verified.",
    "claimed": "Asserted by a party to events, unverified.",
    "disputed": "Contested by another party.",
    "denied": "Denied by the party concerned.",
}
assert tuple(STATUS_LEGEND) == STATUSES


def environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,  # with finalize below, every value is escaped for Markdown and HTML
        finalize=escape.finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        body=render_body,
        slug=_slug,
        language=_language_name,
        url=escape.md_url,
        attr=escape.md_attr,
        when=lambda d, circa=False: d.label(circa) if d is not None else "",
        meta=_meta_value,
    )
    env.globals.update(status_legend=STATUS_LEGEND, month_path=month_path,
                       month_label=lambda year, month: FuzzyDate("month", year, month).label())
    return env


def _slug(value: str) -> Markup:
    """An id or vocabulary word used in a class name or anchor: checked, then trusted."""
    if not SLUG.fullmatch(value):
        raise ValueError(f"not a slug: {value!r}")
    return Markup(value)


def _language_name(tag: str | None) -> str:
    """'ru' → 'Russian' (escaped like any text where it is shown)."""
    if not tag:
        return "Original"
    try:
        return langcodes.Language.get(tag).display_name()
    except (ValueError, LookupError):
        return tag


def _meta_value(text: str) -> Markup:
    """A value for the generated page's YAML meta (title, description). MkDocs' theme puts it
    into the page unescaped, so it is HTML-escaped here, then quoted as a JSON (= YAML) string."""
    return Markup(json.dumps(str(Markup.escape(text)), ensure_ascii=True))


def render(pages: list[Page], briefing: Briefing, env: jinja2.Environment | None = None) -> dict[str, str]:
    env = env or environment()
    out: dict[str, str] = {}
    for page in pages:
        template = env.get_template(page.template)
        out[page.path] = template.render(page.context, b=briefing, page=page, **_page_helpers(page, briefing))
    return out


def _page_helpers(page: Page, briefing: Briefing) -> dict:
    here = posixpath.dirname(page.path)

    def rel(target: str, anchor: str | None = None) -> Markup:
        path = posixpath.relpath(target, here or ".")
        return Markup(path + (f"#{anchor}" if anchor else ""))

    def link(kind: str, record_id: str, anchor: str | None = None) -> Markup:
        return rel(record_path(kind, record_id), anchor)

    def name(kind: str, record_id: str) -> str:
        model = briefing[kind][record_id].model
        if kind in ("incident", "measure"):
            return model.title
        if kind == "statement":
            return speaker_name(briefing[kind][record_id])
        return model.name

    def speaker_name(statement) -> str:
        if statement.model.speaker:
            return briefing["actor"][statement.model.speaker].model.name
        return statement.model.anonymous

    return {"rel": rel, "link": link, "name": name, "speaker_name": speaker_name, "kind_dirs": KIND_DIRS}
