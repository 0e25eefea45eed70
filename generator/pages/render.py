"""Render: planned pages → Markdown text, through the Jinja2 templates in generator/pages/templates/
(a project's own site_templates/ folder is searched first, so a template there overrides the package's).

Templates make all the Markdown; record text reaches it only through escape.finalize
(every {{ … }} is escaped unless it is trusted Markup that we built), so no template
can forget to escape a field. Record text is never template source.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import langcodes
from markupsafe import Markup

from generator.content.dates import FuzzyDate
from generator.content.geo import ROUNDED_TO, map_point
from generator.content.link import TEXT_LINK, Briefing
from generator.content.reader import SLUG
from generator.kinds import (
    CREDIBILITY_TERMS,
    RELIABILITIES,
    RELIABILITY_LEGEND,
    RELIABILITY_TERMS,
    STATUS_LEGEND,
    STATUS_TERMS,
    vocabularies,
)
from generator.outputs.feed import FEED_LIMIT
from generator.pages import charts, escape
from generator.pages.bodies import render_body, render_inline
from generator.pages.jsonld import document as jsonld_document
from generator.pages.jsonld import meta_value as jsonld_meta_value
from generator.pages.page_links import HREF, LINK, Links, browser_url, served_url, url_parts
from generator.pages.pagination import DEFAULT_PAGE_SIZE
from generator.pages.plan import Page
from generator.pages.urls import KIND_DIRS, month_path, record_path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"  # in the package, so an installed wheel renders
# A project's overrides: found where `briefing` runs (the project root, beside mkdocs.yml), as a theme's
# custom_dir is searched before the theme; the environment has no other way to know the project.
PROJECT_TEMPLATES = Path("site_templates")


def template_dirs() -> tuple[Path, Path]:
    """Where a page template is looked for, the first that has it wins: the project's folder, then the package's."""
    return Path.cwd() / PROJECT_TEMPLATES, TEMPLATES_DIR



@dataclass(frozen=True)
class SiteSettings:
    """What pages need to know of the site around them (from mkdocs.yml and the plugin's options)."""

    site_name: str = "Briefing"
    site_url: str | None = None  # known only when mkdocs.yml sets site_url
    # No tile server unless mkdocs.yml names one: the maps draw the borders shipped with the site (assets/vendor/
    # world-atlas), so a reader's visit reaches no third party (SPEC, "Maps work with no request…").
    map_tiles: str = ""  # a tile URL template ({z}/{x}/{y}) to draw instead of the shipped borders
    map_attribution: str = ""  # the credit line that tile source asks for
    map_points_per_page: int = 500  # a region page shows its newest incidents on the map, up to this many
    page_size: int = DEFAULT_PAGE_SIZE  # records a listing page shows before it continues on page 2
    intro: str = ""  # the home page's opening paragraph (the plugin's `intro`, else mkdocs.yml's site_description)
    local_language: str = ""  # BCP 47 tag of regions' and actors' name_local (their records carry none); "": unknown
    # Zensical reads a link in a page's HTML from the page's source file, as a Markdown link (a/b.md: from
    # a/), where MkDocs leaves it to the browser (from a/b/): engine/zensical.py sets this
    links_from_source: bool = False


_BIBTEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
           "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def _bibtex(text: str) -> str:
    """Text for a BibTeX field: TeX's special characters escaped (then escaped for the page as any text)."""
    return "".join(_BIBTEX.get(ch, ch) for ch in str(text))


def environment(templates_dir: Path | None = None, settings: SiteSettings | None = None) -> jinja2.Environment:
    settings = settings or SiteSettings()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in ([templates_dir] if templates_dir else template_dirs())]),
        autoescape=True,  # with finalize below, every value is escaped for Markdown and HTML
        finalize=escape.finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # each generate makes a new environment: no file checks on every page
    )
    bodies: dict[str, Markup] = {}  # a quote's body is shown on many pages: converted once

    @jinja2.pass_context
    def body(context, entry) -> Markup:
        """A record's body as HTML, asked of the briefing (Briefing.body), which a preview notes."""
        text = context["b"].body(entry)
        found = bodies.get(text)
        if found is None:
            found = bodies[text] = render_body(text)
        return found

    env.filters.update(
        body=body,
        inline=render_inline,
        slug=_slug,
        language=_language_name,
        url=escape.md_url,
        attr=escape.md_attr,
        when=lambda d, circa=False: d.label(circa) if d is not None else "",
        # Jinja's sort(attribute=…) cannot call chrono_key; same-day notes keep file order.
        in_date_order=lambda items: sorted(items, key=lambda item: item.date.chrono_key()),
        meta=_meta_value,
        bibtex=_bibtex,
        json_attr=_json_attr,
        thousands=lambda n: f"{n:,}",  # 4,123
        counted=_counted,
        code_words=_code_words,
        with_links=_with_links,
        script_points=lambda points: _json_attr(_for_script(points)),
    )
    # The registry's vocabularies (kinds.py), so a template never writes a list of words out.
    env.globals.update(vocabularies(), status_terms=STATUS_TERMS)
    # the grade filters' choices, best first (briefing.js reads them from the timeline's filter box)
    env.globals["grade_terms"] = {"reliability": [[t.word, t.legend] for t in RELIABILITY_TERMS],
                                  "credibility": [[t.word, t.legend] for t in CREDIBILITY_TERMS]}
    env.globals.update(chart_svg=charts.svg)  # a chart's SVG file (chart.svg.j2)
    env.globals.update(status_legend=STATUS_LEGEND, reliability_legend=RELIABILITY_LEGEND, month_path=month_path,
                       settings=settings, feed_limit=FEED_LIMIT, rounded_to=ROUNDED_TO,
                       month_label=lambda year, month: FuzzyDate("month", year, month).label())
    return env


