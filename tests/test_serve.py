"""`briefing serve`: the live preview rebuilds when a record changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from site_fixture import write_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


@pytest.fixture
def served(tmp_path):
    root = write_project(tmp_path)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield root, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_editing_a_record_rebuilds_its_page(served):
    root, base = served
    url = base + "incidents/kaluga-earlier/"
    first = _wait_for(lambda: _get(url), 60)
    assert first is not None and "Drone shot down near Kaluga" in first

    record = root / "content" / "incidents" / "kaluga-earlier.md"
    record.write_text(record.read_text(encoding="utf-8").replace("Drone shot down near Kaluga",
                                                                 "Drone intercepted near Kaluga"), encoding="utf-8")
    updated = _wait_for(lambda: (page := _get(url)) and "Drone intercepted near Kaluga" in page and page, 60)
    assert updated, "the page was not rebuilt after the record changed"
    # the other pages that list it (the preview renders only those again)
    month = _wait_for(
        lambda: (page := _get(base + "timeline/2026/10/")) and "Drone intercepted near Kaluga" in page, 60
    )
    assert month, "the month page was not rebuilt after the record's title changed"
    # the data files a reader downloads, written just after the reload
    assert _wait_for(lambda: "Drone intercepted near Kaluga" in (_get(base + "data/incidents.json") or ""), 30)
    assert "Drone intercepted near Kaluga" in (root / "build" / "generated" / "data" / "incidents.csv").read_text(
        encoding="utf-8")
    # no page came or went: the sitemap is the first build's, kept (Material's instant navigation reads it)
    assert (_get(base + "sitemap.xml") or "").startswith("<?xml") and "timeline/2024/05/" not in _get(
        base + "sitemap.xml"
    )

    # its text, then a date in a month no other incident has: a page that did not exist
    text = record.read_text(encoding="utf-8")
    record.write_text(text + "\nA second drone was seen later.\n", encoding="utf-8")
    assert _wait_for(lambda: (page := _get(url)) and "A second drone was seen later." in page, 60)
    record.write_text(record.read_text(encoding="utf-8").replace("date: 2026-10-03", "date: 2024-05-03"),
                      encoding="utf-8")
    moved = _wait_for(
        lambda: (page := _get(base + "timeline/2024/05/")) and "Drone intercepted near Kaluga" in page, 60
    )
    assert moved, "the new month's page was not built"
    assert "3 May 2024" in _get(url)
    # a page came: the sitemap lists it
    assert _wait_for(lambda: "timeline/2024/05/" in (_get(base + "sitemap.xml") or ""), 10)
