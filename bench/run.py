"""The briefing benchmark: synthetic content of a given size, built stage by stage, measured.

    .venv/bin/python bench/run.py --sizes 1000 10000 50000 [--seed 1] [--out bench/RESULTS.md]

For each size N (incidents; bench/synth.py writes ~2N statements, N/10 measures and the
regions, actors and sources around them) in a temporary folder:

  a. load      read + validate + link (generator.content.load.load)
  b. generate  plan + render + write into a fresh generated folder (generator.generate.generate;
               the content is loaded first in the same process, untimed, as generate needs it)
  c. build     the whole site as `briefing build` builds it (generator.engine.build.build_site: load,
               then MkDocs with the briefing plugin, which generates the pages)
  d. plain     for comparison, plain `mkdocs build` of the very same Markdown (the pages stage c
               generated, plus docs/) without the briefing plugin: same theme, extensions, nav,
               strict validation, and the record pages kept out of the nav with `not_in_nav`
  e. search    with `search: pagefind`, what a reader downloads before the first result, in Chromium
  f. regen     one incident's narrative edited, then the pages regenerated into stage c's
               generated folder: which files were rewritten
  g. reload    `briefing serve`: its first build, then the dirty rebuild after an edit to the
               edited incident's text, then after an edit to its status

Each stage runs in a fresh Python process; its peak memory is that process's maximum
resident set size (getrusage via os.wait4, which reports the one child waited for).
Seconds are the stage's work inside the process (interpreter start and imports excluded;
the process wall time is kept in the JSON too).

With --beside N, N incidents are measured first; then the last size's build runs with N's build
run over and over beside it, one after another, and the target "the 50k build takes at most 5.5x
the 10k build" is judged against the mean of the N builds that ended within it: the machine's speed
drifts by more than the target's margin over the half hour a 50k build takes, and both sizes then
share the machine in the same minutes (each slows the other about as much: both spend most of their
time in MkDocs on one core).

Results are printed as a Markdown table and written to --out (default bench/RESULTS.md),
with the raw figures in the .json beside it. Sizes measured earlier and kept in that JSON
are shown too (a later run of the same size replaces them), so a 50k run can be added
without rerunning 10k. Text below the line `<!-- hand-written below -->` in --out is kept.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

HAND_WRITTEN = "<!-- hand-written below -->"
MB = 1024 * 1024
STAGES = ("load", "generate", "build", "plain", "search", "regen", "reload")
EDITED_NOTE = ".bench-edited"  # the record stage f edited, for stage g
SEARCHES = ("material", "pagefind")


# ---------------------------------------------------------------------------------------------
# Stages: each runs in its own process (`run.py --stage NAME --project DIR --result FILE`).
# ---------------------------------------------------------------------------------------------

def _cpu() -> float:
    """CPU seconds of this process and of the processes it started and waited for (render workers,
    the Pagefind binary)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timer(table: dict, name: str, fn):
    """fn, timed into table[name] (wall seconds) and table[name + "_cpu"] (CPU seconds, as _cpu)."""
    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), _cpu()
        try:
            return fn(*args, **kwargs)
        finally:
            table[name] = table.get(name, 0.0) + time.perf_counter() - start
            table[name + "_cpu"] = table.get(name + "_cpu", 0.0) + _cpu() - cpu
    return wrapper


class _Clock:
    """Wall and CPU seconds (as _cpu) of a block of work."""

    def __enter__(self):
        self.start, self.cpu_start = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.cpu = _cpu() - self.cpu_start


def stage_load(project: Path) -> dict:
    from generator.content.load import load
    from generator.engine.build import content_epoch

    with _Clock() as clock:
        briefing = load(project / "content")
    return {
        "seconds": clock.seconds,
        "cpu": clock.cpu,
        "records": {kind: len(briefing[kind]) for kind in briefing.records},
        "epoch": content_epoch(briefing),
    }


def stage_generate(project: Path) -> dict:
    import generator.generate as gen
    from generator.content.load import load

    briefing = load(project / "content")
    parts: dict[str, float] = {}
    for name in ("plan", "render", "export_files", "atom_feed"):
        setattr(gen, name, _timer(parts, name, getattr(gen, name)))
    # writing: the pages (stage b renders them in one process) and the 70 or so data files after them
    gen.OutputFolder.write_all = _timer(parts, "write_rendered", gen.OutputFolder.write_all)
    out = project / "generated-b"
    with _Clock() as clock:
        result = gen.generate(project / "content", out, briefing=briefing)
    return {
        "seconds": clock.seconds,
        "cpu": clock.cpu,
        "parts": parts,
        "pages": len(result.pages),
        "static": len(result.static),
        "written": result.stats.written,
    }


def stage_build(project: Path) -> dict:
    import generator.engine.build as gb
    import generator.engine.plugin as gp
    import generator.engine.search as gs

    parts: dict[str, float] = {}
    gb.load = _timer(parts, "load", gb.load)
    gp.generate = _timer(parts, "generate", gp.generate)
    gs.index_site = _timer(parts, "pagefind", gs.index_site)
    with _Clock() as clock:
        result = gb.build_site(project / "mkdocs.yml", project / "content", project / "site")
    others = ("load", "generate", "pagefind")
    parts["mkdocs"] = clock.seconds - sum(parts.get(k, 0.0) for k in others)
    parts["mkdocs_cpu"] = clock.cpu - sum(parts.get(k + "_cpu", 0.0) for k in others)
    return {"seconds": clock.seconds, "cpu": clock.cpu, "parts": parts, "pages": result.pages}


