# The SQLite full-text index gets the entry's kind as a second column, so that the best candidates of
# each kind are asked of FTS5 itself (``kind : "history" AND document : (...)``) instead of ranking every
# match of every kind and joining the entries to sort them per kind (ecosystem.search, benchmarks/search).
# PostgreSQL is unchanged.

from django.db import migrations

_TABLE = "ecosystem_search_fts"
_TOKENIZE = "tokenize='unicode61 remove_diacritics 0'"


def _statements(columns: list[str]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        "DROP TRIGGER IF EXISTS ecosystem_search_ai",
        "DROP TRIGGER IF EXISTS ecosystem_search_ad",
        "DROP TRIGGER IF EXISTS ecosystem_search_au",
        f"DROP TABLE IF EXISTS {_TABLE}",
        f"CREATE VIRTUAL TABLE {_TABLE} USING fts5({names}, content='ecosystem_searchentry', "
        f"content_rowid='id', {_TOKENIZE})",
        "CREATE TRIGGER ecosystem_search_ai AFTER INSERT ON ecosystem_searchentry BEGIN "
        f"INSERT INTO {_TABLE}(rowid, {names}) VALUES (new.id, {new}); END",
        "CREATE TRIGGER ecosystem_search_ad AFTER DELETE ON ecosystem_searchentry BEGIN "
        f"INSERT INTO {_TABLE}({_TABLE}, rowid, {names}) VALUES ('delete', old.id, {old}); END",
        "CREATE TRIGGER ecosystem_search_au AFTER UPDATE ON ecosystem_searchentry BEGIN "
        f"INSERT INTO {_TABLE}({_TABLE}, rowid, {names}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {_TABLE}(rowid, {names}) VALUES (new.id, {new}); END",
        # the index of the entries already there (an external-content table rebuilds from them)
        f"INSERT INTO {_TABLE}({_TABLE}) VALUES ('rebuild')",
    ]


def _run(columns):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in _statements(columns):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("ecosystem", "0002_search_index"),
    ]

    operations = [
        migrations.RunPython(_run(["document", "kind"]), _run(["document"])),
    ]
