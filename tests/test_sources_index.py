"""The sources index counts what cites each source, a source known only through another included."""

from __future__ import annotations

from generator.generate import generate


def test_a_source_seen_only_through_another_counts_what_cites_it(content, tmp_path):
    content.write("regions/riverton.md", "name: Riverton\nkind: city\n")
    content.write("actors/anna-example.md", "name: Anna Example\nkind: person\n")
    content.write("sources/example-daily.md", "name: Example Daily\nkind: outlet\nlanguage: en\n")
    content.write("sources/riverton-channel.md", "name: Riverton channel\nkind: telegram\nlanguage: ru\n")
    content.write("sources/unused-wire.md", "name: Unused Wire\nkind: agency\n")
    content.write("statements/anna-says.md", "date: 2026-11-24\nspeaker: anna-example\n"
                  "source: {source: riverton-channel, via: example-daily}\n")
    generate(content.dir, tmp_path / "out")
    rows = {line.split("|")[1].strip().split("]")[0].lstrip("["): line.split("|")[-2].strip()
            for line in (tmp_path / "out" / "sources" / "index.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| [")}
    assert rows == {"Example Daily": "1", "Riverton channel": "1", "Unused Wire": "0"}