def stage_plain(project: Path, epoch: int) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.engine.search import index_site

    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # as build_site sets it
    parts: dict[str, float] = {}
    with _Clock() as clock:
        build(load_config(str(project / "mkdocs-plain.yml"), strict=True))
        if search_of(project) == "pagefind":  # a plain MkDocs site searched with Pagefind: the same indexing after it
            _timer(parts, "pagefind", index_site)(project / "site-plain")
    return {"seconds": clock.seconds, "cpu": clock.cpu, "parts": parts}


def stage_search(project: Path) -> dict:
    """With Pagefind: what a reader downloads before the first result, searched in Chromium."""
    from search_payload import DEFAULT_QUERIES, measure

    measured = measure(project / "site", DEFAULT_QUERIES)
    return {
        "queries": {
            query: {
                "message": q["message"],
                "first_result_gzip": q["first_result_payload"]["gzip"],
                "first_result_raw": q["first_result_payload"]["raw"],
                "core_gzip": q["core_payload"]["gzip"],
                "page_gzip": q["page_of_results_payload"]["gzip"],
            }
            for query, q in measured["queries"].items()
        }
    }


def stage_regen(project: Path) -> dict:
    """Regenerate as the plugin does on a rebuild (`mkdocs serve` after an edit): same settings
    from mkdocs.yml, same generated folder."""
    from mkdocs.config import load_config

    from generator.content.load import load
    from generator.generate import generate

    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["briefing"]
    start, cpu = time.perf_counter(), time.process_time()
    briefing = load(plugin.content_dir(config), future_tolerance=plugin.future_tolerance())
    loaded = time.perf_counter()
    result = generate(plugin.content_dir(config), plugin.generated_dir(config), briefing=briefing,
                      settings=plugin.settings(config), future_tolerance=plugin.future_tolerance())
    end = time.perf_counter()
    stats = result.stats
    return {"seconds": end - start, "cpu": time.process_time() - cpu,
            "load_seconds": loaded - start, "generate_seconds": end - loaded,
            "written": stats.written, "unchanged": stats.unchanged, "removed": stats.removed}


def stage_reload(project: Path) -> dict:
    """What `briefing serve` does: its first build (the preview starting, untimed), then, after the edit
    stage f made, an edit to the same incident's text (one more sentence) and the dirty rebuild MkDocs
    runs for it, then an edit to one of its fields (its status) and that rebuild. Each build loads
    mkdocs.yml again, as serve does; the briefing plugin's instance, and its session, carry over."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.content.models import STATUSES
    from generator.preview.incremental import Session

    parts: dict[str, float] = {}
    Session.generate = _timer(parts, "generate", Session.generate)

    def serve_build() -> tuple[_Clock, str, float]:
        config = load_config(str(project / "mkdocs.yml"))
        config.site_dir = str(project / "site")
        config.plugins.on_startup(command="serve", dirty=True)  # as `briefing serve` starts MkDocs
        parts.clear()
        with _Clock() as clock:
            build(config, dirty=True)
        return clock, config.plugins["briefing"].session.last_mode, parts.get("generate", 0.0)

    start, _, _ = serve_build()
    edited = Path((project / EDITED_NOTE).read_text())
    with edited.open("a", encoding="utf-8") as handle:
        handle.write("\nA second correction: the time was confirmed by the emergency services.\n")
    text, text_mode, text_generate = serve_build()
    record = edited.read_text(encoding="utf-8")
    status = re.search(r"^status: (\S+)$", record, re.M)
    other = next(value for value in STATUSES if value != status.group(1))
    edited.write_text(record[:status.start(1)] + other + record[status.end(1):], encoding="utf-8")
    field, field_mode, field_generate = serve_build()
    return {"seconds": text.seconds, "cpu": text.cpu, "parts": {"generate": text_generate}, "mode": text_mode,
            "start_seconds": start.seconds, "field_seconds": field.seconds, "field_cpu": field.cpu,
            "field_mode": field_mode, "field_generate": field_generate}


def _stage_main(args) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project = Path(args.project)
    if args.stage == "plain":
        result = stage_plain(project, args.epoch)
    else:
        result = globals()[f"stage_{args.stage}"](project)
    # This process alone, without the programs it ran (Pagefind): run_stage's figure is the larger of both.
    result["self_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(args.result).write_text(json.dumps(result))


def start_stage(stage: str, project: Path, epoch: int = 0) -> dict:
    """Start one stage in a fresh process; finish_stage waits for it."""
    result_file = project / f".stage-{stage}.json"
    log_file = project / f"stage-{stage}.log"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stage", stage, "--project", str(project),
           "--result", str(result_file), "--epoch", str(epoch)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    handle = {"stage": stage, "result_file": result_file, "log_file": log_file,
              "load_before": os.getloadavg()[0], "start": time.perf_counter()}
    with open(log_file, "w") as log:
        handle["proc"] = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=project, env=env)
    return handle


def finish_stage(handle: dict, status: int | None = None, usage=None) -> dict:
    """The stage's result, wall time and peak RSS (MB); status and usage when os.wait4 already reaped it."""
    proc = handle["proc"]
    if status is None:
        _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - handle["start"]
    if proc.returncode != 0:
        tail = handle["log_file"].read_text(errors="replace")[-4000:]
        raise SystemExit(
            f"bench: stage {handle['stage']} failed (exit {proc.returncode}); log {handle['log_file']}:\n{tail}"
        )
    result = json.loads(handle["result_file"].read_text())
    result["wall"] = wall
    # Other work on the machine: the 1-minute load average before and after (this stage adds about 1).
    result["loadavg"] = [handle["load_before"], os.getloadavg()[0]]
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    result["process_cpu"] = usage.ru_utime + usage.ru_stime  # start-up and imports included
    return result


