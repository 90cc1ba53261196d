"""One reader per format, each giving the same `Grid`s: a fifth format is a new module here
and one line in `READERS`, and nothing else changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ....content.problems import Problem
from ....content.text import display_path
from ..grid import Grid
from . import csv_file, docx_file, ods_file, xls_file, xlsx_file

Reader = Callable[[Path, str, list[Problem]], list[Grid]]

READERS: dict[str, Reader] = {
    ".xlsx": xlsx_file.read,
    ".xlsm": xlsx_file.read,
    ".xls": xls_file.read,
    ".ods": ods_file.read,
    ".csv": csv_file.read,
    ".docx": docx_file.read,
}
"""By file name ending: Excel, old Excel, LibreOffice Calc, CSV, Word."""
SHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
"""The formats a quarterly return comes back in (a spreadsheet program's)."""


def formats(suffixes: tuple[str, ...] | list[str] = tuple(READERS)) -> str:
    """`.xlsx, .xls, .ods, .csv or .docx`, for a message."""
    shown = [s for s in suffixes if s != ".xlsm"]
    return ", ".join(shown[:-1]) + f" or {shown[-1]}"


def read_grids(path: Path, problems: list[Problem]) -> list[Grid]:
    """The file's grids (one per sheet; one for a document), by its reader."""
    return READERS[path.suffix.lower()](path, display_path(path), problems)
