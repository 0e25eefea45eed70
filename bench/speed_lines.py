"""Lines of speed-only code in generator/, piece by piece, at a git revision (bench/RESULTS.md, "Speed-only code").

    .venv/bin/python bench/speed_lines.py [REV ...]     # default: HEAD

A piece is a whole module, or named top-level functions and classes (Class.method for a method) of a
module: the lines from the first decorator to the end of the definition, comments and docstrings included.
Code that exists only for speed, as its docstring says: remove it and the output is the same, only slower.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (module, names or None for the whole module, what it does)
PIECES = [
    ("generator/both_cores.py", None, "loading on two cores (a forked child takes files from the back)"),
    ("generator/engine/template_code.py", None, "Jinja's code generator without escape-of-Markup and context.call"),
    ("generator/engine/second_core.py", None, "MkDocs converts every other generated page in a forked child"),
    ("generator/engine/raw_html.py", None, "raw HTML blocks set aside for Python-Markdown without its HTML parser"),
    ("generator/content/fast_yaml.py", None, "plain front matter read from libyaml's events instead of ruamel"),
    ("generator/cores.py", None, "the one rule for forking"),
    ("generator/engine/versions.py", None, "the tested library versions, checked at import"),
    ("generator/generate.py", ["Forked", "_RemoteTraceback", "_answer", "_make_and_write", "_may_fork", "_records"],
     "render, exports and writing in forked processes"),
    ("generator/content/load.py", ["collector_paused", "records_set_aside"], "cycle collector paused / heap frozen"),
    ("generator/preview/reads.py", ["stop_noting"], "plain dicts in processes that note no reads"),
    ("generator/content/link.py", ["Briefing.stop_noting"], "(the same)"),
    ("generator/engine/plugin.py", ["_QuietSitemap", "BriefingPlugin.on_pre_template",
                                    "BriefingPlugin._sitemap_when_pages_change"],
     "a preview's sitemap laid out only when pages come or go"),
    ("generator/engine/plugin.py", ["BriefingPlugin.on_nav", "BriefingPlugin.on_page_markdown",
                                    "BriefingPlugin._stop_second_core"], "second core's hooks"),
    ("generator/engine/plugin.py", ["_CompiledTemplates", "_GeneratedFile", "_PagesListedOnce",
                                    "BriefingPlugin._freeze_heap", "BriefingPlugin._edit_paths", "_rebuild_asker"],
     "a preview's kept files, page lists, compiled theme, frozen heap; the server woken at once"),
    ("generator/pages/page_links.py", ["url_parts", "_served_parts"], "cached URL parts"),
    ("generator/content/body_limits.py", ["is_plain_prose"],
     "plain-prose fast path: which bodies skip Python-Markdown"),
    ("generator/pages/bodies.py", ["_converted"], "plain-prose fast path, one conversion a body"),
]


def _text(rev: str, path: str) -> str | None:
    result = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def _span(node: ast.AST) -> int:
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return node.end_lineno - first + 1


def lines(rev: str, path: str, names: list[str] | None) -> int:
    text = _text(rev, path)
    if text is None:
        return 0
    if names is None:
        return len(text.splitlines())
    tree = ast.parse(text)
    found = 0
    for name in names:
        owner, _, member = name.rpartition(".")
        for node in tree.body:
            if owner and isinstance(node, ast.ClassDef) and node.name == owner:
                found += sum(_span(n) for n in node.body if getattr(n, "name", None) == member)
            elif not owner and getattr(node, "name", None) == name:
                found += _span(node)
    return found


def main(revs: list[str]) -> None:
    revs = revs or ["HEAD"]
    print("| piece | what it does | " + " | ".join(f"lines at {rev}" for rev in revs) + " |")
    print("|---|---|" + "---:|" * len(revs))
    totals = [0] * len(revs)
    for path, names, what in PIECES:
        counts = [lines(rev, path, names) for rev in revs]
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        label = f"`{path}`" + (f": {', '.join(names)}" if names else "")
        print(f"| {label} | {what} | " + " | ".join(str(c) if c else "—" for c in counts) + " |")
    print("| **total** | | " + " | ".join(f"**{t:,}**" for t in totals) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
