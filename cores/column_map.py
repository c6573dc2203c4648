"""Mapping a spreadsheet's columns to Salkku's import fields (pure Python: no Django).

A :class:`Schema` names the fields one kind of import takes (projects, indicator actuals, spending), each
with its parser and whether it is required, and the header texts known to mean it (fi, sv, en). Given a
table's headers:

* :func:`suggest` proposes a mapping: a header whose normalised text (case, accents, punctuation and
  spacing ignored) is a field's key, label or known synonym maps to it; a header left over maps to the
  field whose synonym it most resembles (``difflib`` ratio at least :data:`FUZZY_CUTOFF`), each field at
  most once;
* :func:`check_mapping` says what is wrong with a mapping as a whole (a field mapped twice, a required
  field unmapped, a fixed value that does not parse);
* :func:`validate` parses every row with the mapping: a row's values become a :class:`Record`, every
  problem a :class:`RowProblem` naming the row's line, the column, the field, the value and the reason.
  All problems are collected; a row with one is never imported.

A mapping is a ``dict`` from a column's position in the header row to a field's key; columns not in it
are ignored. A field no column holds may be given a **fixed value** (``fixed``: field key -> the value as
a cell would hold it), the same for every row: Kohesio's project-search download names no beneficiary,
a city's sheet may lack the fund it is all about. A fixed value is parsed as a cell is, once, before any
row; a field is either mapped from a column or fixed, never both. :func:`signature` identifies a header row's shape (the normalised headers in order), so a
confirmed mapping can be offered again for the next file of the same shape.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from cores.business_id import BusinessIdError, normalise_business_id
from cores.cells import is_formula_like
from cores.eura_values import clean, display, format_date, is_blank, parse_date, parse_money, shorten
from cores.tables import Table

FUZZY_CUTOFF = 0.85
IGNORE = ""  # the "field" of an ignored column in a form

Parser = Callable[[Any], Any]


class MappingError(ValueError):
    """A mapping given by a user cannot be used; the message says why."""


# --- values ----------------------------------------------------------------------------------------------

_DATE_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_text(value: Any) -> str:
    """A cell's text, spaces tidied; the apostrophe an export puts before formula-like text
    (:func:`cores.cells.csv_safe`) is taken off again, so that an exported list imports unchanged."""
    text = clean(display(value))
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def parse_amount_any(value: Any) -> Decimal:
    """Euros in Finnish (``1 234,56``, ``1.234,56 €``) or English (``1,234.56``, ``€1234.5``) form."""
    if isinstance(value, str):
        text = value.strip().replace("€", "").replace("EUR", "").strip()
        if "," in text and "." in text:
            # English thousands (1,234.56) or Finnish ones written with dots (1.234,56)
            text = text.replace(",", "") if text.rfind(".") > text.rfind(",") else text.replace(".", "")
        elif text.count(",") > 1:
            text = text.replace(",", "")
        elif text.count(".") > 1:
            text = text.replace(".", "")
        value = text
    return parse_money(value)


def parse_date_any(value: Any) -> dt.date:
    """A date: ``d.m.yyyy``, ISO ``yyyy-mm-dd``, ``d/m/yyyy`` or a spreadsheet date."""
    if isinstance(value, str) and (match := _DATE_SLASH.match(value.strip())) is not None:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValueError("no such day in the calendar") from None
    try:
        return parse_date(value)
    except ValueError as error:
        if "not a date" in str(error):
            raise ValueError("not a date: write d.m.yyyy (31.12.2016) or yyyy-mm-dd (2016-12-31)") from None
        raise


def parse_decimal(value: Any) -> Decimal:
    """A number not below zero with at most two decimals, ``12,5`` or ``12.5``."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float, Decimal)):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = display(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not number.is_finite():
        raise ValueError("not a number")
    if number < 0:
        raise ValueError("below zero")
    if number != number.quantize(Decimal("0.01")):
        raise ValueError("has more than two decimals")
    return number.quantize(Decimal("0.01"))


def parse_year(value: Any) -> int:
    text = display(value).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError("not a year: write it with four digits, e.g. 2025")
    return int(text)


