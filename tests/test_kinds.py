"""The registry of kinds (generator/kinds.py) is the one place a kind's facts and the vocabularies are
written: the models, link's reference checks, the templates, the script and the stylesheet all follow it.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import kinds
from generator.content.models import SLUG_PATTERN
from generator.kinds import KINDS

from conftest import BRIEFING, INCIDENT, MEASURE, STATEMENT

ROOT = Path(__file__).resolve().parents[1]

# Fields that hold a slug but name no other record: a record's own old ids, its tags, an incident's type.
NOT_REFERENCES = {"aliases", "tags", "type"}

# The smallest valid record of each kind, in a world with one region, actor and source (conftest.WORLD).
MINIMAL = {
    "region": "name: Kaluga Oblast\n",
    "actor": "name: The Governor\nkind: person\n",
    "source": "name: RBC\nkind: outlet\n",
    "incident": INCIDENT,
    "statement": STATEMENT,
    "measure": MEASURE,
    "briefing": BRIEFING,
}


def _schema_of(kind: str) -> dict:
    return KINDS[kind].model.model_json_schema(mode="validation")


def _variants(prop: dict) -> list[dict]:
    """A property's schema and, through arrays and optional values, the schemas of what it holds."""
    found = [prop]
    for option in prop.get("anyOf", []):
        found += _variants(option)
    if "items" in prop:
        found += _variants(prop["items"])
    return found


def _id_fields(kind: str) -> set[str]:
    return {name for name, prop in _schema_of(kind)["properties"].items()
            if any(v.get("pattern") == SLUG_PATTERN for v in _variants(prop))} - _citation_fields(kind)


def _citation_fields(kind: str) -> set[str]:
    return {name for name, prop in _schema_of(kind)["properties"].items()
            if any(v.get("$ref", "").endswith("/Citation") for v in _variants(prop))}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_id_field_of_a_model_is_a_reference_in_the_registry_and_back(kind):
    assert _id_fields(kind) - NOT_REFERENCES == set(KINDS[kind].references)
    assert _citation_fields(kind) == set(KINDS[kind].citations)
    assert set(KINDS[kind].references.values()) <= set(KINDS)


@pytest.mark.parametrize(("kind", "field"), [(k, f) for k in KINDS for f in KINDS[k].references])
def test_each_declared_reference_is_checked_against_its_target_kind(content, run, kind, field):
    """An unknown id in any reference field is reported at that field, naming the target's folder."""
    content.world()
    target = KINDS[kind].references[field]
    many = any(v.get("type") == "array" for v in _variants(_schema_of(kind)["properties"][field]))
    value = "[nowhere-x]" if many else "nowhere-x"
    lines = [line for line in MINIMAL[kind].splitlines() if not line.startswith(f"{field}:")]
    lines += ["stance: disputes"] if field == "responds_to" else []  # a reply without one is another error
    lines.append(f"{field}: {value}")
    content.write(f"{KINDS[kind].folder}/probe.md", "\n".join(lines))
    result = run("validate")
    assert result.code == 1
    assert result.problems == [
        f"content/{KINDS[kind].folder}/probe.md:{len(lines) + 1}:{len(field) + 3 + many}: error: unknown {target} "
        f"'nowhere-x'; no file nowhere-x.md under content/{KINDS[target].folder}/"]


def test_each_kind_has_its_own_folder_and_url():
    assert len({kind.folder for kind in KINDS.values()}) == len(KINDS)
    assert len({kind.url_dir for kind in KINDS.values()}) == len(KINDS)
    assert {name: kind.model.__name__ for name, kind in KINDS.items()} == {
        name: kind.model_name for name, kind in KINDS.items()}


# The shipped files that show vocabularies to readers, and the Python that could spell one out.
SHIPPED = [*ROOT.glob("site_templates/**/*.j2"), *ROOT.glob("generator/**/*.j2"), ROOT / "docs/assets/briefing.js",
           ROOT / "docs/assets/briefing.css", *(p for p in ROOT.glob("generator/**/*.py") if p.name != "kinds.py")]


def _lists_of(words: tuple[str, ...], text: str) -> list[str]:
    """Places in text where most of a vocabulary's words stand close together: a copy of the list."""
    wanted = min(3, len(words))
    hits = sorted((m.start(), word) for word in words
                  for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))
    found = []
    for n in range(len(hits) - wanted + 1):
        window = hits[n:n + wanted]
        if window[-1][0] - window[0][0] < 120 and len({w for _, w in window}) == wanted:
            found.append(text[window[0][0]:window[-1][0] + 20])
    return found


