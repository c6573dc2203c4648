"""Reading any spreadsheet list as a header row and data rows (pure Python: no Django).

A CSV file is read in UTF-8 (with or without a byte-order mark), else Windows-1252 (which Excel on
Windows writes and which covers Latin-1's letters), separated by the commonest of ``;``, ``,``, tab or
``|`` in its header line. An XLSX workbook is read with openpyxl: the first sheet, its header row being
the first of its first 20 rows with at least two cells filled (a title above the table is skipped).
The file type is told from the content, never from the name. :class:`TableError` says, in one sentence,
why a file cannot be read at all.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = (";", ",", "\t", "|")
HEADER_SEARCH_ROWS = 20
_SPACES = re.compile(r"\s+")


class TableError(ValueError):
    """The file as a whole cannot be read as a table; the message says why."""


@dataclass
class Table:
    """A read table: its headers (as written, spaces tidied) and rows as (line in the file, cells)."""

    headers: list[str]
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    file_format: str = "csv"
    encoding: str = ""
    delimiter: str = ""


def header_text(cell: Any) -> str:
    if cell is None:
        return ""
    return _SPACES.sub(" ", str(cell).replace("\ufeff", "")).strip()


def read_table(data: bytes, label: str = "the file") -> Table:
    """Read a CSV or XLSX file's bytes as a table; :class:`TableError` when it is not one."""
    if not data:
        raise TableError(f"{label}: the file is empty")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, label)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(f"{label} is an old Excel 97–2003 (.xls) workbook: save it as .xlsx or as CSV")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _read_csv(data.decode("utf-16"), label, "utf-16")
        except UnicodeDecodeError:
            raise TableError(f"{label}: the UTF-16 text cannot be decoded") from None
    if b"\x00" in data[:8192]:
        raise TableError(f"{label} is not a CSV or XLSX file: it contains binary data")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _read_csv(text, label, encoding)
    raise TableError(f"{label}: the text is neither UTF-8 nor Windows-1252")  # pragma: no cover


def _read_csv(text: str, label: str, encoding: str) -> Table:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[Any, ...]]] = []
    headers: list[str] | None = None
    try:
        for cells in reader:
            if headers is None:
                if not any(c.strip() for c in cells):
                    continue
                headers = [header_text(c) for c in cells]
                continue
            rows.append((reader.line_num, tuple(cells)))
    except csv.Error as error:
        raise TableError(f"{label}: line {reader.line_num} cannot be read as CSV ({error})") from None
    if headers is None:
        raise TableError(f"{label}: the file has no header row")
    return Table(_trim(headers), rows, "csv", encoding, delimiter)


def _read_xlsx(data: bytes, label: str) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise TableError(
            f"{label} is a ZIP file but not a readable Excel workbook (.xlsx): {error}"
        ) from None
    try:
        sheet = book.worksheets[0]
        headers: list[str] | None = None
        rows: list[tuple[int, tuple[Any, ...]]] = []
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if headers is None:
                if sum(1 for c in cells if header_text(c)) >= 2:
                    headers = [header_text(c) for c in cells]
                elif line >= HEADER_SEARCH_ROWS:
                    break
                continue
            rows.append((line, tuple(cells)))
    finally:
        book.close()
    if headers is None:
        raise TableError(f"{label}: no header row in the first {HEADER_SEARCH_ROWS} rows of the first sheet")
    return Table(_trim(headers), rows, "xlsx")


def _trim(headers: list[str]) -> list[str]:
    while headers and not headers[-1]:
        headers.pop()
    return headers
