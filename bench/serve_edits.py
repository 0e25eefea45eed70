"""`briefing serve`'s reloads after several kinds of edit, on a project the benchmark kept.

    .venv/bin/python bench/run.py --sizes 10000 --stages load build regen reload --search pagefind --keep /tmp/keep
    .venv/bin/python bench/serve_edits.py /tmp/keep/briefing-bench-10000-*/project --rounds 2
    .venv/bin/python bench/serve_edits.py /tmp/keep/briefing-bench-10000-*/project \
        --incident 777 2000 --edits region date
    .venv/bin/python bench/serve_edits.py PROJECT --incident 777 --edits region --parts

Runs what `briefing serve` runs for each rebuild, in one process (as stage g of run.py): its first
build (untimed), then, on each incident given, an edit to its status, to its text, to its date (a month
later) and to its regions (another incident's), or the edits given, each followed by MkDocs' dirty rebuild; prints the
seconds of each rebuild, the generator's share, the path it took and the files it wrote; with --parts,
also the seconds of the generator's steps and of MkDocs' (each step's calls summed, from wrappers around
the functions named, so a step inside another counts in both). The edits are left in the project's content.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import logging
import os
import re
import time
from pathlib import Path

EDITS = ("status", "text", "date", "region")
# (module, function) timed by --parts: the generator's steps of a preview's edit, then MkDocs' own
PARTS = [("generator.preview.incremental", name) for name in (
    "read_content", "validate_records", "relink", "plan", "render", "export_files", "timeline_file", "atom_feed",
    "rewrite_files")] + [("generator.pages.plan", "timeline_context"), ("generator.pages.plan", "_quotes_index"),
                         ("generator.pages.listings", "whole_list"), ("generator.pages.listings", "deep_regions"),
                         ("mkdocs.commands.build", "_populate_page"), ("mkdocs.commands.build", "_build_page"),
                         ("markdown.core", "Markdown.convert")]


def _time_parts(spent: dict[str, float]) -> None:
    """Wrap each of PARTS so that its seconds are added to spent[name] (cleared by the caller per rebuild)."""
    for module_name, name in PARTS:
        owner = importlib.import_module(module_name)
        *outer, attribute = name.split(".")
        for part in outer:
            owner = getattr(owner, part)
        original = getattr(owner, attribute)

        def timed(*args, _original=original, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.perf_counter() - start

        setattr(owner, attribute, functools.wraps(original)(timed))


def _edited(record: str, kind: str, other: str) -> str:
    from generator.content.models import STATUSES

    if kind == "text":
        return record + "\nOne more sentence of the correction.\n"
    if kind == "status":
        found = re.search(r"^status: (\S+)$", record, re.M)
        value = next(v for v in STATUSES if v != found.group(1))
        return record[:found.start(1)] + value + record[found.end(1):]
    if kind == "date":
        found = re.search(r"^date: \d{4}-(\d{2})", record, re.M)
        return record[:found.start(1)] + f"{int(found.group(1)) % 12 + 1:02d}" + record[found.end(1):]
    found = re.search(r"^regions: \[([^\]]+)\]$", record, re.M)
    regions = re.search(r"^regions: \[([^\]]+)\]$", other, re.M).group(1)
    return record[:found.start(1)] + regions + record[found.end(1):]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path, help="a project folder kept by run.py --keep")
    parser.add_argument("--rounds", type=int, default=1, help="how many times to make each kind of edit")
    parser.add_argument("--incident", type=int, nargs="+", default=[4321],
                        help="which incident files (in name order) to edit, one after another")
    parser.add_argument("--edits", nargs="+", choices=EDITS, default=list(EDITS), help="which edits to make")
    parser.add_argument("--parts", action="store_true", help="also print the seconds of each step (PARTS)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.preview.incremental import Session

    spent: dict[str, float] = {}
    generate = Session.generate

    def timed(self, *a, **k):
        start = time.perf_counter()
        try:
            return generate(self, *a, **k)
        finally:
            spent["generate"] = time.perf_counter() - start

    Session.generate = timed
    parts: dict[str, float] = {}
    if args.parts:
        _time_parts(parts)

    def rebuild(label: str) -> None:
        # Loaded again for each build as serve does; MkDocs keeps the plugin's instance, and its session.
        config = load_config(str(args.project / "mkdocs.yml"))
        config.site_dir = str(args.project / "site")
        config.plugins.on_startup(command="serve", dirty=True)
        parts.clear()
        start = time.perf_counter()
        build(config, dirty=True)
        seconds = time.perf_counter() - start
        plugins = config.plugins["briefing"]
        stats = plugins.last.stats
        print(f"| {label} | {seconds:.1f} | {spent['generate']:.1f} | {plugins.session.last_mode} | "
              f"{stats.written} written, {stats.removed} removed |", flush=True)
        if args.parts:
            print("|  | " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in
                                     sorted(parts.items(), key=lambda item: -item[1])) + " | | | |", flush=True)

    print("| edit | reload, s | of which the generator, s | path | files |\n|---|---:|---:|---|---|")
    rebuild("(first build)")
    incidents = sorted((args.project / "content" / "incidents").rglob("*.md"))
    for number in args.incident:
        edited = incidents[number]
        for round_ in range(args.rounds):
            for kind in args.edits:
                other = incidents[(number + 97 * (round_ + 1)) % len(incidents)].read_text(encoding="utf-8")
                edited.write_text(_edited(edited.read_text(encoding="utf-8"), kind, other), encoding="utf-8")
                rebuild(kind if len(args.incident) == 1 else f"{kind} ({number})")


if __name__ == "__main__":
    main()
