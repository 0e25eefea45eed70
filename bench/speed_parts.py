"""What each piece of speed-only code earns a whole build: the build with it, and with it switched off.

    .venv/bin/python bench/speed_parts.py --incidents 1000 --seed 1 --repeat 2 [--parts forked second_core ...]
        [--project DIR] [--out FILE.json]

Makes a project as bench/run.py does (bench/synth.py's content, the repository's mkdocs.yml, docs/ and
site_templates/, Material's search), or reuses --project. Then, --repeat times, builds the whole site as
`briefing build` does (generator.engine.build.build_site), once with every piece on ("all") and once
with each piece off, each in a fresh Python process, in an order that rotates from one round to the
next (A B C, B C A, ...), so that a drift of the shared machine's speed falls on every variant alike.
The generated folder and the site are removed before each build, so every build writes every file.

Per build: wall seconds and CPU seconds of the process and of every process it waited for (the forked
render workers and MkDocs' second core), from os.wait4. The pieces that fork (forked, second_core,
both_cores) buy wall seconds with CPU seconds on the other core, so they are judged on wall seconds; the
others on CPU seconds, the steadier figure on a shared machine. A hash of the built site is printed
per build: every variant must build the same site.

With --stages, each piece is measured inside the stage it works in instead (load; plan+render+write in one
process and with workers; MkDocs' conversion of the generated pages with and without raw_html), in CPU seconds
of one process, variants alternating: far cheaper than whole builds, and steadier on a loaded machine.

The switches live here only: each replaces the piece with the plain path by monkeypatching, in the
build's own process, before the build. A piece whose code is gone is reported as removed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))


def _off_forked() -> None:
    import generator.generate as gen
    if hasattr(gen, "_may_fork"):  # before the one rule (generator/cores.py)
        gen._may_fork = lambda workers: False
    else:
        gen.may_fork = lambda *args, **kwargs: False  # one process renders, exports and writes


def _off_second_core() -> None:
    from generator.engine import second_core
    second_core.SecondCore.start = classmethod(lambda cls, pages, config, files: None)


def _off_raw_html() -> None:
    from generator.engine import raw_html
    raw_html.RawHtmlExtension.extendMarkdown = lambda self, md: None


def _off_fast_yaml() -> None:
    from generator.content import fast_yaml
    fast_yaml.load = lambda *args, **kwargs: None  # every file takes ruamel's path


def _off_both_cores() -> None:
    import generator.both_cores  # noqa: F401 - ImportError once it is removed
    import generator.content.load as load
    import generator.content.reader as reader
    plain = lambda work, items: [work(item) for item in items]  # noqa: E731
    load.map_on_two_cores = reader.map_on_two_cores = plain


def _off_template_code() -> None:
    import jinja2.compiler

    import generator.engine.template_code  # noqa: F401 - ImportError once it is removed
    import generator.pages.render as render
    render.TemplateCode = jinja2.compiler.CodeGenerator


SWITCHES = {
    "forked": _off_forked,
    "second_core": _off_second_core,
    "raw_html": _off_raw_html,
    "fast_yaml": _off_fast_yaml,
    "both_cores": _off_both_cores,
    "template_code": _off_template_code,
}
FORKING = {"forked", "second_core", "both_cores"}


def removed(part: str) -> bool:
    """Whether the piece's code is gone: its switch cannot import it (tried here, where nothing is built)."""
    try:
        SWITCHES[part]()
    except ImportError:
        return True
    return False


def _site_hash(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(site)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _one(variant: str, project: Path, result_file: Path) -> None:
    """In the build's own process: switch the piece off (unless "all"), build, and note the site's hash."""
    if variant != "all":
        SWITCHES[variant]()
    from generator.engine.build import build_site

    start = time.perf_counter()
    build_site(project / "mkdocs.yml", project / "content", project / "site")
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)  # this process alone: the build's critical path when
    # the other core is free for the processes it forks (which then run beside it)
    result_file.write_text(json.dumps({"inside": seconds, "own_cpu": own.ru_utime + own.ru_stime,
                                       "hash": _site_hash(project / "site")}))