def run_stage(stage: str, project: Path, epoch: int = 0) -> dict:
    """Run one stage in a fresh process; its result, wall time and peak RSS (MB)."""
    return finish_stage(start_stage(stage, project, epoch))


def build_beside(project: Path, other: Path) -> tuple[dict, list[dict]]:
    """Stage c of project, with stage c of the other (smaller) project run over and over beside it until
    it ends: both builds see the machine in the same minutes, whose speed drifts by more than the
    linearity target's margin over the half hour of a 50k build. The other's run that was still going
    when this one ended (partly alone) is left out."""
    main = start_stage("build", project)
    runs: list[dict] = []
    other_run = start_stage("build", other)
    try:
        while True:
            pid, status, usage = os.wait4(-1, 0)  # whichever ends first
            if pid == main["proc"].pid:
                result = finish_stage(main, status, usage)
                other_run["proc"].kill()  # partly alone from here: not kept
                other_run["proc"].wait()
                return result, runs
            if pid == other_run["proc"].pid:
                runs.append(finish_stage(other_run, status, usage))
                other_run = start_stage("build", other)
    finally:
        for handle in (main, other_run):
            if handle["proc"].returncode is None:
                handle["proc"].kill()


# ---------------------------------------------------------------------------------------------
# One size
# ---------------------------------------------------------------------------------------------

def search_of(project: Path) -> str:
    """The search the project's mkdocs.yml sets up: the briefing plugin's `search` option."""
    import yaml

    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "briefing" in plugin:
            return (plugin["briefing"] or {}).get("search", "material")
    return "material"


def _use_pagefind(config_file: Path) -> None:
    """The shipped mkdocs.yml switched to Pagefind as README's "Search" says: `search: pagefind` in
    the briefing plugin's options, Material's search plugin removed."""
    import yaml

    config = yaml.safe_load(config_file.read_text())
    plugins = []
    for plugin in config["plugins"]:
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name in ("search", "material/search"):
            continue
        if name == "briefing":
            options = {} if isinstance(plugin, str) else dict(plugin["briefing"] or {})
            plugin = {"briefing": {**options, "search": "pagefind"}}
        plugins.append(plugin)
    config["plugins"] = plugins
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


def _project(tmp: Path, incidents: int, seed: int, search: str = "material") -> tuple[Path, dict, float]:
    from synth import synthesise

    project = tmp / "project"
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    if search == "pagefind":
        _use_pagefind(project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "site_templates", project / "site_templates")
    start = time.perf_counter()
    built = synthesise(project / "content", incidents, seed)
    return project, built, time.perf_counter() - start


def not_in_nav_patterns() -> list[str]:
    """The pages the briefing plugin keeps out of the nav, as gitignore patterns: every generated
    page below an index page's folder (record pages, month pages, the pages of long listings),
    but not the index pages themselves."""
    from generator.pages.urls import INDEX_PAGES, KIND_DIRS

    folders = set(KIND_DIRS.values()) | {page.rpartition("/")[0] for page in INDEX_PAGES} - {""}
    patterns = []
    for folder in sorted(folders):
        patterns.append(f"/{folder}/**")
        if f"{folder}/index.md" in INDEX_PAGES:
            patterns.append(f"!/{folder}/index.md")
    return patterns


def _plain_project(project: Path) -> None:
    """mkdocs-plain.yml: the project's configuration without the briefing plugin, over a copy of
    docs/ and the pages stage c generated."""
    import yaml

    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["plugins"] = [p for p in config.get("plugins", [])
                         if not (p == "briefing" or (isinstance(p, dict) and "briefing" in p))]
    config["docs_dir"] = "plain-docs"
    config["site_dir"] = "site-plain"
    config["not_in_nav"] = "\n".join(not_in_nav_patterns())
    docs = project / "plain-docs"
    shutil.copytree(project / "docs", docs)
    shutil.copytree(project / "build" / "generated", docs, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".*"))
    (project / "mkdocs-plain.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


def _site_figures(site: Path) -> dict:
    total, files, html = 0, 0, []
    for dirpath, _dirs, names in os.walk(site):
        for name in names:
            path = Path(dirpath, name)
            size = path.stat().st_size
            total += size
            files += 1
            if name.endswith(".html"):
                html.append((size, str(path.relative_to(site))))
    html.sort(reverse=True)
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.is_file() else b""
    return {"bytes": total, "files": files, "html_pages": len(html), "largest_html": html[:5],
            "html_over_1mb": sum(1 for size, _ in html if size > MB),
            "search_raw": len(raw), "search_gzip": len(gzip.compress(raw, compresslevel=6, mtime=0))}


def _snapshot(folder: Path) -> dict[str, int]:
    """mtime of every generated file (the generator's marker file, rewritten on every run, left out)."""
    from generator.write import MARKER

    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file() and p.name != MARKER}


def _fastest(first: dict, again: dict) -> dict:
    """Of two runs of a stage, the faster (the one least slowed by other work on the machine), with
    every run's seconds and the higher peak memory."""
    runs = first.get("runs", [first["seconds"]]) + [again["seconds"]]
    best = dict(min(first, again, key=lambda r: r["seconds"]))
    best.update(runs=runs, peak_mb=max(first["peak_mb"], again["peak_mb"]))
    if "self_peak_mb" in first and "self_peak_mb" in again:
        best["self_peak_mb"] = max(first["self_peak_mb"], again["self_peak_mb"])
    return best


