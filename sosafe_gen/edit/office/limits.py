"""How much an import reads: bounds set far above any real plan, so that a file made to
be big (a zip bomb, a sheet of a million filled cells) is refused before it costs memory.

The figures and what a real plan takes are in the README (*Importing office files*).
"""

from __future__ import annotations

MAX_CELLS = 200_000
"""Filled cells in one file. A plan of 560 actions, 16 columns each, fills at most about 9,000."""
MAX_ROWS = 100_000
"""Rows of one sheet or document (empty rows a spreadsheet repeats at the end are not read)."""
MAX_COLUMNS = 200
"""Columns of one sheet or table that hold anything."""
MAX_FILE_BYTES = 16 * 1024 * 1024
"""A file on disk. A return of 560 actions is 178 KB as .xlsx."""
MAX_PARTS = 1_000
"""Parts of a zip (an .xlsx, .docx or .ods has a few dozen)."""
MAX_UNPACKED = 48 * 1024 * 1024
"""All of a zip's parts unpacked, pictures included."""
MAX_XML_PART = 8 * 1024 * 1024
"""One XML part unpacked (a sheet, a document): a 560-action return's sheet is 0.75 MB;
a 7.3 MB sheet (65,000 cells) is read by openpyxl in about 4 s at a peak of 108 MB."""
