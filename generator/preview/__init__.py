"""Preview: what `briefing serve` keeps between edits, to redo only what an edit changed."""
