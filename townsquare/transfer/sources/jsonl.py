"""Townsquare's own export (``townsquare export --format jsonl``), read back.

The first line describes the export; every other line is a story or a comment (see
docs/export.md). Statuses, rejection reasons, threading, dates and featured flags are taken
exactly as exported. Authors are e-mail addresses when the export included them
(``--include-private``), otherwise a pseudonymous key per author, so that comments by one person
still belong to one commenter.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO

from townsquare.comments.models import Comment
from townsquare.transfer.records import (
    CommentRecord,
    ImportFileError,
    Record,
    Source,
    SourceInfo,
    ThreadRecord,
)
from townsquare.transfer.sources.jsonlines import documents

FORMAT_VERSION = 1
STORY_FIELDS = ("slug", "headline", "standfirst", "byline", "dateline", "body", "premoderate")


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def parse(source: Source, **_: object) -> Iterator[Record]:
    with source.open() as stream:
        yield from _parse(stream)


def _parse(stream: BinaryIO) -> Iterator[Record]:
    started = False
    for number, document in documents(stream):
        if not isinstance(document, dict):
            raise ImportFileError("each line must be a JSON object", line=number, column=1)
        if not started:
            if document.get("townsquare_export") != FORMAT_VERSION:
                raise ImportFileError(
                    "not a Townsquare export (the first line must say "
                    f'"townsquare_export": {FORMAT_VERSION})',
                    line=number,
                    column=1,
                )
            started = True
            site = document.get("site") or {}
            yield SourceInfo(site=f"{document.get('source', '')}#{site.get('slug', '')}")
            continue
        kind = document.get("type")
        if kind == "story":
            published_at = _date(document.get("published_at"))
            yield ThreadRecord(
                key=str(document.get("id")),
                url=str(document.get("url") or ""),
                title=str(document.get("headline") or ""),
                published_at=published_at,
                public=published_at is not None,  # exported unpublished: stays unpublished
                comments_open=bool(document.get("comments_open", True)),
                story_fields={
                    name: document.get(name) for name in STORY_FIELDS if name in document
                },
            )
        elif kind == "comment":
            author = document.get("author") or {}
            answered = document.get("reply_to") or document.get("parent")
            status = str(document.get("status") or "")
            yield CommentRecord(
                source_id=str(document.get("id")),
                thread_key=str(document.get("story")),
                parent_id=str(answered) if answered is not None else None,
                author_name=str(author.get("name") or ""),
                email=str(author.get("email") or ""),
                author_url=str(author.get("url") or ""),
                author_key=str(author.get("key") or ""),
                body=str(document.get("body") or ""),
                created_at=_date(document.get("created_at")),
                status=status if status in Comment.Status.values else "",
                status_note=f"status={status!r}",
                rejection_reason=str(document.get("rejection_reason") or ""),
                featured=bool(document.get("featured")),
            )
        else:
            raise ImportFileError(f"unknown record type {kind!r}", line=number, column=1)
    if not started:
        raise ImportFileError("the file is empty")
