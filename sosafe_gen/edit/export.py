"""`sosafe export DIR`: the open data files the site publishes, written to a folder."""

from __future__ import annotations

from pathlib import Path

from ..content.record import Content
from ..site.datasets import datasets
from ..site.open_data import export_files
from ..site.pages import Options
from .files import atomic_write


def write_export(content: Content, options: Options, dest: Path) -> list[Path]:
    """Write every file into `dest`, each atomically (readers see the old file or the new)."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in export_files(
        datasets(content, options), content.partnership, options.site_url
    ).items():
        atomic_write(dest / name, data)
        written.append(dest / name)
    return written
