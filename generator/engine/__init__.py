"""Engine adapter: the MkDocs plugin, the build, and everything that touches MkDocs, Python-Markdown,
Jinja or Material."""
