"""Isso's "generic" JSON (what ``isso import --type generic`` reads): one array of threads.

Each thread is ``{"id": ..., "title": ..., "comments": [...]}``, where ``id`` is the page's path
as Isso knows it (``/2021/harbour-vote/``; joined to ``--base-url`` or the site's first allowed
origin, as for Isso's database) and each comment has ``id``, ``author``, ``email``, ``website``,
``remote_addr``, ``created`` and ``text`` (Markdown, which is what we store). Comment ids are
numbered per thread and repeat across threads, so a comment is known by its thread and its id
(``CommentRecord.scope``).

``created`` is ``YYYY-MM-DD HH:MM:SS`` in the Isso server's local time, read here in
``--timezone`` (default ``TIME_ZONE``); an ISO 8601 date with an offset, or a Unix time, is read
as such. A comment without a usable date is kept, dated at the time of the import (Isso threads
have no date of their own), and noted.

Isso's own reader publishes every comment at the top level. Dumps written by hand sometimes carry
Isso's ``parent`` and ``mode`` too: a ``parent`` (an id in the same thread) nests the reply, and a
``mode`` is read as in Isso's database (1 published, 2 pending, 4 deleted, else
``--unknown-status``). ``remote_addr`` is not imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
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
from townsquare.transfer.sources.isso import MODES
from townsquare.transfer.sources.jsonstream import document_items


def _str(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return value if isinstance(value, str) else ""


def _date(value: object, zone: tzinfo) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (ValueError, OverflowError, OSError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def parse(
    source: Source, *, base_url: str = "", fallback_timezone: tzinfo = UTC, **_: object
) -> Iterator[Record]:
    if not base_url:
        raise ImportFileError(
            "Isso threads are page paths: give --base-url https://your.site (or set the site's "
            "allowed origins)"
        )
    started = datetime.now(UTC)
    yield SourceInfo(site=base_url.rstrip("/"))
    with source.open() as stream:
        for number, thread in enumerate(document_items(stream), 1):
            if not isinstance(thread, dict):
                yield SkipRecord(f"#{number}", "thread is not a JSON object", kind="thread")
                continue
            key = _str(thread.get("id")).strip()
            comments = thread.get("comments")
            comments = comments if isinstance(comments, list) else []
            if not key:
                yield SkipRecord(f"#{number}", "thread without id", kind="thread")
                for entry in comments:
                    if isinstance(entry, dict):
                        yield SkipRecord(_str(entry.get("id")) or "?", "its thread has no id")
                continue
            yield ThreadRecord(
                key=key,
                url=urljoin(base_url.rstrip("/") + "/", key),
                title=_str(thread.get("title")),
            )
            for entry in comments:
                yield _comment(entry, thread_key=key, zone=fallback_timezone, started=started)


def _comment(entry: object, *, thread_key: str, zone: tzinfo, started: datetime) -> Record:
    if not isinstance(entry, dict):
        return SkipRecord("?", "comment is not a JSON object", scope=thread_key)
    source_id = _str(entry.get("id")).strip()
    if not source_id:
        return SkipRecord("?", "comment without id", scope=thread_key)
    notes = []
    written = entry.get("created")
    created = _date(written, zone)
    if created is None:
        said = f" ({written!r} is not a date)" if written not in (None, "") else ""
        created = started
        notes.append(f"no date{said}: dated {created:%Y-%m-%d %H:%M} UTC, the time of the import")
    mode = entry.get("mode")
    if mode is None:
        status, note = Comment.Status.PUBLISHED, "generic JSON: published, as Isso imports it"
    else:
        try:
            code = int(mode) if not isinstance(mode, bool) else None
        except (TypeError, ValueError):
            code = None
        status, note = MODES.get(code, ""), f"mode={mode!r}"
    parent = _str(entry.get("parent")).strip()
    author, website = _str(entry.get("author")), _str(entry.get("website"))
    return CommentRecord(
        source_id=source_id,
        thread_key=thread_key,
        parent_id=parent if parent not in ("", "0") else None,
        author_name=author,
        email=_str(entry.get("email")),
        author_url=website,
        author_key=f"{author}|{website}",
        body=_str(entry.get("text")),
        created_at=created,
        status=status,
        status_note=note,
        notes=notes,
        scope=thread_key,
    )
