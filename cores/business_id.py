"""Finnish business ID (Y-tunnus): seven digits, a dash and a check digit.

The check digit: weights 7, 9, 10, 5, 8, 4, 2 on the seven digits; r = sum mod 11;
r == 0 gives 0, r == 1 is never issued (invalid), otherwise the digit is 11 - r.
Old six-digit numbers are written with a leading zero.
"""

from __future__ import annotations

import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_PATTERN = re.compile(r"^(\d{6,7})-(\d)$")


class BusinessIdError(ValueError):
    """The text is not a valid Finnish business ID; the message says why."""


def check_digit(body: str) -> int | None:
    """The check digit of seven digits, or None when no valid ID has this body (remainder 1)."""
    if len(body) != 7 or not body.isdigit():
        raise BusinessIdError(f"expected seven digits, got {body!r}")
    remainder = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def normalise_business_id(text: str) -> str:
    """Return the ID in its canonical form ``1234567-1`` or raise BusinessIdError with the reason."""
    value = text.strip().replace("\u2010", "-").replace("\u2013", "-")
    match = _PATTERN.match(value)
    if not match:
        raise BusinessIdError(f"{text!r} is not of the form 1234567-8 (seven digits, a dash, a check digit)")
    body, given = match.group(1).zfill(7), int(match.group(2))
    expected = check_digit(body)
    if expected is None:
        raise BusinessIdError(f"{text!r} cannot be a business ID: no check digit exists for {body}")
    if expected != given:
        raise BusinessIdError(f"{text!r} has check digit {given}, but {body} needs {expected}")
    return f"{body}-{given}"


def is_valid_business_id(text: str) -> bool:
    try:
        normalise_business_id(text)
    except BusinessIdError:
        return False
    return True


def make_business_id(body: int) -> str | None:
    """The full ID for a seven-digit number, or None when that number has no valid check digit."""
    digits = f"{body:07d}"
    digit = check_digit(digits)
    return None if digit is None else f"{digits}-{digit}"
