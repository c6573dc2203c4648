"""Spreadsheet cells that cannot run: text starting with a formula character is neutralised.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs, a tab or
a carriage return) as a formula: a name such as ``=HYPERLINK("http://x.example","click")`` would run when
the file is opened. Every CSV and XLSX the app writes passes its text cells through here. Numbers stay
numbers: ``-12.50`` is a negative amount, not a formula.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_number(text: str) -> bool:
    try:
        Decimal(text)
    except (InvalidOperation, ValueError):
        return False
    return True


def is_formula_like(text: str) -> bool:
    """True for text a spreadsheet would read as a formula."""
    return text.startswith(FORMULA_STARTS) and not is_number(text)


def csv_safe(text: str | None) -> str:
    """The text for a CSV cell: a leading apostrophe before formula-like text (shown, never run)."""
    if text is None:
        return ""
    return "'" + text if is_formula_like(text) else text
