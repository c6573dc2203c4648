"""Issue 15, point 5: salkku backup and salkku restore give an identical database, audit chain intact."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.services import Actor, audit_record
from ops import backup
from programme.services import agreement_load_all
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _salkku(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "-c", f"from config.cli import main; main({['salkku', *args]!r})"],
        env={**env, "SALKKU_MODE": "test", "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )


def _content() -> None:
    agreement_load_all(actor=Actor(label="test"))
    user = UserFactory()
    for i in range(3):
        org = OrganisationFactory()
        audit_record(
            actor=Actor(user=user), action="organisation.created", obj=org, after={"euros": f"{i}.50"}
        )


def _source_checksums() -> dict[str, tuple[int, str]]:
    connection.ensure_connection()
    return backup.table_checksums(connection.connection, connection.vendor)


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the SQLite backup")
def test_sqlite__backup_then_restore_into_fresh_file__identical_tables_and_chain(tmp_path: Path) -> None:
    _content()
    before = _source_checksums()
    assert before["audit_auditentry"][0] >= 3 and before["programme_agreement"][0] >= 1
    # when the database is backed up and restored into a fresh file by the salkku command
    call_command("backup", str(tmp_path / "salkku.backup"))
    restored = tmp_path / "restored.sqlite3"
    done = _salkku(f"sqlite:///{restored}", "restore", str(tmp_path / "salkku.backup"))
    assert done.returncode == 0, done.stderr
    assert "audit chain intact" in done.stdout
    # then every table holds the same rows
    after = backup.table_checksums(sqlite3.connect(restored), "sqlite")
    assert after == before
    # and restoring again into the now full database is refused
    again = _salkku(f"sqlite:///{restored}", "restore", str(tmp_path / "salkku.backup"))
    assert again.returncode != 0 and "not empty" in again.stderr


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the PostgreSQL backup")
def test_postgres__backup_then_restore_into_fresh_database__identical_tables_and_chain(
    tmp_path: Path,
) -> None:
    import psycopg

    _content()
    before = _source_checksums()
    call_command("backup", str(tmp_path / "salkku.dump"))
    source = connection.settings_dict
    fresh = f"{source['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    host = (
        f"{source.get('USER') or 'postgres'}@{source.get('HOST') or '127.0.0.1'}:{source.get('PORT') or 5432}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        done = _salkku(f"postgres://{host}/{fresh}", "restore", str(tmp_path / "salkku.dump"))
        assert done.returncode == 0, done.stderr
        assert "audit chain intact" in done.stdout
        with psycopg.connect(f"postgresql://{host}/{fresh}") as restored:
            after = backup.table_checksums(restored, "postgresql")
        assert after == before
        again = _salkku(f"postgres://{host}/{fresh}", "restore", str(tmp_path / "salkku.dump"))
        assert again.returncode != 0 and "not empty" in again.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_checksums__a_changed_row__differs(tmp_path: Path) -> None:
    # given a backup restored (SQLite copy of whatever the test database is, for speed)
    _content()
    before = _source_checksums()
    OrganisationFactory()
    assert _source_checksums()["partners_organisation"] != before["partners_organisation"]


def test_restore__wrong_kind_of_file__refused_saying_why(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup")
    with pytest.raises(CommandError, match="neither"):
        call_command("restore", str(bogus))