def measure(incidents: int, seed: int, keep: Path | None = None, log=print, stages_wanted=STAGES,
            search: str = "material", repeat: int = 1, beside: Path | None = None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"briefing-bench-{incidents}-", dir=keep))
    try:
        project, built, synth_seconds = _project(tmp, incidents, seed, search)
        log(f"[{incidents}] synthesised {sum(built.counts.values())} records in {synth_seconds:.1f} s; loading")
        stages = {"load": run_stage("load", project)}
        log(f"[{incidents}] load {stages['load']['seconds']:.1f} s")
        if "generate" in stages_wanted:
            stages["generate"] = run_stage("generate", project)
            log(f"[{incidents}] generate {stages['generate']['seconds']:.1f} s")
        beside_runs = None
        if beside is None:
            stages["build"] = run_stage("build", project)
        else:
            log(f"[{incidents}] build, with the builds of {beside} run beside it")
            stages["build"], beside_runs = build_beside(project, beside)
        log(f"[{incidents}] build {stages['build']['seconds']:.1f} s")
        if "plain" in stages_wanted:
            _plain_project(project)
            stages["plain"] = run_stage("plain", project, epoch=stages["load"]["epoch"])
            log(f"[{incidents}] plain {stages['plain']['seconds']:.1f} s")
        for _ in range(repeat - 1):  # c and d again, alternating; each keeps its fastest run
            for stage in ("build", "plain") if "plain" in stages else ("build",):
                stages[stage] = _fastest(stages[stage], run_stage(stage, project, epoch=stages["load"]["epoch"]))
                log(f"[{incidents}] {stage} again {stages[stage]['runs'][-1]:.1f} s")
        if "search" in stages_wanted and search == "pagefind":
            stages["search"] = run_stage("search", project)
            log(f"[{incidents}] search payload measured")

        generated = project / "build" / "generated"
        if "regen" in stages_wanted:
            # Incremental: edit one incident's narrative (a correction), regenerate.
            edited = built.incident_paths[len(built.incident_paths) // 2]
            edited_id = edited.stem
            mention = re.compile(rf"(?<![a-z0-9-]){re.escape(edited_id)}(?![a-z0-9-])")
            showing = sorted(str(p.relative_to(generated)) for p in generated.rglob("*")
                             if p.is_file() and mention.search(p.read_text(encoding="utf-8", errors="replace")))
            before = _snapshot(generated)
            time.sleep(0.01)
            with edited.open("a", encoding="utf-8") as handle:
                handle.write("\nCorrection: the regional authorities later gave a different time for the incident.\n")
            (project / EDITED_NOTE).write_text(str(edited))
            stages["regen"] = run_stage("regen", project)
            after = _snapshot(generated)
            rewritten = sorted(path for path, mtime in after.items() if before.get(path) != mtime)
            stages["regen"].update({"edited": str(edited.relative_to(project)), "rewritten": rewritten,
                                    "showing": len(showing),
                                    "rewritten_not_showing": [p for p in rewritten if p not in showing]})
            log(f"[{incidents}] regen rewrote {len(rewritten)} files")

        site = _site_figures(project / "site")
        plain_site = _site_figures(project / "site-plain") if "plain" in stages else None
        if "reload" in stages_wanted and "regen" in stages:
            # Last: a dirty rebuild leaves a partial lunr index in the site (Pagefind's is kept whole).
            stages["reload"] = run_stage("reload", project)
            log(f"[{incidents}] serve's reload {stages['reload']['seconds']:.1f} s")
        md_pages = sum(1 for p in generated.rglob("*.md"))
        extra = {} if beside_runs is None else {"beside": {"runs": [
            {key: run[key] for key in ("seconds", "cpu", "peak_mb", "wall")} for run in beside_runs]}}
        return {
            **extra,
            "project": str(project),
            "incidents": incidents,
            "seed": seed,
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "search": search,
            "records": stages["load"]["records"],
            "synth_seconds": synth_seconds,
            "stages": stages,
            "generated_pages": stages["build"]["pages"],
            "generated_md": md_pages,
            "site": site,
            "plain_site": plain_site,
            "machine": machine(),
        }
    finally:
        if keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    from importlib.metadata import version

    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": memory, "python": platform.python_version(),
            "mkdocs": version("mkdocs"), "material": version("mkdocs-material"), "platform": platform.platform()}


def derived(r: dict) -> dict:
    s = r["stages"]
    build = s["build"]
    generator = build["parts"].get("load", 0.0) + build["parts"].get("generate", 0.0)
    generator_cpu = build["parts"].get("load_cpu", 0.0) + build["parts"].get("generate_cpu", 0.0)
    plain = s.get("plain")
    return {
        "whole": build["seconds"],
        "whole_cpu": build["cpu"],
        "generator_in_build": generator,
        "generator_in_build_cpu": generator_cpu,
        "generator_share": 100 * generator / build["seconds"],
        "generator_share_cpu": 100 * generator_cpu / build["cpu"],
        "ratio": build["seconds"] / plain["seconds"] if plain else None,
        "ratio_cpu": build["cpu"] / plain["cpu"] if plain else None,
        # The search stage is Chromium reading the site, not the build.
        "peak_mb": max(stage["peak_mb"] for name, stage in s.items() if name != "search"),
        "records": sum(r["records"].values()),
    }


def build_peak(r: dict) -> tuple[float, float]:
    """The peak of our stages, MB: the build with what it runs (Pagefind), its parts, the regeneration and
    the preview (not d, plain MkDocs, nor e, Chromium); and the build's own process's peak."""
    s = r["stages"]
    peak = max(stage["peak_mb"] for name, stage in s.items() if name not in ("plain", "search"))
    return peak, s["build"].get("self_peak_mb", s["build"]["peak_mb"])


