"""Hostile office files are refused in one problem, fast, in bounded memory, with nothing
written: a zip bomb, an entity bomb, an external entity naming a local file (whose text
must never appear), a file that is not what its name says, a 200 MB sheet.

Each import runs as the command does, in its own process, so its time and its peak memory
(the process's own, from `wait4`) are its alone."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE_SITE

TIMEOUT = 120
"""Seconds before the test gives up on an import."""
SECONDS = 5.0
"""Each refusal must take well under this much processor time (user and system, the
process's own start included: about 1.5 s, most of it importing MkDocs). Processor time, not the clock: on a shared machine the clock measures
the neighbours."""
PEAK_MB = 80.0
"""And within this much memory (the command's own start, Python and its libraries, is
about 55 MB)."""
SECRET = "never-shown-7c1f3e"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_SITE / "content", tmp_path / "content")
    (tmp_path / "secret.txt").write_text(f"{SECRET}\n")
    return tmp_path / "content"


def _snapshot(content: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(content)): p.read_bytes()
        for p in sorted(content.rglob("*"))
        if p.is_file() and p.name != ".sosafe.lock"
    }


MEASURE = """
import resource, sys
from sosafe_gen.adapters.cli import main
try:
    code = main(sys.argv[2:])
finally:
    peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1]
    used = resource.getrusage(resource.RUSAGE_SELF)
    open(sys.argv[1], "w").write(f"{used.ru_utime + used.ru_stime} {int(peak) / 1024}")
