"""`briefing import telegram`: a Telegram Desktop export (JSON) → statement records in content/statements/.

Telegram Desktop exports a chat as `result.json` (Export chat history, format JSON). One chat's export is an
object with `name`, `type`, `id` and `messages`; the whole account's export holds its chats under
`chats.list`, each of the same shape. A message has `id`, `type` ("message" or "service"), `date` (local time
with no offset), `date_unixtime` (seconds, as a string) and `text`: a string, or a list of strings and entity
objects such as {"type": "text_link", "text": "…", "href": "…"}; `edited_unixtime` when it was edited,
`forwarded_from` when it was forwarded, `photo` or `media_type` for media.

Each post with text of its own becomes one statement: its text as `original` in --language, its moment from
`date_unixtime` (in UTC, since the export's `date` has no offset), cited from --source with the post's
permalink when --channel-url is given, said by --speaker or else by the channel's unnamed author. The body,
which the site shows as the quotation in English, says that the English is still to be written: a
translation is a person's work, never made up here. Service messages, posts without text (a photo alone)
and forwarded posts (another channel's words) are skipped and counted. A post's record id is
SOURCE-MESSAGEID, and a post whose id or permalink a record already has is skipped, so importing the same
export again adds nothing.

Written by hand on the json module: the export format is documented by Telegram Desktop's source only, and
no maintained library reads it.
"""

from __future__ import annotations

import io
import json
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from generator.authoring.importer import ImportUsageError, first_problem
from generator.content.errors import display_path
from generator.content.reader import SLUG, read_content
from generator.content.validate import DEFAULT_FUTURE_TOLERANCE

MAX_EXPORT_BYTES = 200 * 1024 * 1024
CHANNEL_TYPES = ("public_channel", "private_channel")
UNTRANSLATED = ("*The English text of this post is still to be written. Until then the post is shown in its "
                "original language.*")


# why a message was skipped: (one, several)
_SKIPPED = {"service": ("service message", "service messages"), "no text": ("post without text", "posts without text"),
            "forwarded": ("forwarded post", "forwarded posts"), "imported": ("post already imported",
                                                                          "posts already imported")}


@dataclass
class EntryError:
    """A message of the export that cannot be read: where it is (`messages[3]`) and why."""

    path: str
    where: str
    reason: str

    def format(self) -> str:
        return f"{self.path}: {self.where}: error: {self.reason}"


@dataclass
class TelegramResult:
    written: list[Path] = field(default_factory=list)
    errors: list[EntryError] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SKIPPED, 0))

    def summary(self) -> str:
        skipped = [f"{n} {_SKIPPED[why][n != 1]}" for why, n in self.skipped.items() if n]
        return (f"{len(self.written)} statement(s) written" + (f"; skipped {', '.join(skipped)}" if skipped else "")
                + (f"; {len(self.errors)} message(s) refused, nothing written" if self.errors else ""))


@dataclass(frozen=True)
class Options:
    source: str
    speaker: str | None = None
    language: str | None = None
    channel_url: str | None = None
    chat: str | None = None  # which chat of a whole-account export: its name or id


@dataclass(frozen=True)
class _Post:
    where: str  # messages[3], or chats.list[1].messages[3]
    message_id: int
    moment: datetime
    text: str
    edited: datetime | None


