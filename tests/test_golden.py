"""Golden files: the generated Markdown of the small fixture briefing, page by page.

A template change shows here as a diff. When the change is intended, write the files anew with
    .venv/bin/python tests/update_golden.py
and review the diff of tests/golden/ before committing it. This test only compares.
"""

from __future__ import annotations

import pytest

from update_golden import GOLDEN, generated_pages


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, str]:
    return generated_pages(tmp_path_factory.mktemp("golden"))


def test_golden_pages_are_all_there(generated):
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))
    assert expected, "tests/golden/ is empty: write it with tests/update_golden.py"
    assert sorted(generated) == expected


@pytest.mark.parametrize("relpath", sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")))
def test_generated_page_matches_golden(generated, relpath):
    assert generated.get(relpath) == (GOLDEN / relpath).read_text(encoding="utf-8")

