"""Reading and checking the public EURA project lists (pure Python: no Django).

Two layouts are read, told apart by their header row:

* **EURA 2014** (``eura2014``): the public list of ERDF (EAKR) and ESF (ESR) projects 2014–2020, a CSV file
  with the 13 columns of :data:`EURA2014_COLUMNS`.
* **EURA 2021** (``eura2021``): the public Excel export of the 2021–2027 system, an ``.xlsx`` workbook with
  the 35 columns of :data:`EURA2021_COLUMNS` (the ``Hankekoodi`` header may carry a trailing space) and
  footer notes after the last project.

Both layouts may come as CSV (UTF-8, comma, semicolon or tab separated) or as ``.xlsx``; the file type is
told from its content, never from its name.

File-level problems (not a CSV or XLSX file, not UTF-8, an unknown header row, missing columns) raise
:class:`EuraFileError` with one message. Row-level problems never stop the reading: every one is collected
as a :class:`Problem` naming the line, the column, the value and the reason, so that a user sees all of
them at once. A row with a problem is never imported and nothing in it is guessed.

The rules, and why each is honest
---------------------------------
Every row (both layouts):

* the code is present, at most 20 characters, without spaces, and appears only once in the file;
* the project's name and the implementer's name (``Toteuttajan nimi``) are present (an empty beneficiary
  is a damaged row: a project without an implementer cannot be recorded);
* the fund is a known one (EAKR → ERDF, ESR/ESR+ → ESF+, JTF → JTF, also spelt out in Finnish);
* the status is a known EURA status (:data:`STATUSES`); the original text is kept as ``eura_status``;
* the start and end dates are present, real calendar dates written ``d.m.yyyy`` (or ISO, or an Excel date),
  and the end is not before the start;
* amounts are euros, integers or with a decimal point (a decimal comma is accepted too), with at most two
  decimals and not negative: every figure of these lists is a cumulative total of money granted, planned
  or paid, and a cumulative total below zero cannot be true. (Three rows of the 2014 list carry a negative
  realised public total, e.g. ``-744``, beside a positive realised EU and state share that the public
  total includes: they are reported, not stored.)

The EURA 2014 list, in addition (the upstream conversion that produced it damaged some rows):

* the code is a letter and five digits, and its letter agrees with the fund: ``A7xxxx`` is ERDF (EAKR),
  ``S2xxxx`` is ESF (ESR);
* the priority axis (``Tl``) is a number;
* all four amounts are present: every intact row of the list has all four, an empty one means the columns
  of the row were shifted;
* the funding authority (``Viranomainen``) is a known authority name pattern: a regional ELY centre
  (``<region> elinkeino-, liikenne- ja ympäristökeskus``), a regional council (``<region> liitto`` or
  ``<region> maakuntaliitto``), where ``<region>`` is one capitalised, possibly hyphenated Finnish genitive
  (``Uudenmaan``, ``Pohjois-Pohjanmaan``), or a national funding authority (:data:`NATIONAL_AUTHORITIES`).
  Spaces around the name and doubled spaces (a comma replaced upstream) do not count and are cleaned; the
  ELY centres are written with their official comma. A stray word before the name (the tail of the
  project's name, cut at a comma upstream, e.g. ``Ruotsi Pohjois-Pohjanmaan ...``) breaks the pattern: the
  row's name is then truncated and the row is reported.
* commas inside fields were replaced upstream by ``|`` or double spaces: in names ``|`` is turned back
  into a comma and runs of spaces into one space.

The EURA 2021 export, in addition:

* the business ID (``Toteuttajan Y-tunnus``), when given, is a valid Finnish business ID;
* the planned figures are required; the realised ones may be empty (no payment yet);
* the rows after the last project that have neither a project name nor an implementer are the export's
  footer notes and are skipped; such a row before the last project is reported.

In both layouts rows that are entirely empty are skipped.

In the real EURA 2014 list (2,881 rows) these rules report 20 rows and no other: 17 damaged ones (an empty
beneficiary; two empty amounts; an amount shifted into the start date beside an empty amount; 13 missing
start or end dates, three of them with a stray word in ``Viranomainen``) and three with a negative realised
public total. Ten intact rows carry only a stray leading space in ``Viranomainen``: it is cleaned and the
rows are imported.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

from cores.business_id import BusinessIdError, normalise_business_id
from cores.eura_names import canonical_authority
from cores.eura_values import (
    clean,
    display,
    format_date,
    is_blank,
    parse_date,
    parse_money,
    restore_commas,
    shorten,
)

EURA2014 = "eura2014"
EURA2021 = "eura2021"

EURA2014_COLUMNS: tuple[str, ...] = (
    "Koodi",
    "Rahasto",
    "Hankkeen nimi",
    "Tl",
    "Viranomainen",
    "Tila",
    "Aloituspvm",
    "Päättymispvm",
    "Toteuttajan nimi",
    "Myönnetty EU- ja valtion rahoitus",
    "Toteutunut EU- ja valtion rahoitus",
    "Suunniteltu julkinen rahoitus yhteensä",
    "Toteutunut julkinen rahoitus yhteensä",
)

EURA2021_COLUMNS: tuple[str, ...] = (
    "Hankekoodi",
    "Ryhmähanketunnus",
    "Rahasto",
    "EAKR-/JTF-alatyyppi",
    "Tl",
    "Et",
    "Hankkeen nimi",
    "Toteuttajan nimi",
    "Toteuttajan Y-tunnus",
    "Rahoittava viranomainen",
    "Toiminnan tila",
    "Aloituspvm",
    "Päättymispvm",
    "Suunniteltu EU- ja valtion rahoitus",
    "Suunniteltu julkinen rahoitus",
    "Suunniteltu rahoitus yhteensä",
    "Toteutunut EU- ja valtion rahoitus",
    "Toteutunut julkinen rahoitus",
    "Toteutunut rahoitus yhteensä",
    "Toteutunut EU-rahoituksen määrä",
    "Tukitoimen ala",
    "Sijainti",
    "Toteutuspaikan postinumero",
    "Toteutuspaikan postitoimipaikka",
    "Tuensaajan postinumero",
    "Tuensaajan postitoimipaikka",
    "Tukimuoto",
    "Alueellinen täytäntöönpanomekanismi ja alueellinen painopiste",
    "Taloudellinen toiminta",
    "Toissijainen teema, vain ESR+",
    "Sukupuolten tasa-arvo",
    "Itämeren alueen strategia",
    "Suunnitelman mukainen tiivistelmä hankkeen toteutuksesta",
    "Hankekuvauksen osoite",
    "Hankkeen kotisivun osoite",
)

LAYOUT_NAMES = {EURA2014: "EURA 2014 list", EURA2021: "EURA 2021 export"}

# The longest texts the project register stores (mirrors the model's field lengths).
MAX_CODE = 20
MAX_PROJECT_NAME = 500
MAX_ORGANISATION_NAME = 300
MAX_STATUS = 60
MAX_PRIORITY_AXIS = 20

FUNDS: dict[str, str] = {
    "eakr": "ERDF",
    "erdf": "ERDF",
    "euroopan aluekehitysrahasto": "ERDF",
    "esr": "ESF+",
    "esr+": "ESF+",
    "esf": "ESF+",
    "esf+": "ESF+",
    "euroopan sosiaalirahasto": "ESF+",
    "euroopan sosiaalirahasto plus": "ESF+",
    "jtf": "JTF",
    "osr": "JTF",
    "oikeudenmukaisen siirtymän rahasto": "JTF",
    "euroopan oikeudenmukaisen siirtymän rahasto": "JTF",
}

# EURA status text (case does not count) -> the register's status.
STATUSES: dict[str, str] = {
    "toiminnassa": "active",
    "käynnissä": "active",
    "aktiivinen": "active",
    "toteutuksessa": "active",
    "hyväksytty": "planned",
    "ei alkanut": "planned",
    "alkamassa": "planned",
    "päättynyt": "ended",
    "päättyneet": "ended",
    "loppuraportoitu": "ended",
    "suljettu": "closed",
    "loppumaksettu": "closed",
    "keskeytetty": "cancelled",
    "keskeytynyt": "cancelled",
    "peruttu": "cancelled",
    "peruutettu": "cancelled",
    "rauennut": "cancelled",
}


_CODE_2014 = re.compile(r"^(?P<letter>[A-Z])\d{5}$")
_CODE_2014_FUND = {"A": "ERDF", "S": "ESF+"}
_SPACES = re.compile(r"\s+")


class EuraFileError(ValueError):
    """The file as a whole cannot be read as a EURA list; the message says why, in one sentence."""


class EuraHeaderError(EuraFileError):
    """The file is readable but its header row is not a whole EURA layout (its columns may be mapped)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one row: its line in the file, the column, the value found and the reason."""

    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        column = f"column {self.column!r}" if self.column else "the row"
        return f"line {self.line}, {column}, value {self.value!r}: {self.reason}"


@dataclass(slots=True)
class ProjectRow:
    """One valid row, in the register's terms. Money is Decimal euros with two places."""

    line: int
    source: str
    code: str
    name: str
    fund_code: str
    priority_axis: str
    authority: str
    eura_status: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    lead_name: str
    lead_business_id: str
    granted_eu_state: Decimal | None
    paid_eu_state: Decimal | None
    planned_public: Decimal | None
    paid_public: Decimal | None
    planned_total: Decimal | None
    summary: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    # The fields the file gives (a mapped spreadsheet): an update changes only these. None: every field.
    given: frozenset[str] | None = None


