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

from townsquare.moderation.migrations._search import (  # noqa: E402
    POSTGRES_DROP,
    POSTGRES_INDEX,
    SQLITE_DROP,
    SQLITE_REBUILD,
    SQLITE_TABLE,
    SQLITE_TRIGGERS,
)


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
