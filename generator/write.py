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


def _clean(relpath: str) -> str:
    """relpath as a clean relative POSIX path, or WriteError when it would leave the folder. Generated paths
    are clean already: splitting the text answers for them without a PurePosixPath each (pathlib showed in
    the writing time)."""
    parts = relpath.split("/")
    if relpath and not relpath.startswith("/") and "" not in parts and "." not in parts and ".." not in parts:
        return relpath
    return str(_safe_relpath(relpath))


class OutputFolder:
    """The generated folder, claimed for writing. A folder without the generator's marker that already
    holds files is refused, so `--out docs` cannot wipe hand-written pages. Claiming it lists the files
    already there (scan=True) so that a new page is written without first reading its file, and so that
    remove_others needs no second walk. Forked workers inherit the claimed folder and write their
    own files through it (generate.Forked)."""

    def __init__(self, out_dir: Path, scan: bool = True):
        """scan=False opens a folder claimed before (a preview's later writes) without listing it."""
        self.root = Path(out_dir)
        marker = self.root / MARKER
        self._prefix = str(self.root) + os.sep
        self._folders: set[str] = {str(self.root)}  # known to exist: no mkdir for each page
        self.existing: set[str] | None = None  # relpaths of the files there when claimed; None: not listed
        self._listed_folders: list[str] = []  # deepest first, for remove_others
        if not scan:
            if not marker.exists():
                raise WriteError(f"{self.root} was not written by the generator; rebuild it whole")
            return
        if self.root.exists() and not marker.exists() and any(self.root.iterdir()):
            raise WriteError(f"{self.root} holds files the generator did not write; choose an empty or new folder")
        self.root.mkdir(parents=True, exist_ok=True)
        marker.write_text("Written by `briefing`; every file here is regenerated and may be deleted.\n")
        self.existing = set()
        for dirpath, _dirnames, filenames in os.walk(self.root, topdown=False):
            self._listed_folders.append(dirpath)
            self._folders.add(dirpath)
            relative = dirpath[len(self._prefix):] + "/" if dirpath != str(self.root) else ""
            self.existing.update(relative + name for name in filenames)
        self.existing.discard(MARKER)

    def write(self, relpath: str, text: str | bytes) -> bool:
        """Write the file at relpath unless it already holds these bytes, atomically (a temporary file
        renamed over it); whether it was written."""
        relpath = _clean(relpath)
        target = self._prefix + relpath
        data = text if isinstance(text, bytes) else text.encode("utf-8")  # a briefing's PDF is bytes
        if self.existing is None or relpath in self.existing:
            try:
                with open(target, "rb") as handle:
                    if handle.read() == data:
                        return False
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                pass
        folder, _, name = target.rpartition("/")
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)  # exist_ok: another worker may make it at the same moment
            self._folders.add(folder)
        atomic_write(folder, name, target, data)
        return True

    def write_all(self, pages: dict[str, str | bytes], begin: float = 0.0) -> list[str]:
        """write() each page, in path order from `begin` (a fraction of the way through the pages), then round
        from the first; the paths written, in path order. Processes writing their pages into one folder at
        the same time begin apart (generate.Forked): two that create files in the same folder at
        once wait on each other, each taking about twice as long (bench/RESULTS.md)."""
        paths = sorted(pages)
        start = int(len(paths) * begin)
        written = {relpath for relpath in paths[start:] + paths[:start] if self.write(relpath, pages[relpath])}
        return [relpath for relpath in paths if relpath in written]

    def remove_others(self, wanted) -> int:
        """Remove the files listed when the folder was claimed that are not among `wanted` (the paths of the
        pages written, as given to write: pages whose record is gone), then the folders left empty; how many
        files were removed."""
        if self.existing is None:
            raise ValueError("remove_others needs a folder claimed with scan=True")
        removed = 0
        for relpath in sorted(self.existing - {_clean(relpath) for relpath in wanted}):
            os.unlink(self._prefix + relpath)
            removed += 1
        for folder in self._listed_folders:  # deepest first
            if folder != str(self.root) and os.path.isdir(folder) and not os.listdir(folder):
                os.rmdir(folder)
        return removed


_TEMPORARY = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def atomic_write(folder: str, name: str, target: str, data: bytes) -> None:
    # O_EXCL: never through a link or over a file planted at the temporary name; the process id keeps two
    # workers apart. A name left by a killed run with the same id falls back to a random one.
    tmp = f"{folder}/.{name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, _TEMPORARY, 0o666)
    except FileExistsError:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def rewrite_files(out_dir: Path, pages: dict[str, str | bytes]) -> WriteStats:
    """Write these files of a generated folder where their bytes changed, each atomically,
    and touch no other file: what `mkdocs serve` needs after an edit that changes a few pages and no
    page's path. The stats count these files only."""
    written = OutputFolder(out_dir, scan=False).write_all(pages)
    return WriteStats(unchanged=len(pages) - len(written), paths=written)


def remove_files(out_dir: Path, paths: list[str]) -> int:
    """Remove these files of a generated folder (pages that went away after an edit in
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
