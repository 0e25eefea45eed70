"""References between records: every reference field pointing at an id that does not exist,
did-you-mean hints, duplicate ids, cycles, the rules that tie a statement's fields together, and
aliases of merged records. One bad reference, one error line, exit 1, no file changed."""

from __future__ import annotations

import pytest

from conftest import INCIDENT, MEASURE, STATEMENT

NO_REGION = "unknown region 'moscow'; no file moscow.md under content/regions/"
NO_ACTOR = "unknown actor 'mayor'; no file mayor.md under content/actors/"
NO_SOURCE = "unknown source 'tass'; no file tass.md under content/sources/"
NO_INCIDENT = "unknown incident 'blast'; no file blast.md under content/incidents/"
NO_STATEMENT = "unknown statement 'claim'; no file claim.md under content/statements/"

TITLE_DATE = "title: Drone\ndate: 2026-11-24\n"  # lines 2 and 3

# (case id, file, front matter, LINE:COL of the bad id, message)
UNKNOWN = [
    ("region-parent", "regions/x.md", "name: Obninsk\nparent: moscow\n", "3:9", NO_REGION),
    ("actor-affiliation", "actors/x.md", "name: Spokesperson\nkind: person\naffiliation: mayor\n", "4:14", NO_ACTOR),
    ("actor-region", "actors/x.md", "name: Mayor\nkind: person\nregion: moscow\n", "4:9", NO_REGION),
    ("incident-regions", "incidents/x.md",
     TITLE_DATE + "regions: [kaluga-oblast, moscow]\nstatus: reported\nsources: [rbc]\n", "4:26", NO_REGION),
    ("incident-actors", "incidents/x.md", INCIDENT + "actors: [governor, mayor]\n", "7:20", NO_ACTOR),
    ("incident-source-short", "incidents/x.md",
     TITLE_DATE + "regions: [kaluga-oblast]\nstatus: reported\nsources: [rbc, tass]\n", "6:16", NO_SOURCE),
    ("incident-source-long", "incidents/x.md",
     TITLE_DATE + "regions: [kaluga-oblast]\nstatus: reported\nsources:\n  - rbc\n  - source: tass\n"
     "    url: https://tass.ru/x\n", "8:13", NO_SOURCE),
    ("statement-speaker", "statements/x.md", "date: 2026-11-24\nsource: rbc\nspeaker: mayor\n", "4:10", NO_ACTOR),
    ("statement-incidents", "statements/x.md", STATEMENT + "incidents: [blast]\n", "5:13", NO_INCIDENT),
    ("statement-regions", "statements/x.md", STATEMENT + "regions: [moscow]\n", "5:11", NO_REGION),
    ("statement-responds-to", "statements/x.md", STATEMENT + "responds_to: claim\nstance: disputes\n", "5:14",
     NO_STATEMENT),
    ("statement-source-short", "statements/x.md", "date: 2026-11-24\nsource: tass\nspeaker: governor\n", "3:9",
     NO_SOURCE),
    ("statement-source-long", "statements/x.md",
     "date: 2026-11-24\nsource:\n  source: tass\n  title: Interview\nspeaker: governor\n", "4:11", NO_SOURCE),
    ("measure-regions", "measures/x.md",
     TITLE_DATE + "regions: [moscow]\nissuer: governor\nsources: [rbc]\n", "4:11", NO_REGION),
    ("measure-issuer", "measures/x.md",
     TITLE_DATE + "regions: [kaluga-oblast]\nissuer: mayor\nsources: [rbc]\n", "5:9", NO_ACTOR),
    ("measure-sources", "measures/x.md",
     TITLE_DATE + "regions: [kaluga-oblast]\nissuer: governor\nsources: [{source: tass}]\n", "6:20", NO_SOURCE),
    ("measure-incidents", "measures/x.md", MEASURE + "incidents: [blast]\n", "7:13", NO_INCIDENT),
]


