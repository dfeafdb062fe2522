"""Disqus export XML (Disqus Admin → Moderation → Export; usually handed out gzipped).

The root ``<disqus>`` holds ``<category>``, ``<thread>`` and ``<post>`` elements. Threads and
posts are identified by their ``dsq:id`` attribute (a post without one falls back to its
``<id>``); a thread's ``<id>`` is the site's own identifier and is often empty, so it is not
used. A post names its thread with ``<thread dsq:id>`` and its parent with ``<parent dsq:id>``.

Statuses: ``isSpam`` true → spam; else ``isDeleted`` true → deleted; else ``isApproved`` false
(present in some exports) → pending; else published. Posts of a thread marked deleted are
skipped (Disqus no longer shows them). ``<message>`` is HTML.

With ``recover``, a ``<thread>``, ``<post>`` or ``<category>`` that is not well-formed is skipped
and named with its ``dsq:id`` (read leniently from its start tag) and its line; the posts of a
skipped thread are skipped too, saying so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO
from xml.etree.ElementTree import Element

from townsquare.comments.models import Comment
from townsquare.transfer.records import (
    CommentRecord,
    Record,
    SkipRecord,
    Source,
    SourceInfo,
    ThreadRecord,
)
from townsquare.transfer.sources.xml import (
    Damaged,
    attribute,
    child,
    damaged_attribute,
    damaged_kind,
    damaged_label,
    damaged_reason,
    damaged_texts,
    local_name,
    records,
    text,
)

# Never opened inside another record: one of them ends a record that was left unclosed.
_RECORDS = frozenset({"thread", "post", "category"})


def _true(value: str) -> bool:
    return value.strip().lower() in ("true", "1")


def _date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def parse(source: Source, *, recover: bool = False, **_: object) -> Iterator[Record]:
    with source.open() as stream:
        yield from _parse(stream, recover=recover)


def _parse(stream: BinaryIO, *, recover: bool = False) -> Iterator[Record]:
    site_told = False
    deleted_threads: set[str] = set()
    damaged_threads: dict[str, str] = {}
    # Skips found before the file has named its forum wait for it: the forum keys every id.
    early: list[Record] = []
    for element in records(stream, depth=1, recover=recover, breaks=_RECORDS):
        if isinstance(element, Damaged):
            skip = _damaged(element, damaged_threads)
            forum = damaged_texts(element, "forum")
            if not site_told and forum:
                site_told = True
                yield SourceInfo(site=forum[0])
            if site_told:
                yield skip
            else:
                early.append(skip)
            continue
        name = local_name(element.tag)
        if not site_told and name in ("category", "thread", "post"):
            site_told = True
            yield SourceInfo(site=text(element, "forum"))
        if early and site_told:
            yield from early
            early.clear()
        if name == "post":
            thread_key = attribute(child(element, "thread"), "id")
            if thread_key in damaged_threads:
                yield SkipRecord(
                    attribute(element, "id") or text(element, "id") or "?",
                    "its thread is not well-formed XML (thread "
                    f"{thread_key} at {damaged_threads[thread_key]}); skipped by --recover",
                )
                element.clear()
                continue
        if name == "thread":
            yield from _thread(element, deleted_threads)
        elif name == "post":
            yield _post(element, deleted_threads)
        element.clear()
    if not site_told:
        yield SourceInfo(site="")
    yield from early


def _damaged(damaged: Damaged, damaged_threads: dict[str, str]) -> SkipRecord:
    """What a record that is not well-formed becomes with ``--recover``: a skip, with its line."""
    why = damaged_reason(damaged)
    name = damaged.tag.rsplit(":", 1)[-1]
    source_id = damaged_attribute(damaged, "dsq:id")
    if name == "post":
        ids = damaged_texts(damaged, "id")
        return SkipRecord(source_id or (ids[0] if ids else "") or "?", why)
    if name == "thread" and source_id:
        damaged_threads[source_id] = f"line {damaged.line}"
    return SkipRecord(source_id or damaged_label(damaged), why, kind=damaged_kind(damaged))


def _thread(element: Element, deleted: set[str]) -> Iterator[Record]:
    key = attribute(element, "id")
    if not key:
        yield SkipRecord(text(element, "link") or "?", "thread without dsq:id", kind="thread")
        return
    if _true(text(element, "isDeleted")):
        deleted.add(key)
        yield SkipRecord(key, "thread deleted in Disqus", kind="thread")
        return
    yield ThreadRecord(
        key=key,
        url=text(element, "link"),
        title=text(element, "title"),
        published_at=_date(text(element, "createdAt")),
        comments_open=not _true(text(element, "isClosed")),
    )


def _post(element: Element, deleted_threads: set[str]) -> Record:
    # One pass over the post's children rather than a search per field: a big export has
    # hundreds of thousands of posts.
    children = {local_name(item.tag): item for item in element}

    def value(name: str) -> str:
        found = children.get(name)
        return "".join(found.itertext()).strip() if found is not None else ""

    source_id = attribute(element, "id") or value("id")
    if not source_id:
        return SkipRecord("?", "post without dsq:id or id")
    thread_key = attribute(children.get("thread"), "id")
    if thread_key in deleted_threads:
        return SkipRecord(source_id, f"its thread {thread_key} was deleted in Disqus")
    if _true(value("isSpam")):
        status, note = Comment.Status.SPAM, "isSpam=true"
    elif _true(value("isDeleted")):
        status, note = Comment.Status.DELETED, "isDeleted=true"
    elif "isApproved" in children and not _true(value("isApproved")):
        status, note = Comment.Status.PENDING, "isApproved=false"
    else:
        status, note = Comment.Status.PUBLISHED, "approved"
    author = children.get("author")
    parent = attribute(children.get("parent"), "id")
    created_text = value("createdAt")
    created = _date(created_text)
    return CommentRecord(
        source_id=source_id,
        thread_key=thread_key,
        parent_id=parent or None,
        author_name=text(author, "name"),
        email=text(author, "email"),
        author_key=text(author, "username"),
        body="",
        html=value("message"),
        created_at=created,
        status=status,
        status_note=note,
        notes=[f"createdAt {created_text!r} is not a date"] if created_text and not created else [],
    )
