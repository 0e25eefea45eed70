"""CPU seconds the generator takes to render a sample of a project's pages (every Nth, so every kind is in
it), and to make its data files: a quick comparison of two versions of the templates or the renderer,
without a whole build. Run it for each version from a checkout of that version, on the same content, one
after the other (and again, alternating: this machine is shared):

    .venv/bin/python bench/synth.py --incidents 10000 --seed 1 --out /tmp/c10k
    .venv/bin/python bench/render_sample.py /tmp/c10k --every 8 --repeat 3
    git worktree add /tmp/older COMMIT
    PYTHONPATH=/tmp/older .venv/bin/python bench/render_sample.py /tmp/c10k --every 8 --repeat 3

The loaded records are set aside from the cycle collector (gc.freeze), as a preview's session sets them aside;
with --repeat, each render starts afresh (a new environment, the body caches emptied) and the fastest is shown.
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from generator.content.load import load
from generator.generate import static_files
from generator.pages import bodies, escape
from generator.pages.plan import plan
from generator.pages.render import SiteSettings, environment, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path, help="a content folder (bench/synth.py's --out)")
    parser.add_argument("--every", type=int, default=8, help="render every Nth page of the plan")
    parser.add_argument("--repeat", type=int, default=1, help="render the sample this many times; show the fastest")
    args = parser.parse_args()
    briefing = load(args.content)
    gc.freeze()
    sample = plan(briefing)[::args.every]
    times = []
    for _ in range(args.repeat):
        for cache in (getattr(bodies, "_converted", None), bodies.plain_text,  # as a fresh build starts
                      getattr(escape, "_encoded", None)):
            if cache is not None:
                cache.cache_clear()
        env = environment()
        start = time.process_time()
        render(sample, briefing, env)
        times.append(time.process_time() - start)
    rendered = time.process_time()
    static_files(briefing, SiteSettings())
    done = time.process_time()
    each = f" (each: {', '.join(f'{t:.1f}' for t in times)})" if len(times) > 1 else ""
    print(f"render of {len(sample)} pages: {min(times):.1f} s CPU{each}; data files: {done - rendered:.1f} s CPU")


if __name__ == "__main__":
    main()
