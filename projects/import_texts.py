"""The words of a spreadsheet import in the reader's language: the fields' labels and the row problems'
reasons. The cores (:mod:`cores.column_map`, :mod:`cores.eura`) write their reasons in English, as plain
Python without Django; the import page and the ``salkku import`` command show them through here, in the
active language (the command runs in the site's language, Finnish, unless told otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cores.column_map import Schema
from cores.import_fields import PROJECTS

FIELD_LABELS: dict[str, Any] = {
    "code": _("Project code"),
    "name": _("Project name"),
    "lead_name": _("Implementer"),
    "lead_business_id": _("Implementer's business ID"),
    "fund": _("Fund"),
    "fund_first": _("Fund (the first named)"),
    "status": _("Status"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "authority": _("Funding authority"),
    "priority_axis": _("Priority axis"),
    "granted_eu_state": _("Granted EU and state funding"),
    "paid_eu_state": _("Realised EU and state funding"),
    "planned_public": _("Planned public funding"),
    "paid_public": _("Realised public funding"),
    "planned_total": _("Planned total funding"),
    "summary": _("Summary"),
    "project_code": _("Project code"),
    "period": _("Reporting period (a date in it)"),
    "indicator": _("Indicator code"),
    "actual": _("Actual value"),
    "year": _("Year"),
    "category": _("Cost category"),
    "amount": _("Amount"),
}
SOURCE_LABELS: dict[str, Any] = {PROJECTS: _("Source list"), "spending": _("Financing source")}


def field_label(schema: Schema, key: str) -> str:
    if key == "source":
        return str(SOURCE_LABELS[PROJECTS if schema.name == PROJECTS else "spending"])
    return str(FIELD_LABELS.get(key, key))


# The reasons of the cores (English, as the command line prints them) in the reader's language.
_REASONS: dict[str, Any] = {
    "no such day in the calendar": _("no such day in the calendar"),
    "not a date: write d.m.yyyy (31.12.2016) or yyyy-mm-dd (2016-12-31)": _(
        "not a date: write d.m.yyyy (31.12.2016) or yyyy-mm-dd (2016-12-31)"
    ),
    "negative: these figures are cumulative euros and cannot be below zero": _(
        "negative: these figures are cumulative euros and cannot be below zero"
    ),
    "has more than two decimals": _("has more than two decimals"),
    "not a number: amounts are euros, e.g. 443909 or 71641.50": _(
        "not a number: amounts are euros, e.g. 443909 or 71641.50"
    ),
    "mixes ',' and '.'; write 1234.56": _("mixes ',' and '.'; write 1234.56"),
    "too large an amount": _("too large an amount"),
    "not a number": _("not a number"),
    "below zero": _("below zero"),
    "not a year: write it with four digits, e.g. 2025": _("not a year: write it with four digits, e.g. 2025"),
    "a project code has no spaces": _("a project code has no spaces"),
    "this code belongs to a project funded in Salkku; an import never overwrites it": _(
        "this code belongs to a project funded in Salkku; an import never overwrites it"
    ),
    "a project funded in Salkku is created by a funding decision, never by an import": _(
        "a project funded in Salkku is created by a funding decision, never by an import"
    ),
    "the date is missing": _("the date is missing"),
    "not a date: dates are written d.m.yyyy, e.g. 31.12.2016": _(
        "not a date: dates are written d.m.yyyy, e.g. 31.12.2016"
    ),
    "not an amount of money": _("not an amount of money"),
    "not a finite amount": _("not a finite amount"),
    # the EURA lists' own reasons (cores.eura)
    "the amount is missing": _("the amount is missing"),
    "unknown fund (known: EAKR, ESR, ESR+, JTF)": _("unknown fund (known: EAKR, ESR, ESR+, JTF)"),
    "a EURA 2014 code is a letter and five digits, e.g. A70965 or S20501": _(
        "a EURA 2014 code is a letter and five digits, e.g. A70965 or S20501"
    ),
    "the priority axis is not a number": _("the priority axis is not a number"),
    "the row has neither a project name nor an implementer (only footer notes after the last project may "
    "lack them)": _(
        "the row has neither a project name nor an implementer (only footer notes after the last project may "
        "lack them)"
    ),
    "not a known funding authority name (an ELY centre, a regional council or a national authority); a stray "
    "word before the name means the project's name was cut at a comma upstream": _(
        "not a known funding authority name (an ELY centre, a regional council or a national authority); a "
        "stray word before the name means the project's name was cut at a comma upstream"
    ),
}
# What a EURA reason names ("the fund is missing", "the project name is longer than 255 characters").
_WHAT: dict[str, Any] = {
    "the value": _("the value"),
    "the fund": _("the fund"),
    "the status": _("the status"),
    "the project code": _("the project code"),
    "the project name": _("the project name"),
    "the priority axis": _("the priority axis"),
    "the implementer's name": _("the implementer's name"),
    "the funding authority": _("the funding authority"),
}
_WHAT_NAMES = "|".join(re.escape(what) for what in _WHAT)
_REASON_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^unknown .*?(?P<value>'.*')$"), _("unknown value %(value)s")),
    (re.compile(r"^longer than (?P<n>\d+) characters$"), _("longer than %(n)s characters")),
    (re.compile(r"^a project code is at most (?P<n>\d+) characters$"), _("longer than %(n)s characters")),
    (
        re.compile(r"^the same .* is already on line (?P<line>\d+)$"),
        _("the same value is already on line %(line)s"),
    ),
    (re.compile(r"^ends before it starts \((?P<date>[^)]*)\)$"), _("ends before it starts (%(date)s)")),
    (
        re.compile(
            r"^(?P<value>'.*') has check digit (?P<given>\d), but (?P<body>\d+) needs (?P<expected>\d)$"
        ),
        _("%(value)s has check digit %(given)s, but %(body)s needs %(expected)s"),
    ),
    (
        re.compile(r"^(?P<value>'.*') is not of the form 1234567-8 .*$"),
        _("%(value)s is not of the form 1234567-8 (seven digits, a dash, a check digit)"),
    ),
    (
        re.compile(r"^(?P<value>'.*') cannot be a business ID: no check digit exists for (?P<body>\d+)$"),
        _("%(value)s cannot be a business ID: no check digit exists for %(body)s"),
    ),
    (re.compile(r"^expected seven digits, got (?P<value>.*)$"), _("expected seven digits, got %(value)s")),
    (re.compile(rf"^(?P<what>{_WHAT_NAMES}) is missing$"), _("%(what)s is missing")),
    (
        re.compile(rf"^(?P<what>{_WHAT_NAMES}) is longer than (?P<n>\d+) characters$"),
        _("%(what)s is longer than %(n)s characters"),
    ),
    (
        re.compile(r"^unknown EURA status \(known: (?P<known>.*)\)$"),
        _("unknown EURA status (known: %(known)s)"),
    ),
    (
        re.compile(r"^the project ends before it starts \((?P<date>[^)]*)\)$"),
        _("the project ends before it starts (%(date)s)"),
    ),
    (
        re.compile(
            r"^the row has (?P<n>\d+) fields but the header has (?P<m>\d+) \(a separator inside an unquoted field\?\)$"
        ),
        _("the row has %(n)s fields but the header has %(m)s (a separator inside an unquoted field?)"),
    ),
    (
        re.compile(r"^the row has (?P<n>\d+) fields but the header has (?P<m>\d+)$"),
        _("the row has %(n)s fields but the header has %(m)s"),
    ),
    (
        re.compile(
            r"^the code (?P<code>\S+) does not belong to this fund: its codes begin with (?P<expected>.+)$"
        ),
        _("the code %(code)s does not belong to this fund: its codes begin with %(expected)s"),
    ),
    (
        re.compile(r"^names (?P<n>\d+) funds \((?P<funds>[^)]*)\) but a project has one fund: .*$"),
        _(
            "names %(n)s funds (%(funds)s) but a project has one fund: map the column to "
            "“Fund (the first named)” (fund_first) to take the first one named"
        ),
    ),
]


def reason_text(problem: Any, schema: Schema | None = None) -> str:
    """A row problem's reason in the reader's language (a reason not known here stays as written)."""
    reason = str(problem.reason)
    field = getattr(problem, "field", "")
    if field and reason.endswith(" is missing"):
        label = field_label(schema, field) if schema is not None else str(FIELD_LABELS.get(field, field))
        return str(_("%(field)s is missing") % {"field": label})
    if reason in _REASONS:
        return str(_REASONS[reason])
    translated = _by_pattern(reason, _REASON_PATTERNS, {"what": _WHAT})
    return reason if translated is None else translated


def _by_pattern(
    message: str,
    patterns: list[tuple[re.Pattern[str], Any]],
    words: dict[str, dict[str, Any]] | None = None,
    adjust: Callable[[dict[str, str]], None] | None = None,
) -> str | None:
    """The translation of the first pattern that matches ``message``, with the parts it names put back
    (a part named in ``words`` in the reader's words); None when no pattern knows the message."""
    for pattern, text in patterns:
        match = pattern.match(message)
        if match:
            values = {k: v for k, v in match.groupdict().items() if v is not None}
            for name, table in (words or {}).items():
                if name in values:
                    values[name] = str(table.get(values[name], values[name]))
            if adjust is not None:
                adjust(values)
            return str(text % values)
    return None


def problem_text(problem: Any, schema: Schema | None = None) -> str:
    """One row problem as the command line prints it, in the active language: the row's line, the column
    (with the field it is mapped to), the value found and the reason."""
    # The cores write English: in English their reason stands as written (it names the vocabulary, e.g.
    # "unknown status 'Outo'"); in another language it is translated.
    english = (get_language() or "").startswith("en")
    reason = str(problem.reason) if english else reason_text(problem, schema)
    values = {"line": problem.line, "column": problem.column, "value": problem.value, "reason": reason}
    field = getattr(problem, "field", "")
    if problem.column and field:
        values["field"] = field
        return str(
            _("line %(line)s, column '%(column)s' (%(field)s), value '%(value)s': %(reason)s") % values
        )
    if problem.column:
        return str(_("line %(line)s, column '%(column)s', value '%(value)s': %(reason)s") % values)
    return str(_("line %(line)s, the row, value '%(value)s': %(reason)s") % values)


# A whole file's refusal (cores.tables.TableError, cores.eura.EuraFileError and EuraHeaderError): the core
# writes English, naming the file first; the page and the command show it in the reader's language.
_F = r"^(?P<file>.+?)"
_FILE_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(_F + r": no such file$"), _("%(file)s: no such file")),
    (re.compile(_F + r": not a file$"), _("%(file)s: not a file")),
    (re.compile(_F + r": the file is empty$"), _("%(file)s: the file is empty")),
    (re.compile(_F + r": the file has no header row$"), _("%(file)s: the file has no header row")),
    (
        re.compile(_F + r" is an old Excel 97–2003 \(\.xls\) workbook: save it as .*$"),
        _("%(file)s is an old Excel 97–2003 (.xls) workbook: save it as .xlsx or as a UTF-8 CSV file"),
    ),
    (
        re.compile(
            _F + r" is (?P<encoding>UTF-32|UTF-16) text: save it as UTF-8 \(CSV UTF-8\) and try again$"
        ),
        _("%(file)s is %(encoding)s text: save it as UTF-8 (CSV UTF-8) and try again"),
    ),
    (
        re.compile(_F + r": the UTF-16 text cannot be decoded$"),
        _("%(file)s: the UTF-16 text cannot be decoded"),
    ),
    (
        re.compile(_F + r" is not a CSV or XLSX file: it contains binary data.*$"),
        _(
            "%(file)s is not a CSV or XLSX file: it contains binary data (or UTF-16 text without a byte order mark; save it as UTF-8)"
        ),
    ),
    (
        re.compile(_F + r": the text is neither UTF-8 nor Windows-1252$"),
        _("%(file)s: the text is neither UTF-8 nor Windows-1252"),
    ),
    (
        re.compile(
            _F
            + r" is not UTF-8 text: byte (?P<byte>0x[0-9a-f]{2}) on line (?P<line>\d+) is not valid UTF-8 .*$"
        ),
        _(
            "%(file)s is not UTF-8 text: byte %(byte)s on line %(line)s is not valid UTF-8 (the file is probably Latin-1 or Windows-1252); save it as UTF-8 (CSV UTF-8) and try again"
        ),
    ),
    (
        re.compile(_F + r": (the header row|line (?P<line>\d+)) cannot be read as CSV \((?P<why>.*)\).*$"),
        _("%(file)s: the file cannot be read as CSV (%(why)s); is a quote unclosed?"),
    ),
    (
        re.compile(_F + r" is a ZIP file but not a readable Excel workbook \(\.xlsx\): (?P<why>.*)$"),
        _("%(file)s is a ZIP file but not a readable Excel workbook (.xlsx): %(why)s"),
    ),
    (
        re.compile(_F + r": no header row in the first (?P<n>\d+) rows of the first sheet$"),
        _("%(file)s: no header row in the first %(n)s rows of the first sheet"),
    ),
    (
        re.compile(_F + r": no header row of a EURA list in the first rows of the first sheet .*$"),
        _(
            "%(file)s: no header row of a EURA list in the first rows of the first sheet (expected a row with Hankekoodi or Koodi)"
        ),
    ),
    (
        re.compile(_F + r": the header row is not that of a EURA 2014 list .*; found: (?P<found>.*)$"),
        _(
            "%(file)s: the header row is not that of a EURA 2014 list (Koodi, Rahasto, Hankkeen nimi, ...) or of a EURA 2021 export (Hankekoodi, Ryhmähanketunnus, Rahasto, ...); found: %(found)s"
        ),
    ),
    (
        re.compile(_F + r" looks like a (?P<layout>.+?) but lacks the column\(s\): (?P<missing>.*)$"),
        _("%(file)s looks like a %(layout)s but lacks the column(s): %(missing)s"),
    ),
    (
        re.compile(_F + r": the column (?P<name>'.*') appears twice in the header row$"),
        _("%(file)s: the column %(name)s appears twice in the header row"),
    ),
]


