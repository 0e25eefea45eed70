"""CPU seconds the generator takes to render a sample of a project's pages (every Nth, so every kind is in
it), and to make its data files: a quick comparison of two versions of the templates or the renderer,
without a whole build. Run it for each version from a checkout of that version, on the same content:

    .venv/bin/python bench/synth.py --incidents 10000 --seed 1 --out /tmp/c10k
    .venv/bin/python bench/render_sample.py /tmp/c10k --every 8
    git worktree add /tmp/older COMMIT && PYTHONPATH=/tmp/older .venv/bin/python bench/render_sample.py /tmp/c10k --every 8
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from generator.generate import static_files
from generator.load import load
from generator.plan import plan
from generator.render import SiteSettings, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path, help="a content folder (bench/synth.py's --out)")
    parser.add_argument("--every", type=int, default=8, help="render every Nth page of the plan")
    args = parser.parse_args()
    briefing = load(args.content)
    sample = plan(briefing)[::args.every]
    start = time.process_time()
    render(sample, briefing)
    rendered = time.process_time()
    static_files(briefing, SiteSettings())
    done = time.process_time()
    print(f"render of {len(sample)} pages: {rendered - start:.1f} s CPU; data files: {done - rendered:.1f} s CPU")


if __name__ == "__main__":
    main()
