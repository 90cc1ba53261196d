"""The quarterly return as a LibreOffice spreadsheet (.ods), with odfpy.

It carries what the .xlsx carries, in OpenDocument's own terms: the sheet protected
without a password (`table:protected`) with the quarter and the status the only cells
not protected (`style:cell-protect="none"`), the status a list of the allowed values
(`table:content-validation`), the header row repeated on every printed page
(`table:table-header-rows`) and frozen (LibreOffice's view settings), the page landscape
and one page wide, the Check column hidden, the aim merged down its actions. What it
cannot carry: the input message Excel shows beside a chosen status cell is LibreOffice's
help message instead, and the freeze is a LibreOffice setting other programs may ignore.
"""

from __future__ import annotations

import io
from typing import Any

from ...content import model as m
from .fingerprints import title_cell
from .layout import STATUS_WORDS, Column
from .sheet_rows import HOW_TO_SHEET, PLAN_SHEET, Row, columns_of, how_to_lines

LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"


def ods(plan: m.ActionPlan, quarter: str | None, fill: str, rows: list[Row]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import ContentValidations, Table

    columns = columns_of(plan)
    doc = OpenDocumentSpreadsheet()
    styles = _Styles(doc, columns, fill)
    validations = ContentValidations()
    validations.addElement(_status_list())
    doc.spreadsheet.addElement(validations)
    sheet = Table(name=PLAN_SHEET, protected="true", stylename=styles.table)
    _columns(sheet, columns, styles)
    _plan_rows(sheet, plan, quarter, fill, rows, columns, styles)
    doc.spreadsheet.addElement(sheet)
    how = Table(name=HOW_TO_SHEET, protected="true", stylename=styles.table)
    _how_to(how, plan, quarter, columns, fill, styles)
    doc.spreadsheet.addElement(how)
    _freeze(doc)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


class _Styles:
    """The automatic styles the sheet's cells, columns, table and page use."""

    def __init__(self, doc: Any, columns: list[Column], fill: str) -> None:
        from odf.style import (
            MasterPage,
            PageLayout,
            PageLayoutProperties,
            Style,
            TableCellProperties,
            TableColumnProperties,
            TableProperties,
            TextProperties,
        )

        layout = PageLayout(name="landscape")
        props = PageLayoutProperties(
            printorientation="landscape", pagewidth="29.7cm", pageheight="21cm"
        )
        props.setAttrNS(LOEXT, "scale-to-X", "1")  # one page wide, as many long as it takes
        props.setAttrNS(LOEXT, "scale-to-Y", "0")
        layout.addElement(props)
        doc.automaticstyles.addElement(layout)
        doc.masterstyles.addElement(MasterPage(name="Return", pagelayoutname=layout))
        self.table = Style(name="return", family="table", masterpagename="Return")
        self.table.addElement(TableProperties(display="true"))
        doc.automaticstyles.addElement(self.table)

        def cell(
            name: str, bold: bool = False, size: str = "", colour: str = "", open_: bool = False
        ) -> Any:
            s = Style(name=name, family="table-cell")
            s.addElement(
                TableCellProperties(
                    wrapoption="wrap",
                    verticalalign="top",
                    cellprotect="none" if open_ else "protected",
                    **({"backgroundcolor": colour} if colour else {}),
                )
            )
            if bold or size:
                s.addElement(
                    TextProperties(fontweight="bold", **({"fontsize": size} if size else {}))
                )
            doc.automaticstyles.addElement(s)
            return s

        self.title = cell("title", bold=True, size="14pt")
        self.heading = cell("heading", bold=True, colour="#d9d9d9")
        self.heading_fill = cell("heading-fill", bold=True, colour="#fff2cc")
        self.section = cell("section", bold=True, colour="#ededed")
        self.text = cell("text")
        self.fill = cell("fill", colour="#fff2cc", open_=True)
        self.columns = []
        for k, col in enumerate(columns):
            s = Style(name=f"col{k + 1}", family="table-column")
            width = (col.width + (14 if col.key == fill else 0)) * 0.19
            s.addElement(TableColumnProperties(columnwidth=f"{width:.2f}cm"))
            doc.automaticstyles.addElement(s)
            self.columns.append(s)
        wide = Style(name="wide", family="table-column")
        wide.addElement(TableColumnProperties(columnwidth="19cm"))
        doc.automaticstyles.addElement(wide)
        self.wide = wide


def _status_list() -> Any:
    from odf.table import ContentValidation, ErrorMessage, HelpMessage
    from odf.text import P

    words = ";".join(f'"{w}"' for w in STATUS_WORDS)
    v = ContentValidation(
        name="status",
        condition=f"of:cell-content-is-in-list({words})",
        allowemptycell="true",
        displaylist="unsorted",
    )
    help_ = HelpMessage(title="Status", display="true")
    help_.addElement(P(text="Choose from the list."))
    v.addElement(help_)
    error = ErrorMessage(title="Not a status", display="true", messagetype="stop")
    error.addElement(P(text="Choose a status from the list: " + ", ".join(STATUS_WORDS) + "."))
    v.addElement(error)
    return v


def _columns(sheet: Any, columns: list[Column], styles: _Styles) -> None:
    from odf.table import TableColumn

    for col, style in zip(columns, styles.columns, strict=True):
        hidden = {"visibility": "collapse"} if col.key == "check" else {}
        sheet.addElement(TableColumn(stylename=style, **hidden))


def _cell(text: str, style: Any, span: int = 1, rows: int = 1, validation: str = "") -> Any:
    from odf.table import TableCell
    from odf.text import P

    extra: dict[str, Any] = {}
    if span > 1 or rows > 1:
        extra |= {"numbercolumnsspanned": span, "numberrowsspanned": rows}
    if validation:
        extra["contentvalidationname"] = validation
    cell = TableCell(stylename=style, valuetype="string", **extra)
    for line in text.split("\n") if text else []:
        cell.addElement(P(text=line))
    return cell


def _plan_rows(
    sheet: Any,
    plan: m.ActionPlan,
    quarter: str | None,
    fill: str,
    rows: list[Row],
    columns: list[Column],
    styles: _Styles,
) -> None:
    from odf.table import CoveredTableCell, TableHeaderRows, TableRow

    keys = [c.key for c in columns]
    title = TableRow()
    title.addElement(_cell(title_cell(plan, quarter), styles.title))
    sheet.addElement(title)
    header = TableRow()
    for c in columns:
        header.addElement(
            _cell(c.heading, styles.heading_fill if c.key in (fill, "status") else styles.heading)
        )
    repeated = TableHeaderRows()
    repeated.addElement(header)
    sheet.addElement(repeated)
    spans = _aim_spans(rows)
    for n, (kind, cells, _) in enumerate(rows):
        row = TableRow()
        if kind == "section":
            row.addElement(_cell(cells[0], styles.section, span=len(columns)))
            for _ in columns[1:]:
                row.addElement(CoveredTableCell())
        else:
            for key, text in zip(keys, cells, strict=True):
                if key == "aim" and n not in spans:
                    row.addElement(CoveredTableCell())
                    continue
                row.addElement(
                    _cell(
                        text,
                        styles.fill if key in (fill, "status") else styles.text,
                        rows=spans.get(n, 1) if key == "aim" else 1,
                        validation="status" if key == "status" else "",
                    )
                )
        sheet.addElement(row)


def _aim_spans(rows: list[Row]) -> dict[int, int]:
    """Row index of each aim's first action → how many action rows it covers."""
    spans: dict[int, int] = {}
    first = None
    for n, (kind, _, aim) in enumerate(rows):
        if kind == "action" and aim is not None:
            first = n
            spans[n] = 1
        elif kind == "action" and first is not None:
            spans[first] += 1
        else:
            first = None
    return spans


def _how_to(
    sheet: Any,
    plan: m.ActionPlan,
    quarter: str | None,
    columns: list[Column],
    fill: str,
    styles: _Styles,
) -> None:
    from odf.table import TableColumn, TableRow

    sheet.addElement(TableColumn(stylename=styles.wide))
    for k, line in enumerate(how_to_lines(plan, quarter, columns, fill)):
        row = TableRow()
        row.addElement(_cell(line, styles.title if k == 0 else styles.text))
        sheet.addElement(row)


def _freeze(doc: Any) -> None:
    """The header rows frozen on the Plan sheet (LibreOffice's view settings)."""
    from odf.config import (
        ConfigItem,
        ConfigItemMapEntry,
        ConfigItemMapIndexed,
        ConfigItemMapNamed,
        ConfigItemSet,
    )

    view = ConfigItemSet(name="ooo:view-settings")
    views = ConfigItemMapIndexed(name="Views")
    entry = ConfigItemMapEntry()
    entry.addElement(ConfigItem(name="ViewId", type="string", text="view1"))
    tables = ConfigItemMapNamed(name="Tables")
    plan_sheet = ConfigItemMapEntry(name=PLAN_SHEET)
    for name, kind, value in (
        ("HorizontalSplitMode", "short", "0"),
        ("VerticalSplitMode", "short", "2"),
        ("VerticalSplitPosition", "int", "2"),
        ("ActiveSplitRange", "short", "2"),
        ("PositionTop", "int", "0"),
        ("PositionBottom", "int", "2"),
    ):
        plan_sheet.addElement(ConfigItem(name=name, type=kind, text=value))
    tables.addElement(plan_sheet)
    entry.addElement(tables)
    views.addElement(entry)
    view.addElement(views)
    doc.settings.addElement(view)
