"""The audit trail as a hash chain: a changed, removed or inserted entry breaks the chain where it happened.

Each entry carries ``entry_hash`` = SHA-256 over its own content and the previous entry's hash (its
``prev_hash``), in id order. Appending takes a lock first (a transaction-scoped advisory lock on
PostgreSQL; SQLite's writers are serialised by its IMMEDIATE transactions), so two writers can never both
chain onto the same entry. ``verify`` walks the chain and names the first entry that does not match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

GENESIS = "0" * 64
# pg_advisory_xact_lock key: "audit" in ASCII.
LOCK_KEY = 0x6175646974
VERSION = 1


def _canonical(value: Any) -> Any:
    """The value as it reads back from the database (JSON round trip with Django's encoder)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _timestamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def digest(fields: Mapping[str, Any], prev_hash: str) -> str:
    """The entry's hash: its content and its predecessor's hash, as canonical JSON."""
    content = {
        "v": VERSION,
        "prev": prev_hash,
        "at": _timestamp(fields["at"]),
        "actor_id": fields["actor_id"],
        "actor_label": fields["actor_label"],
        "action": fields["action"],
        "content_type_id": fields["content_type_id"],
        "object_id": str(fields["object_id"]),
        "object_repr": fields["object_repr"],
        "before": _canonical(fields["before"]),
        "after": _canonical(fields["after"]),
        "note": fields["note"],
        "agreement_id": fields["agreement_id"],
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
    "note",
    "agreement_id",
)


def fields_of(entry: Any) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


def lock(using: Any = None) -> None:
    """Serialise appends until the end of the transaction (call inside transaction.atomic)."""
    conn = using or connection
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def head(model: Any) -> str:
    """The newest entry's hash, or the genesis hash of an empty trail."""
    found = model._base_manager.order_by("-id").values_list("entry_hash", flat=True).first()
    return found or GENESIS


def link(entries: Sequence[Any], prev_hash: str) -> str:
    """Set prev_hash and entry_hash on new entries, in order; returns the new head."""
    for entry in entries:
        entry.prev_hash = prev_hash
        entry.entry_hash = digest(fields_of(entry), prev_hash)
        prev_hash = entry.entry_hash
    return prev_hash


@dataclass(frozen=True)
class Break:
    entry_id: int
    at: str
    action: str
    object_repr: str
    reason: str

    def __str__(self) -> str:
        return f"entry #{self.entry_id} ({self.at}, {self.action}, {self.object_repr!r}): {self.reason}"


@dataclass(frozen=True)
class Verdict:
    checked: int
    head: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def walk(rows: Iterable[Mapping[str, Any]]) -> Verdict:
    """Check rows in id order; the first entry whose content or link does not match breaks the chain."""
    prev = GENESIS
    count = 0
    for row in rows:
        count += 1
        if row["prev_hash"] != prev:
            reason = (
                "its link to the previous entry does not match: an entry before it was removed, "
                "inserted or changed"
            )
        elif digest(row, prev) != row["entry_hash"]:
            reason = "its content does not match its hash: it was changed after it was written"
        else:
            prev = row["entry_hash"]
            continue
        at = row["at"]
        return Verdict(
            count,
            prev,
            Break(row["id"], _timestamp(at) if at else "-", row["action"], row["object_repr"], reason),
        )
    return Verdict(count, prev, None)


def rows(model: Any, chunk_size: int = 2000) -> Iterator[dict[str, Any]]:
    found: Iterator[dict[str, Any]] = (
        model._base_manager.order_by("id")
        .values("id", "prev_hash", "entry_hash", *HASHED_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    return found


def verify(model: Any) -> Verdict:
    return walk(rows(model))
