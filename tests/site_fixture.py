"""A small briefing written by the site tests: every kind, a claim and its rebuttal,
an original-language quote, and one record with Markdown and HTML specials in every field."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Characters that Markdown, HTML, attr_list, Jinja or a table would act on.
NASTY = "<b>bold</b> *star* _u_ `tick` | pipe # hash [l](javascript:alert(1)) {: .x } {{ 7*7 }} &amp; &#42;"

RECORDS = {
    "regions/russia.md": "name: Russia\nname_local: Россия\nkind: country\n---\nThe country.\n",
    "regions/central-federal-district.md": "name: Central Federal District\nkind: federal-district\n"
                                           "parent: russia\n---\n",
    "regions/kaluga-oblast.md": "name: Kaluga Oblast\nname_local: Калужская область\nkind: oblast\n"
    "parent: central-federal-district\ncoordinates: [54.51, 36.26]\n---\n",
    "regions/obninsk.md": "name: Obninsk\nname_local: Обнинск\nkind: city\nparent: kaluga-oblast\n"
    "coordinates: [55.1, 36.61]\n---\nA city in Kaluga Oblast.\n",
    "sources/rbc.md": "name: RBC\nname_local: РБК\nkind: outlet\nurl: https://www.rbc.ru/\nlanguage: ru\n---\n",
    "sources/tass.md": "name: TASS\nkind: agency\nlanguage: ru\nreliability: B\n---\n",
    "actors/stefan-pervalov.md": "name: Stefan Pervalov\nkind: person\nrole: acting city head\nregion: obninsk\n---\n",
    "actors/nato.md": "name: NATO\nkind: organization\n---\n",
    "actors/nato-spokesperson.md": "name: NATO spokesperson\nkind: person\naffiliation: nato\n---\n",
    "actors/nasty-actor.md": f"name: {NASTY!r}\nkind: group\nrole: {NASTY!r}\n---\n",
    "incidents/obninsk-drone-on-roof.md": (
        "title: Drone found on the roof of a house in Obninsk\ndate: 2026-11\ncirca: true\n"
        "regions: [obninsk]\nstatus: confirmed\ntype: drone-found\nsources:\n  - rbc\n"
        "  - {source: tass, title: 'Drone on a roof', url: 'https://tass.ru/x_(1)', "
        "archived: 'https://web.archive.org/web/2026/https://tass.ru/x', published: 2026-11-24}\n"
        "location: {name: private house, coordinates: [55.1, 36.61], precision: locality}\n"
        "casualties: {injured: 0}\ntags: [drones]\n"
        "updates:\n  - {date: 2026-11-25, note: Status changed from reported to confirmed.}\n"
        "---\nA drone was found on the roof of a private home. *Nobody* was hurt.\n"
    ),
    "incidents/kaluga-earlier.md": (
        "title: Drone shot down near Kaluga\ndate: 2026-10-03\nregions: [kaluga-oblast]\nstatus: claimed\n"
        "sources: [tass]\n---\nThe governor said a drone was shot down.\n"
    ),
    "incidents/nasty-incident.md": (
        f"title: {NASTY!r}\ndate: 2026-09-01\nregions: [russia]\nstatus: disputed\n"
        f"sources:\n  - {{source: rbc, title: {NASTY!r}}}\nlocation: {{name: {NASTY!r}}}\ntags: [injection-test]\n"
        f"updates:\n  - {{date: 2026-09-02, note: {NASTY!r}}}\n"
        "---\n# Heading\n\n<script>alert(1)</script> <img src=x onerror=alert(1)> [bad](javascript:alert(1)) "
        '{: onclick=alert(1) }\n\n--8<-- "/etc/passwd"\n'
    ),
    "statements/pervalov-not-just-drones.md": (
        "date: 2026-11-24\nsource: rbc\nspeaker: stefan-pervalov\nlanguage: ru\n"
        "original: Речь идёт не только о дронах.\nincidents: [obninsk-drone-on-roof]\n---\n"
        "This is not just about drones.\n"
    ),
    "statements/ambassador-claim.md": (
        "date: 2026-11\ncirca: true\nsource: rbc\nanonymous: a Russian diplomat at the United Nations\n"
        "regions: [russia]\n---\nUkraine is increasing attacks on civilian infrastructure.\n"
    ),
    "statements/nato-rebuttal.md": (
        "date: 2026-11\ncirca: true\nsource: rbc\nspeaker: nato-spokesperson\nresponds_to: ambassador-claim\n"
        "stance: disputes\n---\nBut the evidence for this remains circumstantial.\n"
    ),
    "statements/nasty-statement.md": (
        f"date: 2026-09-01\nsource: rbc\nspeaker: nasty-actor\nlanguage: ru\noriginal: {NASTY!r}\n"
        f"incidents: [nasty-incident]\n---\n{NASTY}\n"
    ),
    "measures/obninsk-stay-indoors.md": (
        "title: Residents advised to stay indoors\ndate: 2026-11\ncirca: true\nregions: [obninsk]\n"
        "issuer: stefan-pervalov\nsources: [rbc]\nkind: movement\nstate: announced\n"
        "incidents: [obninsk-drone-on-roof]\n---\nStay indoors if possible.\n"
    ),
}


def write_content(root: Path) -> Path:
    content = root / "content"
    for relpath, text in RECORDS.items():
        path = content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + text, encoding="utf-8")
    return content


def write_project(root: Path) -> Path:
    """A project folder like the repository's: mkdocs.yml, docs/, site_templates/ and the fixture content."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    write_content(root)
    return root


def build_project(root: Path, **options) -> Path:
    """`briefing build` of a project made by write_project, with these options added to the
    briefing plugin's (such as page_size=3); returns the site folder. Fails the test on an error."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  - briefing:\n") == 1
    added = "".join(f"      {key}: {value}\n" for key, value in options.items())
    config.write_text(text.replace("  - briefing:\n", "  - briefing:\n" + added), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 0, result.stderr
    return root / "site"


def build_in_process(root: Path, site: Path) -> dict[str, bytes]:
    """MkDocs' build of a project made by write_project, in this process (so a test may patch what it calls),
    into `site`; every file of the site, by its path relative to it, as bytes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    config.site_dir = str(site)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file()}


def read_tree(folder: Path) -> dict[str, str]:
    """Every file below folder, by its path relative to it (with / separators), as text."""
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
            if p.is_file()}
