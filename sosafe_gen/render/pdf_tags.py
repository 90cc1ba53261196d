"""The PDF's table tags completed: each header cell (TH) says what it heads.

WeasyPrint 70 tags tables as Table, TR, TH and TD and links every data cell to its header
cells (`/Headers`), but writes no `/Scope` on a header cell, which PDF/UA asks of a table
whose headers a reader should announce. This finisher, run by WeasyPrint just before the
PDF is written (`write_pdf(finisher=...)`, its public hook, on its own `pydyf` objects),
sets it from where the cell stands, as the HTML's `scope` says it for every table the
generator writes: a header cell in the table's head heads its column; one in a body row
heads its row (a plan table's full-width section row heads the row it is alone in).
"""

from __future__ import annotations

from typing import Any

import pydyf


def add_table_scopes(document: Any, pdf: Any) -> None:
    """Give each TH structure element of the PDF its `/Scope`: `/Column` in a THead,
    `/Row` elsewhere. `document` (WeasyPrint's) is not needed; `pdf` is pydyf's PDF."""
    objects = pdf.objects

    def parent(element: Any) -> Any:
        ref = element.get("P")
        if not isinstance(ref, bytes):
            return None
        found = objects[int(ref.split()[0])]
        return found if isinstance(found, dict) else None

    for element in objects:
        if not isinstance(element, dict) or element.get("S") != "/TH":
            continue
        row = parent(element)
        group = parent(row) if row is not None else None
        in_head = group is not None and group.get("S") == "/THead"
        attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
        attributes["Scope"] = "/Column" if in_head else "/Row"
