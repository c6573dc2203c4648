"""On PostgreSQL: the app's own role may read and append audit entries, nothing else.

``protect(app_role)`` is run by the role that owns the tables (the one that runs the migrations, never the
role the app serves with). It grants the app role what it needs on every table, only SELECT and INSERT
on the audit table, and adds a statement-level trigger that refuses TRUNCATE even to the owner. The app
role, not owning the audit table, cannot disable its triggers either; session_replication_role needs a
superuser. What a superuser can still do is caught by the hash chain (``salkku audit verify``).
"""

from __future__ import annotations

from django.db import connection

AUDIT_TABLE = "audit_auditentry"

TRUNCATE_GUARD_SQL = """
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
"""


class ProtectionError(Exception):
    pass


def protect(app_role: str) -> list[str]:
    """Set up the grants and the TRUNCATE guard; returns what was done, for the operator."""
    if connection.vendor != "postgresql":
        raise ProtectionError(
            "the audit table's roles are a PostgreSQL feature; on SQLite rely on audit verify"
        )
    quoted = connection.ops.quote_name(app_role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_role])
        found = cursor.fetchone()
        if found is None:
            raise ProtectionError(f"there is no role {app_role!r}: create it first (CREATE ROLE ... LOGIN)")
        if found[0]:
            raise ProtectionError(f"{app_role!r} is a superuser: the app must connect with an ordinary role")
        if owner == app_role:
            raise ProtectionError("run this as the role that owns the tables, not as the app's role")
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s", [AUDIT_TABLE])
        row = cursor.fetchone()
        if row is None:
            raise ProtectionError("the audit table does not exist yet: run salkku migrate first")
        cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, row[0]])
        if cursor.fetchone()[0]:
            raise ProtectionError(f"{app_role!r} is the audit table's owner {row[0]!r} or a member of it")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before the trigger changes
        cursor.execute(TRUNCATE_GUARD_SQL)
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
        cursor.execute(f"REVOKE ALL ON {AUDIT_TABLE} FROM PUBLIC, {quoted}")
        cursor.execute(f"GRANT SELECT, INSERT ON {AUDIT_TABLE} TO {quoted}")
        # Tables that later migrations create are the app's to change as well.
        cursor.execute(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}"
        )
        cursor.execute(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {quoted}"
        )
    return [
        f"{AUDIT_TABLE} is owned by {row[0]}; {app_role} may only read and append to it",
        f"{app_role} may read and change every other table (also those later migrations create)",
        "TRUNCATE of the audit table is refused by a statement-level trigger",
    ]
