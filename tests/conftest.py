"""Shared fixtures for the record-layer tests: a content tree built in tmp_path, the
`briefing` command run in-process with a fixed clock, and a snapshot of every file so a
test can prove that bad input changed nothing.

    def test_x(content, run):
        content.world()                                   # one region, actor, source
        content.write("incidents/x.md", "title: X\\n...")  # front matter, then a body
        result = run("validate")
        assert result.code == 1 and result.problems == ["content/incidents/x.md:2:1: error: ..."]
"""

from __future__ import annotations

import datetime as _datetime
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

TODAY = _datetime.date(2026, 11, 25)


class _FixedDate(_datetime.date):
    """`date` whose today() is TODAY: '2026-11-24' stays in the past, whenever the tests run."""

    @classmethod
    def today(cls):
        return cls(TODAY.year, TODAY.month, TODAY.day)


# A small valid world every reference test can lean on: one of each kind that others point at.
WORLD = {
    "regions/kaluga-oblast.md": "name: Kaluga Oblast\nkind: oblast\n",
    "actors/governor.md": "name: The Governor\nkind: person\n",
    "sources/rbc.md": "name: RBC\nkind: outlet\nurl: https://www.rbc.ru/\nlanguage: ru\n",
}

# Minimal valid records of the kinds that point at the world, for tests that change one field.
INCIDENT = "title: Drone on a roof\ndate: 2026-11-24\nregions: [kaluga-oblast]\nstatus: reported\nsources: [rbc]\n"
STATEMENT = "date: 2026-11-24\nsource: rbc\nspeaker: governor\n"
MEASURE = ("title: Stay indoors\ndate: 2026-11-24\nregions: [kaluga-oblast]\nissuer: governor\n"
           "sources: [rbc]\n")
BRIEFING = ('title: Riverton week\ndate: 2026-11-24\npoints: ["Drones were seen over Riverton."]\n'
            "regions: [kaluga-oblast]\n")


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every file under root (a symlink as its target's name,
    a pipe or device by its mode alone, as reading it could block)."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames) + sorted(d for d in dirnames if Path(dirpath, d).is_symlink()):
            path = Path(dirpath, name)
            key = str(path.relative_to(root))
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                found[key] = (os.readlink(path).encode(), info.st_mtime_ns)
            elif stat.S_ISREG(info.st_mode):
                found[key] = (path.read_bytes(), info.st_mtime_ns)
            else:
                found[key] = (str(info.st_mode).encode(), info.st_mtime_ns)
    return found


class Content:
    """Writes record files under tmp_path/content; paths are given relative to content/."""

    def __init__(self, root: Path):
        self.root = root
        self.dir = root / "content"
        self.dir.mkdir()

    def write(self, rel: str, front_matter: str, body: str = "Text.\n") -> Path:
        """content/<rel> with `---`, the front matter, `---`, then the body."""
        if front_matter and not front_matter.endswith("\n"):
            front_matter += "\n"
        return self.write_text(rel, f"---\n{front_matter}---\n{body}")

    def write_text(self, rel: str, text: str) -> Path:
        return self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def world(self) -> Content:
        for rel, front_matter in WORLD.items():
            self.write(rel, front_matter)
        return self

    def snapshot(self) -> dict[str, tuple[bytes, int]]:
        return snapshot(self.root)


@pytest.fixture
def clock(monkeypatch):
    """Pin today's date for the validator and for `briefing new`."""
    import generator.cli
    import generator.content.validate

    monkeypatch.setattr(generator.content.validate, "date", _FixedDate)
    monkeypatch.setattr(generator.cli, "date", _FixedDate)
    return TODAY


@pytest.fixture
def content(tmp_path, monkeypatch, clock) -> Content:
    """An empty content/ folder in tmp_path, which is also the working folder."""
    monkeypatch.chdir(tmp_path)
    return Content(tmp_path)


@dataclass
class Result:
    code: int
    out: list[str]
    err: list[str]
    exception: BaseException | None

    @property
    def problems(self) -> list[str]:
        """The error lines on stderr, without the closing 'N problem(s) in M file(s)' summary."""
        return [line for line in self.err if ": error: " in line]