@pytest.mark.parametrize("rel, front_matter, where, message", [c[1:] for c in UNKNOWN], ids=[c[0] for c in UNKNOWN])
def test_unknown_id_in_every_reference_field(content, invalid, rel, front_matter, where, message):
    content.world()
    content.write(rel, front_matter)
    invalid(f"content/{rel}:{where}: error: {message}")


@pytest.mark.parametrize("rel, front_matter, where, message", [
    ("incidents/x.md", TITLE_DATE + "regions: [kaluga]\nstatus: reported\nsources: [rbc]\n", "4:11",
     "unknown region 'kaluga' (did you mean 'kaluga-oblast'?)"),
    ("regions/x.md", "name: Obninsk\nparent: kaluga-obl\n", "3:9",
     "unknown region 'kaluga-obl' (did you mean 'kaluga-oblast'?)"),
    ("statements/x.md", "date: 2026-11-24\nsource: rbc\nspeaker: govenor\n", "4:10",
     "unknown actor 'govenor' (did you mean 'governor'?)"),
    ("incidents/x.md", TITLE_DATE + "regions: [kaluga-oblast]\nstatus: reported\nsources: [rbk]\n", "6:11",
     "unknown source 'rbk' (did you mean 'rbc'?)"),
], ids=["prefix", "typo", "actor", "source"])
def test_unknown_id_with_did_you_mean(content, invalid, rel, front_matter, where, message):
    content.world()
    content.write(rel, front_matter)
    invalid(f"content/{rel}:{where}: error: {message}")


def test_the_example_of_design_md(content, invalid):
    content.world()
    content.write("incidents/2026-11-obninsk-roof.md",
                  TITLE_DATE + "regions: [ kaluga ]\nstatus: reported\nsources: [rbc]\n")
    invalid("content/incidents/2026-11-obninsk-roof.md:4:12: error: unknown region 'kaluga' "
            "(did you mean 'kaluga-oblast'?)")


def test_reference_to_an_invalid_record_is_not_reported_as_unknown(content, invalid):
    """The region exists but has a bad field: that field is the one problem, not the reference."""
    content.world()
    content.write("regions/obninsk.md", "name: Obninsk\nkind: town\n")
    content.write("incidents/x.md", INCIDENT.replace("[kaluga-oblast]", "[obninsk]"))
    invalid("content/regions/obninsk.md:3:7: error: 'town' is not a valid kind; use one of: country, "
            "federal-district, republic, oblast, krai, city, district, other")


def test_same_id_in_another_kind_is_not_a_reference(content, invalid):
    """An actor called 'kaluga-oblast' does not make the region 'kaluga-oblast' an actor."""
    content.world()
    content.write("incidents/x.md", INCIDENT + "actors: [kaluga-oblast]\n")
    invalid("content/incidents/x.md:7:10: error: unknown actor 'kaluga-oblast'; "
            "no file kaluga-oblast.md under content/actors/")


def test_duplicate_id_across_subfolders(content, invalid):
    content.world()
    content.write("incidents/2026/10/drone.md", INCIDENT)
    content.write("incidents/2026/11/drone.md", INCIDENT)
    invalid("content/incidents/2026/11/drone.md:1:1: error: id 'drone' is already used by "
            "content/incidents/2026/10/drone.md; ids must be unique among incidents: rename this file")


def test_same_id_in_two_kinds_is_fine(content, valid):
    content.world()
    content.write("actors/kaluga-oblast.md", "name: Kaluga Oblast administration\nkind: organization\n")
    content.write("incidents/rbc.md", INCIDENT)
    valid()


# --- cycles --------------------------------------------------------------------------------

def test_region_is_its_own_parent(content, invalid):
    content.world()
    content.write("regions/obninsk.md", "name: Obninsk\nparent: obninsk\n")
    invalid("content/regions/obninsk.md:3:9: error: a region cannot be its own parent")


def test_region_parents_cycle_of_two(content, invalid):
    content.world()
    content.write("regions/a.md", "name: A\nparent: b\n")
    content.write("regions/b.md", "name: B\nparent: a\n")
    invalid("content/regions/a.md:3:9: error: region parents form a cycle: a → b → a; "
            "one of them must point elsewhere")


