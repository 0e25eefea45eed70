"""Authoring: commands that help contributors write records (new, import, schema, stats)."""
