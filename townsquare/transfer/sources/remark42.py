"""Remark42 backup (``backup-<site>-<date>.gz``, or ``export`` from the admin): JSON Lines.

The first line is the site's metadata, ``{"version": 1, "users": [...], "posts": [...]}``;
every following line is one comment: ``id``, ``pid`` (parent id, empty for top level),
``text`` (HTML), ``orig`` (the Markdown typed), ``user`` (``name``, ``id``: the login
provider's id, never an email address), ``locator`` (``site``, ``url``), ``time`` (RFC 3339),
``delete``, ``pin``, ``title`` (the page's title).

We store the HTML converted to our Markdown (``orig`` only when ``text`` is empty): ``orig`` is
Remark42's own Markdown dialect (fenced code, tables, raw HTML), which our smaller subset would
show as literal characters. Statuses: ``delete`` true → deleted, else published (Remark42 has no
moderation queue). ``pin`` → featured. A post marked ``read_only`` in the metadata becomes a
story closed for comments. Remark42 keeps no e-mail addresses; authors are keyed by their
``user.id`` instead.
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
    SkipRecord,
    Source,
    SourceInfo,
    ThreadRecord,
)
from townsquare.transfer.sources.jsonlines import documents


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def parse(source: Source, **_: object) -> Iterator[Record]:
    with source.open() as stream:
        yield from _parse(stream)


def _parse(stream: BinaryIO) -> Iterator[Record]:
    read_only: set[str] = set()
    threads: set[str] = set()
    site_told = False
    for number, document in documents(stream):
        if not isinstance(document, dict):
            raise ImportFileError("each line must be a JSON object", line=number, column=1)
        if "locator" not in document and ("posts" in document or "users" in document):
            for post in document.get("posts") or []:
                if isinstance(post, dict) and post.get("read_only"):
                    read_only.add(_str(post.get("url")))
            continue
        locator = document.get("locator") if isinstance(document.get("locator"), dict) else {}
        url = _str(locator.get("url"))
        source_id = _str(document.get("id"))
        if not site_told:
            site_told = True
            yield SourceInfo(site=_str(locator.get("site")))
        if not source_id:
            yield SkipRecord(f"line {number}", "comment without id")
            continue
        if not url:
            yield SkipRecord(source_id, "comment without locator.url")
            continue
        if url not in threads:
            threads.add(url)
            yield ThreadRecord(
                key=url,
                url=url,
                title=_str(document.get("title")),
                comments_open=url not in read_only,
            )
        user = document.get("user") if isinstance(document.get("user"), dict) else {}
        html = _str(document.get("text"))
        deleted = bool(document.get("delete"))
        yield CommentRecord(
            source_id=source_id,
            thread_key=url,
            parent_id=_str(document.get("pid")) or None,
            author_name=_str(user.get("name")),
            email="",
            author_key=_str(user.get("id")),
            body="" if html else _str(document.get("orig")),
            html=html,
            created_at=_date(document.get("time")),
            status=Comment.Status.DELETED if deleted else Comment.Status.PUBLISHED,
            status_note="delete=true" if deleted else "published",
            featured=bool(document.get("pin")),
        )
    if not site_told:
        yield SourceInfo(site="")
