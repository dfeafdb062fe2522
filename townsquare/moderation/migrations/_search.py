"""SQL for the comment full-text index, shared by its migration and the post-migrate check."""

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
