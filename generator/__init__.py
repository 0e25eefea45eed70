"""Briefing site generator: validated Markdown records in, a briefing site out.

The pipeline runs one way, one module a stage:
read → validate → link → plan → render → write.
"""

__version__ = "0.1.0"
