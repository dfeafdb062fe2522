"""Isso's SQLite database (the ``dbpath`` file from isso.cfg), opened read-only.

``threads`` (id, uri, title) and ``comments`` (tid, id, parent, created, mode, text, author,
email, website, ...). Isso stores a thread's page as a path (``/2021/harbour-vote/``); the
importer joins it to ``--base-url`` (or the site's first allowed origin). Comment text is
Markdown, which is what we store. ``created`` is a Unix time in UTC.

Statuses (``mode``): 1 → published, 2 → pending, 4 → deleted (Isso keeps a deleted comment
with replies as an empty placeholder, which becomes our tombstone); any other value → the
importer's ``--unknown-status``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from townsquare.comments.models import Comment
from townsquare.transfer.records import (
    CommentRecord,
    ImportFileError,
    Record,
    SkipRecord,
    Source,
    SourceInfo,
    ThreadRecord,
)

MODES = {1: Comment.Status.PUBLISHED, 2: Comment.Status.PENDING, 4: Comment.Status.DELETED}


def _connect(path: Path) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise ImportFileError(f"not an Isso SQLite database ({exc})") from exc
    missing = {"threads", "comments"} - tables
    if missing:
        connection.close()
        raise ImportFileError(f"not an Isso database: no {' or '.join(sorted(missing))} table")
    return connection


def count(path: Path) -> int:
    connection = _connect(path)
    try:
        return connection.execute("SELECT count(*) FROM comments").fetchone()[0]
    finally:
        connection.close()


def parse(source: Source, *, base_url: str = "", **_: object) -> Iterator[Record]:
    if not base_url:
        raise ImportFileError(
            "Isso stores pages as paths: give --base-url https://your.site (or set the site's "
            "allowed origins)"
        )
    connection = _connect(source.path)
    try:
        yield SourceInfo(site=base_url.rstrip("/"))
        try:
            for tid, uri, title in connection.execute(
                "SELECT id, uri, title FROM threads ORDER BY id"
            ):
                if not uri:
                    yield SkipRecord(str(tid), "thread without uri", kind="thread")
                    continue
                yield ThreadRecord(
                    key=str(tid),
                    url=urljoin(base_url.rstrip("/") + "/", str(uri)),
                    title=title or "",
                )
            rows = connection.execute(
                "SELECT tid, id, parent, created, mode, text, author, email, website "
                "FROM comments ORDER BY id"
            )
            for tid, cid, parent, created, mode, body, author, email, website in rows:
                source.progress(1)
                try:
                    moment = datetime.fromtimestamp(float(created), tz=UTC)
                except (TypeError, ValueError, OverflowError, OSError):
                    moment = None
                yield CommentRecord(
                    source_id=str(cid),
                    thread_key=str(tid),
                    parent_id=str(parent) if parent is not None else None,
                    author_name=author or "",
                    email=email or "",
                    author_url=website or "",
                    author_key=f"{author or ''}|{website or ''}",
                    body=body or "",
                    created_at=moment,
                    status=MODES.get(mode, ""),
                    status_note=f"mode={mode}",
                )
        except sqlite3.DatabaseError as exc:
            raise ImportFileError(f"the Isso database cannot be read ({exc})") from exc
    finally:
        connection.close()