def import_telegram(export: Path, content_dir: Path, options: Options, today: date,
                    future_tolerance=DEFAULT_FUTURE_TOLERANCE) -> TelegramResult:
    """Raises ImportUsageError for what cannot be used at all (exit 2); a message that cannot be read is an
    EntryError, and then nothing is written (exit 1)."""
    shown = display_path(export)
    if not content_dir.is_dir():
        raise ImportUsageError(f"no content folder at '{content_dir}'; "
                               "run from the project folder or pass --content DIR")
    chat, prefix = _chat(_load(export, shown), shown, options.chat)
    raws, _ = read_content(content_dir)
    _check_ids(raws, options)
    result = TelegramResult()
    posts = list(_posts(chat, prefix, shown, result))
    if result.errors:
        return result
    taken = {raw.id for raw in raws if raw.kind == "statement"}
    cited = {_citation_url(raw.data.get("source")) for raw in raws if raw.kind == "statement"}
    name = chat.get("name") if isinstance(chat.get("name"), str) and chat["name"].strip() else None
    pending: list[tuple[Path, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for post in posts:
            record_id = f"{options.source}-{post.message_id}"
            url = f"{options.channel_url.rstrip('/')}/{post.message_id}" if options.channel_url else None
            if record_id in taken or (url is not None and url in cited):
                result.skipped["imported"] += 1
                continue
            text = _record(post, options, url, name, today)
            problem = first_problem(Path(scratch), "statement", record_id, text, today, future_tolerance)
            if problem:
                result.errors.append(EntryError(shown, post.where, problem))
                continue
            taken.add(record_id)
            pending.append((content_dir / "statements" / f"{record_id}.md", text))
    if result.errors:
        return result
    for path, text in pending:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as out:  # 'x': never over a file
            out.write(text)
        result.written.append(path)
    return result


def _load(export: Path, shown: str) -> object:
    if not export.is_file():
        raise ImportUsageError(f"no file at '{shown}'; give the result.json that Telegram Desktop exported")
    if export.stat().st_size > MAX_EXPORT_BYTES:
        raise ImportUsageError(f"{shown} is larger than {MAX_EXPORT_BYTES // 1048576} MB; export one chat")
    try:
        return json.loads(export.read_text(encoding="utf-8"))
    except OSError as err:
        raise ImportUsageError(f"cannot read '{shown}' ({err.strerror})") from None
    except UnicodeDecodeError:
        raise ImportUsageError(f"{shown} is not UTF-8 text; give the result.json of a JSON export") from None
    except json.JSONDecodeError as err:
        raise ImportUsageError(f"{shown}:{err.lineno}:{err.colno}: not JSON ({err.msg}); export the chat "
                               "with the format 'Machine-readable JSON'") from None


def _chat(data: object, shown: str, wanted: str | None) -> tuple[dict, str]:
    """The chat to import, and the prefix of its messages' places in the file."""
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        return data, ""
    chats = data.get("chats") if isinstance(data, dict) else None
    listed = chats.get("list") if isinstance(chats, dict) else None
    if not isinstance(listed, list):
        raise ImportUsageError(f"{shown} is not a Telegram Desktop export: it has neither 'messages' (one chat) "
                               "nor 'chats.list' (the whole account)")
    found = [(n, chat) for n, chat in enumerate(listed) if isinstance(chat, dict)
             and (wanted is None and chat.get("type") in CHANNEL_TYPES
                  or wanted is not None and wanted in (str(chat.get("name")), str(chat.get("id"))))]
    if len(found) != 1:
        names = ", ".join(f"'{chat.get('name')}' ({chat.get('id')})" for chat in listed
                          if isinstance(chat, dict) and chat.get("type") in CHANNEL_TYPES) or "none"
        what = f"no chat named '{wanted}'" if wanted is not None and not found else (
            "several channels" if found else "no channel")
        raise ImportUsageError(f"{shown} holds {what}; choose one with --chat NAME or --chat ID (channels: {names})")
    n, chat = found[0]
    if not isinstance(chat.get("messages"), list):
        raise ImportUsageError(f"{shown}: chats.list[{n}] has no 'messages' list")
    return chat, f"chats.list[{n}]."


def _posts(chat: dict, prefix: str, shown: str, result: TelegramResult):
    for index, message in enumerate(chat["messages"]):
        where = f"{prefix}messages[{index}]"
        if not isinstance(message, dict):
            result.errors.append(EntryError(shown, where, "is not a message object"))
            continue
        kind = message.get("type")
        if kind == "service":
            result.skipped["service"] += 1
            continue
        try:
            if kind != "message":
                raise ValueError(f"'type' is {kind!r}; a message's type is 'message' or 'service'")
            message_id = message.get("id")
            if not isinstance(message_id, int) or isinstance(message_id, bool) or message_id < 0:
                raise ValueError("'id' is missing or not a whole number")
            moment = _moment(message, "date_unixtime")
            edited = _moment(message, "edited_unixtime") if "edited_unixtime" in message else None
            text = _text(message.get("text", ""))
        except ValueError as err:
            result.errors.append(EntryError(shown, where, str(err)))
            continue
        if message.get("forwarded_from") is not None:
            result.skipped["forwarded"] += 1
        elif not text.strip():
            result.skipped["no text"] += 1
        else:
            yield _Post(where, message_id, moment, text.strip(), edited)


def _moment(message: dict, key: str) -> datetime:
    value = message.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.isdigit() or len(value) > 12:
        raise ValueError(f"'{key}' is missing or not seconds since 1970 (such as \"1795000000\")")
    return datetime.fromtimestamp(int(value), tz=timezone.utc)


def _text(value: object) -> str:
    """A message's text: a string, or a list of strings and entity objects, each with its 'text'."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        raise ValueError("'text' is neither a string nor a list of strings and entities")
    parts = []
    for n, part in enumerate(value):
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
        else:
            raise ValueError(f"'text'[{n}] is neither a string nor an entity with a 'text'")
    return "".join(parts)


def _check_ids(raws, options: Options) -> None:
    """The records the new statements point at exist, and the ids made from --source are ids."""
    ids = {(raw.kind, raw.id) for raw in raws}
    if not SLUG.fullmatch(options.source) or ("source", options.source) not in ids:
        raise ImportUsageError(f"no source '{options.source}' in content/sources/; add the channel first "
                               f"(briefing new source \"NAME\") and pass its id with --source")
    if options.speaker is not None and ("actor", options.speaker) not in ids:
        raise ImportUsageError(f"no actor '{options.speaker}' in content/actors/; add them first "
                               f"(briefing new actor \"NAME\") or leave --speaker out")


def _citation_url(source: object) -> str | None:
    return source.get("url") if isinstance(source, dict) else None


def _record(post: _Post, options: Options, url: str | None, chat_name: str | None, today: date) -> str:
    """The record's text: front matter dumped by ruamel.yaml (any text is safe in it), then the body."""
    data: dict = {"date": post.moment.isoformat(), "source": {"source": options.source, "url": url} if url
                  else options.source}
    if options.speaker:
        data["speaker"] = options.speaker
    else:
        data["anonymous"] = (f"the author of the Telegram channel “{chat_name}”" if chat_name
                             else "the author of the Telegram channel")
    data["language"] = options.language or "und"  # BCP 47 for a language not determined
    original = post.text.replace("\r\n", "\n").replace("\r", "\n")
    plain_lines = all(line == line.rstrip() and line.isprintable() for line in original.split("\n"))
    data["original"] = LiteralScalarString(original) if "\n" in original and plain_lines else original
    data["added"] = today.isoformat()
    yaml = YAML(typ="rt")
    yaml.width = 4096  # one line a value: no folding inside a sentence
    out = io.StringIO()
    yaml.dump(data, out)
    note = f"Imported from a Telegram export, message {post.message_id}."
    body = [UNTRANSLATED]
    if post.edited is not None:
        body.append(f"*The post was edited at {post.edited:%Y-%m-%d %H:%M} UTC; this is its text as exported.*")
    return f"---\n# {note}\n{out.getvalue()}---\n" + "\n\n".join(body) + "\n"