def test_region_parents_cycle_of_three(content, invalid):
    content.world()
    content.write("regions/c.md", "name: C\nparent: b\n")
    content.write("regions/b.md", "name: B\nparent: a\n")
    content.write("regions/a.md", "name: A\nparent: c\n")
    invalid("content/regions/a.md:3:9: error: region parents form a cycle: a → c → b → a; "
            "one of them must point elsewhere")


def test_region_chain_into_a_cycle_reports_the_cycle_once(content, invalid):
    content.world()
    content.write("regions/a.md", "name: A\nparent: b\n")  # a leads into the cycle, is not in it
    content.write("regions/b.md", "name: B\nparent: c\n")
    content.write("regions/c.md", "name: C\nparent: b\n")
    invalid("content/regions/b.md:3:9: error: region parents form a cycle: b → c → b; "
            "one of them must point elsewhere")


def test_deep_region_tree_is_fine(content, valid):
    content.world()
    content.write("regions/r0.md", "name: R0\nparent: kaluga-oblast\n")
    for n in range(1, 60):
        content.write(f"regions/r{n}.md", f"name: R{n}\nparent: r{n - 1}\n")
    valid()


def test_actor_affiliated_with_itself(content, invalid):
    content.world()
    content.write("actors/nato.md", "name: NATO\nkind: organization\naffiliation: nato\n")
    invalid("content/actors/nato.md:4:14: error: an actor cannot be affiliated with itself")


def test_statement_responds_to_itself(content, invalid):
    content.world()
    content.write("statements/x.md", STATEMENT + "responds_to: x\nstance: disputes\n")
    invalid("content/statements/x.md:5:14: error: a statement cannot respond to itself")


def test_reply_cycle_of_two(content, invalid):
    content.world()
    content.write("statements/a.md", STATEMENT + "responds_to: b\nstance: disputes\n")
    content.write("statements/b.md", STATEMENT + "responds_to: a\nstance: disputes\n")
    invalid("content/statements/a.md:5:14: error: replies form a cycle: a → b → a; one of them must point elsewhere")


def test_reply_cycle_of_three(content, invalid):
    content.world()
    content.write("statements/a.md", STATEMENT + "responds_to: b\nstance: disputes\n")
    content.write("statements/b.md", STATEMENT + "responds_to: c\nstance: supports\n")
    content.write("statements/c.md", STATEMENT + "responds_to: a\nstance: clarifies\n")
    invalid("content/statements/a.md:5:14: error: replies form a cycle: a → b → c → a; "
            "one of them must point elsewhere")


def test_a_thread_of_replies_is_fine(content, valid):
    content.world()
    content.write("statements/claim.md", STATEMENT.replace("speaker: governor", "anonymous: a diplomat"))
    content.write("statements/rebuttal.md", STATEMENT + "responds_to: claim\nstance: disputes\n")
    content.write("statements/reply.md", STATEMENT + "responds_to: rebuttal\nstance: clarifies\n")
    valid()


# --- a statement's fields together ---------------------------------------------------------

@pytest.mark.parametrize("front_matter, body, where, message", [
    (STATEMENT + "anonymous: an insider\n", "Text.\n", "5:1",
     "a statement has either a speaker or anonymous, not both; remove one"),
    ("date: 2026-11-24\nsource: rbc\n", "Text.\n", "1:1",
     'a statement needs a speaker (an actor id) or anonymous (a description such as "an official in the '
     'regional government")'),
    (STATEMENT + "stance: disputes\n", "Text.\n", "5:1",
     "stance needs responds_to: the id of the statement this one answers"),
    (STATEMENT + "responds_to: claim\n", "Text.\n", "5:1",
     "a reply needs a stance: add 'stance: supports', 'stance: disputes' or 'stance: clarifies'"),
    (STATEMENT + "original: Речь идёт не только о дронах.\n", "Text.\n", "5:1",
     "say which language the original is in: add 'language:' with a tag such as ru"),
    (STATEMENT, "\n  \n", "1:1",
     "the statement has no text: write the quotation, in English, below the closing '---'"),
    ("date: 2026-11-24\nsource: rbc\nanonymous: ''\n", "Text.\n", "4:12",
     "anonymous is empty; write the text or remove the field"),
], ids=["speaker-and-anonymous", "neither", "stance-without-reply", "reply-without-stance",
        "original-without-language", "no-quotation", "anonymous-empty"])