@dataclass
class ParseResult:
    layout: str
    rows: list[ProjectRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    invalid_lines: set[int] = field(default_factory=set)
    rows_read: int = 0
    footer_rows: int = 0

    def add_problems(self, problems: Sequence[Problem]) -> None:
        self.problems.extend(problems)
        self.invalid_lines.update(p.line for p in problems)


# --- opening a file -------------------------------------------------------------------------------------


class EuraTable:
    """An opened EURA file: its layout, its canonical columns, and its data rows as (line, cells)."""

    def __init__(
        self,
        *,
        layout: str,
        columns: list[str],
        rows: Iterator[tuple[int, tuple[Any, ...]]],
        total_rows: int | None,
        fixed_width: bool = False,
        close: Callable[[], None] = lambda: None,
    ) -> None:
        self.layout = layout
        self.fixed_width = fixed_width
        self.columns = columns
        self.rows = rows
        self.total_rows = total_rows
        self._close = close

    def close(self) -> None:
        self._close()

    def __enter__(self) -> EuraTable:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open_eura(path: str | Path) -> EuraTable:
    """Open a EURA CSV or XLSX file and check its header row; :class:`EuraFileError` if it is not one."""
    path = Path(path)
    label = path.name
    if not path.exists():
        raise EuraFileError(f"{label}: no such file")
    if not path.is_file():
        raise EuraFileError(f"{label}: not a file")
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head:
        raise EuraFileError(f"{label}: the file is empty")
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, label)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise EuraFileError(
            f"{label} is an old Excel 97–2003 (.xls) workbook: save it as .xlsx or as a UTF-8 CSV file"
        )
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise EuraFileError(f"{label} is UTF-32 text: save it as UTF-8 (CSV UTF-8) and try again")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EuraFileError(f"{label} is UTF-16 text: save it as UTF-8 (CSV UTF-8) and try again")
    if b"\x00" in head:
        raise EuraFileError(
            f"{label} is not a CSV or XLSX file: it contains binary data (or UTF-16 text without a byte "
            "order mark; save it as UTF-8)"
        )
    return _open_csv(path, label)