# Not region_kinds: `briefing new region` names a few kinds of region as examples, in prose ("federal district").
@pytest.mark.parametrize("name", ["statuses", "measure_states", "stances", "statement_kinds", "measure_kinds",
                                  "source_kinds", "actor_kinds", "precisions"])
def test_no_shipped_template_script_or_stylesheet_spells_out_a_vocabulary(name):
    words = kinds.vocabularies()[name]
    copies = {str(path.relative_to(ROOT)): found for path in SHIPPED
              if (found := _lists_of(words, path.read_text(encoding="utf-8")))}
    assert copies == {}


def test_the_copy_finder_finds_a_copy():
    """The check above is only as good as _lists_of: it must see the list the script used to hold."""
    assert _lists_of(kinds.STATUSES, 'var STATUSES = ["confirmed", "reported", "claimed", "disputed", "denied"];')
    assert _lists_of(kinds.STATEMENT_KINDS, "| `kind` | `quote` (verbatim) or `paraphrase` |")
    assert not _lists_of(kinds.STATEMENT_KINDS, "Statements (quotes and paraphrases)")


def test_the_generated_stylesheet_holds_every_status_and_state():
    css = kinds.vocabulary_css()
    assert f'--briefing-statuses: "{" ".join(kinds.STATUSES)}"' in css
    for term in itertools.chain(kinds.STATUS_TERMS, kinds.MEASURE_STATE_TERMS):
        assert term.colour in css and re.search(rf"\b{re.escape(term.word)} \{{ background: {term.colour}; }}", css)


# Runs the command with generator/kinds.py as it would be after one edit: a status added to STATUS_TERMS.
_WITH_A_NEW_STATUS = """
import sys, types
from pathlib import Path
import generator
source = Path(generator.__file__).with_name("kinds.py").read_text(encoding="utf-8")
anchor = '    Term("denied",'
assert source.count(anchor) == 1
source = source.replace(
    anchor, '    Term("rumoured", "Heard of, not yet reported.", "heard of only", "#123456"),\\n' + anchor)
module = types.ModuleType("generator.kinds")
module.__file__ = generator.__file__
sys.modules["generator.kinds"] = generator.kinds = module
exec(compile(source, "kinds.py", "exec"), module.__dict__)
from generator.cli import main
main(sys.argv[1:], prog_name="briefing")
"""


def _briefing_with_a_new_status(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _WITH_A_NEW_STATUS, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_a_status_added_to_the_registry_reaches_schema_validation_pages_and_stylesheet(content):
    content.world()
    content.write("incidents/heard.md", INCIDENT.replace("status: reported", "status: rumoured"))
    content.write("incidents/bad.md", INCIDENT.replace("status: reported", "status: rumored"))

    schema = _briefing_with_a_new_status(content.root, "schema", "--kind", "incident")
    assert schema.returncode == 0, schema.stderr
    assert json.loads(schema.stdout)["properties"]["status"]["enum"] == [
        "confirmed", "reported", "claimed", "disputed", "rumoured", "denied"]

    checked = _briefing_with_a_new_status(content.root, "validate")
    assert checked.returncode == 1
    assert [line for line in checked.stderr.splitlines() if ": error: " in line] == [
        "content/incidents/bad.md:5:9: error: 'rumored' is not a valid status (did you mean 'rumoured'?); "
        "use one of: confirmed, reported, claimed, disputed, rumoured, denied"]

    (content.dir / "incidents/bad.md").unlink()
    made = _briefing_with_a_new_status(content.root, "generate", "--out", "out")
    assert made.returncode == 0, made.stderr
    out = content.root / "out"
    css = (out / "assets/vocabulary.css").read_text(encoding="utf-8")
    assert '"confirmed reported claimed disputed rumoured denied"' in css
    assert ".md-typeset a.status.status-rumoured { background: #123456; }" in css
    assert "| <a class=\"status status-rumoured\"" in (out / "timeline/index.md").read_text(encoding="utf-8")
    assert "Heard of, not yet reported" in (out / "timeline/index.md").read_text(encoding="utf-8")
    assert "`disputed` (contested by another party), `rumoured` (heard of only) or `denied`" in \
        (out / "data/index.md").read_text(encoding="utf-8")

    written = _briefing_with_a_new_status(content.root, "new", "incident", "Heard again", "--status", "rumoured",
                                          "--no-interactive")
    assert written.returncode == 0, written.stderr
    text = (content.root / written.stdout.strip()).read_text(encoding="utf-8")
    assert "status: rumoured" in text and "claimed, disputed, rumoured or denied" in text
