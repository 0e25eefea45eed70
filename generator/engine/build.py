"""Build the whole site: validate, generate, MkDocs (strict), then swap the new site in.

The site is built into a temporary sibling of the site folder and replaces it only when
the whole build succeeded, so a failed or killed build leaves the previous site intact.
A site folder is only ever one a build made (SITE_MARKER, check_site_folder): the swap
deletes what was there, so a folder holding the content, the docs, the project or
anything else is refused before anything is written.
One lock per project (beside the generated folder) covers generation and the MkDocs
build, so two builds of one project queue even into two site folders; a second lock
on the site folder keeps builds of two projects into one site folder apart.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError

from generator.content.link import Briefing
from generator.content.load import load
from generator.engine import zensical
from generator.write import WriteError


class BuildError(Exception):
    """The site could not be built; the message says why."""

    exit_code = 1


class SetupError(BuildError):
    """The configuration or the file system stops the build (a wrong folder, a full disk): exit 2."""

    exit_code = 2


SITE_MARKER = ".briefing-site"
"""Written into every site a build makes (the plugin's on_pre_build): a folder holding it may be replaced."""
SITE_MARKER_TEXT = "Built by `briefing`; every build replaces this folder whole. Put nothing else here.\n"
_LEGACY_SITE = ("sitemap.xml.gz", "404.html", "data/incidents.json")
"""What a site built before the marker existed holds (MkDocs' sitemap and 404 page, the generator's
export): such a folder is taken as an earlier build's, so upgrading does not refuse every existing site."""


def check_site_folder(site: Path, *, root: Path, content: Path, docs: Path, generated: Path) -> str | None:
    """Why `site` may not be built into (the swap deletes what it holds), or None. Paths are compared by
    component once resolved (links followed), never as text: `docs_old` is not inside `docs`."""
    site = Path(os.path.realpath(site))
    guarded = [(root, "the project folder"), (root / ".git", "the repository's .git folder"),
               (content, "the content folder"), (docs, "the docs folder"), (generated, "the generated folder")]
    fix = "choose another --site-dir (or site_dir in mkdocs.yml), such as site/ in the project folder"
    for path, what in guarded:
        path = Path(os.path.realpath(path))
        if site == path:
            return f"refusing to build into {site}: it is {what}, which the build would delete; {fix}"
        if site in path.parents:
            return f"refusing to build into {site}: it holds {what} {path}, which the build would delete; {fix}"
    for path, what in guarded[1:]:
        path = Path(os.path.realpath(path))
        if path in site.parents:
            return f"refusing to build into {site}: it lies inside {what} {path}; {fix}"
    if site.exists() and not site.is_dir():
        return f"refusing to build into {site}: it is a file, not a folder; {fix}"
    if site.is_dir() and not (site / SITE_MARKER).is_file() \
            and not all((site / name).is_file() for name in _LEGACY_SITE):
        try:
            holds = any(site.iterdir())
        except OSError as err:
            return f"cannot read the site folder {site}: {err.strerror}; {fix}"
        if holds:
            return (f"refusing to build into {site}: it holds files no build made (no {SITE_MARKER} file), which "
                    f"the build would delete; {fix}, or empty that folder yourself")
    return None


_FIXES = {
    errno.EACCES: "give yourself write permission there or choose another folder",
    errno.EPERM: "give yourself write permission there or choose another folder",
    errno.EROFS: "that file system is read-only; choose a folder on a writable one",
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "the disk quota is used up; free some space and build again",
    errno.ENOENT: "no folder can be made there; choose another folder",
    errno.ENOTDIR: "a file stands where a folder is needed; move it or choose another folder",
    errno.EBUSY: "it is a mount point, which cannot be replaced; build into a folder inside it "
                 "(--site-dir DIR/site) and serve that, or mount its parent folder instead",
    errno.EXDEV: "it is a mount point, which cannot be replaced; build into a folder inside it "
                 "(--site-dir DIR/site) and serve that, or mount its parent folder instead",
}


def fault(err: OSError, doing: str, where: Path | str | None = None) -> SetupError:
    """An error of the file system as one line: what was being done, the path, why, and what to do."""
    path = err.filename if err.filename is not None else where
    fix = _FIXES.get(err.errno, "check that folder and build again")
    return SetupError(f"cannot {doing} {path}: {err.strerror or err}; {fix}")


def _load_config(config_file: Path, site_url: str | None = None):
    """MkDocs' configuration (site_url, when given, in place of mkdocs.yml's), or one SetupError line giving
    every error MkDocs found in it (MkDocs logs them one by one, then raises a bare 'Aborted with N
    configuration errors!')."""
    logger = logging.getLogger("mkdocs.config")
    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                errors.append(record.getMessage())

    collect = Collect()
    propagate = logger.propagate
    logger.addHandler(collect)
    logger.propagate = False  # said once, in the error below
    try:
        return load_config(str(config_file), strict=True, site_url=site_url)  # None: mkdocs.yml's
    except (MkDocsException, SystemExit) as err:  # ConfigurationError, or Abort for errors it logged
        raise SetupError(f"{config_file}: {'; '.join(errors) or err}; fix it there") from None
    except OSError as err:
        raise fault(err, "read the configuration", config_file) from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate




@dataclass
class BuildResult:
    site_dir: Path
    pages: int


def content_epoch(briefing: Briefing) -> int:
    """The newest date in the content, as a Unix time: the build's date when SOURCE_DATE_EPOCH
    is not set, so the same content gives the same site whatever day it is built."""
    newest = datetime(1970, 1, 1, tzinfo=timezone.utc)
    for kind in briefing.records:
        for entry in briefing[kind].values():
            model = entry.model
            for value in [getattr(model, "date", None), model.added] + [u.date for u in getattr(model, "updates", [])]:
                if value is not None:
                    day = value.latest.first_day()  # a range by its latest date: an open end has no day
                    newest = max(newest, datetime(day.year, day.month, day.day, tzinfo=timezone.utc))
    return int(newest.timestamp())


NO_SITE_URL = ("no site_url (set it in mkdocs.yml or pass --site-url URL): the site will have an empty "
               "sitemap.xml, no canonical links, feed ids that change once it is set, and a 404 page that "
               "works only at the root of its domain")
"""Said once by a build without a site address: what the published site then lacks."""

LOCK_TIMEOUT = 600.0  # seconds to wait for another build of the same project or site before giving up


def build_site(config_file: Path, content_dir: Path | None = None, site_dir: Path | None = None,
               lock_timeout: float = LOCK_TIMEOUT, on_wait=None, future_days: int | None = None,
               site_url: str | None = None, on_warning=None, engine: str = "mkdocs", say=None) -> BuildResult:
    """Raises errors.ContentError for bad content, SetupError for a configuration or file system fault
    (exit 2), BuildError for anything else that fails. Builds of the same project or the same site
    folder run one after the other: on_wait(message) is called when this one has to wait for another.
    site_url (an absolute http(s) URL) replaces mkdocs.yml's; without either, a site that was built is followed by
    on_warning(NO_SITE_URL). engine "zensical" builds the same pages with Zensical (zensical.py); say(line)
    prints what it lacks."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if engine == "zensical":
        try:
            zensical.require()
        except zensical.ZensicalError as err:
            raise SetupError(str(err)) from None
    if not config_file.is_file():
        raise SetupError(f"no MkDocs configuration at {config_file}; run from the project folder or pass --config FILE")
    config = _load_config(config_file, site_url)
    plugin = config.plugins.get("briefing")
    if plugin is None:
        raise SetupError(f"{config_file} does not enable the 'briefing' plugin; "
                         "add it to mkdocs.yml (plugins: - briefing)")
    if content_dir is not None:
        plugin.config.content = str(content_dir.resolve())
    if future_days is not None:
        plugin.config.future_tolerance_days = future_days
    final = Path(os.path.realpath(site_dir or config.site_dir))
    try:  # before anything is read or written: a wrong folder is said at once
        plugin.check_setup(config, site_dir=final)
    except PluginError as err:
        raise SetupError(str(err).removeprefix("briefing: ")) from None
    if os.path.ismount(final):
        raise fault(OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(final)), "replace the site folder")
    generated = plugin.generated_dir(config)
    if engine == "zensical" and (problem := zensical.check_site_folder(final, generated)):
        raise SetupError(problem)
    project = _take_lock(generated.parent / f".{generated.name}.lock", f"another build of {plugin._root(config)}",
                         lock_timeout, on_wait)
    try:
        site = _take_lock(final.parent / f".{final.name}.lock", f"another build of {final}", lock_timeout, on_wait)
        try:
            _recover(final)  # first: a build that fails on its content still leaves the previous site in place
            _remove_leftovers(final)
            # nothing written yet
            briefing = load(plugin.content_dir(config), future_tolerance=plugin.future_tolerance())
            epoch = content_epoch(briefing)
            if engine == "zensical":  # no plugin runs: the pages are generated first (zensical.py)
                result = _zensical_and_swap(config, final, epoch, plugin, briefing, say or (lambda line: None))
            else:
                plugin.preloaded, plugin.project_lock = briefing, project
                del briefing  # the plugin frees it once the pages are written (memory, at scale)
                result = _build_and_swap(config, final, epoch, plugin)
            if not config.site_url and on_warning is not None:  # of a site that was built: not beside an error
                on_warning(NO_SITE_URL)
            return result
        finally:
            site.release()
    finally:
        plugin.preloaded = plugin.project_lock = None
        project.release()


def _take_lock(path: Path, holder: str, timeout: float, on_wait) -> FileLock:
    """The lock at path, held; waits up to timeout for `holder` to release it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Made here, so that a folder where no file can be made is said at once: filelock would wait the whole
        # timeout for it (`--site-dir /proc/x` waited ten minutes).
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644))
    except OSError as err:
        raise fault(err, "create the lock file", path) from None
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait(f"{holder} is running; waiting for it to finish (lock {path})")
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise SetupError(f"{holder} has held the lock {path} for {timeout:.0f} s; "
                             f"if no build is running, delete that file") from None
    return lock


