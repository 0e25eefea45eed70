"""`briefing import telegram`: a Telegram Desktop JSON export becomes statement records, one per text post.

The exports are made in each test, in Telegram Desktop's format (result.json): text as a string or as a
list of strings and entity objects, `date_unixtime` for the moment, service messages, a forwarded post, a
post with only a photo, an edited post; a single chat's export and the whole account's (`chats.list`).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

SOURCE = "sources/example-channel.md", "name: Example channel\nkind: telegram\nlanguage: ru\n"
ACTOR = "actors/example-official.md", "name: An example official\nkind: person\n"


def unix(text: str) -> str:
    """'2026-11-20 11:00' (UTC) as the export writes date_unixtime: seconds, as a string."""
    return str(int(datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp()))


def message(message_id: int, when: str, text, **extra) -> dict:
    return {"id": message_id, "type": "message", "date": when.replace(" ", "T") + ":00",
            "date_unixtime": unix(when), "text": text, "text_entities": [], **extra}


def chat(messages: list, name: str = "Example channel", chat_type: str = "public_channel", chat_id: int = 100) -> dict:
    return {"name": name, "type": chat_type, "id": chat_id, "messages": messages}


POSTS = [
    {"id": 1, "type": "service", "date": "2026-11-20T10:00:00", "date_unixtime": unix("2026-11-20 10:00"),
     "action": "create_channel", "title": "Example channel", "text": "", "text_entities": []},
    message(2, "2026-11-20 11:00", "Пример сообщения: дроны над городом.\nВторая строка."),
    message(3, "2026-11-20 12:00", ["Подробности ", {"type": "text_link", "text": "по ссылке", "href":
                                                      "https://example.org/x"}, " и ", {"type": "bold", "text": "всё"},
                                    "."]),
    message(4, "2026-11-20 13:00", "Переслано из другого канала.", forwarded_from="Another channel"),
    message(5, "2026-11-20 14:00", "", photo="photos/photo_1.jpg", width=800, height=600),
    message(6, "2026-11-20 15:00", "Исправленный текст.", edited="2026-11-20T16:30:00",
            edited_unixtime=unix("2026-11-20 16:30")),
]


@pytest.fixture
def project(content):
    for rel, front_matter in (SOURCE, ACTOR):
        content.write(rel, front_matter)
    return content


def export(content, data, name: str = "result.json"):
    path = content.root / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return name


def test_each_text_post_becomes_a_statement_and_the_rest_is_counted(project, run, valid):
    result = run("import", "telegram", export(project, chat(POSTS)), "--source", "example-channel",
                 "--language", "ru", "--channel-url", "https://t.me/example")
    assert result.code == 0, result.err
    assert result.out == [f"content/statements/example-channel-{n}.md" for n in (2, 3, 6)]
    assert result.err[-1] == ("3 statement(s) written; skipped 1 service message, 1 post without text, "
                              "1 forwarded post")
    valid()


def test_a_record_keeps_the_post_as_written_and_invents_no_english(project, run):
    from generator.content.load import load

    run("import", "telegram", export(project, chat(POSTS)), "--source", "example-channel", "--language", "ru",
        "--channel-url", "https://t.me/example/")
    briefing = load(project.dir)
    first = briefing["statement"]["example-channel-2"]
    assert first.model.original == "Пример сообщения: дроны над городом.\nВторая строка."
    assert first.model.language == "ru"
    assert first.model.date.iso() == "2026-11-20T11:00:00+00:00"  # the moment, from date_unixtime, in UTC
    assert first.model.source.source == "example-channel"
    assert first.model.source.url == "https://t.me/example/2"  # the post's permalink
    assert first.model.anonymous == "the author of the Telegram channel “Example channel”"
    assert "still to be written" in briefing.body(first)
    assert "дроны" not in briefing.body(first)  # the body is for the English, which nobody has written
    linked = briefing["statement"]["example-channel-3"]
    assert linked.model.original == "Подробности по ссылке и всё."  # entities' text, in place
    edited = briefing["statement"]["example-channel-6"]
    assert "edited at 2026-11-20 16:30 UTC" in briefing.body(edited)
    assert edited.model.date.iso() == "2026-11-20T15:00:00+00:00"  # when it was posted, not edited


def test_importing_the_same_export_again_adds_nothing(project, run):
    name = export(project, chat(POSTS))
    args = ("import", "telegram", name, "--source", "example-channel", "--language", "ru",
            "--channel-url", "https://t.me/example")
    assert run(*args).code == 0
    before = project.snapshot()
    again = run(*args)
    assert again.code == 0 and again.out == []
    assert again.err[-1].startswith("0 statement(s) written; ") and again.err[-1].endswith("3 posts already imported")
    assert project.snapshot() == before


def test_a_post_already_cited_by_its_permalink_is_not_imported_again(project, run):
    project.write("statements/renamed-by-hand.md", "date: 2026-11-20\nsource:\n  source: example-channel\n"
                  "  url: https://t.me/example/2\nspeaker: example-official\n")
    result = run("import", "telegram", export(project, chat(POSTS[:2])), "--source", "example-channel",
                 "--channel-url", "https://t.me/example")
    assert result.code == 0 and result.out == []
    assert result.err[-1].endswith("1 post already imported")


def test_a_speaker_and_text_that_looks_like_yaml_are_written_safely(project, run):
    tricky = "key: value\n---\n# not a comment\n\"quoted\" 'single' {{ 7*7 }} [a](javascript:x)"
    result = run("import", "telegram", export(project, chat([message(7, "2026-11-21 09:00", tricky)])),
                 "--source", "example-channel", "--speaker", "example-official")
    assert result.code == 0, result.err
    from generator.content.load import load

    statement = load(project.dir)["statement"]["example-channel-7"]
    assert statement.model.original == tricky
    assert statement.model.speaker == "example-official" and statement.model.anonymous is None
    assert statement.model.language == "und"  # no --language: not determined, never guessed
    assert statement.model.source.url is None  # no --channel-url: no permalink made up


def test_an_account_export_imports_its_one_channel(project, run):
    account = {"about": "export", "chats": {"about": "chats", "list": [
        chat([message(1, "2026-11-20 08:00", "Личное сообщение.")], name="A friend", chat_type="personal_chat",
             chat_id=5),
        chat(POSTS),
    ]}}
    result = run("import", "telegram", export(project, account), "--source", "example-channel")
    assert result.code == 0, result.err
    assert len(result.out) == 3


def test_an_account_export_with_several_channels_asks_which(project, run):
    account = {"chats": {"list": [chat(POSTS, name="First", chat_id=1), chat(POSTS, name="Second", chat_id=2)]}}
    name = export(project, account)
    before = project.snapshot()
    result = run("import", "telegram", name, "--source", "example-channel")
    assert result.code == 2
    assert "holds several channels; choose one with --chat NAME or --chat ID (channels: 'First' (1), " \
           "'Second' (2))" in "\n".join(result.err)
    assert project.snapshot() == before
    chosen = run("import", "telegram", name, "--source", "example-channel", "--chat", "2")
    assert chosen.code == 0 and len(chosen.out) == 3


@pytest.mark.parametrize("bad, where, reason", [
    ({"id": 8, "type": "message", "date": "2026-11-20T10:00:00", "text": "Без времени."}, "messages[1]",
     "'date_unixtime' is missing or not seconds since 1970"),
    (message(8, "2026-11-20 10:00", 42), "messages[1]", "'text' is neither a string nor a list"),
    (message(8, "2026-11-20 10:00", ["ok", {"type": "bold"}]), "messages[1]",
     "'text'[1] is neither a string nor an entity with a 'text'"),
    ({"type": "message", "date_unixtime": unix("2026-11-20 10:00"), "text": "x"}, "messages[1]",
     "'id' is missing or not a whole number"),
    ("not a message", "messages[1]", "is not a message object"),
])
def test_a_malformed_export_is_refused_with_the_entry_and_nothing_is_written(project, run, bad, where, reason):
    name = export(project, chat([message(2, "2026-11-20 11:00", "Хорошее."), bad]))
    before = project.snapshot()
    result = run("import", "telegram", name, "--source", "example-channel")
    assert result.code == 1
    assert [line for line in result.err if ": error: " in line] == [
        line for line in result.err if line.startswith(f"result.json: {where}: error: {reason}")]
    assert any(line.startswith(f"result.json: {where}: error: {reason}") for line in result.err), result.err
    assert result.err[-1].endswith("1 message(s) refused, nothing written")
    assert project.snapshot() == before


def test_a_file_that_is_not_an_export_is_a_usage_error(project, run):
    (project.root / "broken.json").write_text('{"messages": [\n  {"id": 1,}\n]}', encoding="utf-8")
    result = run("import", "telegram", "broken.json", "--source", "example-channel")
    assert result.code == 2
    assert "broken.json:2:12: not JSON" in "\n".join(result.err)
    other = run("import", "telegram", export(project, {"hello": "world"}, "other.json"), "--source", "example-channel")
    assert other.code == 2 and "is not a Telegram Desktop export" in "\n".join(other.err)


def test_an_unknown_source_or_speaker_is_a_usage_error(project, run):
    name = export(project, chat(POSTS))
    result = run("import", "telegram", name, "--source", "no-such-channel")
    assert result.code == 2 and "no source 'no-such-channel' in content/sources/" in "\n".join(result.err)
    result = run("import", "telegram", name, "--source", "example-channel", "--speaker", "nobody")
    assert result.code == 2 and "no actor 'nobody' in content/actors/" in "\n".join(result.err)
    assert not (project.dir / "statements").exists()


def test_a_post_the_validator_refuses_is_refused_with_its_entry(project, run):
    name = export(project, chat([message(9, "2027-06-01 10:00", "Из будущего.")]))
    result = run("import", "telegram", name, "--source", "example-channel")
    assert result.code == 1
    assert result.err[0].startswith("result.json: messages[0]: error: ") and "future" in result.err[0], result.err
    assert not (project.dir / "statements").exists()
