"""The benchmark (bench/) still runs: synthetic content is valid and deterministic, and a small
run of bench/run.py completes with sane figures. No timing is asserted: this machine's speed
is not the code's."""

from __future__ import annotations

import copy
import datetime as _datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generator.content.load import load  # noqa: E402

import synth  # noqa: E402

# Every stage at a small size (46 s at 100 incidents on a shared machine), and the stages of the
# build itself at 1,000, the size the issue names (load, build, regenerate: ~1.5 min; the
# comparison build, serve's reload and the separate generate stage would double it).
SMOKE_SIZE = 100
STAGED_SIZE = 1000


def target_rows(targets: str) -> dict[str, tuple[str, str]]:
    """bench/run.py's targets table as {target: (status, figure)}, so a test checks the verdict and the
    figure it computes from the results rather than a copy of the whole row."""
    rows = {}
    for line in targets.splitlines()[2:]:
        target, status, *figure = (cell.strip() for cell in line.strip().strip("|").split("|"))
        rows[target] = (status, "|".join(figure).strip())
    return rows


def target(rows: dict[str, tuple[str, str]], start: str) -> tuple[str, str]:
    (found,) = [value for name, value in rows.items() if name.startswith(start)]
    return found


def table_cells(report: str, label: str) -> list[str]:
    """The cells of one row of the report's results table, found by its label."""
    (line,) = [line for line in report.splitlines() if line.startswith(f"| {label} |")]
    return [cell.strip() for cell in line.strip().strip("|").split("|")][1:]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synthetic_content_is_valid_and_the_same_for_the_same_seed(tmp_path):
    first = synth.synthesise(tmp_path / "a", 60, seed=7)
    synth.synthesise(tmp_path / "b", 60, seed=7)
    synth.synthesise(tmp_path / "c", 60, seed=8)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")

    briefing = load(tmp_path / "a", today=synth.END + _datetime.timedelta(days=1))
    counts = {kind: len(briefing[kind]) for kind in briefing.records}
    assert counts["incident"] == 60 and counts["statement"] == 120
    assert counts["region"] > 100 and counts["actor"] >= 40 and counts["source"] >= 20 and counts["measure"] >= 6
    assert first.counts["incidents"] == 60
    statements = briefing["statement"].values()
    assert any(s.model.responds_to for s in statements) and any(s.model.anonymous for s in statements)
    assert any(s.model.language == "ru" and s.model.original for s in statements)
    assert {m.model.kind for m in briefing["measure"].values()} >= {"connectivity", "movement", "information"}
    # Incidents sit in content/incidents/YYYY/MM/.
    assert all(len(p.relative_to(tmp_path / "a" / "incidents").parts) == 3 for p in first.incident_paths)


@pytest.mark.bench
def test_benchmark_runs_and_reports_sane_figures(tmp_path):
    out = tmp_path / "RESULTS.md"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", str(SMOKE_SIZE), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "| incidents |" in run.stdout

    [result] = json.loads(out.with_suffix(".json").read_text())
    records = sum(result["records"].values())
    assert result["incidents"] == SMOKE_SIZE and records > 0
    assert result["generated_pages"] > records
    assert result["site"]["html_pages"] > records
    for stage in ("load", "generate", "build", "plain", "regen", "reload"):
        assert result["stages"][stage]["seconds"] > 0, stage
        assert result["stages"][stage]["peak_mb"] > 0, stage
    build, plain = result["stages"]["build"], result["stages"]["plain"]
    assert 0 < build["parts"]["load"] + build["parts"]["generate"] < build["seconds"]
    site = result["site"]
    assert site["bytes"] > 0 and site["files"] > 0 and site["largest_html"][0][0] > 0
    assert site["search_raw"] > site["search_gzip"] > 0
    # The same Markdown built without the plugin gives the same pages.
    assert result["plain_site"]["html_pages"] == site["html_pages"]
    regen = result["stages"]["regen"]
    assert 0 < regen["written"] < regen["written"] + regen["unchanged"]
    assert any(path.startswith("incidents/") for path in regen["rewritten"])
    # serve: an edit to the text re-renders only what shows it, an edit to a field what it changes
    reload = result["stages"]["reload"]
    assert reload["mode"] == "bodies" and reload["field_mode"] == "fields"
    assert 0 < reload["parts"]["generate"] < reload["seconds"] and reload["field_seconds"] > 0

    report = out.read_text()
    # The report's ratio is the one of the figures measured, not a number of its own.
    assert table_cells(report, "**ratio whole / plain MkDocs** (on CPU s)") == [
        f"{build['seconds'] / plain['seconds']:.2f}× ({build['cpu'] / plain['cpu']:.2f}×)"]
    assert "## Targets" in report and "not measured yet" in report  # no 10k in a smoke run
    assert "Machine" in report and "MkDocs" in report and "Command" in report