def search_payload(r: dict) -> tuple[str, float, str] | None:
    """What a reader downloads before the first search result: (what, gzip bytes, detail)."""
    if r.get("search", "material") == "pagefind":
        if "search" not in r["stages"]:
            return None
        queries = r["stages"]["search"]["queries"]
        worst = max(queries, key=lambda q: queries[q]["first_result_gzip"])
        return ("Pagefind", queries[worst]["first_result_gzip"],
                f"the most of {len(queries)} queries (`{worst}`); core without the UI "
                f"{queries[worst]['core_gzip'] / 1024:,.0f} KB")
    return ("Material's search_index.json", r["site"]["search_gzip"], f"{r['site']['search_raw'] / MB:.1f} MB raw")


def _cell(fn, result: dict) -> str:
    """A table cell; a stage this run left out (--stages) shows as a dash."""
    try:
        return fn(result)
    except (KeyError, TypeError):
        return "—"


def _n(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def table(results: list[dict]) -> str:
    sizes = [r["incidents"] for r in results]
    rows: list[tuple[str, list[str]]] = []

    def row(label, fn):
        rows.append((label, [_cell(fn, r) for r in results]))

    row("records (region / actor / source)", lambda r: " / ".join(
        f"{r['records'][k]:,}" for k in ("region", "actor", "source")))
    row("records (incident / statement / measure)", lambda r: " / ".join(
        f"{r['records'][k]:,}" for k in ("incident", "statement", "measure")))
    row("records, total", lambda r: f"{sum(r['records'].values()):,}")
    row("search (the briefing plugin's `search`)", lambda r: r.get("search", "material"))
    row("generated pages (Markdown)", lambda r: f"{r['generated_pages']:,}")
    row("HTML pages in the site", lambda r: f"{r['site']['html_pages']:,}")
    labels = {
        "load": "a. read+validate+link",
        "generate": "b. plan+render+write",
        "build": "c. whole build (`briefing build`)",
        "plain": "d. plain `mkdocs build`, same pages",
    }
    for stage, label in labels.items():
        row(
            f"{label}: s (CPU s)",
            lambda r, st=stage: f"{_n(r['stages'][st]['seconds'])} ({_n(r['stages'][st]['cpu'])})",
        )
        row(f"{label}: peak RSS MB", lambda r, st=stage: _n(r["stages"][st]["peak_mb"], 0))
        if stage in ("build", "plain"):  # the programs a stage runs (Pagefind) are in the figure above
            row(f"{label}: peak RSS of its Python process alone, MB", lambda r, st=stage: (
                _n(r["stages"][st]["self_peak_mb"], 0) if "self_peak_mb" in r["stages"][st] else "not measured"))
    row(
        "b. split: plan / render / exports+feed / write, s",
        lambda r: (
            " / ".join(_n(r["stages"]["generate"]["parts"].get(k, 0.0)) for k in ("plan", "render"))
            + " / "
            + _n(
                r["stages"]["generate"]["parts"].get("export_files", 0.0)
                + r["stages"]["generate"]["parts"].get("atom_feed", 0.0)
            )
            + " / "
            + _n(
                r["stages"]["generate"]["parts"].get(  # write_pages: runs before stop 17
                    "write_rendered", r["stages"]["generate"]["parts"].get("write_pages", 0.0)
                )
            )
        ),
    )
    row("c. split: load / generate / MkDocs / Pagefind, s", lambda r: " / ".join(
        _n(r["stages"]["build"]["parts"].get(k, 0.0)) for k in ("load", "generate", "mkdocs", "pagefind")))
    row("c. split: load / generate / MkDocs / Pagefind, CPU s", lambda r: " / ".join(
        _n(r["stages"]["build"]["parts"].get(k + "_cpu", 0.0)) for k in ("load", "generate", "mkdocs", "pagefind")))
    row("d. split: MkDocs / Pagefind, s", lambda r: _n(r["stages"]["plain"]["seconds"] - r["stages"]["plain"].get(
        "parts", {}).get("pagefind", 0.0)) + " / " + _n(r["stages"]["plain"].get("parts", {}).get("pagefind", 0.0)))
    row("c / d: seconds of every run (the fastest is shown)", lambda r: "; ".join(
        " / ".join(_n(x) for x in r["stages"][st]["runs"]) for st in ("build", "plain")))
    row("c. built with another size's builds run beside it (`--beside`): their s, one after another", lambda r: (
        f"{r['beside']['incidents']:,}: " + " / ".join(_n(x["seconds"]) for x in r["beside"]["runs"])
        if "beside" in r else "no (alone)"))
    row("machine load (1-min average) before → after c; d", lambda r: "; ".join(
        "{:.1f} → {:.1f}".format(*r["stages"][st]["loadavg"]) for st in ("build", "plain")))
    row("**whole build, s (CPU s)**", lambda r: f'{_n(derived(r)["whole"])} ({_n(derived(r)["whole_cpu"])})')
    row(
        "**ratio whole / plain MkDocs** (on CPU s)",
        lambda r: f"{derived(r)['ratio']:.2f}× ({derived(r)['ratio_cpu']:.2f}×)",
    )
    row("**generator share of the whole build** (on CPU s)",
        lambda r: f"{derived(r)['generator_share']:.1f} % ({derived(r)['generator_share_cpu']:.1f} %)")
    row("peak RSS of any stage, MB", lambda r: _n(derived(r)["peak_mb"], 0))
    row("site on disk, MB", lambda r: _n(r["site"]["bytes"] / MB))
    row("files in the site", lambda r: f"{r['site']['files']:,}")
    row(
        "largest page HTML, KB",
        lambda r: f"{r['site']['largest_html'][0][0] / 1024:,.0f} ({r['site']['largest_html'][0][1]})",
    )
    row("pages over 1 MB", lambda r: str(r["site"]["html_over_1mb"]))
    row("search payload before the first result, gzip KB", lambda r: (
        f"{search_payload(r)[1] / 1024:,.0f} ({search_payload(r)[0]})" if search_payload(r) else "not measured"))
    row("incremental: files rewritten (of generated)", lambda r: (
        f"{r['stages']['regen']['written']} of {r['stages']['regen']['written'] + r['stages']['regen']['unchanged']}"))
    row(
        "incremental: rewritten files not showing the record",
        lambda r: str(len(r["stages"]["regen"]["rewritten_not_showing"])),
    )
    row("incremental: regenerate (load + generate), s", lambda r: f"{_n(r['stages']['regen']['seconds'])} "
        f"({_n(r['stages']['regen']['load_seconds'])} + {_n(r['stages']['regen']['generate_seconds'])})")
    row(
        "`briefing serve` reload after an edit to the text, s (CPU s)",
        lambda r: (
            f"{_n(r['stages']['reload']['seconds'])} ({_n(r['stages']['reload']['cpu'])})"
            if "reload" in r["stages"]
            else "not measured"
        ),
    )
    row("… of which the generator, s", lambda r: (
        _n(r["stages"]["reload"]["parts"]["generate"]) if "reload" in r["stages"] else "not measured"))
    row("`briefing serve` reload after an edit to a field (status), s (CPU s)", lambda r: (
        f"{_n(r['stages']['reload']['field_seconds'])} ({_n(r['stages']['reload']['field_cpu'])})"
        if "field_seconds" in r["stages"].get("reload", {}) else "not measured"))
    row(
        "`briefing serve`'s first build (the preview starting), s",
        lambda r: (
            _n(r["stages"]["reload"]["start_seconds"])
            if "start_seconds" in r["stages"].get("reload", {})
            else "not measured"
        ),
    )
    row("synthesising the content, s", lambda r: _n(r["synth_seconds"]))

    head = "| incidents | " + " | ".join(f"{n:,}" for n in sizes) + " |\n"
    head += "|---|" + "---:|" * len(sizes) + "\n"
    return head + "".join(f"| {label} | " + " | ".join(cells) + " |\n" for label, cells in rows)


def _by_size(results: list[dict], n: int) -> dict | None:
    return next((r for r in results if r["incidents"] == n), None)


def targets(results: list[dict]) -> str:  # noqa: C901 -- one row a target, in the order of the report
    lines = ["| target | status | figure |", "|---|---|---|"]
    ten = _by_size(results, 10000)
    fifty = _by_size(results, 50000)

    def status(ok: bool) -> str:
        return "met" if ok else "**not met**"

    if ten:
        d = derived(ten)
        lines.append(
            f"| generator ≤ 10 % of the whole build at 10k incidents + {ten['records']['statement']:,} statements "
            f"| {status(d['generator_share'] <= 10)} | {d['generator_share']:.1f} % "
            f"({_n(d['generator_in_build'])} s of {_n(d['whole'])} s; on CPU time {d['generator_share_cpu']:.1f} %) |"
        )
        if d["ratio"] is None:  # a run of some stages only
            lines.append("| whole build ≤ 1.15× plain MkDocs at 10k | not measured (no stage d) | |")
        else:
            lines.append(
                f"| whole build ≤ 1.15× plain MkDocs at 10k | {status(d['ratio'] <= 1.15)} | {d['ratio']:.2f}× "
                f"({_n(d['whole'])} s vs {_n(ten['stages']['plain']['seconds'])} s; "
                f"on CPU time {d['ratio_cpu']:.2f}×) |"
            )
    else:
        lines.append("| generator ≤ 10 % of the whole build at 10k | not measured yet | |")
        lines.append("| whole build ≤ 1.15× plain MkDocs at 10k | not measured yet | |")
    # A 50k is judged against 10k builds run beside it (the same minutes) when it has them, else against the
    # 10k build of its own run: the machine's speed drifts between runs, and within one, by more than the margin.
    pair = fifty.get("same_run", {}).get("10000") if fifty else None
    beside = fifty.get("beside") if fifty else None
    if beside and (beside.get("incidents") != 10000 or not beside["runs"]):
        beside = None
    if ten and fifty:
        if beside:
            runs = beside["runs"]
            base = {
                "seconds": sum(r["seconds"] for r in runs) / len(runs),
                "cpu": sum(r["cpu"] for r in runs) / len(runs),
            }
            spread = f"{_n(min(r['seconds'] for r in runs))}–{_n(max(r['seconds'] for r in runs))} s"
            against = (f"against the mean of {len(runs)} 10k builds run beside it, one after another, in the same "
                       f"minutes: {_n(base['seconds'])} s ({spread})")
        else:
            base = pair or {"seconds": derived(ten)["whole"], "cpu": derived(ten)["whole_cpu"]}
            against = (f"against the 10k build of the same run, {_n(base['seconds'])} s" if pair
                       else "10k and 50k from separate runs")
        scale = derived(fifty)["whole"] / base["seconds"]
        scale_cpu = derived(fifty)["whole_cpu"] / base["cpu"]
        lines.append(f"| 50k build ≤ 5.5× the 10k build | {status(max(scale, scale_cpu) <= 5.5)} | {scale:.2f}× "
                     f"(on CPU time {scale_cpu:.2f}×; {against}) |")
    else:
        lines.append("| 50k build ≤ 5.5× the 10k build | not measured yet | |")
    if ten:
        peak, own = build_peak(ten)
        lines.append(f"| peak memory < 2 GB at 10k | {status(peak < 2048)} | {peak:,.0f} MB, the largest of our stages "
                     f"(a, b, c with Pagefind, f, g); `briefing build`'s own process {own:,.0f} MB |")
    else:
        lines.append("| peak memory < 2 GB at 10k | not measured yet | |")
    if ten and fifty:
        peak, own = build_peak(fifty)
        grew = peak / (pair["peak_mb"] if pair else build_peak(ten)[0])
        records = derived(fifty)["records"] / derived(ten)["records"]
        lines.append(
            f"| memory grows linearly, 10k → 50k (per record ≤ 10 % above) | {status(grew <= 1.1 * records)} | "
            f"{grew:.2f}× for {records:.2f}× the records ({peak:,.0f} MB at 50k, its own "
            f"process {own:,.0f} MB) |"
        )
    else:
        lines.append("| memory grows linearly, 10k → 50k | not measured yet | |")
    over = [(r["incidents"], r["site"]["html_over_1mb"], r["site"]["largest_html"][0]) for r in results]
    worst = max(over, key=lambda item: item[2][0])
    lines.append(f"| no page HTML over 1 MB | {status(all(o[1] == 0 for o in over))} | "
                 + "; ".join(f"{n:,}: {count} over 1 MB" for n, count, _ in over)
                 + f"; largest {worst[2][0] / MB:.1f} MB ({worst[2][1]} at {worst[0]:,}) |")
    regens = [r for r in results if "regen" in r["stages"]]
    regen_ok = all(not r["stages"]["regen"]["rewritten_not_showing"] for r in regens)
    lines.append(f"| incremental rebuild rewrites only the pages that show the edited record | "
                 f"{status(regen_ok) if regens else 'not measured yet'} | "
                 + "; ".join(f"{r['incidents']:,}: {r['stages']['regen']['written']} rewritten, "
                             f"{len(r['stages']['regen']['rewritten_not_showing'])} of them not showing it "
                             f"({r['stages']['regen']['showing']} files mention it)" for r in regens) + " |")
    if ten and "reload" in ten["stages"]:
        reload = ten["stages"]["reload"]
        field = ""
        if "field_seconds" in reload:
            how = {"fields": "renders only the pages it changes", "whole": "reruns the whole pipeline"}.get(
                reload["field_mode"], reload["field_mode"])
            field = (f"; an edit to a field (status), which {how}: {_n(reload['field_seconds'])} s "
                     f"(CPU {_n(reload['field_cpu'])} s), of which the generator {_n(reload['field_generate'])} s")
        verdict = status(reload["seconds"] < 5 and reload.get("field_seconds", 0.0) < 5)
        if reload["seconds"] < 5 and reload.get("field_seconds", 0.0) >= 5:
            verdict = "met for an edit to a text; **not met** for an edit to a field"
        elif verdict == "met":  # stage g makes these two edits only; bench/serve_edits.py makes the others
            verdict = "met for the edits stage g makes (a text, a status); a date or a region: see the findings"
        figure = (f"in one process (stage g), an edit to a record's text: {_n(reload['seconds'])} s (CPU "
                  f"{_n(reload['cpu'])} s), of which the generator {_n(reload['parts'].get('generate', 0.0))} s{field}")
        live = ten.get("serve_live")
        if live:  # a real `briefing serve`, saving to reload (bench/serve_live.py): what a journalist waits for
            by_edit: dict[str, list[float]] = {}
            for timed in live["edits"]:
                by_edit.setdefault(timed["edit"], []).append(timed["seconds"])
            over = sorted(edit for edit, seconds in by_edit.items() if max(seconds) >= 5)
            verdict = (
                status(not over)
                if not over
                else f"**not met** in a real `briefing serve` for an edit to {', '.join(over)}"
                + (f"; met for {', '.join(sorted(by_edit.keys() - set(over)))}" if by_edit.keys() - set(over) else "")
            )
            figure = (f"a real `briefing serve` at {live['commit']}, saving to reload: " + "; ".join(
                f"{edit} {_n(min(seconds))}–{_n(max(seconds))} s" for edit, seconds in by_edit.items())
                + f" ({len(live['edits'])} edits, bench/serve_live.py); " + figure)
        lines.append(f"| `briefing serve` reloads an edit in under 5 s at 10k | {verdict} | {figure} |")
    else:
        lines.append("| `briefing serve` reloads an edit in under 5 s at 10k | not measured yet | |")
    if ten and search_payload(ten):
        what, gz, detail = search_payload(ten)
        lines.append(f"| search payload ≤ 1.5 MB compressed at 10k | {status(gz / MB <= 1.5)} | {gz / MB:.2f} MB gzip, "
                     f"{what} ({detail}) |")
    else:
        lines.append("| search payload ≤ 1.5 MB compressed at 10k | not measured yet | |")
    return "\n".join(lines) + "\n"


def report(results: list[dict], command: str) -> str:
    m = results[-1]["machine"]
    parts = [
        "# Benchmark results\n",
        "Written by `bench/run.py` (see bench/README.md); the figures above the hand-written line are "
        "replaced on every run.\n",
        f"- **Command**: `{command}`" if " ; " not in command else
        "- **Commands**: " + ", ".join(f"`{c}`" for c in command.split(" ; ")),
        "- **Dates**: " + ", ".join(f"{r['incidents']:,} incidents on {r['date']}" for r in results),
        f"- **Machine**: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} memory, {m['platform']}",
        f"- **Software**: Python {m['python']}, MkDocs {m['mkdocs']}, mkdocs-material {m['material']}",
        "- **Content**: `bench/synth.py`, seed " + ", ".join(sorted({str(r['seed']) for r in results})) + "\n",
        "Seconds are the work inside each stage's own process (start-up and imports excluded), wall clock, "
        "with that work's CPU seconds in brackets: the machine may be shared, and CPU time is the steadier figure "
        "when other jobs run, but it adds up the work of every core: the render workers use the core MkDocs "
        "(one thread) leaves idle, so CPU seconds overstate what the generator costs a build. Targets are "
        "judged on wall seconds, with the CPU figure beside them. Peak RSS is "
        "that process's maximum resident set. Stage b loads the content first (untimed, but in its memory). "
        "The ratio is c / d; the generator share is the time `briefing build` spends in load and generate, "
        "over c (Pagefind's indexing, when `search` is `pagefind`, is in c and, run the same way over the plain "
        "site, in d). Search payload: with Material's search, `search/search_index.json`, which its lunr "
        "search downloads whole before the first result, gzip -6; with Pagefind, every file a fresh "
        "Chromium fetches from the click on the search button to the first result shown "
        "(bench/search_payload.py), gzip -6 where that is smaller.\n",
        table(results),
        "## Targets (issue 5)\n",
        targets(results),
        "## Largest pages\n",
    ]
    for r in results:
        parts.append(f"- {r['incidents']:,} incidents: " + ", ".join(
            f"`{path}` {size / 1024:,.0f} KB" for size, path in r["site"]["largest_html"]))
    parts.append("")
    parts.append("## Incremental rebuild: files rewritten\n")
    for r in (r for r in results if "regen" in r["stages"]):
        regen = r["stages"]["regen"]
        shown = ", ".join(f"`{p}`" for p in regen["rewritten"][:25]) + (" …" if len(regen["rewritten"]) > 25 else "")
        parts.append(f"- {r['incidents']:,} incidents, edited `{regen['edited']}` (narrative): {shown}")
    parts.append("")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the briefing build on synthetic content.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000], help="numbers of incidents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--fresh", action="store_true", help="forget the sizes measured earlier in --out's .json")
    parser.add_argument("--keep", type=Path, default=None, help="keep each size's project folder under this folder")
    parser.add_argument("--stages", nargs="+", choices=STAGES, default=list(STAGES),
                        help="stages to run (load and build always run); the targets need them all")
    parser.add_argument("--search", choices=SEARCHES, default="material",
                        help="the site's search: the shipped mkdocs.yml's (material), or switched to pagefind")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run c and d this many times, alternating, and keep each one's fastest run (noise)")
    parser.add_argument("--beside", type=int, default=None, metavar="N",
                        help="measure N incidents first, then build the last of --sizes with N's build run over "
                             "and over beside it: the 50k/10k ratio taken in the same minutes (machine drift)")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: write --out again from the figures in its .json")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--project", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--epoch", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        return _stage_main(args)

    json_path = args.out.with_suffix(".json")
    previous = [] if args.fresh or not json_path.is_file() else json.loads(json_path.read_text())
    results = {r["incidents"]: r for r in previous}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    command = "python bench/run.py " + " ".join(
        a if not a.startswith("/") else os.path.relpath(a) for a in (argv if argv is not None else sys.argv[1:]))
    if args.report_only:
        if not results:
            raise SystemExit(f"bench: no figures in {json_path}; run some sizes first")
        ordered = [results[k] for k in sorted(results)]
        _write_report(args.out, ordered, " ; ".join(dict.fromkeys(r.get("command", command) for r in ordered)))
        print(table(ordered))
        return
    def save() -> None:
        ordered = [results[k] for k in sorted(results)]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(ordered, indent=1, sort_keys=True) + "\n")
        _write_report(args.out, ordered, " ; ".join(dict.fromkeys(r.get("command", command) for r in ordered)))

    sizes = list(args.sizes)
    holder = None  # where the --beside size's project is kept until the last size's build is done
    if args.beside is not None:
        sizes = [args.beside] + [n for n in sizes if n != args.beside]
        holder = args.keep or Path(tempfile.mkdtemp(prefix="briefing-bench-beside-"))
    fresh = []
    projects: dict[int, Path] = {}
    try:
        for n in sizes:
            beside = projects.get(args.beside) if n == sizes[-1] and n != args.beside else None
            fresh.append(measure(n, args.seed, holder if n == args.beside else args.keep,
                                 log=lambda msg: print(msg, file=sys.stderr, flush=True),
                                 stages_wanted=args.stages, search=args.search, repeat=args.repeat, beside=beside))
            projects[n] = Path(fresh[-1].pop("project"))
            if beside is not None:
                fresh[-1]["beside"]["incidents"] = args.beside
            fresh[-1]["command"] = command
            results[n] = fresh[-1]
            save()  # after each size: a long run stopped part-way keeps what it measured
    finally:
        if holder is not None and args.keep is None:
            shutil.rmtree(holder, ignore_errors=True)
    if len(fresh) > 1:  # each size keeps the builds of the others measured in the same run, for the ratios
        for r in fresh:
            r["same_run"] = {str(o["incidents"]): {"seconds": o["stages"]["build"]["seconds"],
                                                   "cpu": o["stages"]["build"]["cpu"], "peak_mb": build_peak(o)[0]}
                             for o in fresh if o is not r}
        save()
    print(table(fresh))


def _write_report(out: Path, ordered: list[dict], command: str) -> None:
    kept = ""
    if out.is_file() and HAND_WRITTEN in out.read_text():
        kept = out.read_text().split(HAND_WRITTEN, 1)[1]
    out.write_text(report(ordered, command) + HAND_WRITTEN + (kept or "\n"))


if __name__ == "__main__":
    main()
