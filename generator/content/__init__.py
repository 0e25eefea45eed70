"""Content: read, validate and link the records (the first three stages)."""