def _detect_layout(label: str, header: Sequence[Any]) -> tuple[str, list[str]]:
    """The layout and the canonical column names of a header row (an unknown extra column keeps its name)."""
    names = [_header_text(cell) for cell in header]
    while names and not names[-1]:
        names.pop()
    present = {name.casefold() for name in names}
    if "hankekoodi" in present:
        layout, expected = EURA2021, EURA2021_COLUMNS
    elif "koodi" in present and "viranomainen" in present:
        layout, expected = EURA2014, EURA2014_COLUMNS
    else:
        found = ", ".join(n for n in names if n)[:300] or "(nothing)"
        raise EuraHeaderError(
            f"{label}: the header row is not that of a EURA 2014 list (Koodi, Rahasto, Hankkeen nimi, ...) "
            f"or of a EURA 2021 export (Hankekoodi, Ryhmähanketunnus, Rahasto, ...); found: {found}"
        )
    canonical = {name.casefold(): name for name in expected}
    columns = [canonical.get(name.casefold(), name) for name in names]
    missing = [name for name in expected if name not in columns]
    if missing:
        raise EuraHeaderError(
            f"{label} looks like a {LAYOUT_NAMES[layout]} but lacks the column(s): {', '.join(missing)}"
        )
    seen: set[str] = set()
    for name in columns:
        if name and name in seen:
            raise EuraHeaderError(f"{label}: the column {name!r} appears twice in the header row")
        seen.add(name)
    return layout, columns