@pytest.mark.bench
def test_benchmark_runs_at_1000_incidents(tmp_path):
    out = tmp_path / "RESULTS.md"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--sizes",
            str(STAGED_SIZE),
            "--out",
            str(out),
            "--stages",
            "load",
            "build",
            "regen",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    [result] = json.loads(out.with_suffix(".json").read_text())
    assert result["records"]["incident"] == STAGED_SIZE and set(result["stages"]) == {"load", "build", "regen"}
    assert result["site"]["html_pages"] > sum(result["records"].values())
    assert 0 < result["stages"]["build"]["parts"]["generate"] < result["stages"]["build"]["seconds"]
    assert result["stages"]["regen"]["rewritten"] and not result["stages"]["regen"]["rewritten_not_showing"]
    report = out.read_text()
    assert table_cells(report, "a. read+validate+link: s (CPU s)") != ["—"]
    assert table_cells(report, "d. plain `mkdocs build`, same pages: s (CPU s)") == ["—"]  # a stage left out

    # The targets of a 10k and a 50k measured in one run (figures borrowed from this one): the 50k build
    # is judged against the 10k build of its own run, and the stages not run are said to be missing.
    import run as bench_run

    ten, fifty = copy.deepcopy(result), copy.deepcopy(result)
    ten["incidents"], fifty["incidents"] = 10000, 50000
    fifty["records"] = {kind: 5 * n for kind, n in fifty["records"].items()}
    build = fifty["stages"]["build"]
    fifty["same_run"] = {"10000": {"seconds": build["seconds"] / 5, "cpu": build["cpu"] / 4,
                                   "peak_mb": bench_run.build_peak(fifty)[0] / 2}}
    pair = fifty["same_run"]["10000"]
    rows = target_rows(bench_run.targets([ten, fifty]))
    status, figure = target(rows, "50k build")
    scale, scale_cpu = build["seconds"] / pair["seconds"], build["cpu"] / pair["cpu"]
    assert status == "met"
    assert figure.startswith(f"{scale:.2f}× (on CPU time {scale_cpu:.2f}×; against the 10k build of the same run")
    status, figure = target(rows, "memory grows linearly")
    assert status == "met" and figure.startswith(f"{bench_run.build_peak(fifty)[0] / pair['peak_mb']:.2f}×")
    assert target(rows, "whole build")[0].startswith("not measured")  # no stage d in this run
    peak = bench_run.build_peak(ten)[0]
    assert target(rows, "peak memory")[0] == ("met" if peak < 2048 else "**not met**")
    # The verdicts turn when the figures cross their limits.
    pair["seconds"], pair["cpu"], pair["peak_mb"] = (
        build["seconds"] / 6,
        build["cpu"] / 6,
        bench_run.build_peak(fifty)[0] / 6,
    )
    rows = target_rows(bench_run.targets([ten, fifty]))
    assert target(rows, "50k build")[0] == "**not met**"
    assert target(rows, "memory grows linearly")[0] == "**not met**"


@pytest.mark.bench
def test_benchmark_with_pagefind_measures_the_search_payload_in_chromium(tmp_path):
    out = tmp_path / "RESULTS.md"
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", str(SMOKE_SIZE), "--out", str(out),
                          "--search", "pagefind", "--stages", "load", "build", "plain", "search"],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    [result] = json.loads(out.with_suffix(".json").read_text())
    assert result["search"] == "pagefind" and result["site"]["search_raw"] == 0  # no lunr index
    build, plain = result["stages"]["build"], result["stages"]["plain"]
    # Pagefind indexes both sites, and is timed apart from MkDocs.
    assert 0 < build["parts"]["pagefind"] < build["seconds"] and 0 < plain["parts"]["pagefind"] < plain["seconds"]
    queries = result["stages"]["search"]["queries"]
    assert set(queries) == {"drone", "circumstantial", "косвенными"}
    for query, figures in queries.items():
        assert "result" in figures["message"], query  # "N results for …"
        assert 0 < figures["core_gzip"] <= figures["first_result_gzip"] <= figures["page_gzip"], query
    report = out.read_text()
    assert "| search (the briefing plugin's `search`) | pagefind |" in report
    assert "(Pagefind) |" in report


