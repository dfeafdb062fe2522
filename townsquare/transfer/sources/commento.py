"""Commento's JSON export (Dashboard → Export data; also Commento++).

``{"version": 1, "comments": [...], "commenters": [...]}``. A comment has ``commentHex``,
``domain``, ``url`` (the page's path), ``commenterHex``, ``markdown``, ``html``, ``parentHex``
(``"root"`` at top level), ``state`` and ``creationDate`` (RFC 3339), ``deleted``; a commenter
has ``commenterHex``, ``email``, ``name``, ``link``. The file is read twice, streaming: once
for the commenters (one small entry per person), once for the comments.

A page is ``https://`` + ``domain`` + ``url``, unless ``--base-url`` says otherwise (Commento does
not record the scheme). We store ``markdown`` (Commento's Markdown is close to ours), or the
``html`` converted when there is no Markdown. Statuses (``state``): ``approved`` → published,
``unapproved`` → pending, ``flagged`` (held by Commento's spam check) → pending with a note;
``deleted`` true → deleted. Comments by ``anonymous`` have no author address.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from townsquare.comments.models import Comment
from townsquare.transfer.records import (
    CommentRecord,
    Record,
    SkipRecord,
    Source,
    SourceInfo,
    ThreadRecord,
)
from townsquare.transfer.sources.jsonstream import array_items

_STATES = {
    "approved": Comment.Status.PUBLISHED,
    "unapproved": Comment.Status.PENDING,
    "flagged": Comment.Status.PENDING,
}
# Commento writes these for a commenter who gave no link.
_NO_LINK = {"", "undefined", "null"}


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _date(value: object) -> datetime | None:
    value = _str(value)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def parse(source: Source, *, base_url: str = "", **_: object) -> Iterator[Record]:
    commenters: dict[str, tuple[str, str, str]] = {}
    with source.open(count=False) as stream:
        for entry in array_items(stream, "commenters"):
            if isinstance(entry, dict) and _str(entry.get("commenterHex")):
                link = _str(entry.get("link"))
                commenters[entry["commenterHex"]] = (
                    _str(entry.get("name")),
                    _str(entry.get("email")),
                    "" if link.strip().lower() in _NO_LINK else link,
                )
    threads: set[str] = set()
    site_told = False
    with source.open() as stream:
        for entry in array_items(stream, "comments"):
            if not isinstance(entry, dict):
                continue
            source_id = _str(entry.get("commentHex"))
            domain, path = _str(entry.get("domain")), _str(entry.get("url"))
            if not site_told:
                site_told = True
                yield SourceInfo(site=domain)
            if not source_id:
                yield SkipRecord("?", "comment without commentHex")
                continue
            if base_url:
                url = base_url.rstrip("/") + "/" + path.lstrip("/")
            elif domain:
                url = f"https://{domain}/{path.lstrip('/')}"
            else:
                yield SkipRecord(source_id, "comment without domain (give --base-url)")
                continue
            thread_key = f"{domain}{path}"
            if thread_key not in threads:
                threads.add(thread_key)
                yield ThreadRecord(key=thread_key, url=url)
            author = _str(entry.get("commenterHex"))
            name, email, link = commenters.get(author, ("", "", ""))
            if author == "anonymous":
                name = name or "Anonymous"
            state = _str(entry.get("state")).lower()
            deleted = bool(entry.get("deleted"))
            status = Comment.Status.DELETED if deleted else _STATES.get(state, "")
            markdown = _str(entry.get("markdown"))
            parent = _str(entry.get("parentHex"))
            yield CommentRecord(
                source_id=source_id,
                thread_key=thread_key,
                parent_id=parent if parent not in ("", "root") else None,
                author_name=name,
                email=email,
                author_url=link,
                author_key=author,
                body=markdown,
                html="" if markdown else _str(entry.get("html")),
                created_at=_date(entry.get("creationDate")),
                status=status,
                status_note="deleted=true" if deleted else f"state={state!r}",
                notes=["held by Commento's spam check"]
                if state == "flagged" and not deleted
                else [],
            )
    if not site_told:
        yield SourceInfo(site="")