def _recover(final: Path) -> None:
    """Where renames cannot exchange two folders (_swap), a build killed between its two renames leaves no site
    and the previous one in .SITE.old-*: put it back, so the site is there even if this build fails. Under the lock."""
    if os.path.lexists(final):
        return
    olds = list(_staged(final, f".{final.name}.old-"))
    if olds:
        os.replace(max(olds, key=lambda p: p.stat().st_mtime_ns), final)


def _remove_leftovers(final: Path) -> None:
    """Staging folders of a build that was killed: never the site itself. Called under the lock."""
    for prefix in (f".{final.name}.new-", f".{final.name}.old-"):
        for leftover in _staged(final, prefix):
            shutil.rmtree(leftover, ignore_errors=True)


def _staged(final: Path, prefix: str):
    """The folders beside the site folder whose names start with prefix (by name, not glob: a site folder
    may be named with '[' or '*')."""
    for entry in final.parent.iterdir():
        if entry.name.startswith(prefix) and entry.is_dir() and not entry.is_symlink():
            yield entry


def _build_and_swap(config, final: Path, epoch: int, plugin) -> BuildResult:
    from mkdocs.commands.build import build

    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))
    except OSError as err:
        raise fault(err, "make a folder beside the site folder in", final.parent) from None
    config.site_dir = str(staging)
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if previous_epoch is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        build(config)  # strict: MkDocs aborts on any warning (a broken link or anchor among them)
        _swap(staging, final)
    except OSError as err:  # a folder that cannot be written, a full disk: while generating, building or swapping
        shutil.rmtree(staging, ignore_errors=True)
        doing = "replace the site folder" if err.errno in (errno.EBUSY, errno.EXDEV) else "write"
        raise fault(err, doing, final) from None
    except (MkDocsException, SystemExit) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"MkDocs build failed: {err}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    return BuildResult(final, len(plugin.last.pages) if plugin.last else 0)


