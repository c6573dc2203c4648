"""The strict reading of the agreement data files: YAML without duplicate keys, and the reader that names
every problem by file, key path and reason (programme.loading.reader parses the files with it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.db import models

from cores.money import MoneyError, parse_amount
from programme.models import (
    Agreement,
)

# --------------------------------------------------------------------------------------------------
# Results and errors


class FixtureError(ValueError):
    """The data files are invalid; ``problems`` lists each one as ``file: key.path: reason``."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class UnknownAgreementError(LookupError):
    """No data file defines the asked agreement; the message lists the known ones."""

    def __init__(self, slug: str, known: Iterable[str]) -> None:
        self.slug = slug
        self.known = sorted(known)
        super().__init__(f"unknown agreement {slug!r}; known: {', '.join(self.known) or '(none)'}")


# --------------------------------------------------------------------------------------------------
# Reading YAML


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys (PyYAML would silently keep the last one)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise FixtureError([f"{path.name}: the file is missing"])
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_StrictLoader)
    except UnicodeDecodeError as error:
        raise FixtureError([f"{path.name}: not UTF-8 text ({error.reason})"]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise FixtureError([f"{path.name}: {where}invalid YAML: {problem}"]) from None


class _Reader:
    """Typed access to parsed YAML that records each problem as ``file: path: reason``."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[str] = []

    def problem(self, path: str, reason: str) -> None:
        self.problems.append(f"{self.filename}: {path}: {reason}" if path else f"{self.filename}: {reason}")

    def raise_if_any(self) -> None:
        if self.problems:
            raise FixtureError(self.problems)

    def mapping(
        self, value: Any, path: str, *, required: Iterable[str] = (), optional: Iterable[str] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping of keys, got {_kind(value)}")
            return None
        required, optional = list(required), list(optional)
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.problem(_join(path, str(key)), f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in value:
                self.problem(_join(path, key), "missing")
        return value

    def items(self, value: Any, path: str) -> list[tuple[str, Any]]:
        if not isinstance(value, list):
            self.problem(path, f"expected a list, got {_kind(value)}")
            return []
        return [(f"{path}[{i}]", item) for i, item in enumerate(value)]

    def text(
        self, value: Any, path: str, *, max_length: int | None = None, blank: bool = False
    ) -> str | None:
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problem(path, f"expected text, got {_kind(value)}")
            return None
        text = str(value).strip()
        if not text and not blank:
            self.problem(path, "must not be empty")
            return None
        if max_length is not None and len(text) > max_length:
            self.problem(path, f"is {len(text)} characters long; at most {max_length} fit")
            return None
        return text

    def version(self, value: Any, path: str) -> str | None:
        if isinstance(value, float):
            self.problem(path, f'write the version as quoted text (e.g. "{value}"): a number loses zeros')
            return None
        return self.text(value, path, max_length=_max_length(Agreement, "fixture_version"))

    def integer(
        self, value: Any, path: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"expected a whole number, got {_kind(value)}")
            return None
        if minimum is not None and value < minimum:
            self.problem(path, f"{value} is below {minimum}")
            return None
        if maximum is not None and value > maximum:
            self.problem(path, f"{value} is above {maximum}")
            return None
        return value

    def boolean(self, value: Any, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.problem(path, f"expected true or false, got {_kind(value)}")
            return None
        return value

    def money(self, value: Any, path: str) -> Decimal | None:
        if isinstance(value, float | bool) or not isinstance(value, str | int):
            self.problem(
                path,
                f'write euros as quoted text with at most two decimals (e.g. "1000.00"), '
                f"not {_kind(value)}: a YAML number may be inexact",
            )
            return None
        try:
            return parse_amount(str(value))
        except MoneyError as error:
            self.problem(path, str(error))
            return None

    def share(self, value: Any, path: str) -> Decimal | None:
        if isinstance(value, float | bool) or not isinstance(value, str | int):
            self.problem(path, f'write a share as a quoted fraction (e.g. "0.40"), not {_kind(value)}')
            return None
        try:
            share = Decimal(str(value).strip())
        except InvalidOperation:
            self.problem(path, f'{value!r} is not a fraction like "0.40"')
            return None
        if not share.is_finite() or not Decimal(0) <= share <= Decimal(1):
            self.problem(path, f'{value!r} is not between 0 and 1 (a share: "0.40" is 40 %)')
            return None
        if share != share.quantize(Decimal("0.0001")):
            self.problem(path, f"{value!r} has more than four decimals")
            return None
        return share

    def date(self, value: Any, path: str) -> dt.date | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(path, f'expected a date like "2029-12-31", got {value!r}')
        return None

    def choice(self, value: Any, path: str, choices: Iterable[str], what: str) -> str | None:
        options = list(choices)
        if value not in options:
            self.problem(path, f"unknown {what} {value!r} (known: {', '.join(options)})")
            return None
        return str(value)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return {
        bool: "true/false",
        int: "a whole number",
        float: "a decimal number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), f"{name} is not a column"
    length = field.max_length
    assert length is not None
    return int(length)


def _relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio of white text on ``colour`` (#rrggbb)."""
    return 1.05 / (_relative_luminance(colour) + 0.05)