def _with_links(text: str) -> Markup:
    """A line of record text (an update's note) as inline Markdown that shows it as written, each
    [words](KIND:ID) in it a link to that record's page (validation has checked the record exists)."""
    if "](" not in text:
        return escape.md_text(text)
    parts, last = [], 0
    for match in TEXT_LINK.finditer(text):
        parts.append(escape.md_text(text[last:match.start()]))
        words, kind, record_id = match.groups()
        target = Markup("](" + LINK + record_path(kind, record_id) + LINK + ")")
        parts.append(Markup("[") + escape.md_text(words) + target)
        last = match.end()
    parts.append(escape.md_text(text[last:]))
    return Markup("").join(parts)


def _json_attr(value) -> Markup:
    """A value as JSON in an HTML attribute of the page (escaped for Markdown and HTML)."""
    return escape.md_attr(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _for_script(points: list[dict]) -> list[dict]:
    """Map points as the map's script reads them: the list's own link (`path`) left out."""
    return [{key: value for key, value in point.items() if key != "path"} for point in points]


def _counted(n: int, noun: str) -> str:
    """4123, 'incidents' → '4,123 incidents'; 1, 'claim' → '1 claim' (nouns given in the plural or the singular)."""
    singular = noun[:-1] if noun.endswith("s") else noun
    return f"{n:,} {singular if n == 1 else singular + 's'}"


def _code_words(terms, glosses: dict[str, str] | None = None) -> Markup:
    """A vocabulary as the data dictionary lists it: `a` (gloss), `b` or `c`. Terms are kinds.Term (their
    gloss shown) or words; the words are the registry's slugs, checked, and a gloss is escaped as text."""
    parts = []
    for term in terms:
        word, gloss = (term, (glosses or {}).get(term, "")) if isinstance(term, str) else (term.word, term.gloss)
        parts.append(f"`{_slug(word)}`" + (f" ({escape.md_text(gloss)})" if gloss else ""))
    return Markup(", ".join(parts[:-1]) + " or " + parts[-1] if len(parts) > 1 else "".join(parts))


def _slug(value: str) -> Markup:
    """An id or vocabulary word used in a class name or anchor: checked, then trusted."""
    if not SLUG.fullmatch(value):
        raise ValueError(f"not a slug: {value!r}")
    return Markup(value)


@functools.lru_cache(maxsize=None)
def _language_name(tag: str | None) -> str:
    """'ru' → 'Russian' (escaped like any text where it is shown)."""
    if not tag:
        return "Original"
    try:
        return langcodes.Language.get(tag).display_name()
    except (ValueError, LookupError):
        return tag


# Invisible characters a one-line YAML value cannot carry safely: C0 and C1 controls, DEL, and
# what YAML reads as line breaks (NEL, LS, PS).
_META_DROP = {code: None for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]}
_META_DROP.update({0x09: " ", 0x0A: " ", 0x0D: " ", 0x85: " ", 0x2028: " ", 0x2029: " "})


def _meta_value(text: str) -> Markup:
    """A value for the generated page's YAML meta (title, tags). MkDocs' theme puts it into the
    page unescaped, so it is HTML-escaped here. MkDocs reads meta with libyaml and, when that
    fails, silently renders the front matter as Markdown: so the value is written as real
    characters (libyaml refuses the surrogate escapes json.dumps writes for emoji), with the
    characters YAML cannot hold dropped first."""
    cleaned = str(text).translate(_META_DROP)
    return Markup(json.dumps(str(Markup.escape(cleaned)), ensure_ascii=False))


