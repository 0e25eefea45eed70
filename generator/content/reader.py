"""Read: content files → raw records (front matter, body, and where every key and value sits).

Front matter is YAML 1.2 read by ruamel.yaml, which keeps node positions (so every
later error can name its line and column), keeps `no` a string and refuses duplicate
keys; plain front matter takes a faster libyaml path with the same result (fast_yaml.py).
Dates are left as text for `dates.parse_date`. Nothing here judges field meaning; that
is `validate`'s job.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.reader import ReaderError

from generator.content import fast_yaml
from generator.content.errors import Problem, problem_at
from generator.content.suggest import did_you_mean
from generator.kinds import KIND_OF_FOLDER

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_FILE_BYTES = 2 * 1024 * 1024  # far above any real record; bounds parsing time
MAX_DEPTH = 20  # front matter nests three levels at most; deeper is a mistake or an attack
FENCE = "---"
# Names Windows keeps for devices whatever the extension: git cannot check out 'con.md' there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul",
                              *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))})
_TOO_DEEP = "front matter is nested too deeply: fields hold lists and groups of fields three levels deep at most"

Loc = tuple  # a path into the front matter, e.g. ("sources", 0, "url")


class _Constructor(RoundTripConstructor):
    """Keeps timestamps as the text written, so dates are parsed (and reported) by us."""


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node)
)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


@dataclass
class RawRecord:
    kind: str
    id: str
    path: Path
    data: dict
    body: str
    body_line: int
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at loc, or of its nearest enclosing node."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            if loc in self.keys:
                return self.keys[loc]
            loc = loc[:-1]
        return (1, 1)

    def problem(self, loc: Loc, message: str, key: bool = False) -> Problem:
        line, col = self.where(loc, key)
        return problem_at(self.path, line, col, message)


class ReadCache(dict):
    """path (as text) → (file stamp, kind, record, problems): what read_file gave for that file as it was; and
    the records of the last read when it met no problem, with each one's place (for _read_written)."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._last: list[RawRecord] | None = None
        self._places: dict[str, int] | None = None

    @property
    def last(self) -> list[RawRecord] | None:
        return self._last

    @last.setter
    def last(self, records: list[RawRecord] | None) -> None:
        self._last, self._places = records, None

    def last_kept(self, records: list[RawRecord]) -> None:
        """The last read's records, each file's in the place it had in the one before."""
        self._last = records

    def place(self, path: str) -> int | None:
        """Where the last read's records hold this file's record."""
        if self._last is None:
            return None
        if self._places is None:
            self._places = {str(record.path): n for n, record in enumerate(self._last)}
        return self._places.get(path)


def read_content(content_dir: Path, cache: ReadCache | None = None,
                 written: set[str] | None = None) -> tuple[list[RawRecord], list[Problem]]:
    """Every record file under content_dir, in a stable order, and every problem met reading them.
    With a cache (kept by `mkdocs serve` between rebuilds), a file whose size, times and inode are
    unchanged is not read again: its earlier record is returned, the very same object. With the cache
    and `written` (the files an edit wrote, as a watcher saw them: watch.py), only those are looked at,
    when the cache holds each of them and each is still there; otherwise the folder is scanned."""
    if cache is not None and written is not None:
        found = _read_written(cache, written)
        if found is not None:
            return found
    records: list[RawRecord] = []
    if cache is None:
        files, problems = record_files(content_dir)
        for record, found in map(read_listed, files):
            problems.extend(found)
            if record is not None:
                records.append(record)
        return records, problems
    problems = []
    seen: list[str] = []
    for path, kind in _record_files(content_dir, content_dir.resolve(), problems):
        seen.append(path)
        record, found = _read_cached(path, kind, cache)
        problems.extend(found)
        if record is not None:
            records.append(record)
    for gone in cache.keys() - set(seen):
        del cache[gone]
    if list(cache) != seen:  # the cache in the folder's order, as _read_written returns its records
        known = dict(cache)
        cache.clear()
        cache.update((path, known[path]) for path in seen if path in known)
    if isinstance(cache, ReadCache):
        cache.last = records if not problems else None
    return records, problems


