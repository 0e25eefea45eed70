"""`briefing build --engine zensical`: the same generated pages built by Zensical, Material's maintained successor.

Zensical reads mkdocs.yml but runs no MkDocs plugin, so the `briefing` plugin's hooks never fire. This module
does without them, in the order the plugin does it: the generator writes the pages, data files, feed and
redirect pages into the generated folder (generate.generate, as `briefing generate`); they and the project's
docs_dir are laid side by side (hard links, or copies across file systems) in a docs folder of a work folder
beside the generated one (`build/generated.zensical/`), whose own configuration inherits the project's
mkdocs.yml (Zensical's `INHERIT`) with only the folders and the theme's look set, so no file of the user's is
written; Zensical builds that in a child process, strict; the site marker is added and the site swapped in as
MkDocs' is (build._swap), so a failed build leaves the previous site in place.

What the MkDocs path does that this one does not yet is said once, in GAPS: the build prints it, README's
"Engines" section lists it, and tests/test_zensical.py checks that both agree and that each gap is still there.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from importlib.util import find_spec
from pathlib import Path

import yaml

from generator.content.errors import display_path
from generator.engine.plugin import PACKAGE_OVERRIDES, PACKAGE_STATIC
from generator.generate import generate

PIN = "zensical==0.1.2"
INSTALL = "pip install 'briefing-site[zensical]'"
WORK_SUFFIX = ".zensical"
"""The work folder is the generated folder's name with this suffix, beside it (build/generated.zensical/)."""
TIMEOUT = 3600


@dataclass(frozen=True)
class Gap:
    name: str
    text: str


GAPS = (
    Gap("pagefind", "the briefing plugin's `search: pagefind` is not run: no Pagefind index (pagefind/), "
                    "only Zensical's own search index (search.json)"),
    Gap("search-lang", "the search plugin's `lang` is ignored: the index is English only, Russian words are "
                       "not stemmed"),
    Gap("edit-links", "\"Edit this page\" on a record's page leads to docs_dir, not to the record's file in "
                      "content/"),
    Gap("nav-validation", "strict mode does not check the nav: an entry whose page does not exist passes"),
    Gap("absolute-links", "strict mode does not check absolute links (`validation: absolute_links`)"),
    Gap("sitemap-gz", "no sitemap.xml.gz beside sitemap.xml"),
    Gap("tags-json", "no tags.json (the tags plugin's export)"),
    Gap("breadcrumbs", "record and month pages have no breadcrumbs and no highlighted tab (engine/where.py is a "
                       "MkDocs hook)"),
    Gap("search-lists", "list pages are not left out of the search index: a quote is found on each list that "
                        "shows it, not only on its own page (engine/search.py is a MkDocs hook)"),
)
"""The one list of what Zensical does not do that the MkDocs build does (README, "Engines")."""


class ZensicalError(Exception):
    """Zensical is missing or its build failed; the message says what to do. setup: exit 2."""

    def __init__(self, message: str, setup: bool = False) -> None:
        super().__init__(message)
        self.setup = setup


def require() -> None:
    """ZensicalError (setup) when Zensical is not installed: said before anything is read or written."""
    if find_spec("zensical") is None:
        raise ZensicalError(f"--engine zensical needs Zensical, which is not installed: {INSTALL}", setup=True)


def work_folder(generated: Path) -> Path:
    return generated.with_name(generated.name + WORK_SUFFIX)


def build_site(config, plugin, briefing, epoch: int, say) -> tuple[Path, int]:
    """Generate, lay out the work folder and run Zensical: the folder of the site it built (in the work folder,
    for the caller to swap in) and the number of generated pages. say(line) prints the gaps."""
    for gap in GAPS:
        say(f"zensical: not done: {gap.text}")
    out = plugin.generated_dir(config)
    settings = replace(plugin.settings(config), links_from_source=True)  # as Zensical reads HTML links
    generated = generate(plugin.content_dir(config), out, briefing=briefing, settings=settings,
                         future_tolerance=plugin.future_tolerance(), workers=os.cpu_count() or 1)
    docs = Path(config.docs_dir)
    paths = [page.path for page in generated.pages] + generated.static
    clashes = [path for path in paths if (docs / path).exists()]
    if clashes:
        shown = ", ".join(display_path(docs / path) for path in clashes)
        raise ZensicalError(f"hand-written page(s) at generated path(s): {shown}; rename or move them, "
                            "the generator writes these pages")
    work = work_folder(out)
    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work / "docs", ignore_errors=True)
    shutil.rmtree(work / "site", ignore_errors=True)
    shutil.rmtree(work / "overrides", ignore_errors=True)
    _lay_out(docs, work / "docs")
    _lay_out(out, work / "docs")
    # What the plugin supplies a project that has none of its own (plugin.add_package_theme and
    # add_package_assets), here by files, as Zensical runs no plugin and takes one custom_dir: the project's
    # overrides, then the package's where the project has no file of that name; the package's assets likewise.
    if config.theme.custom_dir:
        _lay_out(Path(config.theme.custom_dir), work / "overrides")
    _lay_out(PACKAGE_OVERRIDES, work / "overrides", missing_only=True)
    _lay_out(PACKAGE_STATIC, work / "docs", missing_only=True)
    config_file = work / "mkdocs.yml"
    config_file.write_text(zensical_config(config, work / "overrides"), encoding="utf-8")
    _run(config_file, epoch, (docs, out))
    return work / "site", len(generated.pages)


