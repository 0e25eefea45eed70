"""link.relink (a preview's edit): the briefing it patches from the last one is the briefing link() makes of
all the records, whatever fields the edits change, one after another."""

from __future__ import annotations

import random
import re
import sys

import pytest

from generator.content.link import link, relink
from generator.content.reader import read_content
from generator.content.validate import validate_records
from generator.pages.plan import newest_first

from site_fixture import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402


def _set(text: str, name: str, value: str) -> str:
    """The record's front-matter line `name: …` set to value (added after the opening line if missing)."""
    line = f"{name}: {value}"
    found = re.search(rf"^{name}: .*$", text, re.M)
    return text[:found.start()] + line + text[found.end():] if found else text.replace("---\n", f"---\n{line}\n", 1)


def _edit(rng: random.Random, content, ids: dict[str, list[str]]) -> tuple:
    """One field edit of a random record: (path, text before)."""
    kind = rng.choice(["incidents", "statements", "measures", "regions", "actors"])
    path = rng.choice(sorted((content / kind).rglob("*.md")))
    text = path.read_text(encoding="utf-8")
    pick = rng.choice
    if kind == "incidents":
        edits = [("regions", lambda: "[{0}, {1}, {0}]".format(pick(ids["regions"]), pick(ids["regions"]))),  # one twice
                 ("actors", lambda: f"[{pick(ids['actors'])}]"), ("status", lambda: pick(["denied", "confirmed"]))]
    elif kind == "statements":
        edits = [("incidents", lambda: f"[{pick(ids['incidents'])}, {pick(ids['incidents'])}]"),
                 ("regions", lambda: pick(["[]", f"[{pick(ids['regions'])}]"])),
                 ("responds_to", lambda: pick(ids["statements"]))]  # a cycle is reported by both
        if re.search(r"^speaker: ", text, re.M):
            edits.append(("speaker", lambda: pick(ids["actors"])))
    elif kind == "measures":
        edits = [("regions", lambda: f"[{pick(ids['regions'])}]"), ("incidents", lambda: f"[{pick(ids['incidents'])}]"),
                 ("issuer", lambda: pick(ids["actors"]))]
    elif kind == "regions":
        edits = [("parent", lambda: pick(ids["regions"]))]
    else:
        edits = [("region", lambda: pick(ids["regions"])), ("affiliation", lambda: pick(ids["actors"]))]
    if kind in ("incidents", "statements", "measures"):  # the newest-first orders relink patches
        edits.append(("date", lambda: pick(["2024-03-05", "2025-11-20", "2026-01", "2025"])))
    name, value = pick(edits)
    path.write_text(_set(text, name, value()), encoding="utf-8")
    return path, text


def _indices(briefing) -> dict:
    return {name: dict(dict.items(index)) for name, index in briefing.indices().items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_relinked_briefing_is_the_linked_briefing_after_any_field_edits(tmp_path, seed):
    content = tmp_path / "content"
    synth.synthesise(content, 30, seed=seed)
    for path in sorted((content / "statements").rglob("*.md"))[::2]:  # placed by their incidents' regions
        text = path.read_text(encoding="utf-8")
        if re.search(r"^incidents: \[.+\]$", text, re.M):
            path.write_text(re.sub(r"^regions: .*\n", "", text, flags=re.M), encoding="utf-8")
    ids = {kind: sorted(p.stem for p in (content / kind).rglob("*.md"))
           for kind in ("incidents", "statements", "regions", "actors")}
    cache: dict = {}
    checks: dict = {}  # as a preview validates: an unchanged file gives the very same entry
    raws, _ = read_content(content, cache)
    entries, problems = validate_records(raws, cache=checks)
    before, problems = link(entries, raws)
    assert not problems
    kinds = ["incident", "statement", "measure"]
    for kind in kinds:  # sorted once, as a plan sorts them: relink patches these orders
        newest_first(before, kind)
    rng = random.Random(seed)
    checked = 0
    for _ in range(60):
        path, text = _edit(rng, content, ids)
        raws, _ = read_content(content, cache)
        entries, problems = validate_records(raws, cache=checks)
        if problems:  # a field the model refuses (say a statement about no incident in no region): undone
            path.write_text(text, encoding="utf-8")
            continue
        old = before.records
        changed = [e for e in entries if dict.get(old[e.kind], e.id) is not e]
        assert 1 <= len(changed) <= 2  # this edit, and a file put back after a refused edit
        patched, patched_problems = relink(before, changed)
        linked, linked_problems = link(entries, raws)
        assert [p.format() for p in patched_problems] == [p.format() for p in linked_problems], path
        if linked_problems:  # a cycle: undone, and the briefing stays as it was
            path.write_text(text, encoding="utf-8")
            read_content(content, cache)
            continue
        assert _indices(patched) == _indices(linked), path
        assert patched.aliases == linked.aliases
        assert [list(dict.items(by_id)) for by_id in patched.records.values()] == \
               [list(dict.items(by_id)) for by_id in linked.records.values()]
        for kind in kinds:
            assert newest_first(patched, kind) == newest_first(linked, kind), (path, kind)
        before = patched  # the next edit patches this one, as a preview does
        checked += 1
    assert checked >= 30