def test_statement_rule(content, invalid, front_matter, body, where, message):
    content.world()
    content.write("statements/claim.md", STATEMENT)
    content.write("statements/x.md", front_matter, body)
    invalid(f"content/statements/x.md:{where}: error: {message}")


def test_anonymous_statement_with_original_is_fine(content, valid):
    content.world()
    content.write("statements/x.md", "date: 2026-11\ncirca: true\nsource: rbc\nkind: paraphrase\n"
                  "anonymous: an insider close to the emergency team\nlanguage: ru\noriginal: Это вопрос "
                  "национальной безопасности.\n", "This is a matter of national security.\n")
    valid()


# --- aliases -------------------------------------------------------------------------------

def test_alias_that_is_still_an_id(content, invalid):
    content.world()
    content.write("regions/kaluga.md", "name: Kaluga\naliases: [kaluga-oblast]\n")
    invalid("content/regions/kaluga.md:3:11: error: alias 'kaluga-oblast' is still the id of "
            "content/regions/kaluga-oblast.md; remove that file after merging it here")


def test_alias_that_is_the_records_own_id(content, invalid):
    content.world()
    content.write("regions/obninsk.md", "name: Obninsk\naliases: [obninsk]\n")
    invalid("content/regions/obninsk.md:3:11: error: alias 'obninsk' is this record's own id; aliases are the "
            "old ids of records merged into this one: remove it")


def test_same_alias_on_two_records(content, invalid):
    content.world()
    content.write("regions/a.md", "name: A\naliases: [old-name]\n")
    content.write("regions/b.md", "name: B\naliases: [old-name]\n")
    invalid("content/regions/b.md:3:11: error: alias 'old-name' is already an alias of 'a' (content/regions/a.md); "
            "an old id can lead to one record only: remove it from one of them")


def test_reference_to_an_alias_says_where_it_went(content, invalid):
    content.world()
    content.write("regions/kaluga-oblast.md", "name: Kaluga Oblast\nkind: oblast\naliases: [kaluga]\n")
    content.write("incidents/x.md", TITLE_DATE + "regions: [kaluga]\nstatus: reported\nsources: [rbc]\n")
    invalid("content/incidents/x.md:4:11: error: region 'kaluga' was merged into 'kaluga-oblast'; "
            "use 'kaluga-oblast'")


@pytest.mark.parametrize("rel, front_matter, where, message", [
    ("statements/x.md", "date: 2026-11-24\nsource: rbc\nspeaker: old-governor\n", "4:10",
     "actor 'old-governor' was merged into 'governor'; use 'governor'"),
    ("incidents/x.md", INCIDENT.replace("[rbc]", "[{source: rbc-news}]"), "6:20",
     "source 'rbc-news' was merged into 'rbc'; use 'rbc'"),
], ids=["actor", "source-in-citation"])
def test_reference_to_an_alias_of_other_kinds(content, invalid, rel, front_matter, where, message):
    content.world()
    content.write("actors/governor.md", "name: The Governor\nkind: person\naliases: [old-governor]\n")
    content.write("sources/rbc.md", "name: RBC\nkind: outlet\naliases: [rbc-news]\n")
    content.write(rel, front_matter)
    invalid(f"content/{rel}:{where}: error: {message}")


def test_alias_of_another_kind_is_no_clash(content, valid):
    content.world()
    content.write("actors/kaluga-admin.md", "name: Kaluga administration\nkind: organization\n"
                  "aliases: [kaluga-oblast]\n")
    valid()