def is_eura_header(header: Sequence[Any]) -> bool:
    """Whether a header row is a whole EURA 2014 list's or EURA 2021 export's (read by this module)."""
    try:
        _detect_layout("", header)
    except EuraFileError:
        return False
    return True


def _header_text(cell: Any) -> str:
    if cell is None:
        return ""
    return _SPACES.sub(" ", str(cell).replace("\ufeff", "")).strip()


def _open_csv(path: Path, label: str) -> EuraTable:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise EuraFileError(
            f"{label} is not UTF-8 text: byte 0x{byte:02x} on line {line} is not valid UTF-8 (the file is "
            "probably Latin-1 or Windows-1252); save it as UTF-8 (CSV UTF-8) and try again"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise EuraFileError(f"{label}: the header row cannot be read as CSV ({error})") from None
    if header is None:
        raise EuraFileError(f"{label}: the file is empty")
    layout, columns = _detect_layout(label, header)

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        previous = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise EuraFileError(
                    f"{label}: line {previous + 1} cannot be read as CSV ({error}); is a quote unclosed?"
                ) from None
            start, previous = previous + 1, reader.line_num
            yield start, tuple(cells)

    return EuraTable(
        layout=layout,
        columns=columns,
        rows=rows(),
        total_rows=max(text.count("\n") - 1, 1),
        fixed_width=len(header) == len(columns),
    )


def _open_xlsx(path: Path, label: str) -> EuraTable:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise EuraFileError(
            f"{label} is a ZIP file but not a readable Excel workbook (.xlsx): {error}"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        line = 0
        header: tuple[Any, ...] | None = None
        for cells in iterator:
            line += 1
            texts = {_header_text(c).casefold() for c in cells}
            if "hankekoodi" in texts or "koodi" in texts:
                header = tuple(cells)
                break
            if line >= 20:
                break
        if header is None:
            raise EuraHeaderError(
                f"{label}: no header row of a EURA list in the first rows of the first sheet "
                "(expected a row with Hankekoodi or Koodi)"
            )
        layout, columns = _detect_layout(label, header)
    except Exception:
        workbook.close()
        raise
    max_row = sheet.max_row if isinstance(sheet.max_row, int) else None
    header_line = line

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        number = header_line
        for cells in iterator:
            number += 1
            yield number, tuple(cells)

    return EuraTable(
        layout=layout,
        columns=columns,
        rows=rows(),
        total_rows=(max_row - header_line) if max_row else None,
        close=workbook.close,
    )


# --- reading rows ---------------------------------------------------------------------------------------


def read_eura(path: str | Path, *, on_row: Callable[[], object] | None = None) -> ParseResult:
    """Open and parse a whole file (see :func:`parse_table`)."""
    with open_eura(path) as table:
        return parse_table(table, on_row=on_row)


def parse_table(table: EuraTable, *, on_row: Callable[[], object] | None = None) -> ParseResult:
    """Check every row of an opened file: valid rows become :class:`ProjectRow`, the rest problems."""
    result = ParseResult(layout=table.layout)
    parse_row = _parse_2014 if table.layout == EURA2014 else _parse_2021
    columns = table.columns
    width = len(columns)
    name_index = columns.index("Hankkeen nimi")
    lead_index = columns.index("Toteuttajan nimi")
    code_column = "Koodi" if table.layout == EURA2014 else "Hankekoodi"
    first_line_of_code: dict[str, int] = {}
    pending_footer: list[tuple[int, tuple[Any, ...]]] = []

    for line, raw in table.rows:
        if on_row is not None:
            on_row()
        if all(is_blank(c) for c in raw):
            continue
        cells = raw + (None,) * (width - len(raw)) if len(raw) < width else raw
        if is_blank(cells[name_index]) and is_blank(cells[lead_index]):
            pending_footer.append((line, cells))
            continue
        for footer_line, footer_cells in pending_footer:
            result.rows_read += 1
            result.add_problems([_no_project(footer_line, footer_cells, columns)])
        pending_footer.clear()
        result.rows_read += 1
        if (table.fixed_width and len(raw) != width) or any(not is_blank(c) for c in cells[width:]):
            shown = " | ".join(display(c) for c in raw)
            reason = f"the row has {len(raw)} fields but the header has {width}"
            if len(raw) > width:
                reason += " (a separator inside an unquoted field?)"
            result.add_problems([Problem(line, "", shorten(shown), reason)])
            continue
        row = dict(zip(columns, cells, strict=False))
        parsed, problems = parse_row(line, row)
        if parsed is not None:
            first = first_line_of_code.setdefault(parsed.code, line)
            if first != line:
                problems.append(
                    Problem(line, code_column, parsed.code, f"the same code is already on line {first}")
                )
        if problems:
            result.add_problems(problems)
        elif parsed is not None:
            result.rows.append(parsed)

    if table.layout == EURA2021:
        result.footer_rows = len(pending_footer)
    else:
        for footer_line, footer_cells in pending_footer:
            result.rows_read += 1
            result.add_problems([_no_project(footer_line, footer_cells, columns)])
    return result


def _no_project(line: int, cells: tuple[Any, ...], columns: list[str]) -> Problem:
    text = " | ".join(display(c) for c in cells if not is_blank(c))
    return Problem(
        line,
        "Hankkeen nimi",
        shorten(text),
        "the row has neither a project name nor an implementer (only footer notes after the last project "
        "may lack them)",
    )


class _Row:
    """One row being checked: the cells by column name and the problems found so far."""

    __slots__ = ("cells", "line", "problems")

    def __init__(self, line: int, cells: dict[str, Any]) -> None:
        self.line = line
        self.cells = cells
        self.problems: list[Problem] = []

    def problem(self, column: str, reason: str, value: Any = None) -> None:
        shown = display(self.cells.get(column)) if value is None else str(value)
        self.problems.append(Problem(self.line, column, shorten(shown), reason))

    def text(self, column: str, *, required: bool = False, max_length: int = 0, what: str = "") -> str:
        value = clean(display(self.cells.get(column)))
        if required and not value:
            self.problem(column, f"{what or 'the value'} is missing")
        elif max_length and len(value) > max_length:
            self.problem(column, f"{what or 'the value'} is longer than {max_length} characters")
        return value

    def date(self, column: str) -> dt.date | None:
        value = self.cells.get(column)
        try:
            return parse_date(value)
        except ValueError as error:
            self.problem(column, str(error))
            return None

    def amount(self, column: str, *, required: bool) -> Decimal | None:
        value = self.cells.get(column)
        if is_blank(value):
            if required:
                self.problem(column, "the amount is missing")
            return None
        try:
            return parse_money(value)
        except ValueError as error:
            self.problem(column, str(error))
            return None

    def fund(self, column: str) -> str:
        text = self.text(column, required=True, what="the fund")
        if not text:
            return ""
        fund = FUNDS.get(text.casefold())
        if fund is None:
            self.problem(column, "unknown fund (known: EAKR, ESR, ESR+, JTF)")
            return ""
        return fund

    def status(self, column: str) -> tuple[str, str]:
        text = self.text(column, required=True, max_length=MAX_STATUS, what="the status")
        if not text:
            return "", ""
        status = STATUSES.get(text.casefold())
        if status is None:
            known = ", ".join(sorted({k.capitalize() for k in STATUSES}))
            self.problem(column, f"unknown EURA status (known: {known})")
            return text, ""
        return text, status

    def dates(self, start_column: str, end_column: str) -> tuple[dt.date | None, dt.date | None]:
        start, end = self.date(start_column), self.date(end_column)
        if start is not None and end is not None and end < start:
            self.problem(end_column, f"the project ends before it starts ({format_date(start)})")
        return start, end


def _parse_2014(line: int, cells: dict[str, Any]) -> tuple[ProjectRow | None, list[Problem]]:
    row = _Row(line, cells)
    code = row.text("Koodi", required=True, what="the project code")
    fund = row.fund("Rahasto")
    code_match = _CODE_2014.match(code)
    if code and not code_match:
        row.problem("Koodi", "a EURA 2014 code is a letter and five digits, e.g. A70965 or S20501")
    elif code_match and fund and _CODE_2014_FUND.get(code_match["letter"]) != fund:
        expected = {"ERDF": "A (EAKR)", "ESF+": "S (ESR)"}.get(fund, "?")
        row.problem(
            "Rahasto", f"the code {code} does not belong to this fund: its codes begin with {expected}"
        )
    name = restore_commas(row.text("Hankkeen nimi", required=True, what="the project name"))
    if len(name) > MAX_PROJECT_NAME:
        row.problem("Hankkeen nimi", f"the project name is longer than {MAX_PROJECT_NAME} characters")
    axis = row.text("Tl", required=True, what="the priority axis")
    if axis and not axis.isdigit():
        row.problem("Tl", "the priority axis is not a number")
    authority = _authority_2014(row)
    eura_status, status = row.status("Tila")
    start, end = row.dates("Aloituspvm", "Päättymispvm")
    lead = restore_commas(row.text("Toteuttajan nimi", required=True, what="the implementer's name"))
    if len(lead) > MAX_ORGANISATION_NAME:
        row.problem(
            "Toteuttajan nimi", f"the implementer's name is longer than {MAX_ORGANISATION_NAME} characters"
        )
    granted = row.amount("Myönnetty EU- ja valtion rahoitus", required=True)
    paid = row.amount("Toteutunut EU- ja valtion rahoitus", required=True)
    planned_public = row.amount("Suunniteltu julkinen rahoitus yhteensä", required=True)
    paid_public = row.amount("Toteutunut julkinen rahoitus yhteensä", required=True)
    if row.problems or start is None or end is None:
        return None, row.problems
    extra = {
        name: display(value).strip()
        for name, value in cells.items()
        if name not in _USED_2014 and name and not is_blank(value)
    }
    return (
        ProjectRow(
            line=line,
            source=EURA2014,
            code=code,
            name=name,
            fund_code=fund,
            priority_axis=axis,
            authority=authority,
            eura_status=eura_status,
            status=status,
            start_date=start,
            end_date=end,
            lead_name=lead,
            lead_business_id="",
            granted_eu_state=granted,
            paid_eu_state=paid,
            planned_public=planned_public,
            paid_public=paid_public,
            planned_total=None,
            extra=extra,
        ),
        [],
    )


_USED_2014 = frozenset(EURA2014_COLUMNS)


def _authority_2014(row: _Row) -> str:
    text = row.text("Viranomainen", required=True, what="the funding authority")
    if not text:
        return ""
    name = canonical_authority(text)
    if name is None:
        row.problem(
            "Viranomainen",
            "not a known funding authority name (an ELY centre, a regional council or a national authority); "
            "a stray word before the name means the project's name was cut at a comma upstream",
        )
        return ""
    return name


# Columns of the 2021 export that become fields of the project (the rest go to ``extra``).
_USED_2021 = frozenset(
    {
        "Hankekoodi",
        "Rahasto",
        "Tl",
        "Hankkeen nimi",
        "Toteuttajan nimi",
        "Rahoittava viranomainen",
        "Toiminnan tila",
        "Aloituspvm",
        "Päättymispvm",
        "Suunniteltu EU- ja valtion rahoitus",
        "Suunniteltu julkinen rahoitus",
        "Suunniteltu rahoitus yhteensä",
        "Toteutunut EU- ja valtion rahoitus",
        "Toteutunut julkinen rahoitus",
        "Suunnitelman mukainen tiivistelmä hankkeen toteutuksesta",
    }
)
_EXTRA_MONEY_2021 = ("Toteutunut rahoitus yhteensä", "Toteutunut EU-rahoituksen määrä")
_POSTAL_CODES_2021 = ("Toteutuspaikan postinumero", "Tuensaajan postinumero")


def _parse_2021(line: int, cells: dict[str, Any]) -> tuple[ProjectRow | None, list[Problem]]:
    row = _Row(line, cells)
    code = row.text("Hankekoodi", required=True, max_length=MAX_CODE, what="the project code")
    if code and " " in code:
        row.problem("Hankekoodi", "a project code has no spaces")
    fund = row.fund("Rahasto")
    axis = row.text("Tl", max_length=MAX_PRIORITY_AXIS, what="the priority axis")
    name = row.text("Hankkeen nimi", required=True, max_length=MAX_PROJECT_NAME, what="the project name")
    lead = row.text(
        "Toteuttajan nimi", required=True, max_length=MAX_ORGANISATION_NAME, what="the implementer's name"
    )
    business_id = row.text("Toteuttajan Y-tunnus")
    if business_id:
        try:
            business_id = normalise_business_id(business_id)
        except BusinessIdError as error:
            row.problem("Toteuttajan Y-tunnus", str(error))
    authority = row.text(
        "Rahoittava viranomainen",
        required=True,
        max_length=MAX_ORGANISATION_NAME,
        what="the funding authority",
    )
    eura_status, status = row.status("Toiminnan tila")
    start, end = row.dates("Aloituspvm", "Päättymispvm")
    granted = row.amount("Suunniteltu EU- ja valtion rahoitus", required=True)
    planned_public = row.amount("Suunniteltu julkinen rahoitus", required=True)
    planned_total = row.amount("Suunniteltu rahoitus yhteensä", required=True)
    paid = row.amount("Toteutunut EU- ja valtion rahoitus", required=False)
    paid_public = row.amount("Toteutunut julkinen rahoitus", required=False)
    extra: dict[str, str] = {}
    for column in _EXTRA_MONEY_2021:
        value = row.amount(column, required=False)
        if value is not None:
            extra[column] = str(value)
    summary = display(cells.get("Suunnitelman mukainen tiivistelmä hankkeen toteutuksesta")).strip()
    if row.problems or start is None or end is None:
        return None, row.problems
    for column, value in cells.items():
        if not column or column in _USED_2021 or column in extra or is_blank(value):
            continue
        if column in _POSTAL_CODES_2021 and isinstance(value, int) and not isinstance(value, bool):
            extra[column] = f"{value:05d}"
        else:
            extra[column] = display(value).strip()
    return (
        ProjectRow(
            line=line,
            source=EURA2021,
            code=code,
            name=name,
            fund_code=fund,
            priority_axis=axis,
            authority=authority,
            eura_status=eura_status,
            status=status,
            start_date=start,
            end_date=end,
            lead_name=lead,
            lead_business_id=business_id,
            granted_eu_state=granted,
            paid_eu_state=paid,
            planned_public=planned_public,
            paid_public=paid_public,
            planned_total=planned_total,
            summary=summary,
            extra=extra,
        ),
        [],
    )
