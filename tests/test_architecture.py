"""ARCHITECTURE.md stays true: it names every module of generator/ and only modules that exist, and the
layout's rules hold (library internals only in the engine adapter; the stages never import the preview).
Also: no file of the repository points at a document outside it."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from site_fixture import ROOT

GENERATOR = ROOT / "generator"
NAMED = set(re.findall(r"`(generator/[\w/]+\.py)`", (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")))
# A package's __init__.py is named by its folder.
MODULES = {p.relative_to(ROOT).as_posix() for p in GENERATOR.rglob("*.py") if p.name != "__init__.py"}

LIBRARIES = {"mkdocs", "markdown", "jinja2", "material"}
STAGES = ("content", "pages", "outputs")


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_architecture_names_the_modules_it_is_checked_against():
    assert len(NAMED) > 30 and "generator/pages/render.py" in NAMED


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_is_named_in_architecture(module):
    assert module in NAMED, f"{module} is not named in ARCHITECTURE.md: say where it sits in the pipeline"


@pytest.mark.parametrize("module", sorted(NAMED))
def test_every_module_named_in_architecture_exists(module):
    assert (ROOT / module).is_file(), f"ARCHITECTURE.md names {module}, which does not exist"


def private_library_names(path: Path) -> list[str]:
    """`from mkdocs.x import _y`, `import markdown._z`, and `lib._attr` on a name bound to one of LIBRARIES."""
    found, bound = [], set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES:
            parts = node.module.split(".") + [alias.name for alias in node.names]
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
            found += [node.module] if any(p.startswith("_") for p in node.module.split(".")) else []
            bound |= {a.asname or a.name for a in node.names if not parts[-1].startswith("_")}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES:
                    found += [alias.name] if any(p.startswith("_") for p in alias.name.split(".")) else []
                    bound.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(_tree(path)):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in bound):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_the_private_name_check_finds_them(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import markdown\nfrom mkdocs.structure.pages import _RelativePathTreeprocessor\n"
                      "from jinja2 import compiler\nx = compiler._private\ny = markdown.__version__\n")
    assert private_library_names(module) == ["mkdocs.structure.pages._RelativePathTreeprocessor",
                                             "compiler._private"]


def test_only_the_engine_imports_private_names_of_mkdocs_markdown_jinja_or_material():
    found = {m: names for m in sorted(MODULES) if not m.startswith("generator/engine/")
             if (names := private_library_names(ROOT / m))}
    assert found == {}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_the_stages_never_import_the_preview():
    found = {m: sorted(i for i in imports(ROOT / m) if i == "generator.preview" or i.startswith("generator.preview."))
             for m in sorted(MODULES) if m.split("/")[1] in STAGES}
    assert {m: i for m, i in found.items() if i} == {}


def test_no_file_points_at_documents_outside_the_repository():
    """The contract and the security notes are CONTRACT.md and SECURITY.md, here; nothing cites a copy elsewhere."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    outside = re.compile(r"SPEC\.md|/work/share[d]|\.\./shared/")  # [d]: this line does not match itself
    hits = []
    for name in tracked.decode().split("\0"):
        path = ROOT / name
        if name and path.is_file() and path.suffix in {".py", ".md", ".yml", ".yaml", ".toml", ".j2", ".cfg", ""}:
            text = path.read_text(encoding="utf-8", errors="replace")
            hits += [f"{name}: {m.group()}" for m in outside.finditer(text)]
    assert hits == []
    for cited in ("CONTRACT.md", "SECURITY.md", "ARCHITECTURE.md"):
        assert (ROOT / cited).is_file()
