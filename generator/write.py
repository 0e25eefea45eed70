"""Write: rendered pages → files in the generated folder, atomically, only where bytes changed.

The generated folder belongs to the generator: a marker file says so, and a folder
without it that already holds files is refused, so `--out docs` cannot wipe
hand-written pages. Files whose page is gone are removed, never a file outside
the folder (paths are checked by component, not by string prefix).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MARKER = ".briefing-generated"


class WriteError(Exception):
    pass


@dataclass
class WriteStats:
    unchanged: int = 0
    removed: int = 0
    paths: list[str] = field(default_factory=list)  # those written: a preview's MkDocs builds these pages again

    @property
    def written(self) -> int:
        return len(self.paths)


def _safe_relpath(relpath: str) -> PurePosixPath:
    path = PurePosixPath(relpath)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        raise WriteError(f"refusing to write outside the output folder: {relpath!r}")
    return path


def write_pages(out_dir: Path, pages: dict[str, str]) -> WriteStats:
    out_dir = Path(out_dir)
    marker = out_dir / MARKER
    if out_dir.exists() and not marker.exists() and any(out_dir.iterdir()):
        raise WriteError(f"{out_dir} holds files the generator did not write; choose an empty or new folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text("Written by `briefing`; every file here is regenerated and may be deleted.\n")

    stats = WriteStats()
    wanted = set()
    for relpath in sorted(pages):
        target = out_dir.joinpath(*_safe_relpath(relpath).parts)
        wanted.add(target)
        if _write_if_changed(target, pages[relpath]):
            stats.paths.append(relpath)
        else:
            stats.unchanged += 1

    for dirpath, _dirnames, filenames in os.walk(out_dir, topdown=False):
        for name in filenames:
            path = Path(dirpath, name)
            if path != marker and path not in wanted:
                path.unlink()
                stats.removed += 1
        if Path(dirpath) != out_dir and not any(Path(dirpath).iterdir()):
            Path(dirpath).rmdir()
    return stats


def _write_if_changed(target: Path, text: str) -> bool:
    """Write text to target unless the file already holds those bytes; whether it was written."""
    data = text.encode("utf-8")
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(target, data)
    return True


def _atomic_write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def rewrite_files(out_dir: Path, pages: dict[str, str]) -> WriteStats:
    """Write these files of a folder write_pages has written where their bytes changed, each atomically,
    and touch no other file: what `mkdocs serve` needs after an edit that changes a few pages and no
    page's path. The stats count these files only."""
    out_dir = Path(out_dir)
    if not (out_dir / MARKER).exists():
        raise WriteError(f"{out_dir} was not written by the generator; rebuild it whole")
    stats = WriteStats()
    for relpath in sorted(pages):
        if _write_if_changed(out_dir.joinpath(*_safe_relpath(relpath).parts), pages[relpath]):
            stats.paths.append(relpath)
        else:
            stats.unchanged += 1
    return stats


def remove_files(out_dir: Path, paths: list[str]) -> int:
    """Remove these files of a folder write_pages has written (pages that went away after an edit in
    `mkdocs serve`), and the folders they leave empty; how many were there."""
    out_dir = Path(out_dir)
    removed = 0
    for relpath in paths:
        target = out_dir.joinpath(*_safe_relpath(relpath).parts)
        if target.is_file():
            target.unlink()
            removed += 1
        folder = target.parent
        while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed
