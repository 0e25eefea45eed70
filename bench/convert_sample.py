"""Seconds MkDocs takes to convert a sample of a built project's generated pages (every Nth) with and without
raw_html's extension, and whether every page converts the same either way (HTML, table of contents, title,
anchors). The project is one `bench/run.py --keep` kept, or any built with `briefing build`:

    .venv/bin/python bench/convert_sample.py /tmp/keep/briefing-bench-10000-*/project --every 40

Each page is converted with MkDocs' own Page.render, once each way, one after the other (this machine is shared).
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.engine import raw_html


def _toc(items) -> list:
    return [(item.title, item.id, item.level, _toc(item.children)) for item in items]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a folder with mkdocs.yml and its generated pages")
    parser.add_argument("--every", type=int, default=40, help="convert every Nth generated page")
    parser.add_argument("--generated", default="build/generated", help="the generated pages, relative to project")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # links to pages outside the sample
    config = load_config(str(args.project / "mkdocs.yml"))
    generated = args.project / args.generated
    paths = sorted(path.relative_to(generated).as_posix() for path in generated.rglob("*.md"))[::args.every]
    files = Files([File(path, str(generated), str(args.project / "site"), True) for path in paths])
    extensions = [ext for ext in config.markdown_extensions if not isinstance(ext, raw_html.RawHtmlExtension)]
    seconds = {False: 0.0, True: 0.0}
    different = []
    for path in paths:
        converted = {}
        for lifted in (False, True):
            config.markdown_extensions[:] = extensions + ([raw_html.RawHtmlExtension()] if lifted else [])
            page = Page(None, files.get_file_from_path(path), config)
            page.read_source(config)
            start = time.perf_counter()
            page.render(config, files)
            seconds[lifted] += time.perf_counter() - start
            converted[lifted] = (page.content, _toc(page.toc.items), page.present_anchor_ids, page._title_from_render)
        if converted[False] != converted[True]:
            different.append(path)
    print(f"{len(paths)} pages: {seconds[False]:.2f} s without raw_html, {seconds[True]:.2f} s with it; "
          f"{len(different)} converted differently{': ' + ', '.join(different[:5]) if different else ''}")


if __name__ == "__main__":
    main()