@dataclass
class Layouts:
    """List items (an incident's line, a quote) as render's memo laid them out: the arguments, the Markdown
    and what laying it out read (reads.py). A preview keeps them from one render to the next, so after an
    edit the ~30 pages it renders again lay out only the items of the records it changed, not their
    thousands of unchanged neighbours; `forget` drops those the edit may have changed."""

    items: dict[tuple, tuple[tuple, Markup]] = field(default_factory=dict)
    reads: dict[tuple, set] = field(default_factory=dict)

    def forget(self, changed: set) -> None:
        for key in [key for key, tokens in self.reads.items() if not tokens.isdisjoint(changed)]:
            del self.items[key], self.reads[key]


def _same_arguments(before: tuple, now: tuple) -> bool:
    """The records by identity (an edited record is a new entry; the same entry when its body was edited,
    which `forget` covers through its body's token), the rest by value."""
    return len(before) == len(now) and all(
        a is b or (isinstance(a, (str, int, type(None))) and type(a) is type(b) and a == b)
        for a, b in zip(before, now, strict=True))


def render(pages: list[Page], briefing: Briefing, env: jinja2.Environment | None = None,
           settings: SiteSettings | None = None, reads: dict[str, set] | None = None,
           layouts: Layouts | None = None) -> dict[str, str]:
    """{page path: Markdown}. Given `reads` (a preview, whose briefing is traced: preview/reads.py), also notes
    there, for each page, what it read of the briefing (bodies shown, records looked up, index keys); given
    `layouts` too, list items are reused from it and kept in it (Layouts)."""
    env = env or environment(settings=settings)
    settings = env.globals["settings"]
    trace = briefing.trace
    kept = layouts is not None and reads is not None  # what an item read is known only while reads are noted
    layouts = layouts if kept else Layouts()
    items, item_reads = layouts.items, layouts.reads

    def memo(key: tuple, macro, *args) -> Markup:
        """A macro's output for `key`, laid out once for the whole site (links are placeholders then)."""
        found = items.get(key)
        # within one render a key comes with the same records; only kept items may predate an edit
        if found is not None and (not kept or _same_arguments(found[0], args)):
            if reads is not None:  # the page read what the item read when it was laid out
                trace.note_all(item_reads[key])
            return found[1]
        if reads is None:
            laid = macro(*args)
        else:
            with trace.collecting() as item_reads[key]:
                laid = macro(*args)
        items[key] = (args, laid)
        return laid

    def memo_each(name: str, macro, entries, *extra, end: str = "\n") -> Markup:
        """A whole list of memo'd items (key: name, the record's id, extra), each followed by end: one call from
        a template for the list, where two macro calls an item were most of the time a long list took."""
        return Markup("".join([memo((name, e.id, *extra), macro, e, *extra) + end for e in entries]))

    site = _site_helpers(briefing, settings)
    # The shared macros, made once for all the pages (importing them with each page's context showed in
    # rendering); a template finds them as `m`.
    macros = env.get_template("_macros.md.j2").make_module({**site, "b": briefing, "memo": memo,
                                                             "memo_each": memo_each})
    out: dict[str, str] = {}
    links = Links(from_source=settings.links_from_source)
    for page in pages:
        template = env.get_template(page.template)
        helpers = _page_helpers(page, site)
        if reads is None:
            text = template.render(page.context, b=briefing, page=page, m=macros, **helpers)
        else:
            with trace.collecting() as reads[page.path]:
                text = template.render(page.context, b=briefing, page=page, m=macros, **helpers)
        out[page.path] = links.resolve(text, page.path)
    return out


def _href(target: str, here_url: str) -> Markup:
    """A link for the browser from the page served at here_url (data attributes, scripts, data files):
    MkDocs does not rewrite these."""
    return Markup(browser_url(target, url_parts(here_url)))


def _site_helpers(briefing: Briefing, settings: SiteSettings) -> dict:
    """The templates' helpers that are the same on every page (links are placeholders each page resolves)."""
    href, url, rel, link = _link_helpers()
    name, speaker_name = _name_helpers(briefing)
    permalink = _permalink_helper(settings)
    points, points_json, point_count = _map_helpers(briefing, settings)

    def jsonld(entry) -> Markup:
        """The record's JSON-LD for its page's front matter (`jsonld:`), put in <head> by the theme."""
        url = permalink(record_path(entry.kind, entry.id)) if settings.site_url else None
        return jsonld_meta_value(jsonld_document(briefing, entry, url))

    return {"rel": rel, "link": link, "name": name, "speaker_name": speaker_name, "kind_dirs": KIND_DIRS,
            "filter_attrs": _filter_attrs_helper(briefing), "href": href, "url": url, "permalink": permalink,
            "points": points, "points_json": points_json, "point_count": point_count, "jsonld": jsonld}


