"""The `briefing` command: a thin shell over the pipeline's functions.

Exit codes (CONTRACT.md): 0 valid, 1 invalid content, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

import click

from generator.authoring.new import Choices, NewRecordError, ask_missing, new_record
from generator.authoring.schema import all_schemas, kind_schema
from generator.content.errors import ContentError
from generator.content.load import load
from generator.content.validate import DEFAULT_FUTURE_TOLERANCE
from generator.engine.build import BuildError, build_site
from generator.generate import generate as generate_pages
from generator.kinds import KIND_OF_FOLDER, KINDS, STATUSES
from generator.write import WriteError

CONTENT_HELP = "Folder of records (default: ./content)."
FUTURE_HELP = "Days after today a date may lie before it is an error (default: 2; mkdocs.yml: future_tolerance_days)."


def _content_dir(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise click.UsageError(f"no content folder at '{value}'; run from the project folder or pass --content DIR")
    return path


def report(err: ContentError, fmt: str = "text") -> None:
    for problem in err.problems:
        click.echo(problem.format_github() if fmt == "github" else problem.format(), err=True)
    files = len({p.path for p in err.problems})
    click.echo(f"{len(err.problems)} problem(s) in {files} file(s)", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing-site")
def main() -> None:
    """Validate briefing records and build the briefing site."""


@main.command()
@click.option("--content", "content", default="content", show_default=True, help=CONTENT_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github: print problems as GitHub Actions annotations.")
@click.option("--future-days", "future_days", type=click.IntRange(min=0), default=None, help=FUTURE_HELP)
def validate(content: str, fmt: str, future_days: int | None) -> None:
    """Check every record and every reference; print every problem."""
    tolerance = DEFAULT_FUTURE_TOLERANCE if future_days is None else timedelta(days=future_days)
    try:
        briefing = load(_content_dir(content), future_tolerance=tolerance)
    except ContentError as err:
        report(err, fmt)
        sys.exit(1)
    counts = ", ".join(f"{len(briefing[k])} {kind.folder}" for k, kind in KINDS.items())
    total = sum(len(briefing[k]) for k in KINDS)
    click.echo(f"{content}: {total} records valid ({counts})")


@main.command()
@click.argument("kind", type=click.Choice(sorted(set(KIND_OF_FOLDER) | set(KINDS)), case_sensitive=False))
@click.argument("title")
@click.option("--content", "content", default="content", show_default=True, help=CONTENT_HELP)
@click.option("--date", "when", help="Date of the event or statement (default: today).")
@click.option("--region", "regions", multiple=True, help="Region id (repeat for several).")
@click.option("--source", help="Source id the record cites.")
@click.option("--speaker", help="Actor id of the speaker (statements).")
@click.option("--anonymous", help="Description of an anonymous speaker (statements).")
@click.option("--issuer", help="Actor id of who issued a measure.")
@click.option("--status", default="reported", show_default=True,
              type=click.Choice(STATUSES))
@click.option("--parent", help="Parent region id (regions).")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask for the values not given as options (default: ask when run at a terminal).")
def new(kind: str, title: str, content: str, when, regions, source, speaker, anonymous, issuer, status, parent,
        interactive):
    """Write a new record of KIND titled TITLE, dated today; never overwrites a file.

    For a statement, TITLE is the quotation in English.
    """
    choices = Choices(date=when, regions=list(regions), source=source, speaker=speaker,
                      anonymous=anonymous, issuer=issuer, status=status, parent=parent)
    try:
        if interactive or (interactive is None and sys.stdin.isatty()):
            choices = ask_missing(Path(content), kind, choices)
        path, notes = new_record(Path(content), kind, title, choices, date.today())
    except NewRecordError as err:
        raise click.UsageError(str(err)) from None
    for note in notes:
        click.echo(f"note: {note}", err=True)
    click.echo(str(path))


@main.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--title", default=None, help="The site's title (default: from DIR's name).")
def init(directory: Path, title: str | None) -> None:
    """Start a new briefing project in DIR, a new or empty folder.

    It holds mkdocs.yml, an example record of each kind (about a fictional town), About and Methodology
    pages to fill in, GitHub workflows (check pull requests, publish to Pages) and a README; `briefing build`
    works in it at once.
    """
    from generator.authoring.project import InitError, init_project

    try:
        written = init_project(directory, title, date.today())
    except InitError as err:  # one line, and nothing written
        click.echo(f"error: {err}", err=True)
        sys.exit(2)
    click.echo(f"Created a briefing project in {directory} ({len(written)} files).")
    click.echo(f"Next: cd {directory} && briefing build   (the example records are about a fictional town: "
               "replace them with your own)")


@main.command()
@click.option("--kind", type=click.Choice(list(KINDS)), help="Only this kind's schema.")
@click.option("--out", "out", default=None, help="Write DIR/<kind>.schema.json for each kind instead of printing.")
def schema(kind: str | None, out: str | None) -> None:
    """Print the JSON Schema of the records (for editors' YAML completion)."""
    if out is not None:  # schemas/ of the repository: .vscode/settings.json maps them to content/
        Path(out).mkdir(parents=True, exist_ok=True)
        for name in [kind] if kind else KINDS:
            text = json.dumps(kind_schema(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
            Path(out, f"{name}.schema.json").write_text(text, encoding="utf-8", newline="\n")
            click.echo(str(Path(out, f"{name}.schema.json")))
        return
    document = kind_schema(kind) if kind else all_schemas()
    click.echo(json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True))


CONFIG_HELP = "MkDocs configuration (default: ./mkdocs.yml)."
MATERIAL_NOTE = ("note: Material for MkDocs reaches end of life on May 5, 2027; `briefing build --engine zensical` "
                 "builds this site with Zensical, its successor (README, \"Engines\")")
"""Said by every MkDocs build in place of Material's own notice, which NO_MKDOCS_2_WARNING hides."""


def _show_mkdocs_log() -> None:
    """MkDocs' warnings and errors (a broken link, a clash) go to stderr, as `mkdocs build` shows them."""
    import logging

    logger = logging.getLogger("mkdocs")
    if any(getattr(h, "briefing", False) for h in logger.handlers):
        return  # once per process: the tests run many builds in one
    handler = logging.StreamHandler(sys.stderr)
    handler.briefing = True
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _site_url(ctx, param, value: str | None) -> str | None:
    """--site-url: an absolute http(s) URL (the site's address, such as https://owner.github.io/repo/)."""
    if value is None:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or any(ch.isspace() for ch in value.strip()) \
            or parts.query or parts.fragment:
        raise click.BadParameter(f"{value!r} is not an absolute http(s) URL; give the site's address, such as "
                                 "https://owner.github.io/repository/")
    return value.strip()


@main.command()
@click.option("--content", "content", default=None, help="Folder of records (default: the plugin's 'content' option).")
@click.option("--site-dir", "site_dir", default=None,
              help="Where to put the site (default: mkdocs.yml's site_dir): a new or empty folder, or one a "
                   "build made; it is replaced whole.")
@click.option("--config", "config", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--future-days", "future_days", type=click.IntRange(min=0), default=None, help=FUTURE_HELP)
@click.option("--site-url", "site_url", default=None, callback=_site_url,
              help="The site's address, in place of mkdocs.yml's site_url (the Pages workflow passes the Pages "
                   "URL): the sitemap, canonical links and the feed's ids are made from it.")
@click.option("--engine", "engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="zensical: build the same pages with Zensical, Material's successor (README, \"Engines\"; "
                   "pip install 'briefing-site[zensical]').")
def build(content: str | None, site_dir: str | None, config: str, future_days: int | None,
          site_url: str | None, engine: str) -> None:
    """Validate, generate the pages and build the site with MkDocs (strict), or Zensical (--engine zensical)."""
    _show_mkdocs_log()
    content_dir = _content_dir(content) if content is not None else None
    try:
        result = build_site(Path(config), content_dir, Path(site_dir) if site_dir else None,
                            on_wait=lambda message: click.echo(message, err=True), future_days=future_days,
                            site_url=site_url, on_warning=lambda message: click.echo(f"warning: {message}", err=True),
                            engine=engine, say=lambda line: click.echo(line, err=True))
    except ContentError as err:
        report(err)
        sys.exit(1)
    except BuildError as err:  # one line; exit 2 for a configuration or file system fault (SetupError)
        click.echo(f"error: {err}", err=True)
        sys.exit(err.exit_code)
    click.echo(f"Built {result.pages} generated pages into {result.site_dir}")
    if engine == "mkdocs":  # once the site is built: an error's output stays the error alone
        click.echo(MATERIAL_NOTE, err=True)
    click.echo(f"Preview it with: {Path(sys.argv[0]).name if len(sys.argv[0]) > 60 else sys.argv[0]} serve   "
               "(then open http://127.0.0.1:8000/)")


@main.command()
@click.option("--content", "content", default="content", show_default=True, help=CONTENT_HELP)
@click.option("--out", "out", required=True, help="Folder to write the generated Markdown into.")
def generate(content: str, out: str) -> None:
    """Write the generated Markdown pages, for inspection."""
    try:
        result = generate_pages(_content_dir(content), Path(out))
    except ContentError as err:
        report(err)
        sys.exit(1)
    except WriteError as err:
        raise click.UsageError(str(err)) from None
    stats = result.stats
    click.echo(f"{len(result.pages)} pages in {out} ({stats.written} written, {stats.unchanged} unchanged, "
               f"{stats.removed} removed)")


@main.command()
@click.option("--config", "config", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--dev-addr", "dev_addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--full/--quick", "full", default=False, show_default=True,
              help="After an edit, rebuild every page (slow on a large briefing) or only the pages whose "
                   "Markdown changed (quick; search then finds only those pages until the next full build).")
def serve(config: str, dev_addr: str, full: bool) -> None:
    """Live preview: editing a record regenerates its pages and reloads the browser."""
    import os

    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not Path(config).is_file():
        raise click.UsageError(f"no MkDocs configuration at '{config}'; run from the project folder")
    mkdocs_serve(config_file=config, dev_addr=dev_addr, livereload=True, build_type=None if full else "dirty")


@main.group("import")
def import_group() -> None:
    """Turn records kept elsewhere (an event export) into record files."""


@import_group.command("csv")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--mapping", "mapping", type=click.Path(dir_okay=False), default=None,
              help="YAML file renaming columns and mapping values (regions, sources, actors, types) to ids.")
@click.option("--content", "content", default="content", show_default=True, help=CONTENT_HELP)
def import_csv_command(file: str, mapping: str | None, content: str) -> None:
    """Write an incident for each row of an ACLED-style CSV FILE; refuse the rows that cannot be mapped."""
    from generator.authoring.importer import ImportUsageError, import_csv, load_mapping

    try:
        result = import_csv(Path(file), _content_dir(content), load_mapping(Path(mapping) if mapping else None),
                            date.today())
    except ImportUsageError as err:
        raise click.UsageError(str(err)) from None
    _report_import(result.written, result.errors,
                   f"{len(result.written)} record(s) written, {len(result.errors)} row(s) refused")


@import_group.command("telegram")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--source", "source", required=True, help="Id of the source record of the channel (content/sources/).")
@click.option("--speaker", "speaker", default=None, help="Id of the actor who writes the channel; without it, "
              "its author is anonymous.")
@click.option("--language", "language", default=None, help="BCP 47 tag of the posts' language, such as ru "
              "(without it: und, not determined).")
@click.option("--channel-url", "channel_url", default=None, help="The channel's address, such as "
              "https://t.me/NAME: each post is cited with its permalink (URL/MESSAGE_ID).")
@click.option("--chat", "chat", default=None, help="In a whole-account export, the chat to import: its name or id.")
@click.option("--content", "content", default="content", show_default=True, help=CONTENT_HELP)
def import_telegram_command(file: str, source: str, speaker: str | None, language: str | None,
                            channel_url: str | None, chat: str | None, content: str) -> None:
    """Write a statement for each text post of a Telegram Desktop JSON export FILE (result.json)."""
    from generator.authoring.importer import ImportUsageError
    from generator.authoring.telegram import Options, import_telegram

    options = Options(source=source, speaker=speaker, language=language, channel_url=channel_url, chat=chat)
    try:
        result = import_telegram(Path(file), _content_dir(content), options, date.today())
    except ImportUsageError as err:
        raise click.UsageError(str(err)) from None
    _report_import(result.written, result.errors, result.summary())


def _report_import(written: list[Path], errors: list, summary: str) -> None:
    """An import's files written (standard output), each refused entry and the summary (standard error);
    exit 1 when anything was refused."""
    for path in written:
        click.echo(str(path))
    for error in errors:
        click.echo(error.format(), err=True)
    click.echo(summary, err=True)
    if errors:
        sys.exit(1)


@main.command()
@click.option("--content", "content", default="content", show_default=True, help=CONTENT_HELP)
def stats(content: str) -> None:
    """Count records by kind, region, status and month, and the share of anonymous statements."""
    from generator.authoring.stats import stats_table

    try:
        briefing = load(_content_dir(content))
    except ContentError as err:
        report(err)
        sys.exit(1)
    click.echo(stats_table(briefing), nl=False)
