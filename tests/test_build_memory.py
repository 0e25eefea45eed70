"""The plugin keeps MkDocs from holding every generated page's HTML for the whole build (most of its
memory at 10,000 incidents): between conversion and layout a page's HTML is held compressed, and it
is dropped once written. The site must come out the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from site_fixture import write_project

# An MkDocs hook (mkdocs.yml `hooks:`) that records, when every page is converted and none laid out
# yet (on_env), and again at the end, how much HTML each page holds.
PROBE = '''
import json
from pathlib import Path

seen = {}

def on_env(env, config, files):
    seen["pages"] = [f.page for f in files.documentation_pages()]
    seen["converted"] = {f.src_uri: (f.page.content or "") for f in files.documentation_pages()}
    return env

def on_page_context(context, page, config, nav):
    seen.setdefault("laid_out", {})[page.file.src_uri] = page.content or ""
    return context

def on_post_build(config):
    seen["end"] = {page.file.src_uri: page.content is None for page in seen.pop("pages")}
    Path(config.config_file_path).with_name("probe.json").write_text(json.dumps(seen))
'''


def test_generated_html_is_not_held_between_conversion_and_layout(tmp_path):
    root = write_project(tmp_path)
    (root / "probe.py").write_text(PROBE)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - probe.py\n")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 0, result.stderr
    seen = json.loads((root / "probe.json").read_text())

    record = "incidents/kaluga-earlier.md"
    assert seen["converted"][record] == ""  # held compressed by the plugin, not as text
    assert "<h1" in seen["converted"]["about.md"]  # a hand-written page is left to MkDocs
    # the theme, and every plugin, get the page's HTML back when it is laid out
    assert "The governor said a drone was shot down" in seen["laid_out"][record]
    assert seen["end"][record] is True and seen["end"]["about.md"] is False  # dropped once written
    page = (root / "site/incidents/kaluga-earlier/index.html").read_text()
    assert "The governor said a drone was shot down" in page
