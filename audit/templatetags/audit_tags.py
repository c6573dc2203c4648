"""{% activity_feed obj %}: the object's audit entries, newest first (read-only)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from audit.actions import (
    FIELD_LABELS,
    ID_KEYS,
    KEY_CODES,
    NESTED_LABELS,
    PREFIXED_VALUES,
    VALUE_CODES,
    action_label,
    actor_label,
)
from audit.models import AuditEntry

register = template.Library()


@register.inclusion_tag("audit/activity_feed.html")
def activity_feed(obj: models.Model, limit: int = 50) -> dict[str, object]:
    """The newest ``limit`` entries in one query; says so when there are more than it shows."""
    entries = list(AuditEntry.objects.for_object(obj).select_related("actor")[: limit + 1])
    return {
        "entries": entries[:limit],
        "more": len(entries) > limit,
        "limit": limit,
        "obj": obj,
        "feed_id": f"activity-{obj._meta.model_name}-{obj.pk}",
    }


@register.filter
def audit_actor(recorded: str) -> str:
    """A recorded actor in the reader's language: a command as what it is, a user name as recorded."""
    return actor_label(recorded)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# A decimal recorded as text ("300000.00"): an amount or a share, shown in the reader's number format. A
# whole number stays as recorded (a year, a version, a code).
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_ISO_DATE_IN_TEXT = re.compile(r"\b(\d{4}-[01]\d-[0-3]\d)\b")
# An amount in euros and cents inside a recorded name ("2027: 300000.00 €").
_AMOUNT_IN_TEXT = re.compile(r"(?<![\d.,])\d{4,}\.\d{2}(?![\d.,])")


def _field(entry: AuditEntry, key: str) -> models.Field | None:
    model = entry.content_type.model_class() if entry.content_type_id else None
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(entry: AuditEntry, key: str) -> str:
    """A recorded key in the reader's language: the model field's name ("tila" for ``status``), a known
    key of audit.actions, else as written."""
    field = _field(entry, key)
    if field is not None:
        return str(field.verbose_name)
    known = FIELD_LABELS.get(key) or FIELD_LABELS.get(key.split(".")[0])
    return str(known) if known is not None else key_label(key)


_YEAR = re.compile(r"^\d{4}$")


def key_label(key: str) -> str:
    """A composite key in the reader's language: its leading year and codes worded, the rest (a name
    someone typed) as recorded: "2026 equipment ERDF" is "2026 Laitteet EAKR", "OWN Espoon kaupunki"
    "Omarahoitus Espoon kaupunki"; a key without a code as recorded."""
    words = key.split(" ")
    worded: list[str] = []
    coded = False
    for n, word in enumerate(words):
        if n == 0 and _YEAR.match(word):
            worded.append(word)
        elif word in KEY_CODES:
            worded.append(str(KEY_CODES[word]))
            coded = True
        else:
            worded.extend(words[n:])
            break
    return " ".join(worded) if coded else key


def _worded(value: object, action: str) -> object:
    """A recorded dict or list with its keys and codes in the reader's language (see audit.actions)."""
    if isinstance(value, list):
        return [_worded(v, action) for v in value]
    if isinstance(value, dict):
        shown: dict[str, object] = {}
        for k, v in value.items():
            if k in ID_KEYS and isinstance(v, int):
                continue
            codes = VALUE_CODES.get(k)
            if codes is not None and isinstance(v, str):
                v = str(codes.get(v, v))
            label = NESTED_LABELS.get(k)
            shown[str(label) if label is not None else key_label(str(k))] = _worded(v, action)
        return shown
    prefixed = PREFIXED_VALUES.get(action)
    if prefixed is not None and isinstance(value, str):
        code, colon, rest = value.partition(": ")
        if code in prefixed:
            return f"{prefixed[code]}{colon}{rest}"
    return value


def _role_label(value: object) -> object:
    """A recorded role by its name (the permission table's labels); the demo's "superuser" is the
    administrator."""
    from accounts.permissions import ROLE_LABELS

    if value == "superuser":
        return _("Administrator")
    return str(ROLE_LABELS.get(value, value)) if isinstance(value, str) else value


# Recorded keys that are no field of the entry's object but hold a model's choice (a user's role).
_KEY_CHOICES = {"role": _role_label, "roles_removed": _role_label}


def _choice(field: models.Field | None, value: object, key: str = "") -> object:
    if field is not None and field.choices and isinstance(value, str | int):
        return dict(field.flatchoices).get(value, value)
    label = _KEY_CHOICES.get(key) if field is None else None
    if label is not None:
        return [label(v) for v in value] if isinstance(value, list) else label(value)
    return value


@register.filter
def audit_rows(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """(field name, before, after) in the reader's language: choices by their label (``submitted`` is
    "Jätetty"), dates in the language's format."""
    keys = sorted(set(entry.before) | set(entry.after))
    rows = []
    for k in keys:
        field = _field(entry, k)
        rows.append(
            (
                field_label(entry, k),
                _worded(_choice(field, entry.before.get(k), k), entry.action),
                _worded(_choice(field, entry.after.get(k), k), entry.action),
            )
        )
    return rows


@register.filter
def audit_action(action: str) -> str:
    return action_label(action)


@register.filter
def audit_value(value: object) -> str:
    """A recorded value as text: lists joined, mappings as key: value, empty as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list):
        return ", ".join(audit_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {audit_value(v)}" for k, v in value.items())
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        from django.utils import timezone

        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(value, str) and _DECIMAL.match(value):
        return _number(value)
    return str(value)


def _number(text: str) -> str:
    """A decimal recorded as text ("300000.00") in the reader's number format, its decimals kept."""
    places = len(text.split(".")[1])
    return formats.number_format(Decimal(text), decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def audit_repr(text: str) -> str:
    """An object's name as recorded, with an ISO date, an amount ("300000.00") and a fund's code in it in
    the reader's words and format: an annual frame recorded as "ERDF 2027: 300000.00 €" reads
    "EAKR 2027: 300 000,00 €" in Finnish."""

    def day(match: re.Match[str]) -> str:
        try:
            return formats.date_format(dt.date.fromisoformat(match.group(1)), "SHORT_DATE_FORMAT")
        except ValueError:
            return match.group(1)

    def fund(match: re.Match[str]) -> str:
        return str(VALUE_CODES["fund"].get(match.group(0), match.group(0)))

    shown = _ISO_DATE_IN_TEXT.sub(day, str(text or ""))
    shown = _AMOUNT_IN_TEXT.sub(lambda match: _number(match.group(0)), shown)
    funds = sorted((c for c in VALUE_CODES.get("fund", {}) if c.isupper()), key=len, reverse=True)
    if funds:
        shown = re.sub(r"(?<![\w+])(?:" + "|".join(map(re.escape, funds)) + r")(?![\w+])", fund, shown)
    return shown
