"""Nothing good gets lost: a killed build leaves the previous site, builds take turns,
the same content gives the same bytes whatever the read order or the time zone, and
oversized input is refused or handled, never a hang or a recursion error."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

import generator.content.load as load_module
from generator.content.errors import ContentError
from generator.content.load import load
from generator.generate import generate
from generator.pages.plan import plan
from generator.pages.planners import thread

from site_fixture import write_content, write_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def briefing(*args, cwd: Path, env=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env=env or ENV, timeout=600, **kwargs)


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def add_incidents(content: Path, count: int) -> None:
    folder = content / "incidents" / "bulk"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"bulk-{n:04d}.md").write_text(
            f"---\ntitle: Bulk incident {n}\ndate: 2026-{n % 9 + 1:02d}-{n % 27 + 1:02d}\nregions: [obninsk]\n"
            f"status: reported\nsources: [rbc]\n---\nNarrative {n}.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("reliable"))
    add_incidents(root / "content", 150)
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


EDIT = ("Narrative 0.", "Narrative 0, edited.")


@pytest.fixture(scope="module")
def edited_site(built, tmp_path_factory) -> dict[str, str]:
    """The digest of the whole site built from the edited content: what a finished build gives."""
    record = built / "content" / "incidents" / "bulk" / "bulk-0000.md"
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace(*EDIT), encoding="utf-8")
    target = tmp_path_factory.mktemp("edited") / "site"
    try:
        result = briefing("build", "--site-dir", str(target), cwd=built)
    finally:
        record.write_text(original, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    return tree_digest(target)


@pytest.mark.parametrize("after", [0.4, 1.2, 2.0, 2.8, 3.6, 4.4])
def test_a_build_killed_at_any_moment_leaves_a_whole_site(built, edited_site, after):
    """Killed at any moment, the site folder holds the previous site or the whole new one, never a mix."""
    before = tree_digest(built / "site")
    content_before = tree_digest(built / "content")
    record = built / "content" / "incidents" / "bulk" / "bulk-0000.md"
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace(*EDIT), encoding="utf-8")
    try:
        process = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=built, env=ENV,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(after)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        record.write_text(original, encoding="utf-8")
    after_kill = tree_digest(built / "site")
    assert after_kill in (before, edited_site)
    assert tree_digest(built / "content") == content_before


def test_the_next_build_clears_what_a_killed_build_left(built):
    result = briefing("build", cwd=built)
    assert result.returncode == 0, result.stderr
    assert not [p.name for p in built.iterdir() if p.name.startswith((".site.new-", ".site.old-"))]


def test_two_builds_at_once_take_turns_with_a_clear_message(built):
    held = threading.Event()

    def other_build():  # stands for a build that holds the lock for three seconds
        with FileLock(str(built / ".site.lock")):
            held.set()
            time.sleep(3.0)

    other = threading.Thread(target=other_build)
    other.start()
    held.wait()
    started = time.monotonic()
    result = briefing("build", cwd=built)
    other.join()
    assert result.returncode == 0, result.stderr
    assert "another build of" in result.stderr and "waiting for it to finish" in result.stderr
    assert time.monotonic() - started >= 3.0


def test_output_does_not_depend_on_the_order_files_are_read(tmp_path, monkeypatch):
    content = write_content(tmp_path)
    add_incidents(content, 30)
    generate(content, tmp_path / "sorted")
    listed = load_module.record_files

    def shuffled(content_dir):
        files, problems = listed(content_dir)  # the record files, in the order they are read
        random.Random(7).shuffle(files)
        return files, problems

    monkeypatch.setattr(load_module, "record_files", shuffled)
    generate(content, tmp_path / "shuffled")
    assert tree_digest(tmp_path / "sorted") == tree_digest(tmp_path / "shuffled")


def test_the_site_is_the_same_whatever_the_time_zone(built, tmp_path):
    east = briefing("build", "--site-dir", str(tmp_path / "east"), cwd=built, env={**ENV, "TZ": "Pacific/Kiritimati"})
    west = briefing("build", "--site-dir", str(tmp_path / "west"), cwd=built, env={**ENV, "TZ": "Pacific/Pago_Pago"})
    assert east.returncode == 0 and west.returncode == 0, east.stderr + west.stderr
    assert tree_digest(tmp_path / "east") == tree_digest(tmp_path / "west")


def test_source_date_epoch_is_honoured(built, tmp_path):
    result = briefing("build", "--site-dir", str(tmp_path / "epoch"), cwd=built,
                      env={**ENV, "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    # The gzip header's time of sitemap.xml.gz is the build time MkDocs takes from SOURCE_DATE_EPOCH.
    header = (tmp_path / "epoch" / "sitemap.xml.gz").read_bytes()[:8]
    assert int.from_bytes(header[4:8], "little") == 1700000000 // 86400 * 86400  # MkDocs keeps the day


def test_ten_thousand_tags_are_refused_with_a_clear_error(tmp_path, monkeypatch):
    content = write_content(tmp_path)
    tags = "".join(f"  - tag-{n}\n" for n in range(10_000))
    (content / "incidents" / "many-tags.md").write_text(
        f"---\ntitle: Many tags\ndate: 2026-11-01\nregions: [obninsk]\nstatus: reported\nsources: [rbc]\n"
        f"tags:\n{tags}---\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load(content)
    assert [p.format() for p in caught.value.problems] == [
        "content/incidents/many-tags.md:8:3: error: tags has too many items; at most 100"]


def test_a_reply_thread_ten_thousand_deep_is_handled(tmp_path):
    content = write_content(tmp_path)
    folder = content / "statements" / "chain"
    folder.mkdir(parents=True)
    for n in range(10_000):
        reply = f"responds_to: chain-{n - 1:05d}\nstance: disputes\n" if n else ""
        (folder / f"chain-{n:05d}.md").write_text(
            f"---\ndate: 2026-11-01\nsource: rbc\nanonymous: voice {n}\n{reply}---\nReply {n}.\n", encoding="utf-8")
    briefing_ = load(content)
    replies = thread(briefing_, "chain-00000")
    assert len(replies) == 9_999 and replies[-1][1] == 9_999
    assert any(page.path == "quotes/chain-09999.md" for page in plan(briefing_))


def test_a_cycle_of_replies_is_reported_not_followed_forever(tmp_path, monkeypatch):
    content = write_content(tmp_path)
    for n in range(3):
        (content / "statements" / f"loop-{n}.md").write_text(
            f"---\ndate: 2026-11-01\nsource: rbc\nanonymous: voice\nresponds_to: loop-{(n + 1) % 3}\n"
            f"stance: disputes\n---\nLoop {n}.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load(content)
    assert [p.format() for p in caught.value.problems] == [
        "content/statements/loop-0.md:5:14: error: replies form a cycle: loop-0 → loop-1 → loop-2 → loop-0; "
        "one of them must point elsewhere"]


def test_a_record_of_a_megabyte_of_text_is_built(tmp_path):
    content = write_content(tmp_path)
    paragraph = "The drone was seen over the city at night, and residents reported loud bangs. " * 12
    body = "\n\n".join(paragraph for _ in range(1_100))  # a little over 1 MB
    (content / "incidents" / "long-report.md").write_text(
        f"---\ntitle: A very long report\ndate: 2026-11-01\nregions: [obninsk]\nstatus: reported\n"
        f"sources: [rbc]\n---\n{body}\n", encoding="utf-8")
    generated = generate(content, tmp_path / "out")
    page = (tmp_path / "out" / "incidents" / "long-report.md").read_text(encoding="utf-8")
    assert len(page) > 1_000_000 and "residents reported loud bangs" in page
    assert generated.stats.written > 0


def test_a_fifty_megabyte_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    content = write_content(tmp_path)
    big = content / "incidents" / "huge.md"
    with open(big, "wb") as handle:
        handle.write(b"---\ntitle: x\n---\n")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load(content)
    assert [p.format() for p in caught.value.problems] == [
        "content/incidents/huge.md:1:1: error: file is 50.0 MB; a record may be at most 2 MB: "
        "split it or move long text to a source"]
