"""sosafe_gen: publish a Community Safety Partnership's public record as a website.

The core (load → model → check → plan → render) never imports MkDocs; the MkDocs
plugin in :mod:`sosafe_gen.plugin` and the CLI in :mod:`sosafe_gen.cli` are adapters.
"""

__version__ = "0.1.0"
