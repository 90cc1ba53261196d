"""sosafe_gen: publish a Community Safety Partnership's public record as a website.

The stages are folders, each importing only those below it (an import-linter contract in
`make lint` keeps it so): content (read and check) → site (plan every page) → render
(pages to text) → edit (change content files) → adapters (the MkDocs plugin and the CLI,
which only dispatch). Nothing below the adapters imports MkDocs.
"""

__version__ = "0.1.0"
