"""Issue 15, point 4: the audit trail cannot be rewritten unnoticed.

Each way of tampering is either refused by the database or named by `salkku audit verify`.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from audit import chain
from audit.models import AuditEntry
from audit.protection import protect
from audit.services import Actor, audit_record, audit_record_many
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's roles and triggers"
)


def _entries(n: int = 5) -> list[AuditEntry]:
    org = OrganisationFactory()
    made = [
        audit_record(
            actor=Actor(label="test"),
            action=f"organisation.step{i}",
            obj=org,
            after={"euros": "10.50", "i": i},
        )
        for i in range(n - 2)
    ]
    audit_record_many(
        actor=Actor(label="import"),
        action="organisation.imported",
        changes=[(org, {}, {"a": 1}), (org, {}, {"b": [1, 2]})],
    )
    return [*made, *AuditEntry.objects.order_by("-id")[:2][::-1]]


def _raw(sql: str, params: list[object] | None = None) -> None:
    """Tamper as a superuser would: on PostgreSQL with triggers switched off for the session."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def test_chain__entries_written_one_by_one_and_in_bulk__verify() -> None:
    entries = _entries()
    verdict = chain.verify(AuditEntry)
    assert verdict.ok and verdict.checked == AuditEntry.objects.count() >= 5
    assert verdict.head == entries[-1].entry_hash
    assert [e.prev_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]
    call_command("audit", "verify")


def test_chain__raw_sql_update_of_an_entry__names_that_entry() -> None:
    entries = _entries()
    victim = entries[2]
    # when the stored amount is changed behind the app's back
    _raw("UPDATE audit_auditentry SET after = %s WHERE id = %s", ['{"euros": "99.50", "i": 2}', victim.pk])
    verdict = chain.verify(AuditEntry)
    assert verdict.broken is not None and verdict.broken.entry_id == victim.pk
    assert "content does not match" in verdict.broken.reason
    with pytest.raises(CommandError, match=f"entry #{victim.pk} "):
        call_command("audit", "verify")


def test_chain__raw_sql_update_rehashing_the_entry__names_the_next_entry() -> None:
    entries = _entries()
    victim = entries[1]
    forged = chain.digest({**chain.fields_of(victim), "note": "forged"}, victim.prev_hash)
    _raw("UPDATE audit_auditentry SET note = 'forged', entry_hash = %s WHERE id = %s", [forged, victim.pk])
    verdict = chain.verify(AuditEntry)
    assert verdict.broken is not None and verdict.broken.entry_id == entries[2].pk
    assert "link" in verdict.broken.reason


def test_chain__raw_sql_delete_of_an_entry__names_the_entry_after_the_gap() -> None:
    entries = _entries()
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    verdict = chain.verify(AuditEntry)
    assert verdict.broken is not None and verdict.broken.entry_id == entries[2].pk


def test_chain__entry_deleted_and_the_next_relinked__names_the_relinked_entry() -> None:
    # given an entry removed and its successor's link field pointed past the gap (the hash not redone)
    entries = _entries()
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    _raw("UPDATE audit_auditentry SET prev_hash = %s WHERE id = %s", [entries[0].entry_hash, entries[2].pk])
    # then the successor's own hash, which covers its predecessor's hash, no longer matches
    verdict = chain.verify(AuditEntry)
    assert verdict.broken is not None and verdict.broken.entry_id == entries[2].pk


@postgres_only
def test_postgres__truncate__refused_by_statement_trigger_even_for_the_owner() -> None:
    _entries()
    role = _app_role()
    protect(role)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() >= 5


def _app_role() -> str:
    name = f"h_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute(f"CREATE ROLE {name} NOLOGIN")
    return name


@pytest.fixture
def as_app_role() -> Iterator[str]:
    _entries()
    role = _app_role()
    protect(role)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET note = 'x'",
        "DELETE FROM audit_auditentry",
        "TRUNCATE audit_auditentry",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
        "SET session_replication_role = replica",
        "DROP TABLE audit_auditentry",
    ],
)
def test_postgres__app_role__cannot_change_the_audit_table(as_app_role: str, sql: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


@postgres_only
def test_postgres__app_role__still_reads_appends_and_changes_other_tables(as_app_role: str) -> None:
    org = OrganisationFactory()
    audit_record(actor=Actor(label="app"), action="organisation.renamed", obj=org)
    org.name = "Uusi nimi"
    org.save()
    assert chain.verify(AuditEntry).ok


@postgres_only
def test_postgres__superuser_disables_trigger_and_edits__verify_names_the_entry() -> None:
    entries = _entries()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute(
            "UPDATE audit_auditentry SET actor_label = 'someone else' WHERE id = %s", [entries[0].pk]
        )
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
    verdict = chain.verify(AuditEntry)
    assert verdict.broken is not None and verdict.broken.entry_id == entries[0].pk


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgres__two_concurrent_writers__never_fork_the_chain() -> None:
    # given writer A inside a transaction that has appended an entry and not yet committed
    org = OrganisationFactory()
    appended = threading.Event()
    errors: list[BaseException] = []

    def writer_a() -> None:
        try:
            with transaction.atomic():
                audit_record(actor=Actor(label="a"), action="a", obj=org)
                appended.set()
                time.sleep(0.5)  # B tries to append meanwhile
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
            appended.set()
        finally:
            connections.close_all()

    def writer_b() -> None:
        try:
            appended.wait()
            with transaction.atomic():
                audit_record(actor=Actor(label="b"), action="b", obj=org)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    # then B waited for A and chained onto A's entry: one chain, no two entries with the same predecessor
    prevs = list(AuditEntry.objects.values_list("prev_hash", flat=True))
    assert len(prevs) == len(set(prevs))
    assert chain.verify(AuditEntry).ok
    assert list(AuditEntry.objects.order_by("id").values_list("actor_label", flat=True))[-2:] == ["a", "b"]


def test_migration_backfill__entries_written_before_the_chain__are_chained() -> None:
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("audit.migrations.0003_hash_chain").backfill
    # given entries as they were before the chain: no hashes
    _entries()
    _raw("UPDATE audit_auditentry SET prev_hash = '', entry_hash = ''")
    assert not chain.verify(AuditEntry).ok
    # when the migration's backfill runs; then the chain verifies
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # the parts of a schema editor the backfill uses (SQLite's own cannot open inside a test's transaction)
        editor = SimpleNamespace(connection=connection, execute=lambda sql, params=None: cursor.execute(sql))
        backfill(apps, editor)
    verdict = chain.verify(AuditEntry)
    assert verdict.ok and verdict.checked == AuditEntry.objects.count()