_LAYOUTS: dict[str, Any] = {"EURA 2014 list": _("EURA 2014 list"), "EURA 2021 export": _("EURA 2021 export")}


def file_error_text(message: str) -> str:
    """A whole file's refusal in the reader's language (a message not known here stays as written)."""
    if (get_language() or "").startswith("en"):
        return message
    translated = _by_pattern(message, _FILE_PATTERNS, {"layout": _LAYOUTS})
    return message if translated is None else translated


# Why a column mapping cannot be used (cores.column_map: check_mapping, mapping_from_headers and the
# parsers of --map and the mapping file), several joined by "; ".
_MAPPING_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (
        re.compile(r"^unknown field (?P<key>'.*?') \(known: (?P<known>.*)\)$"),
        _("unknown field %(key)s (known: %(known)s)"),
    ),
    (
        re.compile(
            r"^the field (?P<key>'.*?') is mapped from two columns: (?P<first>'.*') and (?P<second>'.*')$"
        ),
        _("the field %(key)s is mapped from two columns: %(first)s and %(second)s"),
    ),
    (
        re.compile(
            r"^the fields (?P<keys>'.*?' and '.*?') fill the same thing: map one of them "
            r"\(columns (?P<columns>.*)\)$"
        ),
        _("the fields %(keys)s fill the same thing: map one of them (columns %(columns)s)"),
    ),
    (
        re.compile(r"^no column is mapped to the required field '(?P<key>.*?)' \((?P<label>.*)\)$"),
        _("no column is mapped to the required field '%(key)s' (%(label)s)"),
    ),
    (
        re.compile(r"^the fields (?P<keys>'.*?' and '.*?') fill the same thing: give one of them$"),
        _("the fields %(keys)s fill the same thing: give one of them"),
    ),
    (
        re.compile(
            r"^the field '(?P<key>.*?)' \((?P<label>.*)\) is both mapped from the column (?P<header>'.*') "
            r"and given a fixed value: keep one of them$"
        ),
        _(
            "the field '%(key)s' (%(label)s) is both mapped from the column %(header)s and given a fixed "
            "value: keep one of them"
        ),
    ),
    (
        re.compile(
            r"^the fixed value (?P<value>'.*') of the field '(?P<key>.*?)' \((?P<label>.*?)\): (?P<reason>.*)$"
        ),
        _("the fixed value %(value)s of the field '%(key)s' (%(label)s): %(reason)s"),
    ),
    (
        re.compile(
            r"^a fixed value is given to (?P<wanted>'.*'), which is not a field \(known: (?P<known>.*)\)$"
        ),
        _("a fixed value is given to %(wanted)s, which is not a field (known: %(known)s)"),
    ),
    (
        re.compile(r'^--set (?P<option>.*): write it as "FIELD=VALUE"$'),
        _('--set %(option)s: write it as "FIELD=VALUE"'),
    ),
    (
        re.compile(r"^the file has no column (?P<header>.+?) \(its columns: (?P<columns>.*)\)$"),
        _("the file has no column %(header)s (its columns: %(columns)s)"),
    ),
    (
        re.compile(
            r"^(?P<header>'.*') is mapped to (?P<wanted>'.*'), which is not a field \(known: (?P<known>.*)\)$"
        ),
        _("%(header)s is mapped to %(wanted)s, which is not a field (known: %(known)s)"),
    ),
    (
        re.compile(r'^--map (?P<option>.*): write it as "SOURCE COLUMN=FIELD"$'),
        _('--map %(option)s: write it as "SOURCE COLUMN=FIELD"'),
    ),
    (
        re.compile(r"^a mapping file maps column headers to fields, .*$"),
        _('a mapping file maps column headers to fields, e.g. columns: {"Hankkeen nimi": name}'),
    ),
    (
        re.compile(r"^the mapping file's entry (?P<header>.*): (?P<wanted>.*) is not 'header: field'$"),
        _("the mapping file's entry %(header)s: %(wanted)s is not 'header: field'"),
    ),
]


@dataclass(frozen=True)
class _Reason:
    reason: str
    field: str = ""


def mapping_error_text(message: str) -> str:
    """Why a mapping cannot be used, in the reader's language (each of several reasons; an unknown one
    stays as written)."""
    if (get_language() or "").startswith("en"):
        return message

    def field_named(values: dict[str, str]) -> None:
        if "label" in values:
            values["label"] = str(FIELD_LABELS.get(values["key"], values["label"]))
        if "reason" in values:  # a fixed value's reason, as a cell's would be
            reason = values["reason"]
            values["reason"] = str(_("empty")) if reason == "empty" else reason_text(_Reason(reason))

    parts = message.split("; ")
    return "; ".join(_by_pattern(part, _MAPPING_PATTERNS, adjust=field_named) or part for part in parts)
