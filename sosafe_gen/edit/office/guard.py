"""Office files from outside the council, checked before any library opens them.

An import reads files partners send in. Before a reader sees one, it must be what its name
says (a zip of the right parts, an OLE2 workbook, text), no bigger than `limits` allows on
disk and unpacked (a zip bomb is refused from the sizes its directory declares, which
Python's zipfile then holds each part to), and no XML part of it may declare a DTD: no
office program writes one, and it is how an entity bomb expands and how an external
entity names a file on this machine. Each refusal is one problem, in a few milliseconds,
and nothing of the file is parsed; an entity is never resolved, so no file it names is
ever read or shown.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from ...content.problems import ContentError, file_problem
from ...content.text import display_path
from .limits import MAX_FILE_BYTES, MAX_PARTS, MAX_UNPACKED, MAX_XML_PART

_KINDS = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".docx": "docx",
    ".csv": "text",
}
_NAMES = {
    "xlsx": "an Excel workbook (.xlsx)",
    "xls": "an old Excel workbook (.xls)",
    "ods": "a LibreOffice spreadsheet (.ods)",
    "docx": "a Word document (.docx)",
    "text": "a text file (.csv)",
    "odt": "a LibreOffice text document (.odt)",
    "ole": "an old Word or Excel file (.doc or .xls)",
    "zip": "a zip archive, but no office file",
    "pdf": "a PDF",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "html": "a web page (HTML)",
    "binary": "binary data",
}
_SAVE = {
    "xlsx": "save it from Excel as .xlsx",
    "xls": "save it from Excel or LibreOffice as .xlsx or .xls",
    "ods": "save it from LibreOffice as .ods",
    "docx": "save it from Word or LibreOffice as .docx",
    "text": "save it as CSV (comma-separated values)",
}


def check(path: Path) -> None:
    """Refuse, in one problem, a file that is not what its name says or is too big."""
    display = display_path(path)
    want = _KINDS[path.suffix.lower()]
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        _refuse(
            display,
            f"the file is {_mb(size)}; an import reads files up to {_mb(MAX_FILE_BYTES)} "
            "(an action plan is far smaller)",
            "check it is the plan: a copy of other data or pictures in it can be left out",
        )
    with path.open("rb") as fh:
        head = fh.read(4096)
    kind = _sniff(head)
    if kind == "zip":
        kind = _zip(path, display)
    if kind == "ole" and want == "xls":
        return
    if kind != want and not (want == "text" and kind == "text"):
        _refuse(
            display,
            f"this file is {_NAMES[kind]}, not {_NAMES[want]}, though its name ends {path.suffix}",
            f"rename it to its own ending, or {_SAVE[want]}",
        )


def _refuse(display: str, message: str, hint: str) -> None:
    raise ContentError([file_problem(display, message, hint)])


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.1f} MB"


def _sniff(head: bytes) -> str:
    """What the first bytes say the file is."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\x89PNG"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head.lower():
        return "html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def _entries(path: Path) -> int:
    """The number of parts the zip's end record declares (before zipfile reads them all)."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        end = fh.tell()
        fh.seek(max(0, end - 65557))
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return 0
    count = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    return MAX_PARTS + 1 if count == 0xFFFF else count  # Zip64: far more than office files


def _zip(path: Path, display: str) -> str:
    """A zip's kind by its parts, after its sizes and its XML's prologs are checked."""
    if _entries(path) > MAX_PARTS:
        _refuse(
            display,
            f"the file holds more than {MAX_PARTS:,} parts; no office file has as many",
            "save it again from the program that made it",
        )
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED:
                _refuse(
                    display,
                    f"the file unpacks to {_mb(total)}; an import unpacks at most "
                    f"{_mb(MAX_UNPACKED)} (a compressed file made to be huge is refused)",
                    "check it is the plan, saved by Excel, LibreOffice or Word",
                )
            for info in infos:
                _part(z, info, display)
            names = {i.filename for i in infos}
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                mime = z.read("mimetype")[:100]
                if mime == b"application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
                if mime == b"application/vnd.oasis.opendocument.text":
                    return "odt"
    except zipfile.BadZipFile as exc:
        _refuse(display, f"the file is a damaged zip archive ({exc})", "save it again")
    return "zip"


def _part(z: zipfile.ZipFile, info: zipfile.ZipInfo, display: str) -> None:
    """An XML part may not be huge, nor declare a DTD (read only up to its first element)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    with z.open(info) as fh:
        head = fh.read(64)
    xml = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or head[:2] in (
        b"\xff\xfe",
        b"\xfe\xff",
    )
    if not xml:
        return
    if info.file_size > MAX_XML_PART:
        _refuse(
            display,
            f"its part {info.filename} unpacks to {_mb(info.file_size)}; an import reads "
            f"parts of at most {_mb(MAX_XML_PART)}",
            "check it is the plan: a sheet of other data can be left out",
        )
    try:
        with z.open(info) as fh:
            for _ in iterparse(fh, events=("start",), forbid_dtd=True):
                break  # the prolog, where a DTD would be, is read: stop at the root
    except DefusedXmlException:
        _refuse(
            display,
            f"its part {info.filename} declares a DTD (entities), which no office program "
            "writes; the file was not read",
            "save it again from Excel, LibreOffice or Word",
        )
    except Exception:
        return