def _zensical_and_swap(config, final: Path, epoch: int, plugin, briefing: Briefing, say) -> BuildResult:
    """As _build_and_swap, with Zensical: its site, built in its work folder, takes the place of an empty
    staging folder beside the site folder (renamed there, or copied across file systems), then is swapped in."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))
    except OSError as err:
        raise fault(err, "make a folder beside the site folder in", final.parent) from None
    try:
        built, pages = zensical.build_site(config, plugin, briefing, epoch, say)
        (built / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")
        os.rmdir(staging)  # its name is kept for the site, beside the site folder under the lock
        shutil.move(built, staging)
        _swap(staging, final)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        doing = "replace the site folder" if err.errno in (errno.EBUSY, errno.EXDEV) else "write"
        raise fault(err, doing, final) from None
    except WriteError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise SetupError(str(err)) from None
    except zensical.ZensicalError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise (SetupError if err.setup else BuildError)(str(err)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(final, pages)


def _swap(staging: Path, final: Path) -> None:
    """Put the new site in place. Where the system can exchange two folders in one step (Linux's renameat2),
    a whole site is at `final` at every instant. Elsewhere it takes two renames, and a build killed between
    them leaves no site there and the previous one in .SITE.old-*, which the next build puts back (_recover)
    before it starts. A site folder that cannot be renamed (a mount point: EBUSY, EXDEV) raises OSError with
    nothing changed."""
    os.chmod(staging, 0o755)
    if not os.path.lexists(final):
        os.replace(staging, final)
        return
    if _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
    os.rmdir(old)
    os.replace(final, old)
    try:
        os.replace(staging, final)
    except BaseException:
        os.replace(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two folders in one step; False where this system or file system cannot (then nothing changed).
    By hand through ctypes: Python's os module has no renameat2, and no maintained package wraps it."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not Linux, or a C library older than glibc 2.28
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # a kernel or file system without the flag
        return False
    raise OSError(code, os.strerror(code), str(second))
