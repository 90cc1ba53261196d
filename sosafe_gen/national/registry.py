"""The registry: which partnerships' data packages the national index reads.

```yaml
title: Community safety partnerships            # optional
site_url: https://index.example.org/             # optional: the index's own address
partnerships:
  - ../northwick/site/data                       # a built site's data/ folder
  - ../westbury/data/datapackage.json            # a package file
  - {source: https://csp.example.gov.uk/data/datapackage.json, name: Example CSP,
     site: https://csp.example.gov.uk/}
```

An entry is a folder, a `datapackage.json` path (relative to the registry) or an http(s)
URL; `name` replaces the partnership's own short name, `site` gives its site's address
where its package has none (its records link back there). Problems are `file:line:col`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator

from ..content import model as m
from ..content.load import load_file
from ..content.problems import ContentError
from ..content.text import display_path
from ..content.validate import validate

PACKAGE_FILE = "datapackage.json"


class Entry(m.Record):
    source: str = Field(min_length=1)
    """A data/ folder, a datapackage.json file or its http(s) address."""
    name: m.Text | None = None
    """The name the index shows (default: the partnership's own short name)."""
    site: m.WebUrl | None = None
    """The partnership's site, for links back, where its package does not say."""


class Registry(m.Record):
    title: m.Text | None = None
    """The index's title (default: the catalogue's "Community Safety Partnerships")."""
    site_url: m.WebUrl | None = None
    partnerships: list[Entry] = Field(min_length=1)
    """Each partnership's package: its source alone, or an entry with a name or site."""

    @field_validator("partnerships", mode="before")
    @classmethod
    def _entries(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"source": v} if isinstance(v, str) else v for v in value]
        return value


@dataclass(frozen=True)
class Source:
    """Where one partnership's package is, resolved."""

    index: int
    """Its place in the registry (for messages and a stable order)."""
    location: str
    """The package file's path or URL."""
    name: str | None
    site: str | None

    @property
    def shown(self) -> str:
        """The location as messages and pages give it (a path relative to here)."""
        return self.location if self.remote else display_path(Path(self.location))

    @property
    def remote(self) -> bool:
        return self.location.startswith(("http://", "https://"))

    def near(self, path: str) -> str:
        """A file beside the package (a resource's path)."""
        if self.remote:
            return self.location.rsplit("/", 1)[0] + "/" + path
        return str(Path(self.location).parent / path)


def read_registry(path: Path) -> tuple[Registry, list[Source]]:
    """The registry and each entry's package location; ContentError on any problem."""
    display = display_path(path)
    doc, problems = load_file(path, display)
    registry = None
    if doc is not None:
        registry = validate(doc, Registry, problems)
    if registry is None or problems:
        raise ContentError(problems)
    sources = []
    for i, entry in enumerate(registry.partnerships):
        sources.append(Source(i, _locate(entry.source, path.parent), entry.name, entry.site))
    return registry, sources


def _locate(source: str, base: Path) -> str:
    """The package file: a folder's datapackage.json, a path relative to the registry."""
    if source.startswith(("http://", "https://")):
        return source if source.endswith(".json") else source.rstrip("/") + "/" + PACKAGE_FILE
    path = (base / source).resolve()
    return str(path if path.suffix == ".json" else path / PACKAGE_FILE)
