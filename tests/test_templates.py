"""Page templates: the package ships them (generator/pages/templates/); a project's own site_templates/
folder is searched first, so a template there replaces the package's, as a theme's custom_dir does."""

from __future__ import annotations

from pathlib import Path

from site_fixture import ROOT, write_content

GOLDEN = Path(__file__).parent / "golden"
PACKAGE_TEMPLATES = ROOT / "generator" / "pages" / "templates"


def generate_here(root: Path, run) -> Path:
    result = run("generate", "--content", str(root / "content"), "--out", str(root / "out"))
    assert result.code == 0, result.err
    return root / "out"


def test_without_a_project_folder_the_package_templates_render(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path)
    assert not (tmp_path / "site_templates").exists()
    out = generate_here(tmp_path, run)
    for page in ("incidents/obninsk-drone-on-roof.md", "regions/obninsk.md", "index.md"):
        assert (out / page).read_text(encoding="utf-8") == (GOLDEN / page).read_text(encoding="utf-8"), page


def test_a_template_in_the_project_folder_wins_over_the_package(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path)
    override = tmp_path / "site_templates" / "incident.md.j2"
    override.parent.mkdir()
    override.write_text("---\ntitle: {{ entry.model.title|meta }}\n---\n# Our own layout: {{ entry.model.title }}\n",
                        encoding="utf-8")
    out = generate_here(tmp_path, run)
    incident = (out / "incidents" / "obninsk-drone-on-roof.md").read_text(encoding="utf-8")
    assert "# Our own layout: Drone found on the roof of a house in Obninsk" in incident
    # The templates the project does not override still come from the package.
    page = "regions/obninsk.md"
    assert (out / page).read_text(encoding="utf-8") == (GOLDEN / page).read_text(encoding="utf-8")


def test_the_repository_keeps_one_copy_of_each_page_template():
    """site_templates/ holds the theme overrides only: a page template left there would shadow the package's."""
    assert sorted(p.name for p in PACKAGE_TEMPLATES.glob("*.j2"))
    assert list((ROOT / "site_templates").glob("*.j2")) == []
    assert (ROOT / "site_templates" / "overrides" / "main.html").is_file()