def build(variant: str, project: Path) -> dict:
    for folder in (project / "build", project / "site"):
        shutil.rmtree(folder, ignore_errors=True)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_file = Path(handle.name)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--one", variant, "--project", str(project),
                                "--result", str(result_file)], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"the build with {variant} failed (exit code {process.returncode})")
    inside = json.loads(result_file.read_text())
    result_file.unlink()
    return {"variant": variant, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, **inside}


def make_project(tmp: Path, incidents: int, seed: int) -> Path:
    from run import _project
    project, _, _ = _project(tmp, incidents, seed)
    return project


def summary(runs: list[dict], parts: list[str]) -> list[dict]:
    def mean(variant: str, key: str) -> float:
        values = [run[key] for run in runs if run["variant"] == variant]
        return sum(values) / len(values)

    base_wall, base_cpu = mean("all", "wall"), mean("all", "cpu")
    rows = [{"variant": "all", "wall": base_wall, "cpu": base_cpu}]
    for part in parts:
        wall, cpu = mean(part, "wall"), mean(part, "cpu")
        # the piece's share of the build: what turning it off adds, over the build with it
        rows.append({"variant": part, "wall": wall, "cpu": cpu, "share_wall": (wall - base_wall) / base_wall,
                     "share_cpu": (cpu - base_cpu) / base_cpu, "judged_on": "wall" if part in FORKING else "cpu"})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--parts", nargs="*", default=list(SWITCHES), choices=list(SWITCHES))
    parser.add_argument("--project", type=Path, help="a project made before (its content is reused)")
    parser.add_argument("--out", type=Path, help="the runs and the summary, as JSON")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stages", action="store_true",
                        help="measure each piece inside its stage (load, generate, MkDocs' conversion), "
                             "not whole builds")
    parser.add_argument("--stage-one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage_one:
        print(json.dumps(_stage_one(args.stage_one, args.one, args.project)))
        return
    if args.one:
        _one(args.one, args.project, args.result)
        return
    if args.stages:
        project = args.project
        if project is None or not (project / "content").is_dir():
            project = make_project(Path(tempfile.mkdtemp(prefix="speed-parts-")), args.incidents, args.seed)
        if not (project / "build" / "generated").is_dir():
            build("all", project)  # the generated pages MkDocs' conversion is measured on
        results = stage_parts(project, args.repeat)
        if args.out:
            args.out.write_text(json.dumps({"incidents": args.incidents, "seed": args.seed, "stages": results},
                                           indent=1))
        return

    parts = [part for part in args.parts if not removed(part)]
    for part in set(args.parts) - set(parts):
        print(f"{part}: removed (its code is gone)")
    project = args.project
    if project is None or not (project / "content").is_dir():
        project = make_project(Path(tempfile.mkdtemp(prefix="speed-parts-")), args.incidents, args.seed)
    print(f"project: {project}")
    variants = ["all", *parts]
    runs = []
    for round_ in range(args.repeat):
        shift = round_ % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            run = build(variant, project)
            runs.append(run)
            print(f"round {round_ + 1}: {variant:17} wall {run['wall']:6.1f} s  cpu {run['cpu']:6.1f} s  "
                  f"site {run['hash']}  load avg {os.getloadavg()[0]:.1f}", flush=True)
    hashes = {run["hash"] for run in runs}
    print("every variant built the same site" if len(hashes) == 1 else f"SITES DIFFER: {sorted(hashes)}")
    rows = summary(runs, parts)
    print("| piece switched off | wall s (mean) | CPU s (mean) | share, wall | share, CPU | judged on |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        if row["variant"] == "all":
            print(f"| none (every piece on) | {row['wall']:.1f} | {row['cpu']:.1f} | | | |")
        else:
            print(f"| {row['variant']} | {row['wall']:.1f} | {row['cpu']:.1f} | {row['share_wall']:+.1%} | "
                  f"{row['share_cpu']:+.1%} | {row['judged_on']} |")
    if args.out:
        args.out.write_text(json.dumps({"incidents": args.incidents, "seed": args.seed, "runs": runs,
                                        "summary": rows, "same_site": len(hashes) == 1}, indent=1))



# ---------------------------------------------------------------------------------------------
# Stage by stage: what a piece costs or saves inside the stage it works in, in CPU seconds of the one
# process (time.process_time), each run in a fresh process, the variants alternating (A B A B). Much
# cheaper than whole builds on a loaded machine; a share of the whole build is this over a whole
# build's CPU seconds.
# ---------------------------------------------------------------------------------------------

def _stage_one(stage: str, variant: str, project: Path) -> dict:
    if variant not in ("all", "workers2"):
        SWITCHES[variant]()
    content = project / "content"
    if stage == "load":
        from generator.content.load import load
        start = time.process_time()
        load(content)
        return {"cpu": time.process_time() - start}
    if stage == "generate":
        from generator.content.load import load
        from generator.generate import generate
        briefing = load(content)
        out = project / f"generated-{variant}"
        shutil.rmtree(out, ignore_errors=True)
        start, children = time.process_time(), os.times()
        generate(content, out, briefing=briefing, workers=2 if variant == "workers2" else 1)
        after = os.times()
        # with workers, the work the forked processes did beside this one (their CPU seconds)
        return {"cpu": time.process_time() - start,
                "children_cpu": after.children_user + after.children_system
                - children.children_user - children.children_system}
    if stage == "convert":
        return _convert_all(project, every=int(os.environ.get("SPEED_PARTS_EVERY", "4")))
    raise SystemExit(f"unknown stage {stage}")


def _convert_all(project: Path, every: int) -> dict:
    """Every `every`-th generated page converted by MkDocs' own Page.render with and without raw_html, the two
    alternating page by page; CPU seconds of each, and whether every page converted the same."""
    import logging

    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from generator.engine import raw_html

    logging.disable(logging.WARNING)  # links to pages outside the sample
    config = load_config(str(project / "mkdocs.yml"))
    generated = project / "build" / "generated"
    paths = sorted(path.relative_to(generated).as_posix() for path in generated.rglob("*.md"))
    files = Files([File(path, str(generated), str(project / "site"), True) for path in paths])
    others = [ext for ext in config.markdown_extensions if not isinstance(ext, raw_html.RawHtmlExtension)]
    cpu = {False: 0.0, True: 0.0}
    different = 0
    for index, path in enumerate(paths[::every]):
        converted = {}
        for lifted in ((False, True) if index % 2 else (True, False)):
            config.markdown_extensions[:] = others + ([raw_html.RawHtmlExtension()] if lifted else [])
            page = Page(None, files.get_file_from_path(path), config)
            page.read_source(config)
            start = time.process_time()
            page.render(config, files)
            cpu[lifted] += time.process_time() - start
            converted[lifted] = (page.content, page.present_anchor_ids, page._title_from_render)
        different += converted[False] != converted[True]
    return {"pages": len(paths), "sampled": len(paths[::every]), "cpu_with": cpu[True] * every,
            "cpu_without": cpu[False] * every, "different": different}


def stage_parts(project: Path, repeat: int) -> dict:
    plan = [("load", ["all", "fast_yaml"]),
            ("generate", ["all", "template_code", "workers2"])]
    results: dict = {}
    for round_ in range(repeat):
        for stage, variants in plan:
            order = variants if round_ % 2 == 0 else variants[::-1]
            for variant in order:
                if variant in SWITCHES and removed(variant):
                    continue
                out = subprocess.run([sys.executable, __file__, "--stage-one", stage, "--one", variant,
                                      "--project", str(project)], capture_output=True, text=True)
                if out.returncode != 0:
                    raise SystemExit(out.stderr)
                got = json.loads(out.stdout.splitlines()[-1])
                results.setdefault(f"{stage}/{variant}", []).append(got)
                print(f"round {round_ + 1}: {stage}/{variant}: {got}", flush=True)
    out = subprocess.run([sys.executable, __file__, "--stage-one", "convert", "--one", "all",
                          "--project", str(project)], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    results["convert/raw_html"] = [json.loads(out.stdout.splitlines()[-1])]
    print(f"convert: {results['convert/raw_html'][0]}", flush=True)
    return results


if __name__ == "__main__":
    main()
