"""How much an import reads: bounds set far above any real plan, so that a file made to
be big (a zip bomb, a sheet of a million filled cells) is refused before it costs memory.

The figures and what a real plan takes are in the README (*Importing office files*).
"""

from __future__ import annotations

MAX_CELLS = 200_000
"""Filled cells in one file. A plan of 560 actions, 16 columns each, fills about 9,000."""
MAX_ROWS = 100_000
"""Rows of one sheet or document (empty rows a spreadsheet repeats at the end are not read)."""
MAX_COLUMNS = 200
"""Columns of one sheet or table that hold anything."""
