"""Full-text search over comments for the moderators' queue.

SQLite: an FTS5 table over comments_comment (external content, so the text is stored once), kept
in step by triggers. PostgreSQL: a GIN index on the ``to_tsvector`` expression the search
selector filters on (``selectors.POSTGRES_SEARCH_VECTOR``). ``selectors.comment_search`` hides
the difference.

Caution for later migrations: on SQLite, Django rebuilds a table (copy, drop, rename) for many
schema changes, and dropping a table drops its triggers. A migration that rebuilds
comments_comment must be followed by one that runs ``SQLITE_TRIGGERS`` again; a test checks the
triggers exist after all migrations.
"""

from django.db import migrations

FTS_TABLE = "moderation_comment_fts"

SQLITE_TABLE = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
    body, author_name,
    content='comments_comment', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
)
"""
SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON comments_comment BEGIN
        INSERT INTO {FTS_TABLE}(rowid, body, author_name)
        VALUES (new.id, new.body, new.author_name);
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON comments_comment BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body, author_name)
        VALUES ('delete', old.id, old.body, old.author_name);
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update
    AFTER UPDATE OF body, author_name ON comments_comment BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body, author_name)
        VALUES ('delete', old.id, old.body, old.author_name);
        INSERT INTO {FTS_TABLE}(rowid, body, author_name)
        VALUES (new.id, new.body, new.author_name);
    END
    """,
]
SQLITE_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

POSTGRES_INDEX = (
    "CREATE INDEX IF NOT EXISTS moderation_comment_body_search ON comments_comment "
    "USING GIN ((to_tsvector('english'::regconfig, body) "
    "|| to_tsvector('simple'::regconfig, author_name)))"
)
POSTGRES_DROP = "DROP INDEX IF EXISTS moderation_comment_body_search"


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in [SQLITE_TABLE, *SQLITE_TRIGGERS, SQLITE_REBUILD]:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_INDEX)


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_add_moderation_fields"),
        ("moderation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