sys.exit(code)
"""
"""`sosafe ARGS` as its console script runs it (`main`), noting its processor time and
its peak memory: VmHWM, the high-water mark of this program's own memory since it started
(a child's rusage counts the test process's pages it was started from)."""


def _measured(cwd: Path, *args: str) -> tuple[int, str, str, float, float]:
    """Exit status, output, error, processor seconds and peak memory (MB) of one command."""
    note = cwd / "measured.txt"
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(note), *args],
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    seconds, peak = (float(x) for x in note.read_text().split())
    return out.returncode, out.stdout, out.stderr, seconds, peak


def _refused(content: Path, name: str, message: str, hint: str, *extra: str) -> float:
    """Import `name`; it must be refused with exactly this problem and change nothing."""
    before = _snapshot(content)
    rc, out, err, seconds, peak = _measured(
        content.parent, "import", name, "--plan", "2026-27", "--source", "new-report", *extra
    )
    assert (rc, out) == (1, "")
    assert err == f"{name}:1:1: {message}\n  hint: {hint}\n1 problem found; nothing was written.\n"
    assert SECRET not in out + err
    assert _snapshot(content) == before
    assert seconds < SECONDS, f"{seconds:.1f} s of processor time"
    assert peak < PEAK_MB, f"{peak:.0f} MB"
    print(f"{name}: refused in {seconds:.2f} s of processor time, peak {peak:.0f} MB")
    return seconds


def _xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Aim", "Action"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _docx() -> bytes:
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    return buf.getvalue()


def _ods() -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table

    doc = OpenDocumentSpreadsheet()
    doc.spreadsheet.addElement(Table(name="Plan"))
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


BASES = {
    "plan.xlsx": (_xlsx, "xl/worksheets/sheet1.xml"),
    "plan.docx": (_docx, "word/document.xml"),
    "plan.ods": (_ods, "content.xml"),
}


def _with_part(name: str, dest: Path, chunks: Iterator[bytes]) -> Path:
    """An office file of the kind `name` names, with its main part replaced by `chunks`."""
    make, part = BASES[name]
    with (
        zipfile.ZipFile(io.BytesIO(make())) as src,
        zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in src.infolist():
            if info.filename == part:
                with out.open(part, "w") as fh:  # deflated as it streams
                    for chunk in chunks:
                        fh.write(chunk)
            else:
                out.writestr(info, src.read(info))
    return dest


def _repeat(total: int, piece: bytes = b"<row><c><v>1</v></c></row>") -> Iterator[bytes]:
    block = piece * (1024 * 1024 // len(piece))
    sent = 0
    yield b'<?xml version="1.0"?><worksheet>'
    while sent < total:
        yield block
        sent += len(block)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def _external(secret: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "{secret.as_uri()}">]>'
        '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c>'
        "</row></sheetData></worksheet>"
    ).encode()


@pytest.mark.parametrize("name", list(BASES))
def test_a_zip_bomb_is_refused_from_its_sizes(content: Path, name: str) -> None:
    part = BASES[name][1]
    _with_part(name, content.parent / name, _repeat(200 * 1024 * 1024))
    packed = (content.parent / name).stat().st_size
    assert packed < 1024 * 1024  # 200 MB of XML in well under 1 MB
    unpacked = sum(i.file_size for i in zipfile.ZipFile(content.parent / name).infolist())
    _refused(
        content,
        name,
        f"the file unpacks to {unpacked / 1048576:,.1f} MB; an import unpacks at most 48.0 MB "
        "(a compressed file made to be huge is refused)",
        "check it is the plan, saved by Excel, LibreOffice or Word",
    )
    assert part  # the main part was the one made huge


def test_a_part_past_its_own_limit_is_refused(content: Path) -> None:
    _with_part("plan.xlsx", content.parent / "plan.xlsx", _repeat(20 * 1024 * 1024))
    size = zipfile.ZipFile(content.parent / "plan.xlsx").getinfo("xl/worksheets/sheet1.xml")
    _refused(
        content,
        "plan.xlsx",
        f"its part xl/worksheets/sheet1.xml unpacks to {size.file_size / 1048576:,.1f} MB; an "
        "import reads parts of at most 8.0 MB",
        "check it is the plan: a sheet of other data can be left out",
    )


@pytest.mark.parametrize("name", list(BASES))
def test_an_entity_bomb_is_refused_unread(content: Path, name: str) -> None:
    _with_part(name, content.parent / name, iter([BILLION_LAUGHS]))
    _refused(
        content,
        name,
        f"its part {BASES[name][1]} declares a DTD (entities), which no office program "
        "writes; the file was not read",
        "save it again from Excel, LibreOffice or Word",
    )


@pytest.mark.parametrize("name", list(BASES))
def test_an_external_entity_is_never_resolved(content: Path, name: str) -> None:
    _with_part(name, content.parent / name, iter([_external(content.parent / "secret.txt")]))
    _refused(
        content,
        name,
        f"its part {BASES[name][1]} declares a DTD (entities), which no office program "
        "writes; the file was not read",
        "save it again from Excel, LibreOffice or Word",
    )


def test_a_return_with_an_external_entity_is_refused_too(content: Path) -> None:
    name = "return.ods"
    (content.parent / name).write_bytes(
        _with_part(
            "plan.ods", content.parent / "x.ods", iter([_external(content.parent / "secret.txt")])
        ).read_bytes()
    )
    before = _snapshot(content)
    rc, out, err, seconds, peak = _measured(content.parent, "import", name, "--progress-only")
    assert rc == 1 and SECRET not in out + err
    assert err.splitlines()[0] == (
        "return.ods:1:1: its part content.xml declares a DTD (entities), which no office "
        "program writes; the file was not read"
    )
    assert _snapshot(content) == before
    assert seconds < SECONDS and peak < PEAK_MB


WRONG: dict[str, tuple[Any, str]] = {
    "docx as xlsx": (lambda: _docx(), "plan.xlsx"),
    "xlsx as docx": (lambda: _xlsx(), "plan.docx"),
    "png as ods": (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "plan.ods"),
    "html as xls": (
        lambda: b"<html><body><table><tr><td>Aim</td></tr></table></body></html>",
        "plan.xls",
    ),
    "binary as csv": (lambda: b"Aim,Action\x00\x01\x02\x03", "plan.csv"),
}
SAID = {
    "docx as xlsx": (
        "this file is a Word document (.docx), not an Excel workbook (.xlsx), though its name ends .xlsx",
        "rename it to its own ending, or save it from Excel as .xlsx",
    ),
    "xlsx as docx": (
        "this file is an Excel workbook (.xlsx), not a Word document (.docx), though its name ends .docx",
        "rename it to its own ending, or save it from Word or LibreOffice as .docx",
    ),
    "png as ods": (
        "this file is a PNG image, not a LibreOffice spreadsheet (.ods), though its name ends .ods",
        "rename it to its own ending, or save it from LibreOffice as .ods",
    ),
    "html as xls": (
        "this file is a web page (HTML), not an old Excel workbook (.xls), though its name ends .xls",
        "rename it to its own ending, or save it from Excel or LibreOffice as .xlsx or .xls",
    ),
    "binary as csv": (
        "this file is binary data, not a text file (.csv), though its name ends .csv",
        "rename it to its own ending, or save it as CSV (comma-separated values)",
    ),
}


@pytest.mark.parametrize("case", list(WRONG))
def test_a_file_that_is_not_what_its_name_says_is_refused(content: Path, case: str) -> None:
    make, name = WRONG[case]
    (content.parent / name).write_bytes(make())
    _refused(content, name, *SAID[case])


@pytest.mark.parametrize("name", ["plan.xlsx", "plan.csv"])
def test_a_200_mb_sheet_is_refused_by_its_size(content: Path, name: str) -> None:
    path = content.parent / name
    with path.open("wb") as fh:  # sparse: 200 MB without writing them
        fh.write(b"PK\x03\x04" if name.endswith("xlsx") else b"Aim,Action\n")
        fh.truncate(200 * 1024 * 1024)
    _refused(
        content,
        name,
        "the file is 200.0 MB; an import reads files up to 16.0 MB (an action plan is far smaller)",
        "check it is the plan: a copy of other data or pictures in it can be left out",
    )
