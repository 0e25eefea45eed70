"""Write tests/golden/ anew from the generated Markdown of the small fixture briefing.

    .venv/bin/python tests/update_golden.py

Run it only when a change of the generated pages is intended, then review `git diff tests/golden/`
before committing: tests/test_golden.py compares with these files and never writes them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def generated_pages(root: Path) -> dict[str, str]:
    """{path under the generated folder: Markdown} of the fixture briefing, written under root."""
    from generator.generate import generate

    from site_fixture import write_content

    out = root / "out"
    generate(write_content(root), out)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.md"))}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        pages = generated_pages(Path(tmp))
    for old in GOLDEN.rglob("*.md"):
        old.unlink()
    for relpath, text in pages.items():
        target = GOLDEN / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"{len(pages)} golden pages written to {GOLDEN}; review them with `git diff {GOLDEN}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