@pytest.fixture
def run(clock):
    """run('validate', '--content', 'x') → Result(code, stdout lines, stderr lines)."""
    from generator.cli import main

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(main, list(args), catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # a traceback is a bug: show it
        return Result(result.exit_code, result.stdout.splitlines(), result.stderr.splitlines(),
                      result.exception)

    return invoke


@pytest.fixture
def invalid(content, run):
    """Assert that `briefing validate` reports exactly one problem, exits 1 and changes nothing."""

    def check(expected: str) -> None:
        before = content.snapshot()
        result = run("validate")
        after = content.snapshot()
        assert result.problems == [expected], "\n".join(result.err)
        assert result.err[-1] == "1 problem(s) in 1 file(s)"
        assert result.code == 1
        assert after == before

    return check


@pytest.fixture
def valid(content, run):
    """Assert that `briefing validate` passes and changes nothing."""

    def check() -> Result:
        before = content.snapshot()
        result = run("validate")
        assert result.err == [] and result.code == 0, "\n".join(result.err)
        assert content.snapshot() == before
        return result

    return check


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's package, driven by Playwright) for every browser test: a
    thread can run one Playwright at a time, and starting it once saves seconds a module."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed for the browser tests: run `make test`"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# Test tiers (pyproject.toml's markers). The default `pytest` run is the fast tier; `make test` runs all.
# A test that drives Chromium is `browser` wherever it is (its fixtures reach `browser`); `bench` tests are
# marked where they are. `slow` is decided by measurement, not by guess (`pytest --durations=0`, setup
# included): a test case of SLOW_SECONDS or more, or a test whose cases together take 15 s or more. The
# table keeps them in one place, so a new measurement changes one place; a name in it that no longer
# matches a collected test is an error, so it cannot rot unseen (a renamed test would run in the fast tier).
SLOW_SECONDS = 4
SLOW_TESTS = {  # seconds measured 2026-12-07 on the shared 2-core machine, setup included
    "tests/test_briefings.py::test_a_preview_rewrites_a_briefings_page_and_pdf_after_an_edit_to_a_point",  # 7 s
    "tests/test_briefings.py::test_a_preview_rewrites_the_pdf_when_a_record_it_cites_is_retitled",  # 4.5 s
    "tests/test_audits.py::test_lighthouse_scores_each_main_page_well_on_a_phone",  # 35–60 s a page, 5 pages
    "tests/test_audits.py::test_every_page_of_the_shipped_site_is_valid_html_but_for_the_themes_known_errors",  # 75 s
    "tests/test_build_memory.py::test_generated_html_is_not_held_between_conversion_and_layout",  # 5 s
    "tests/test_concurrent_builds.py::test_two_builds_of_one_project_into_two_site_folders_queue",  # 15 s
    "tests/test_engine_versions.py::test_an_untested_library_version_builds_the_same_site_the_plain_way",  # 6 s
    "tests/test_hostile_inputs.py::test_the_worst_body_under_the_limits_is_built_within_the_time_limit",  # 8 s
    "tests/test_grades.py::test_a_graded_citation_builds_strictly_with_its_legend_link",  # 12 s
    "tests/test_hostile_inputs.py::test_hostile_input_is_refused_at_its_place_quickly_and_changes_nothing",  # 30 s
    "tests/test_kinds.py::test_a_status_added_to_the_registry_reaches_schema_validation_pages_and_stylesheet",  # 5 s
    "tests/test_site_folder.py::test_the_previous_site_new_and_empty_folders_are_built_into",  # 4 s
    "tests/test_cli.py::test_installed_command_end_to_end",  # 5 s
    "tests/test_init.py::test_the_new_project_builds_with_the_packages_theme_and_assets",  # 11 s
    "tests/test_init.py::test_the_workflows_install_the_pinned_package_and_pass_actionlint",  # 6 s
    "tests/test_edit_links.py::test_record_page_edits_the_record_file"
    "[incidents/obninsk-drone-on-roof/-content/incidents/2026/11/obninsk-drone-on-roof.md]",  # 11 s
    "tests/test_escaping_properties.py::test_a_body_judged_plain_prose_is_laid_out_as_the_whole_pipeline_would",  # 5 s
    "tests/test_escaping_properties.py::test_a_body_makes_only_allowed_elements_wherever_it_is_placed",  # 18 s
    "tests/test_escaping_properties.py::test_field_text_in_a_paragraph_is_only_text",  # 25 s
    "tests/test_escaping_properties.py::test_field_text_in_a_table_cell_and_a_link_stays_in_place",  # 6 s
    "tests/test_exports.py::test_built_site_has_the_data_files_and_the_feed",  # 9 s
    "tests/test_exports.py::test_data_page_links_resolve",  # 18 s
    "tests/test_fast_yaml.py::test_any_json_shaped_front_matter_reads_the_same",  # 9 s
    "tests/test_fast_yaml.py::test_every_style_of_value_reads_the_same",  # 21 s, 140 cases
    "tests/test_fast_yaml.py::test_synthetic_content_reads_the_same_and_mostly_takes_the_fast_path",  # 4 s
    "tests/test_feed.py::test_every_page_of_the_site_announces_the_feed",  # 8 s
    "tests/test_future_dates.py::test_the_tolerance_is_a_setting_of_the_plugin",  # 4 s
    "tests/test_charts.py::test_a_preview_draws_a_chart_again_when_an_incident_changes",  # 5 s
    "tests/test_incremental.py::test_a_field_edit_plans_again_only_the_pages_of_the_records_it_touches",  # 25 s
    "tests/test_incremental.py::test_a_field_edit_that_adds_and_removes_pages",  # 7 s
    "tests/test_incremental.py::test_a_field_edit_to_any_record_renders_only_what_it_changes",  # 76 s
    "tests/test_incremental.py::test_a_preview_writes_the_downloadable_exports_after_the_pages",  # 8 s
    "tests/test_incremental.py::test_a_record_planned_again_keeps_its_lists_the_edit_left_alone",  # 26 s
    "tests/test_incremental.py::test_a_text_edit_to_any_record_rewrites_only_what_shows_it",  # 31 s
    "tests/test_incremental.py::test_added_and_removed_records",  # 7 s
    "tests/test_incremental.py::test_an_edited_template_renders_every_page_again",  # 7 s
    "tests/test_incremental.py::test_an_error_is_reported_and_the_next_good_edit_recovers",  # 8 s
    "tests/test_incremental.py::test_edits_to_synthetic_content_with_threads_and_pagination",  # 145 s
    "tests/test_incremental.py::test_field_edits_to_synthetic_content_with_threads_and_pagination",  # 124 s
    "tests/test_incremental.py::test_the_feed_is_made_again_only_when_an_edit_reaches_it",  # 96 s
    "tests/test_jsonld_meta.py::test_any_text_survives_the_front_matter",  # 8 s
    "tests/test_listings.py::test_actors_and_sources_indexes_continue_past_ten_pages_worth_of_lines",  # 8 s
    "tests/test_listings.py::test_region_page_shows_the_newest_and_links_to_the_whole_list_by_date",  # 6 s
    "tests/test_listings.py::test_the_paginated_site_builds_strict_with_every_link_and_anchor_resolving",  # 33 s
    "tests/test_listings.py::test_the_region_map_still_shows_the_newest_incidents_beyond_the_first_page",  # 4 s
    "tests/test_page_links.py::test_each_link_is_made_as_it_would_be_alone",  # 7 s
    "tests/test_pagefind.py::test_a_missing_pagefind_fails_the_build_and_says_how_to_install_it",  # 9 s
    "tests/test_pagefind.py::test_materials_search_plugin_alongside_is_refused_with_the_fix",  # 5 s
    "tests/test_pagefind.py::test_the_build_writes_a_pagefind_bundle_and_no_lunr_index",  # 8 s
    "tests/test_pagefind.py::test_the_same_content_gives_the_same_bundle",  # 6 s
    "tests/test_parallel_render.py::test_a_worker_that_fails_leaves_the_folder_as_it_was",  # 16 s, 3 of 4 cases ≥ 4 s
    "tests/test_parallel_render.py::test_two_workers_write_the_same_bytes_as_one",  # 5 s
    "tests/test_publishing.py::test_a_site_url_build_warns_nothing_and_lists_every_page_in_the_sitemap",  # 12 s
    "tests/test_publishing.py::test_a_build_without_a_site_url_warns_once_what_will_be_missing",  # 12 s
    "tests/test_publishing.py::test_the_404_page_is_styled_under_a_project_path",  # 9 s
    "tests/test_raw_html.py::test_any_page_converts_as_without",  # 8 s
    "tests/test_raw_html.py::test_every_generated_page_is_set_aside_and_the_site_is_the_same",  # 6 s
    "tests/test_raw_html.py::test_the_benchmark_of_conversion_finds_the_generated_pages_the_same",  # 4 s
    "tests/test_reader_properties.py::test_arbitrary_front_matter_never_crashes",  # 9 s
    "tests/test_reader_properties.py::test_valid_record_with_arbitrary_changes_never_crashes",  # 10 s
    "tests/test_redirects.py::test_old_url_redirects_to_the_merged_record",  # 5 s
    "tests/test_redirects.py::test_the_rest_of_the_site_is_unchanged_and_its_links_resolve",  # 4 s
    "tests/test_reliability.py::test_a_build_killed_at_any_moment_leaves_a_whole_site",  # 38 s, 6 cases
    "tests/test_reliability.py::test_a_reply_thread_ten_thousand_deep_is_handled",  # 27 s
    "tests/test_reliability.py::test_source_date_epoch_is_honoured",  # 11 s
    "tests/test_reliability.py::test_the_next_build_clears_what_a_killed_build_left",  # 17 s
    "tests/test_reliability.py::test_the_site_is_the_same_whatever_the_time_zone",  # 32 s
    "tests/test_reliability.py::test_two_builds_at_once_take_turns_with_a_clear_message",  # 14 s
    "tests/test_second_core.py::test_a_build_with_a_second_core_is_the_build_without",  # 6 s
    "tests/test_serve.py::test_editing_a_record_rebuilds_its_page",  # 19 s
    "tests/test_serve_rebuilds.py::test_rebuilt_preview_is_the_fresh_build_of_the_edited_content",  # 169 s, 4 cases
    "tests/test_shipped_site.py::test_every_internal_link_and_anchor_resolves",  # 7 s
    "tests/test_shipped_site.py::test_the_shipped_content_is_the_seed_report",  # 5 s
    "tests/test_site_build.py::test_a_hand_written_page_at_a_generated_path_is_an_error",  # 5 s
    "tests/test_site_build.py::test_a_second_build_is_byte_identical",  # 8 s
    "tests/test_site_build.py::test_a_site_without_directory_urls_is_refused_with_the_fix",  # 5 s
    "tests/test_site_build.py::test_build_reports_where_the_site_is",  # 7 s
    "tests/test_site_build.py::test_every_internal_link_and_anchor_resolves",  # 5 s
    "tests/test_site_build.py::test_plain_mkdocs_build_works_through_the_plugin",  # 10 s
    "tests/test_timeline_scale.py::test_the_paginated_site_builds_strict_with_no_broken_link",  # 30 s
    "tests/test_watch.py::test_an_edit_is_read_alone_and_signalled",  # 9 s
    "tests/test_watch.py::test_files_that_come_or_go_make_the_next_read_scan_the_folder[added]",  # 4 s
    "tests/test_workflows.py::test_actionlint_does_catch_a_broken_workflow",  # 4 s
    "tests/test_workflows.py::test_actionlint_finds_nothing_wrong",  # 4 s
    "tests/test_workflows.py::test_briefing_commands_of_the_workflows_run_here",  # 38 s: the PR and Pages builds
    # test_zensical.py: every test that builds (the shipped content both ways: 34 s; the gaps project: 12 s), so
    # that no build is left to a test of the fast tier, whichever of them runs first
    "tests/test_zensical.py::test_every_page_data_file_and_the_feed_are_in_both_sites",  # 34 s
    "tests/test_zensical.py::test_record_and_list_pages_carry_the_same_text",  # 4 s
    "tests/test_zensical.py::test_links_between_pages_resolve_in_the_zensical_site",  # 17 s
    "tests/test_zensical.py::test_search_indexes_the_same_pages",
    "tests/test_zensical.py::test_each_build_says_what_it_does_about_materials_end_of_life",
    "tests/test_zensical.py::test_each_listed_gap_is_still_there",  # 12 s
    "tests/test_zensical.py::test_a_failed_zensical_build_leaves_the_previous_site",  # 13 s
    "tests/test_zensical.py::test_the_same_content_gives_the_same_site",  # 12 s
}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by the marks added here
def pytest_collection_modifyitems(config, items):
    seen_files, seen = set(), set()
    for item in items:
        path, _, name = item.nodeid.partition("::")
        base = f"{path}::{name.split('[')[0]}"
        seen_files.add(path)
        seen |= {base, item.nodeid}
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        if base in SLOW_TESTS or item.nodeid in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
    stale = sorted(t for t in SLOW_TESTS if t.partition("::")[0] in seen_files and t not in seen)
    if stale:
        raise pytest.UsageError(f"tests/conftest.py SLOW_TESTS names tests that do not exist: {stale}")