def record_files(content_dir: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """(path, kind) of every record file under content_dir, in a stable order, and the problems of what
    is there and is not a record."""
    problems: list[Problem] = []
    return list(_record_files(content_dir, content_dir.resolve(), problems)), problems


def read_listed(listed: tuple[str, str]) -> tuple[RawRecord | None, list[Problem]]:
    """read_file of one of record_files' files."""
    path, kind = listed
    return read_file(Path(path), kind)


def _read_written(cache: ReadCache, written: set[str]) -> tuple[list[RawRecord], list[Problem]] | None:
    """read_content's result from the cache with only these files read again (where their stamps changed),
    or None when one of them is not a file the cache holds (a new file, one removed): the folder changed."""
    for path in written:
        if path not in cache or not os.path.isfile(path):
            return None
    for path in sorted(written):
        record, _found = _read_cached(path, cache[path][1], cache)
        if cache[path][2] is not record:  # gone while read: not stamped, so the cache holds the old record
            return None
    # the last read's records with these put in their place, when it and these met no problem: the same list
    # as the walk below makes over the cache, without walking every entry of it
    places = [cache.place(path) for path in written] if isinstance(cache, ReadCache) else [None]
    if None not in places and not any(cache[path][3] or cache[path][2] is None for path in written):
        records = list(cache.last)
        for path, place in zip(written, places, strict=True):
            records[place] = cache[path][2]
        cache.last_kept(records)
        return records, []
    records: list[RawRecord] = []
    problems: list[Problem] = []
    for _stamp, _kind, record, found in cache.values():
        problems.extend(found)
        if record is not None:
            records.append(record)
    if isinstance(cache, ReadCache):
        cache.last = records if not problems else None
    return records, problems


def _read_cached(path: str, kind: str, cache: ReadCache) -> tuple[RawRecord | None, list[Problem]]:
    try:
        info = os.stat(path)
        stamp = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
    except OSError:
        stamp = None  # read_file says what is wrong
    known = cache.get(path)
    if stamp is not None and known is not None and known[0] == stamp and known[1] == kind:
        return known[2], known[3]
    record, found = read_file(Path(path), kind)
    if stamp is not None:
        cache[path] = (stamp, kind, record, found)
    return record, found


def _record_files(content_dir: Path, root: Path, problems: list[Problem]):
    """Yield (path, kind) for each record file, its path as text (a Path for each of tens of thousands of
    files cost half the time `mkdocs serve` takes to see which changed); report strays, unknown folders
    and escaping links."""
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if _escapes(entry, root, problems):
            continue
        if entry.is_dir():
            kind = KIND_OF_FOLDER.get(entry.name)
            if kind is None:
                problems.append(problem_at(
                    entry, 1, 1,
                    f"unknown record folder '{entry.name}'{did_you_mean(entry.name, KIND_OF_FOLDER)}; "
                    f"records go in one of: {', '.join(sorted(KIND_OF_FOLDER))}",
                ))
                continue
            yield from _walk_kind(entry, kind, root, problems)
        elif entry.name != "README.md":
            problems.append(problem_at(
                entry, 1, 1,
                f"'{entry.name}' is not in a record folder; move it into one of: "
                f"{', '.join(sorted(KIND_OF_FOLDER))}",
            ))


def _walk_kind(folder: Path, kind: str, root: Path, problems: list[Problem]):
    """Depth first, names sorted, files before sub-folders (os.walk's order). With os.scandir the
    directory entry says whether a name is a link or a folder without a system call per file, which
    `mkdocs serve` pays on every look at which files changed."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    folders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            path = Path(entry.path)
            if _escapes(path, root, problems) or path.is_dir():
                continue  # a linked folder is not followed (a loop, or content twice)
        elif entry.is_dir():
            folders.append(Path(entry.path))
            continue
        if not entry.name.endswith(".md"):
            problems.append(problem_at(
                Path(entry.path), 1, 1, f"'{entry.name}' is not a record: record files are Markdown and end in .md"
            ))
            continue
        yield entry.path, kind
    for path in folders:
        yield from _walk_kind(path, kind, root, problems)


def _escapes(path: Path, root: Path, problems: list[Problem]) -> bool:
    """A symbolic link that leads outside content/ is refused: it could publish any file."""
    if not path.is_symlink():
        return False
    try:
        target = path.resolve()
    except (RuntimeError, OSError):  # a loop of links: RuntimeError before Python 3.13, OSError (ELOOP) after
        problems.append(problem_at(path, 1, 1, "symbolic link leads round in a loop; remove it or point it at a "
                                               "record file in the content folder"))
        return True
    if target == root or root in target.parents:
        return False
    problems.append(problem_at(
        path, 1, 1, "symbolic link points outside the content folder; copy the file in instead"
    ))
    return True


class _Unreadable(Exception):
    """A record file that cannot be read: where (line, column) and why."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def read_file(path: Path, kind: str) -> tuple[RawRecord | None, list[Problem]]:
    """One record file → a raw record, or the problems that stop it being read."""
    try:
        lines = _text_lines(_file_bytes(path))
        end = _front_matter_end(lines)
        stem = _record_id(path, kind)
        yaml_text = "\n".join(lines[1:end]) + "\n"
        deep = _flow_too_deep(yaml_text)
        if deep is not None:
            raise _Unreadable(deep[0] + 1, deep[1], _TOO_DEEP)
        body = "\n".join(lines[end + 1:])
        fast = fast_yaml.load(yaml_text, MAX_DEPTH)
        if fast is not None:  # plain front matter, read by libyaml (fast_yaml.py says why)
            data, keys, values = fast
            return RawRecord(kind, stem, path, data, body, end + 2, values, keys), []
        loaded = _front_matter(yaml_text)
    except _Unreadable as unreadable:
        return None, [problem_at(path, unreadable.line, unreadable.col, unreadable.message)]

    record = RawRecord(kind, stem, path, {}, body, end + 2)
    problems: list[Problem] = []
    record.data = _plain(loaded, (), record, problems, set(), 0)
    return (None, problems) if problems else (record, [])


def _file_bytes(path: Path) -> bytes:
    """The file's bytes, when it is a regular file that can be read, not empty and not too large."""
    if not path.is_file():  # is_file() follows links: a link to nowhere is not a file either
        if path.is_symlink():
            raise _Unreadable(1, 1, "symbolic link leads to a file that does not exist; fix the link or remove it")
        raise _Unreadable(1, 1, "not a regular file (a pipe or a device); remove it from the content folder")
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as err:
        raise _Unreadable(1, 1, f"the file cannot be read ({err.strerror or type(err).__name__}); "
                                "check its permissions") from None
    if size > MAX_FILE_BYTES:
        shown = f"{size / 1048576:.1f} MB"
        if shown == f"{MAX_FILE_BYTES / 1048576:.1f} MB":  # "2.0 MB; at most 2 MB" would not say why
            shown = f"{size:,} bytes, just over the limit"
        raise _Unreadable(1, 1, f"file is {shown}; a record may be at most {MAX_FILE_BYTES // 1048576} MB: "
                                "split it or move long text to a source")
    if not raw.strip():
        raise _Unreadable(1, 1, "file is empty; a record starts with a '---' line, its fields, and another '---' line")
    return raw


def _text_lines(raw: bytes) -> list[str]:
    """The file's lines, decoded from UTF-8, without a byte order mark, any line ending read as one."""
    if b"\x00" in raw:
        line, col = _line_col_of_byte(raw, raw.index(b"\x00"))
        raise _Unreadable(line, col, "file contains a NUL byte: it is not a text file; save it as UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col_of_byte(raw, err.start)
        raise _Unreadable(line, col, f"file is not UTF-8 text (byte 0x{raw[err.start]:02X}); "
                                     "save it with UTF-8 encoding") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def _front_matter_end(lines: list[str]) -> int:
    """The index of the line that closes the front matter the first line opens."""
    if lines[0].rstrip() != FENCE:
        raise _Unreadable(1, 1, "no front matter: the file must start with a line '---', then the fields, then '---'")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if end is None:
        raise _Unreadable(1, 1, "front matter is not closed: add a line '---' after the last field")
    return end


def _record_id(path: Path, kind: str) -> str:
    """The record's id: its file name without `.md`, when that is a valid id every system can check out."""
    stem = path.name[: -len(".md")]
    if not SLUG.fullmatch(stem):
        from slugify import slugify

        hint = slugify(stem) or "a-name"
        raise _Unreadable(1, 1, f"file name '{path.name}' is not a valid id: use lowercase letters, digits and "
                                f"single hyphens, such as '{hint}.md'")

    if stem in WINDOWS_RESERVED:
        raise _Unreadable(1, 1, f"file name '{path.name}' is a name Windows reserves for a device, so a contributor "
                                f"on Windows cannot check it out; name the file after the record, such as "
                                f"'{stem}-{kind}.md'")

    if stem == "index":
        raise _Unreadable(1, 1, "file name 'index.md' is reserved for the page that lists all records of a kind; "
                                "name the file after the record, such as 'obninsk-roof.md'")
    return stem


def _front_matter(yaml_text: str) -> CommentedMap:
    """The front matter as read by ruamel.yaml, when it is valid YAML this reader accepts and a mapping."""
    try:
        loaded = _yaml().load(yaml_text)
    except MarkedYAMLError as err:
        raise _Unreadable(*_yaml_error(err)) from None
    except RecursionError:
        raise _Unreadable(*_block_too_deep(yaml_text), _TOO_DEEP) from None
    except ReaderError as err:
        raise _Unreadable(*_front_line_col(yaml_text, err.position), _control_message(err.character)) from None
    except ValueError as err:
        long_number = _LONG_NUMBER.search(yaml_text)
        if long_number is None:
            raise _Unreadable(1, 1, f"front matter is not valid YAML ({type(err).__name__})") from None
        raise _Unreadable(*_front_line_col(yaml_text, long_number.start()),
                          f"a number of {len(long_number[0]):,} digits is too long to read; shorten it, or put it in "
                          "quotes if it is text") from None
    except (YAMLError, TypeError) as err:
        raise _Unreadable(1, 1, f"front matter is not valid YAML ({type(err).__name__})") from None

    refused = _refused_yaml(yaml_text)
    if refused is not None:
        raise _Unreadable(*refused)
    if loaded is None:
        loaded = CommentedMap()
    if not isinstance(loaded, CommentedMap):
        raise _Unreadable(2, 1, "front matter must be fields, one 'name: value' a line")
    return loaded


def _plain(node, loc: Loc, record: RawRecord, problems: list[Problem], seen: set[int], depth: int):
    """Copy ruamel's nodes into plain dicts and lists, noting each key's and value's position."""
    if isinstance(node, (CommentedMap, CommentedSeq)):
        if id(node) in seen:  # an alias: refuse it rather than expand it ("billion laughs")
            problems.append(record.problem(loc, "anchors and aliases (& and *) are not allowed in records"))
            return None
        seen.add(id(node))
        if depth > MAX_DEPTH:
            problems.append(record.problem(loc, _TOO_DEEP))
            return None
    if isinstance(node, CommentedMap):
        out = {}
        for key in node:
            line, col = node.lc.key(key) or (0, 0)
            if not isinstance(key, str):
                problems.append(problem_at(record.path, line + 2, col + 1, _NOT_TEXT_KEY))
                continue
            record.keys[loc + (key,)] = (line + 2, col + 1)
            vline, vcol = node.lc.value(key) or (line, col)
            record.values[loc + (key,)] = (vline + 2, vcol + 1)
            out[key] = _plain(node[key], loc + (key,), record, problems, seen, depth + 1)
        return out
    if isinstance(node, CommentedSeq):
        out = []
        for index, item in enumerate(node):
            line, col = node.lc.item(index) or (0, 0)
            record.values[loc + (index,)] = (line + 2, col + 1)
            out.append(_plain(item, loc + (index,), record, problems, seen, depth + 1))
        return out
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return _text(str(node), loc, record, problems)
    return str(node)


def _text(text: str, loc: Loc, record: RawRecord, problems: list[Problem]) -> str:
    """Escapes such as "\\ud83d\\ude80" (JSON's way to write an emoji) reach us as surrogate
    halves: join each pair into its character; a lone half cannot be written and is refused."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    joined = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if "\ufffd" in joined and "\ufffd" not in text:
        problems.append(record.problem(loc, "text holds an invalid character (half of a UTF-16 surrogate "
                                            "pair); write the character itself"))
        return ""
    return joined


# Anchors, aliases, tags and merge keys are YAML machinery no record needs. Each would silently
# eat text a journalist meant ('title: &amp; co' loses '&amp;', 'title: !Breaking' loses the
# word), and aliases are how a small file expands into a huge one ("billion laughs").
_ANCHOR = ("'&' at the start of a value marks a YAML anchor, which records do not use; "
           "if the '&' is part of the text, put the whole value in quotes")
_ALIAS = ("'*' at the start of a value is a YAML alias, which records do not use; "
          "if the '*' is part of the text, put the whole value in quotes")
_TAG = ("'!' at the start of a value is a YAML tag, which records do not use; "
        "if the '!' is part of the text, put the whole value in quotes")
_MERGE = "'<<' (a YAML merge key) is not allowed in records; write each field out in full"


def _refused_yaml(yaml_text: str) -> tuple[int, int, str] | None:
    """The first anchor, alias, tag or merge key in the front matter, as (line, col, message)."""
    if not any(mark in yaml_text for mark in "&*!<"):
        return None  # none of them can occur: skip the second parse
    expecting_key: list[bool | None] = []  # per open collection: mapping → next node is a key?
    try:
        for event in _yaml().parse(yaml_text):
            if not isinstance(event, NodeEvent):
                if isinstance(event, CollectionEndEvent) and expecting_key:
                    expecting_key.pop()
                continue
            is_key = bool(expecting_key) and expecting_key[-1] is True
            if expecting_key and expecting_key[-1] is not None:
                expecting_key[-1] = not expecting_key[-1]
            mark = event.start_mark
            where = (mark.line + 2, mark.column + 1)
            if isinstance(event, AliasEvent):
                return (*where, _ALIAS)
            if event.anchor:
                return (*where, _ANCHOR)
            if getattr(event, "tag", None) and getattr(event.tag, "value", event.tag):
                return (*where, _TAG)
            if is_key and isinstance(event, ScalarEvent) and event.value == "<<" and not event.style:
                return (*where, _MERGE)
            if isinstance(event, CollectionStartEvent):
                expecting_key.append(True if isinstance(event, MappingStartEvent) else None)
    except (YAMLError, RecursionError, ValueError, TypeError):
        return None  # load() read it; whatever it is, the checks that follow report it
    return None


def _flow_too_deep(yaml_text: str, limit: int = 100) -> tuple[int, int] | None:
    """Where [ and { first nest past `limit` (a line and column of the front matter, from 1).
    ruamel takes seconds to give up on thousands of them, so they are stopped before parsing;
    a limit far above MAX_DEPTH leaves brackets in quoted text alone."""
    if yaml_text.count("[") + yaml_text.count("{") <= limit:
        return None
    depth = 0
    for line_no, line in enumerate(yaml_text.split("\n"), 1):
        for col, ch in enumerate(line, 1):
            if ch in "[{":
                depth += 1
                if depth > limit:
                    return line_no, col
            elif ch in "]}" and depth:
                depth -= 1
    return None


def _yaml_error(err: MarkedYAMLError) -> tuple[int, int, str]:
    """Turn ruamel's report into one line for a contributor, at the right place in the file."""
    problem = (err.problem or "").strip()
    mark = err.problem_mark or err.context_mark
    if "found duplicate key" in problem or "duplicate key" in str(err):
        key = re.search(r'found duplicate key "([^"]*)"', str(err))
        name = key[1] if key else "?"
        if _not_text_key(err, name):
            return mark.line + 2, mark.column + 1, _NOT_TEXT_KEY
        return mark.line + 2, mark.column + 1, f"duplicate field '{name}': keep only one of them"
    if "'\\t'" in problem:
        return mark.line + 2, mark.column + 1, "tab character in the front matter; indent with spaces"
    if "end of stream" in problem and err.context_mark is not None and "quoted" in (err.context or ""):
        m = err.context_mark
        return m.line + 2, m.column + 1, "quoted text is never closed; add the closing quote"
    if "undefined alias" in problem and mark is not None:
        return mark.line + 2, mark.column + 1, _ALIAS
    if mark is not None:
        hint = _yaml_hint(problem, err)
        if hint is not None:
            at, message = hint
            return at.line + 2, at.column + 1, f"front matter is not valid YAML: {message}"
    if mark is None:
        return 1, 1, f"front matter is not valid YAML: {problem or err.context}"
    detail = problem or err.context or "syntax error"
    if err.context and problem:
        detail = f"{problem} ({err.context})"
    return mark.line + 2, mark.column + 1, f"front matter is not valid YAML: {detail}"


def _yaml_hint(problem: str, err: MarkedYAMLError):
    """ruamel's wording of the common mistakes, said the way a contributor can act on it."""
    mark, opened = err.problem_mark or err.context_mark, err.context_mark or err.problem_mark
    if "could not find expected ':'" in problem:
        return opened, "a field needs a ':' after its name, such as 'date: 2026-11-24'"
    if "mapping values are not allowed" in problem:
        return mark, ("unexpected ':' here; if it is part of the text, put the whole value in quotes, "
                      "and if this line is a field of its own, remove the spaces before its name")
    if problem.startswith("expected ',' or ']'"):
        return opened, "a list in [ ] is not closed, or a comma is missing: write [first, second]"
    if problem.startswith("expected ',' or '}'"):
        return opened, "a group in { } is not closed, or a comma is missing: write {name: value, other: value}"
    if problem.startswith("expected <block end>"):
        if "'-'" in problem or "block sequence" in problem:
            return mark, ("unexpected list item: put it under a field name (such as 'regions:'), "
                          "lined up with the items above it")
        if "'?'" in problem or "block mapping" in problem:
            return mark, "unexpected field: line it up with the fields above it"
        return mark, ("unexpected text: nothing may follow a closing quote or bracket, and a line must be "
                      "indented like the one above it")
    if "sequence entries are not allowed" in problem:
        return mark, ("unexpected '-' here: a list item goes on a line of its own, under its field; "
                      "if the '-' is part of the text, put the whole value in quotes")
    found = re.search(r"found character '(.)' that cannot start any token", problem)
    if found:
        return mark, f"a value cannot start with '{found[1]}'; put the whole value in quotes"
    if "escape" in problem and "double-quoted" in (err.context or ""):
        return mark, ("a backslash in double quotes starts an escape such as \\n; write \\\\ for a "
                      "backslash, or use single quotes")
    return None


_NOT_TEXT_KEY = ("field names must be text: this one reads as a number, true/false or empty; "
                 "use a field name such as 'title'")
_LONG_NUMBER = re.compile(r"[0-9_]{4300,}")  # Python reads at most 4,300 digits as a number


def _not_text_key(err: MarkedYAMLError, name: str) -> bool:
    """Whether the duplicated key is one YAML reads as other than text ('True' twice, 'true' and 'True', '1')."""
    if name not in ("True", "False", "None") and not re.fullmatch(r"-?[0-9][0-9_.e+-]*", name):
        return False
    mark = err.problem_mark
    buffer = getattr(mark, "buffer", None)
    if buffer is None or mark.pointer >= len(buffer):
        return True
    return buffer[mark.pointer] not in "'\""  # a quoted 'True' is text, and a true duplicate


def _front_line_col(yaml_text: str, index: int) -> tuple[int, int]:
    """The file's line and column of a character of the front matter (which starts on line 2)."""
    before = yaml_text[:index]
    return before.count("\n") + 2, index - (before.rfind("\n") + 1) + 1


def _control_message(code: int) -> str:
    name = {0x1B: "ESC", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x7F: "DEL"}.get(code)
    shown = f"U+{code:04X}" + (f" ({name})" if name else "")
    return (f"control character {shown} in the front matter, invisible in most editors; delete it (retype the "
            "text around it if unsure)")


def _block_too_deep(yaml_text: str) -> tuple[int, int]:
    """Where block indentation (and '- ' items) first nest past MAX_DEPTH, or the top of the front matter."""
    stack: list[int] = []
    for number, line in enumerate(yaml_text.split("\n"), 2):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        while stack and stack[-1] >= indent:
            stack.pop()
        stack.append(indent)
        dashes = len(re.match(r"(?:- +)*", stripped)[0].split("-")) - 1
        if len(stack) + dashes > MAX_DEPTH:
            return number, indent + 1
    return 1, 1


def _line_col_of_byte(raw: bytes, index: int) -> tuple[int, int]:
    before = raw[:index]
    line = before.count(b"\n") + 1
    col = index - (before.rfind(b"\n") + 1) + 1
    return line, col
