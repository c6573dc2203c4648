"""Backups of the whole database and their restore into a fresh, empty one.

SQLite: an online copy through SQLite's backup API (consistent while the app writes), restored the same
way. PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot), restored with ``pg_restore`` in a
single transaction, so a failed restore leaves the target empty. Ownership and grants are not carried
over: after a restore on PostgreSQL run ``salkku audit protect --app-role ROLE`` again (docs/deploy.md).
``table_checksums`` digests every table's rows, to show a restore is identical to its source.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    pass


def kind_of_file(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither a Salkku SQLite backup nor a PostgreSQL custom-format dump")


# --- checksums -----------------------------------------------------------------------------------------


def _tables(conn: Any, vendor: str) -> list[str]:
    cursor = conn.cursor()
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_checksums(conn: Any, vendor: str) -> dict[str, tuple[int, str]]:
    """Table -> (row count, SHA-256 over its rows in a fixed order), for every table in the database.

    Each row is read as the database's own text form (not through the driver's type adapters), so two
    connections configured differently still agree on identical content.
    """
    result: dict[str, tuple[int, str]] = {}
    cursor = conn.cursor()
    if vendor == "postgresql":
        cursor.execute("SET TIME ZONE 'UTC'")
    for table in _tables(conn, vendor):
        if vendor == "sqlite":
            cursor.execute(f"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
            columns = [row[0] for row in cursor.fetchall()]
            as_text = " || ',' || ".join(f"quote({_quote(column)})" for column in columns)
            cursor.execute(f"SELECT {as_text} AS r FROM {_quote(table)} ORDER BY r")
        else:
            cursor.execute(f'SELECT t::text COLLATE "C" FROM {_quote(table)} AS t ORDER BY 1')
        digest = hashlib.sha256()
        count = 0
        for (row,) in cursor.fetchall():
            digest.update(row.encode())
            digest.update(b"\n")
            count += 1
        result[table] = (count, digest.hexdigest())
    return result


# --- SQLite --------------------------------------------------------------------------------------------


def backup_sqlite(source: sqlite3.Connection, target: Path) -> None:
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name")
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()


def restore_sqlite(source: Path, target: Path) -> None:
    if target.exists() and target.stat().st_size > 0:
        existing = sqlite3.connect(target)
        try:
            if _tables(existing, "sqlite"):
                raise BackupError(f"the target database {target} is not empty: restore into a fresh database")
        finally:
            existing.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        origin.backup(destination)
    finally:
        origin.close()
        destination.close()


# --- PostgreSQL ----------------------------------------------------------------------------------------


def _pg_env(database: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", str(database["NAME"])]
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def backup_postgres(database: dict[str, Any], target: Path) -> None:
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name")
    args, env = _pg_env(database)
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", "--file", str(target), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


def restore_postgres(source: Path, database: dict[str, Any], connection: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        if cursor.fetchone()[0]:
            raise BackupError(
                f"the target database {database['NAME']} is not empty: restore into a fresh database "
                "(createdb NAME, then DATABASE_URL=.../NAME salkku restore FILE)"
            )
    args, env = _pg_env(database)
    command = [
        _tool("pg_restore"),
        "--no-owner",
        "--no-acl",
        "--single-transaction",
        "--exit-on-error",
        *args,
        str(source),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed (nothing was restored): {done.stderr.strip()}")
