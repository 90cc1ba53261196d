"""Stage 1, content: what a partnership's record is, read from YAML with positions and checked.

Nothing here knows about pages, templates or MkDocs; every later stage builds on it.
"""
