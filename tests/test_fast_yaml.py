"""The libyaml fast path (generator/content/fast_yaml.py) reads exactly what ruamel.yaml reads: the same
data, the same key and value positions, the same problems; and it does take the common files,
or loading 10,000 records slows back down without any test noticing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import fast_yaml, reader
from generator.kinds import KIND_OF_FOLDER

from injection_corpus import CORPUS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

pytestmark = [pytest.mark.skipif(not fast_yaml.available(), reason="PyYAML without libyaml: no fast path"),
              pytest.mark.filterwarnings("ignore::ruamel.yaml.error.ReusedAnchorWarning")]


def both(path: Path, kind: str, monkeypatch) -> tuple:
    """read_file's answer with the fast path, and without it (ruamel alone)."""
    fast = reader.read_file(path, kind)
    with monkeypatch.context() as patched:
        patched.setattr(fast_yaml, "load", lambda *args, **kwargs: None)
        slow = reader.read_file(path, kind)
    return _comparable(fast), _comparable(slow)


def _comparable(result) -> tuple:
    record, problems = result
    if record is None:
        return None, [p.format() for p in problems]
    # Types matter too: 1 and 1.0 and True compare equal in Python, but not as JSON.
    return (json.dumps(record.data, ensure_ascii=False), record.keys, record.values, record.body,
            record.body_line), [p.format() for p in problems]


def taken(path: Path, kind: str, monkeypatch) -> bool:
    calls = []
    real = fast_yaml.load
    with monkeypatch.context() as patched:
        patched.setattr(fast_yaml, "load", lambda *a, **k: calls.append(real(*a, **k)) or calls[-1])
        reader.read_file(path, kind)
    return calls[-1] is not None


def record_files(content: Path):
    for path in sorted(content.rglob("*.md")):
        folder = path.relative_to(content).parts[0]
        if folder in KIND_OF_FOLDER:
            yield path, KIND_OF_FOLDER[folder]


def test_the_shipped_content_reads_the_same_and_takes_the_fast_path(monkeypatch):
    files = list(record_files(ROOT / "content"))
    assert len(files) > 30
    for path, kind in files:
        fast, slow = both(path, kind, monkeypatch)
        assert fast == slow, path
    assert all(taken(path, kind, monkeypatch) for path, kind in files)


def test_synthetic_content_reads_the_same_and_mostly_takes_the_fast_path(tmp_path, monkeypatch):
    synth.synthesise(tmp_path / "content", incidents=40, seed=3, max_updates=2)
    files = list(record_files(tmp_path / "content"))
    fast_ones = 0
    for path, kind in files:
        fast, slow = both(path, kind, monkeypatch)
        assert fast == slow, path
        fast_ones += taken(path, kind, monkeypatch)
    assert fast_ones >= 0.9 * len(files), f"{fast_ones} of {len(files)} took the fast path"


# Values written every way YAML allows, with text that looks like other types, Cyrillic
# (columns count characters, not bytes), and every string of the injection corpus.
SCALARS = [
    "2026", "2026-11", "2026-11-24", "2026-11-24T18:30+03:00", "2026-11-24 18:30:00Z", "0", "-3", "1.5",
    "1e3", "0x1F", "0o17", "017", "1_000", ".inf", "-.inf", ".nan", "+5", "true", "True", "FALSE", "yes",
    "no", "on", "null", "~", "Null", "=", "<<", "3 drones", "-dash", "Дрон на крыше", "«кавычки»",
    "a: b", "a #b", "x,y", "[not, a, list]", "{not: map}", "'quoted'", '"double"', "tab\there",
    "line\nbreak", "trailing ", " leading", "\\ud83d", "emoji 🚀", "",
]
STYLES = [
    lambda v: v,
    lambda v: "'" + v.replace("'", "''") + "'",
    lambda v: json.dumps(v, ensure_ascii=False),
    lambda v: "|\n  " + v.replace("\n", "\n  "),
    lambda v: ">-\n  " + v.replace("\n", "\n  "),
]


@pytest.mark.parametrize("value", SCALARS + CORPUS)
def test_every_style_of_value_reads_the_same(tmp_path, monkeypatch, value):
    for n, style in enumerate(STYLES):
        path = tmp_path / f"v{n}.md"
        front = (f"title: {style(value)}\nregions:\n  - {style(value)}\n  - plain\n"
                 f"sources: [{{source: {json.dumps(value, ensure_ascii=False)}, url: x}}]\nempty:\n")
        path.write_text(f"---\n{front}---\nBody.\n", encoding="utf-8")
        fast, slow = both(path, "incident", monkeypatch)
        assert fast == slow, (value, n)


@pytest.mark.parametrize("front", [
    "a: &x 1\nb: *x\n", "a: !tag x\n", "a: !!str 1\n", "<<: {a: 1}\n", "a: 1\na: 2\n", "1: x\n", "? [a]\n: b\n",
    "- a\n- b\n", "just text\n", "a: [b\n", "a: 'b\n", "a:\tb\n", "a: b\n---\nc: d\n", "a: {b: {c: {d: [1]}}}\n",
    "a:\n  b:\n    - c: d\n      e: [f, {g: h}]\n", "a:\n- b\n- c\n", "a: |\n  x\n\n  y\n", "a: >\n  x\n  y\n",
    "# only a comment\n", "", "a: b # comment\n", "a: \"\\x41\\u0416\"\n", "a: \"\\ud83d\\ude80\"\n",
    "a: [" * 30 + "]" * 30 + "\n", "a: \"x\x85y\"\nb: c\n", "a: x\u2028y\nb: c\n", "a: \"x\u2029\"\nb: c\n",
])
def test_unusual_front_matter_reads_the_same(tmp_path, monkeypatch, front):
    path = tmp_path / "x.md"
    path.write_text(f"---\n{front}---\nBody.\n", encoding="utf-8")
    fast, slow = both(path, "incident", monkeypatch)
    assert fast == slow


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=3)),
    max_leaves=12,
))
def test_any_json_shaped_front_matter_reads_the_same(tmp_path_factory, monkeypatch, value):
    path = tmp_path_factory.mktemp("h") / "x.md"
    front = "\n".join(f"{json.dumps(f'k{i}')}: {json.dumps(v, ensure_ascii=False)}"
                      for i, v in enumerate([value, "after"]))
    path.write_text(f"---\n{front}\n---\nBody.\n", encoding="utf-8")
    fast, slow = both(path, "incident", monkeypatch)
    assert fast == slow
