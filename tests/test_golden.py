"""Golden files: the generated Markdown of the small fixture briefing, page by page.

A template change shows here as a diff. When the change is intended, regenerate with
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.generate import generate
from site_fixture import write_content

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("golden")
    out = root / "out"
    generate(write_content(root), out)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*.md"))}


def test_golden_pages_are_all_there(generated):
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for relpath, text in generated.items():
            target = GOLDEN / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))
    assert sorted(generated) == expected


@pytest.mark.parametrize("relpath", sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")))
def test_generated_page_matches_golden(generated, relpath):
    assert generated.get(relpath) == (GOLDEN / relpath).read_text(encoding="utf-8")