def parse_business_id(value: Any) -> str:
    try:
        return normalise_business_id(display(value).strip())
    except BusinessIdError as error:
        raise ValueError(str(error)) from None


def normalise(text: str) -> str:
    """A header or a word as compared: lower case, accents and punctuation dropped, spaces single."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[^\w+]+", " ", plain.replace("_", " "))
    return " ".join(plain.split())


def vocabulary_parser(vocabulary: Mapping[str, str], what: str) -> Parser:
    """A parser of a value from a vocabulary (normalised text -> the register's value)."""
    table = {normalise(k): v for k, v in vocabulary.items()}

    def parse(value: Any) -> str:
        text = parse_text(value)
        found = table.get(normalise(text))
        if found is None:
            raise ValueError(f"unknown {what} {text!r}")
        return found

    return parse


# --- schemas ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One import field: its key, an English label (the apps translate it), parser and whether required."""

    key: str
    label: str
    parse: Parser = parse_text
    required: bool = False
    max_length: int = 0
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    """The fields of one kind of import, the fields whose values together must be unique in a file, and
    the checks that span fields (returning (field key, reason) pairs)."""

    name: str
    fields: tuple[Field, ...]
    unique: tuple[str, ...] = ()
    checks: tuple[Callable[[dict[str, Any]], list[tuple[str, str]]], ...] = ()
    # Fields that fill the same thing in different ways (``fund`` and ``fund_first``): at most one of a
    # group is mapped.
    exclusive: tuple[tuple[str, ...], ...] = ()

    def field(self, key: str) -> Field:
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def names_of(self, f: Field) -> tuple[str, ...]:
        return (f.key, f.label, *f.synonyms)

    def rivals(self, key: str) -> tuple[str, ...]:
        """The fields that fill the same thing as ``key`` (itself included)."""
        for group in self.exclusive:
            if key in group:
                return group
        return (key,)


# --- suggesting and checking a mapping ------------------------------------------------------------------


def signature(headers: Sequence[str]) -> str:
    """The shape of a header row: a digest of its normalised headers in order."""
    joined = "\x1f".join(normalise(h) for h in headers)
    return hashlib.sha256(joined.encode()).hexdigest()[:40]


@functools.lru_cache(maxsize=16)
def _names(schema: Schema) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The schema's normalised names: name -> field (the first field naming it), field -> its names."""
    exact: dict[str, str] = {}
    by_field: dict[str, tuple[str, ...]] = {}
    for f in schema.fields:
        names = tuple(dict.fromkeys(normalise(n) for n in schema.names_of(f)))
        by_field[f.key] = names
        for name in names:
            exact.setdefault(name, f.key)
    return exact, by_field


def _likeness(text: str, names: Sequence[str]) -> float:
    best = 0.0
    matcher = difflib.SequenceMatcher(None, "", text)  # b, the side it caches: the header
    for name in names:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() < FUZZY_CUTOFF or matcher.quick_ratio() < FUZZY_CUTOFF:
            continue
        best = max(best, matcher.ratio())
    return best


def suggest(headers: Sequence[str], schema: Schema) -> dict[int, str]:
    """The mapping suggested for a header row: exact (normalised) names first, then the closest ones."""
    exact, by_field = _names(schema)
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    # A field named exactly by two headers takes the one whose name comes first among its names (Kohesio's
    # Operation_Local_Identifier, the national code, before its Operation_Unique_Identifier), then the
    # first such header.
    exact_matches: list[tuple[int, int, str]] = []
    for index, header in enumerate(headers):
        name = normalise(header)
        key = exact.get(name)
        if key is not None and header.strip():
            exact_matches.append((by_field[key].index(name), index, key))
    for _rank, index, key in sorted(exact_matches):
        if key not in taken:
            mapping[index] = key
            taken.update(schema.rivals(key))
    candidates: list[tuple[float, int, str]] = []
    for index, header in enumerate(headers):
        text = normalise(header)
        if index in mapping or not text:
            continue
        for f in schema.fields:
            if f.key in taken:
                continue
            score = _likeness(text, by_field[f.key])
            if score >= FUZZY_CUTOFF:
                candidates.append((score, index, f.key))
    for _score, index, key in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if index not in mapping and key not in taken:
            mapping[index] = key
            taken.update(schema.rivals(key))
    return dict(sorted(mapping.items()))


def check_fixed(
    fixed: Mapping[str, Any], schema: Schema, mapping: Mapping[int, str], headers: Sequence[str]
) -> dict[str, str]:
    """What is wrong with each fixed value, by field key: an unknown field, a field also mapped from a
    column, an empty value, a value its field's parser refuses (the reason named)."""
    errors: dict[str, str] = {}
    mapped = {key: index for index, key in sorted(mapping.items(), reverse=True)}
    for key, value in fixed.items():
        if key not in schema.keys:
            errors[key] = f"unknown field {key!r} (known: {', '.join(schema.keys)})"
            continue
        f = schema.field(key)
        if key in mapped:
            header = headers[mapped[key]] if mapped[key] < len(headers) else f"#{mapped[key] + 1}"
            errors[key] = (
                f"the field {key!r} ({f.label}) is both mapped from the column {header!r} and given a fixed "
                "value: keep one of them"
            )
            continue
        try:
            _fixed_value(f, value)
        except ValueError as error:
            errors[key] = (
                f"the fixed value {shorten(display(value))!r} of the field {key!r} ({f.label}): {error}"
            )
    return errors


def _fixed_value(f: Field, value: Any) -> Any:
    """A fixed value parsed as a cell of its field would be (ValueError with the reason)."""
    if is_blank(value):
        raise ValueError("empty")
    parsed = f.parse(value)
    if f.max_length and isinstance(parsed, str) and len(parsed) > f.max_length:
        raise ValueError(f"longer than {f.max_length} characters")
    if parsed == "":
        raise ValueError("empty")
    return parsed


def check_mapping(
    mapping: Mapping[int, str],
    schema: Schema,
    headers: Sequence[str],
    fixed: Mapping[str, Any] | None = None,
) -> list[str]:
    """What makes a mapping unusable: an unknown field, a field mapped twice, a required field neither
    mapped nor fixed, a fixed value that cannot be used (:func:`check_fixed`)."""
    fixed = fixed or {}
    errors: list[str] = []
    seen: dict[str, int] = {}
    for index, key in sorted(mapping.items()):
        if key not in schema.keys:
            errors.append(f"unknown field {key!r} (known: {', '.join(schema.keys)})")
            continue
        if key in seen:
            errors.append(
                f"the field {key!r} is mapped from two columns: {headers[seen[key]]!r} and {headers[index]!r}"
            )
        seen.setdefault(key, index)
    errors.extend(check_fixed(fixed, schema, mapping, headers).values())
    for group in schema.exclusive:
        given = [k for k in group if k in seen or k in fixed]
        if len(given) > 1 and all(k in seen for k in given):
            columns = " and ".join(repr(headers[seen[k]]) for k in given)
            fields = " and ".join(repr(k) for k in given)
            errors.append(f"the fields {fields} fill the same thing: map one of them (columns {columns})")
        elif len(given) > 1:
            fields = " and ".join(repr(k) for k in given)
            errors.append(f"the fields {fields} fill the same thing: give one of them")
    for f in schema.fields:
        if f.required and f.key not in seen and f.key not in fixed:
            errors.append(f"no column is mapped to the required field {f.key!r} ({f.label})")
    return errors


def mapping_by_header(mapping: Mapping[int, str], headers: Sequence[str]) -> dict[str, str]:
    """A mapping written with the headers' texts (for saving, and for a YAML file)."""
    return {headers[i]: key for i, key in sorted(mapping.items()) if i < len(headers)}


def mapping_from_headers(
    by_header: Mapping[str, str], headers: Sequence[str], schema: Schema, *, strict: bool = True
) -> dict[int, str]:
    """A mapping written as header text -> field (key or label; ``ignore`` or empty to ignore) by position;
    an ignored column maps to :data:`IGNORE` (see :func:`combine`).

    ``strict``: a header not in the file or a field not in the schema raises :class:`MappingError`."""
    positions = {normalise(h): i for i, h in reversed(list(enumerate(headers)))}
    fields = {}
    for f in schema.fields:
        fields[normalise(f.key)] = f.key
        fields.setdefault(normalise(f.label), f.key)
    mapping: dict[int, str] = {}
    for header, wanted in by_header.items():
        index = positions.get(normalise(header))
        if index is None:
            if strict:
                shown = ", ".join(repr(h) for h in headers if h)
                raise MappingError(f"the file has no column {header!r} (its columns: {shown})")
            continue
        name = normalise(wanted or "")
        if name in ("", "ignore", "-"):
            mapping[index] = IGNORE
            continue
        key = fields.get(name)
        if key is None:
            if strict:
                raise MappingError(
                    f"{header!r} is mapped to {wanted!r}, which is not a field (known: {', '.join(schema.keys)})"
                )
            continue
        mapping[index] = key
    return mapping


def combine(base: Mapping[int, str], overrides: Mapping[int, str]) -> dict[int, str]:
    """``base`` (a suggestion) with ``overrides`` applied; a column overridden with :data:`IGNORE` is dropped."""
    merged = {**base, **overrides}
    return {i: key for i, key in sorted(merged.items()) if key != IGNORE}


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """``--map "SOURCE COLUMN=FIELD"`` options as header -> field (the last ``=`` separates them)."""
    result: dict[str, str] = {}
    for option in options:
        header, sep, wanted = option.rpartition("=")
        if not sep or not header.strip():
            raise MappingError(f'--map {option!r}: write it as "SOURCE COLUMN=FIELD"')
        result[header.strip()] = wanted.strip()
    return result


def parse_set_options(options: Iterable[str]) -> dict[str, str]:
    """``--set "FIELD=VALUE"`` options as field -> value (the first ``=`` separates them: a field's name
    has none, a value may)."""
    result: dict[str, str] = {}
    for option in options:
        wanted, sep, value = option.partition("=")
        if not sep or not wanted.strip():
            raise MappingError(f'--set {option!r}: write it as "FIELD=VALUE"')
        result[wanted.strip()] = value.strip()
    return result


def fixed_by_key(by_name: Mapping[str, Any], schema: Schema) -> dict[str, Any]:
    """Fixed values written as field (key or English label) -> value, by field key; an unknown field
    raises :class:`MappingError`."""
    fields = {}
    for f in schema.fields:
        fields[normalise(f.key)] = f.key
        fields.setdefault(normalise(f.label), f.key)
    result: dict[str, Any] = {}
    for wanted, value in by_name.items():
        key = fields.get(normalise(str(wanted)))
        if key is None:
            raise MappingError(
                f"a fixed value is given to {str(wanted)!r}, which is not a field (known: {', '.join(schema.keys)})"
            )
        result[key] = value
    return result


def parse_fixed_document(document: Any) -> dict[str, str]:
    """The fixed values of a mapping file: ``{fixed: {field: value}}`` (none when it has no ``fixed``)."""
    if not isinstance(document, dict) or document.get("fixed") is None:
        return {}
    fixed = document["fixed"]
    if not isinstance(fixed, dict):
        raise MappingError(
            'the mapping file\'s "fixed" gives fields values, e.g. fixed: {lead_name: "Turun kaupunki"}'
        )
    result: dict[str, str] = {}
    for wanted, value in fixed.items():
        if not isinstance(wanted, str) or isinstance(value, (dict, list)):
            raise MappingError(f"the mapping file's entry {wanted!r}: {value!r} is not 'field: value'")
        result[wanted] = "" if value is None else display(value)
    return result


def parse_mapping_document(document: Any) -> dict[str, str]:
    """A mapping file's content (already parsed YAML): ``{columns: {header: field}}`` or ``{header: field}``;
    a file giving only fixed values (``{fixed: {...}}``, :func:`parse_fixed_document`) maps no column."""
    if isinstance(document, dict) and isinstance(document.get("columns"), dict):
        document = document["columns"]
    elif isinstance(document, dict) and set(document) == {"fixed"}:
        return {}
    if not isinstance(document, dict) or not document:
        raise MappingError(
            'a mapping file maps column headers to fields, e.g. columns: {"Hankkeen nimi": name}'
        )
    result: dict[str, str] = {}
    for header, wanted in document.items():
        if not isinstance(header, (str, int)) or not isinstance(wanted, (str, type(None))):
            raise MappingError(f"the mapping file's entry {header!r}: {wanted!r} is not 'header: field'")
        result[str(header)] = wanted or ""
    return result


# --- validating rows ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One problem in one row: its line in the file, the column, the field, the value found and the reason."""

    line: int
    column: str
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"column {self.column!r} ({self.field})" if self.column else "the row"
        return f"line {self.line}, {where}, value {self.value!r}: {self.reason}"


@dataclass(slots=True)
class Record:
    """One valid row: its line and its values by field key (a field not mapped or left empty is absent)."""

    line: int
    values: dict[str, Any]
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class Validation:
    records: list[Record] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    invalid_lines: set[int] = field(default_factory=set)
    rows_read: int = 0

    @property
    def invalid(self) -> int:
        return len(self.invalid_lines)


def validate(
    table: Table, mapping: Mapping[int, str], schema: Schema, fixed: Mapping[str, Any] | None = None
) -> Validation:
    """Parse every row with the mapping and the fixed values (which :func:`check_mapping` accepts)."""
    result = Validation()
    headers = table.headers
    column_of = {key: (headers[i] if i < len(headers) else f"#{i + 1}") for i, key in mapping.items()}
    constant = {key: _fixed_value(schema.field(key), value) for key, value in (fixed or {}).items()}
    first_line: dict[tuple[Any, ...], int] = {}
    for line, cells in table.rows:
        if all(is_blank(c) for c in cells):
            continue
        result.rows_read += 1
        values: dict[str, Any] = dict(constant)
        raws: dict[str, Any] = {key: fixed[key] for key in constant} if fixed else {}
        problems: list[RowProblem] = []

        def problem(
            key: str, reason: str, raw: Any, problems: list[RowProblem] = problems, line: int = line
        ) -> None:
            problems.append(RowProblem(line, column_of.get(key, ""), key, shorten(display(raw)), reason))

        for index, key in mapping.items():
            f = schema.field(key)
            raw = cells[index] if index < len(cells) else None
            if is_blank(raw):
                continue
            try:
                value = f.parse(raw)
            except ValueError as error:
                problem(key, str(error), raw)
                continue
            if f.max_length and isinstance(value, str) and len(value) > f.max_length:
                problem(key, f"longer than {f.max_length} characters", raw)
                continue
            if value != "":
                values[key] = value
                raws[key] = raw
        for f in schema.fields:
            if f.required and f.key not in values and not any(p.field == f.key for p in problems):
                problem(f.key, f"{f.label} is missing", None)
        # Every problem of the row at once: the checks that span fields run on the values that parsed
        # (an end before the start is reported beside, say, an unknown status in the same row).
        for check in schema.checks:
            for key, reason in check(values):
                problem(key, reason, raws.get(key, values.get(key)))
        if schema.unique and all(k in values for k in schema.unique if schema.field(k).required):
            unique_key = tuple(values.get(k) for k in schema.unique)
            first = first_line.setdefault(unique_key, line)
            if first != line:
                problem(
                    schema.unique[0],
                    f"the same {' + '.join(schema.unique)} is already on line {first}",
                    raws.get(schema.unique[0], values.get(schema.unique[0])),
                )
        if problems:
            result.problems.extend(problems)
            result.invalid_lines.add(line)
        else:
            result.records.append(Record(line, values, raws))
    return result


def preview(table: Table, rows: int = 5) -> list[list[str]]:
    """The first rows as the user sees them in the file (for the mapping page)."""
    width = len(table.headers)
    shown = []
    for _line, cells in table.rows:
        if all(is_blank(c) for c in cells):
            continue
        texts = [shorten(display(c), 60) for c in cells[:width]]
        shown.append(texts + [""] * (width - len(texts)))
        if len(shown) >= rows:
            break
    return shown


def dates_in_order(start: str, end: str) -> Callable[[dict[str, Any]], list[tuple[str, str]]]:
    def check(values: dict[str, Any]) -> list[tuple[str, str]]:
        first, last = values.get(start), values.get(end)
        if isinstance(first, dt.date) and isinstance(last, dt.date) and last < first:
            return [(end, f"ends before it starts ({format_date(first)})")]
        return []

    return check