def check_site_folder(site: Path, generated: Path) -> str | None:
    """Why `site` may not be built into with Zensical (the work folder is emptied on each build), or None."""
    work = Path(os.path.realpath(work_folder(generated)))
    site = Path(os.path.realpath(site))
    if site == work or work in site.parents or site in work.parents:
        return (f"refusing to build into {site}: Zensical's work folder {work} is emptied on each build; "
                "choose another --site-dir (or site_dir in mkdocs.yml), such as site/ in the project folder")
    return None


def zensical_config(config, overrides: Path) -> str:
    """The work folder's mkdocs.yml: the project's, inherited whole (Zensical resolves its `!ENV` tags and
    its own INHERIT), with the docs and site folders in the work folder, the theme overrides laid out there
    (the project's and the package's) by absolute path, and Zensical's `classic` look, Material's."""
    theme: dict = {"variant": "classic", "custom_dir": str(overrides.resolve())}
    settings = {"INHERIT": str(Path(config.config_file_path).resolve()), "docs_dir": "docs", "site_dir": "site",
                "theme": theme}
    if config.site_url:
        settings["site_url"] = config.site_url
    return "# Written by `briefing build --engine zensical` for each build; edit mkdocs.yml instead.\n" + \
        yaml.safe_dump(settings, sort_keys=False, allow_unicode=True)


def _lay_out(source: Path, target: Path, missing_only: bool = False) -> None:
    """source's files under target, hard-linked where the file system allows (no copy of a large site's
    pages), copied where it does not; dot files and folders left out, as MkDocs leaves them out of docs.
    missing_only: only where target has no file of that name yet."""
    for folder, dirs, files in os.walk(source, followlinks=True):  # the package's theme folders are links
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        into = target / os.path.relpath(folder, source)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            if name.startswith(".") or name.endswith(".lock") or (missing_only and (into / name).exists()):
                continue
            try:
                os.link(os.path.join(folder, name), into / name)
            except OSError as err:
                if err.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                    raise
                shutil.copy2(os.path.join(folder, name), into / name)


def _run(config_file: Path, epoch: int, sources: tuple[Path, ...]) -> None:
    """Zensical's build in a child process (its Rust runtime prints as it goes): strict, so a broken link or
    anchor fails the build as it does MkDocs'. On failure, ZensicalError with Zensical's report, each file
    named where it really is (docs/ or the generated folder), not in the work folder."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", str(epoch))
    try:
        result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config_file)],
                                cwd=config_file.parent, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ZensicalError(f"Zensical's build ran for more than {TIMEOUT} s and was stopped") from None
    if result.returncode != 0:
        raise ZensicalError("Zensical build failed:\n" + _report(result.stdout + result.stderr, sources))


_WHERE = re.compile(r"\[ (?P<path>[^\s:\]]+):(?P<line>\d+):(?P<col>\d+) \]")
"""Where Zensical's report places an issue: `╭─[ about.md:36:10 ]`, a path in the work folder's docs."""
_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


def _report(output: str, sources: tuple[Path, ...]) -> str:
    """Zensical's report without its progress line and the Python traceback of its strict abort (the issues
    above it say why), each path named as the contributor finds the file."""
    output = _COLOURS.sub("", output)  # Zensical colours its report whatever NO_COLOR says
    lines = [line for line in output.strip().splitlines() if line.strip() != "Build started"]
    if "Traceback (most recent call last):" in lines:
        lines = lines[:lines.index("Traceback (most recent call last):")]

    def real(match: re.Match) -> str:
        for folder in sources:
            if (folder / match["path"]).is_file():
                return f"[ {display_path(folder / match['path'])}:{match['line']}:{match['col']} ]"
        return match[0]

    return "\n".join(_WHERE.sub(real, line) for line in lines)
