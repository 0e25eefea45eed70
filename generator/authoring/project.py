"""`briefing init`: a new briefing project that builds at once, from the package's `project_template/`.

The template folder is the project as it will be written: a file ending in `.j2` is rendered (the title,
today's date, the package's version, the registry's vocabularies) and loses that ending, any other file is
copied as it is (the GitHub workflows, whose `${{ … }}` is not ours to render), and a path part `dot-NAME`
becomes `.NAME` (a wheel's package data leaves dot files out). The example records come from
`examples/KIND/ID.md.j2`, one folder per kind of the registry (kinds.py), written to `content/FOLDER/ID.md`:
a kind added to the registry gets its example by adding one template there.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

import jinja2
import yaml

from generator.kinds import CREDIBILITY_TERMS, KINDS, RELIABILITY_TERMS, STATUS_TERMS, vocabularies

TEMPLATE_DIR = Path(__file__).resolve().parent / "project_template"
EXAMPLES = "examples"
DOT = "dot-"


class InitError(Exception):
    """The project cannot be made as asked; the message (one line) says what to do instead."""


def _yaml_line(key: str, value: str) -> str:
    """`key: value` as YAML, quoted by the dumper as the value needs: a title with quotes, a colon or a '#'
    stays one string."""
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, width=1 << 30,
                          sort_keys=False).rstrip("\n")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML and Markdown written for the newsroom to edit; the title goes through yaml_line
    )
    env.filters["yaml_line"] = _yaml_line
    env.globals.update(vocabularies(), status_terms=STATUS_TERMS, reliability_terms=RELIABILITY_TERMS,
                       credibility_terms=CREDIBILITY_TERMS, folders=[kind.folder for kind in KINDS.values()])
    return env


def _version() -> str:
    """The package's version, which the project's requirements.txt pins (what its CI installs)."""
    try:
        return package_version("briefing-site")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return ""


def default_title(target: Path) -> str:
    """A title from the folder's name: `riverton-watch` → "Riverton watch"."""
    name = " ".join(target.resolve().name.replace("_", " ").replace("-", " ").split())
    return name[:1].upper() + name[1:] if name else "Briefing"


def check_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise InitError("--title is empty; give the site's title, such as --title \"Riverton drone watch\"")
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in title):
        raise InitError("--title must be one line of text, without line breaks or control characters")
    return title


def example_templates() -> dict[str, list[Path]]:
    """Each kind of the registry with its example templates (none for a kind that has no folder yet)."""
    return {name: sorted((TEMPLATE_DIR / EXAMPLES / name).glob("*.md.j2")) for name in KINDS}


def project_files(title: str, today: date) -> dict[str, str]:
    """The new project's files, by path relative to its folder, with their text."""
    env = _environment()
    context = {"title": title, "today": today.isoformat(), "version": _version()}
    files: dict[str, str] = {}
    for path in sorted(p for p in TEMPLATE_DIR.rglob("*") if p.is_file()):
        rel = path.relative_to(TEMPLATE_DIR)
        if rel.parts[0] == EXAMPLES or "__pycache__" in rel.parts:
            continue
        out = Path(*(f".{part.removeprefix(DOT)}" if part.startswith(DOT) else part for part in rel.parts))
        if out.suffix == ".j2":
            files[out.with_suffix("").as_posix()] = env.get_template(rel.as_posix()).render(context)
        else:
            files[out.as_posix()] = path.read_text(encoding="utf-8")
    for name, templates in example_templates().items():
        for template in templates:
            rel = template.relative_to(TEMPLATE_DIR).as_posix()
            stem = template.name.removesuffix(".md.j2")
            files[f"content/{KINDS[name].folder}/{stem}.md"] = env.get_template(rel).render(context)
    return files


def init_project(target: Path, title: str | None, today: date) -> list[Path]:
    """Write a new project into `target`, a new or empty folder; return the files written. Nothing is written
    when the folder exists and is not empty, or the title cannot be used."""
    title = check_title(default_title(target) if title is None else title)
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} is a file; give a new or empty folder for the project")
    if target.is_dir() and any(target.iterdir()):
        raise InitError(f"{target} is not empty; give a new or empty folder for the project")
    files = project_files(title, today)  # all of it rendered before the first file is written
    written = []
    try:
        for rel, text in files.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as handle:  # 'x': never overwrite
                handle.write(text)
            written.append(path)
    except OSError as err:
        raise InitError(f"cannot write {err.filename or target}: {err.strerror or err}") from None
    return written