def _link_helpers():
    """href and url (links made into this page's URL for the target) and rel and link (links made relative
    to this page's folder): placeholders each page resolves when it is rendered."""

    def href(target: str, anchor: str | None = None) -> Markup:
        """An HTML link to a site path (a page's .md, a data file), made into this page's URL for it when the
        page is rendered."""
        return Markup(HREF + target + (f"#{anchor}" if anchor else "") + HREF)

    def url(kind: str, record_id: str, anchor: str | None = None) -> Markup:
        return href(record_path(kind, record_id), anchor)

    def rel(target: str, anchor: str | None = None) -> Markup:
        """A link to a site path, made relative to this page's folder when the page is rendered."""
        return Markup(LINK + target + (f"#{anchor}" if anchor else "") + LINK)

    def link(kind: str, record_id: str, anchor: str | None = None) -> Markup:
        return rel(record_path(kind, record_id), anchor)

    return href, url, rel, link


def _name_helpers(briefing: Briefing):
    """name (what a record is called: its title, its speaker's name or its name) and speaker_name."""

    def name(kind: str, record_id: str) -> str:
        model = briefing[kind][record_id].model
        if kind in ("incident", "measure", "briefing"):
            return model.title
        if kind == "statement":
            return speaker_name(briefing[kind][record_id])
        return model.name

    def speaker_name(statement) -> str:
        if statement.model.speaker:
            return briefing["actor"][statement.model.speaker].model.name
        return statement.model.anonymous

    return name, speaker_name


def _permalink_helper(settings: SiteSettings):
    def permalink(path: str) -> str:
        url = served_url(path)
        return settings.site_url.rstrip("/") + "/" + url if settings.site_url else url

    return permalink


def _map_helpers(briefing: Briefing, settings: SiteSettings):
    """points and points_json: the map's points for a page, as data or as a data file."""

    def points(entries, shown_on: str) -> list[dict]:
        """Map points of incidents (geo.map_point: their published position, or their region's), newest first,
        their links made for the page `shown_on` (this page, or the page whose map loads them from a data file)."""
        from_url = served_url(shown_on)
        found = []
        for entry in entries:
            point = map_point(briefing, entry)
            if point is None:
                continue
            found.append({"lat": point.lat, "lon": point.lon, "rounded": point.rounded, "title": entry.model.title,
                          "url": _href(record_path("incident", entry.id), from_url),  # for the map's script
                          # for the list's HTML link, which the page resolves (Zensical reads it from the source)
                          "path": record_path("incident", entry.id),
                          "date": entry.model.date.label(entry.model.circa), "status": entry.model.status,
                          **({"region": briefing["region"][point.by_region].model.name} if point.by_region else {})})
            if len(found) >= settings.map_points_per_page:
                break
        return found

    def point_count(entries) -> int:
        """How many of the incidents a map draws (those with a point of their own or their region's)."""
        return sum(1 for entry in entries if map_point(briefing, entry) is not None)

    def points_json(entries, shown_on: str) -> Markup:
        """A map's points as a data file (JSON) for the page shown_on: the map loads them from it."""
        return Markup(json.dumps(_for_script(points(entries, shown_on)), ensure_ascii=False, separators=(",", ":")))

    return points, points_json, point_count


def _filter_attrs_helper(briefing: Briefing):
    def filter_attrs(entry) -> Markup:
        """data-… attributes the timeline filters read: ids and dates only, never free text."""
        model = entry.model
        regions = dict.fromkeys(r for region in model.regions for r in [region, *briefing.ancestors(region)])
        start, end = model.date.first_day(), model.date.last_day()  # None where a range is open
        reliability, credibility = briefing.best_grades(entry)
        attrs = {"data-regions": " ".join(regions), "data-status": model.status, "data-type": model.type or "",
                 "data-start": start.isoformat() if start else "", "data-end": end.isoformat() if end else "",
                 "data-reliability": reliability, "data-credibility": credibility}
        for value in attrs.values():
            if not (all(SLUG.fullmatch(part) for part in value.split()) or value.replace("-", "").isdigit()
                    or value in RELIABILITIES):
                raise ValueError(f"unsafe filter attribute {value!r}")
        return Markup(" ".join(f'{key}="{value}"' for key, value in attrs.items()))

    return filter_attrs


def _page_helpers(page: Page, site: dict) -> dict:
    """The site's helpers, with this page as the default of those that need one."""
    if not page.path.endswith(".md"):  # a data file is no page: it has no URL to link from
        def no_link(*target) -> Markup:  # href(path, anchor) or url(kind, id, anchor)
            raise ValueError(f"{page.path} is no page: it has no URL to link from")
        return {**site, "href": no_link, "url": no_link, "permalink": functools.partial(site["permalink"], page.path)}
    return {**site, "permalink": lambda path=page.path: site["permalink"](path),
            "points": lambda entries, shown_on=page.path: site["points"](entries, shown_on)}