@pytest.mark.bench
def test_benchmark_builds_a_size_with_a_smaller_one_run_beside_it(tmp_path):
    """--beside: the smaller size's build runs over and over while the larger one builds, so the ratio of
    the two is taken in the same minutes; the larger size's target row is judged against them."""
    out, keep = tmp_path / "RESULTS.md", tmp_path / "projects"
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "300", "--beside", "20",
                          "--stages", "load", "build", "--out", str(out), "--keep", str(keep)],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    small, large = json.loads(out.with_suffix(".json").read_text())
    assert (small["incidents"], large["incidents"]) == (20, 300) and "beside" not in small
    runs = large["beside"]["runs"]
    assert large["beside"]["incidents"] == 20 and runs  # a 20-incident build is a fraction of a 300 one
    # Only runs that ended while the larger build went on are kept, one after another.
    assert sum(r["wall"] for r in runs) <= large["stages"]["build"]["wall"]
    assert all(r["seconds"] > 0 and r["peak_mb"] > 0 for r in runs)
    assert "| c. built with another size's builds run beside it (`--beside`)" in out.read_text()
    assert "project" not in large and len(list(keep.glob("briefing-bench-*"))) == 2

    import run as bench_run

    ten, fifty = copy.deepcopy(small), copy.deepcopy(large)
    ten["incidents"], fifty["incidents"], fifty["beside"]["incidents"] = 10000, 50000, 10000
    build = fifty["stages"]["build"]
    fifty["beside"]["runs"] = [{"seconds": build["seconds"] / 4, "cpu": build["cpu"] / 4, "peak_mb": 1, "wall": 1},
                               {"seconds": build["seconds"] / 6, "cpu": build["cpu"] / 6, "peak_mb": 1, "wall": 1}]
    mean = sum(r["seconds"] for r in fifty["beside"]["runs"]) / 2
    status, figure = target(target_rows(bench_run.targets([ten, fifty])), "50k build")
    assert status == ("met" if build["seconds"] / mean <= 5.5 else "**not met**")
    assert figure.startswith(
        f"{build['seconds'] / mean:.2f}× (on CPU time {build['cpu'] * 2 / (build['cpu'] / 4 + build['cpu'] / 6):.2f}×; "
        "against the mean of 2 10k builds run beside it"
    )


def test_the_reload_target_is_judged_on_a_real_serve_when_one_was_timed():
    """bench/serve_live.py's figures (saving to reload in a real `briefing serve`), merged into the 10k entry,
    decide the reload target: stage g's one-process rebuilds leave out MkDocs noticing the change."""
    import run as bench_run

    ten = next(entry for entry in json.loads((ROOT / "bench" / "RESULTS.json").read_text())
               if entry["incidents"] == 10000)
    ten["serve_live"] = {"commit": "abc1234", "edits": [
        {"edit": "text", "incident": 1, "seconds": 1.8}, {"edit": "text", "incident": 2, "seconds": 2.7},
        {"edit": "status", "incident": 1, "seconds": 4.5}, {"edit": "region", "incident": 1, "seconds": 7.2}]}
    row = next(line for line in bench_run.targets([ten]).splitlines() if "reloads an edit" in line)
    assert "**not met** in a real `briefing serve` for an edit to region; met for status, text" in row
    assert (
        "a real `briefing serve` at abc1234, saving to reload: text 1.8–2.7 s; status 4.5–4.5 s; region 7.2–7.2 s"
        in row
    )
    ten["serve_live"]["edits"] = ten["serve_live"]["edits"][:3]
    assert target(target_rows(bench_run.targets([ten])), "`briefing serve` reloads an edit")[0] == "met"
