"""Build the whole site: validate, generate, MkDocs (strict), then swap the new site in.

The site is built into a temporary sibling of the site folder and replaces it only when
the whole build succeeded, so a failed or killed build leaves the previous site intact.
A lock serialises builds of the same site folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.content.link import Briefing
from generator.content.load import load


class BuildError(Exception):
    """The site could not be built; the message says why."""


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
                    day = value.first_day()
                    newest = max(newest, datetime(day.year, day.month, day.day, tzinfo=timezone.utc))
    return int(newest.timestamp())


LOCK_TIMEOUT = 600.0  # seconds to wait for another build of the same site before giving up


def build_site(config_file: Path, content_dir: Path | None = None, site_dir: Path | None = None,
               lock_timeout: float = LOCK_TIMEOUT, on_wait=None, future_days: int | None = None) -> BuildResult:
    """Raises errors.ContentError for bad content, BuildError for anything else that fails.
    Builds of the same site folder run one after the other: on_wait(message) is called when
    this one has to wait for another."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not config_file.is_file():
        raise BuildError(f"no MkDocs configuration at {config_file}")
    config = load_config(str(config_file), strict=True)
    plugin = config.plugins.get("briefing")
    if plugin is None:
        raise BuildError(f"{config_file} does not enable the 'briefing' plugin (plugins: - briefing)")
    if content_dir is not None:
        plugin.config.content = str(content_dir.resolve())
    if future_days is not None:
        plugin.config.future_tolerance_days = future_days
    briefing = load(plugin.content_dir(config), future_tolerance=plugin.future_tolerance())  # nothing written yet
    plugin.preloaded = briefing
    epoch = content_epoch(briefing)
    del briefing  # the plugin frees it once the pages are written (memory, at scale)

    final = Path(site_dir or config.site_dir).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(final.parent / f".{final.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait(f"another build of {final} is running; waiting for it to finish (lock {lock.lock_file})")
        try:
            lock.acquire(timeout=lock_timeout)
        except Timeout:
            raise BuildError(f"another build of {final} has held the lock {lock.lock_file} for "
                             f"{lock_timeout:.0f} s; if no build is running, delete that file") from None
    try:
        _remove_leftovers(final)
        return _build_and_swap(config, final, epoch, plugin)
    finally:
        lock.release()


def _remove_leftovers(final: Path) -> None:
    """Staging folders of a build that was killed: never the site itself. Called under the lock."""
    for prefix in (f".{final.name}.new-", f".{final.name}.old-"):
        for leftover in final.parent.glob(prefix + "*"):
            if leftover.is_dir() and leftover.name.startswith(prefix):
                shutil.rmtree(leftover, ignore_errors=True)


def _build_and_swap(config, final: Path, epoch: int, plugin) -> BuildResult:
    from mkdocs.commands.build import build

    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))
    config.site_dir = str(staging)
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if previous_epoch is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        build(config)  # strict: MkDocs aborts on any warning (a broken link or anchor among them)
    except (MkDocsException, SystemExit) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"MkDocs build failed: {err}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    _swap(staging, final)
    return BuildResult(final, len(plugin.last.pages) if plugin.last else 0)


def _swap(staging: Path, final: Path) -> None:
    """Put the new site in place with renames only: at every moment a whole site is there."""
    os.chmod(staging, 0o755)
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
        os.rmdir(old)
        os.replace(final, old)
        os.replace(staging, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, final)
