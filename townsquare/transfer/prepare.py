"""Preparing one imported comment for writing: its Markdown, its checks, its HTML.

Old systems accepted things we do not: ``javascript:`` websites, names longer than our column,
malformed addresses, control characters. Every record goes through the same field rules as a
reader's comment, ``comments.services.comment_fields_clean``; where a field fails them, it is
repaired and noted (a bad website is dropped, a long name shortened, a bad address replaced by
an undeliverable one) and the comment kept. What cannot be repaired (an empty or over-long
comment, no date) is skipped with the reason. The notes and reasons are what
``townsquare import --dry-run`` lists.

Preparing is the CPU-heavy part of an import (HTML → Markdown, then Markdown → HTML with the
renderer every comment uses) and touches no database, so ``services`` runs it in worker
processes for big files. Everything it needs from settings travels in ``PrepareConfig``, so a
worker prepares exactly as the importing process would.
"""

from __future__ import annotations

import re

from django.conf import settings

from townsquare.comments.models import Comment
from townsquare.comments.services import URL_MAX_LENGTH, CommentInvalid, comment_fields_clean
from townsquare.lib.htmltext import html_to_markdown
from townsquare.lib.identity import keyed_hash, normalise_email
from townsquare.lib.markdown import render_comment
from townsquare.transfer.records import CommentRecord, PrepareConfig, Prepared, Skip

NAME_MAX = Comment._meta.get_field("author_name").max_length
ANONYMOUS = "Anonymous"
# The reserved .invalid domain (RFC 2606) can never receive mail.
SYNTHETIC_DOMAIN = "import.invalid"
# Stands in for the empty name and text of a deleted comment while the rules are checked: a
# tombstone has neither, which a reader's comment must have.
_PLACEHOLDER = "-"

# C0 and C1 control characters other than tab and newline: never meaningful in a comment, and
# PostgreSQL refuses NUL outright.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
TOMBSTONE_STATUSES = (Comment.Status.DELETED, Comment.Status.REMOVED)


def clean_text(value: str) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


def synthetic_email(*, source: str, source_site: str, author: str, secret: str) -> str:
    """A stable, undeliverable address for an author the source knows by name or id only.

    Keyed with the server's secret, so the same author in a later import maps to the same
    commenter, and the address reveals nothing about who they are.
    """
    digest = keyed_hash(
        f"{source}\n{source_site}\n{author}", secret=secret, purpose="import-author"
    )
    return f"imported-{digest[:24]}@{SYNTHETIC_DOMAIN}"


def _shown(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."


def _fields(
    record: CommentRecord, *, body: str, tombstone: bool, config: PrepareConfig, notes: list[str]
) -> tuple[str, str, str] | str:
    """(name, address, website) that pass ``comment_fields_clean``, or why the comment cannot.

    The comment's own text is checked by the same rules but never repaired.
    """
    author = record.author_key or record.author_name.strip() or ANONYMOUS
    undeliverable = synthetic_email(
        source=config.source, source_site=config.source_site, author=author, secret=config.secret
    )
    name = " ".join(clean_text(record.author_name).split())
    email = normalise_email(clean_text(record.email)) or undeliverable
    url = clean_text(record.author_url).strip()
    if not name and not tombstone:
        name = ANONYMOUS
    for _ in range(4):  # at most one repair per field
        try:
            fields = comment_fields_clean(
                author_name=name or _PLACEHOLDER,
                email=email,
                url=url,
                body=body or (_PLACEHOLDER if tombstone else ""),
            )
        except CommentInvalid as invalid:
            errors = invalid.errors
            if "comment" in errors:
                if not body:
                    return "empty comment"
                return f"{len(body)} characters, over COMMENTS_MAX_LENGTH ({config.max_length})"
            if "url" in errors:
                why = (
                    f"longer than {URL_MAX_LENGTH} characters"
                    if len(url) > URL_MAX_LENGTH
                    else "not an http(s) URL"
                )
                notes.append(f"website {_shown(url)!r} dropped ({why})")
                url = ""
            if "email" in errors:
                notes.append("author e-mail address is not valid: replaced by an undeliverable one")
                email = undeliverable
            if "author" in errors:
                notes.append(f"author name shortened to {NAME_MAX} characters")
                name = name[:NAME_MAX].rstrip() or ANONYMOUS
            continue
        checked_name = fields.author_name if name else ""
        if name and fields.author_name != name:
            notes.append("control or formatting characters removed from the author's name")
        return checked_name, normalise_email(fields.email), fields.url
    raise AssertionError("comment_fields_clean refused repaired fields")  # pragma: no cover


def prepare(record: CommentRecord, config: PrepareConfig) -> Prepared | Skip:
    """The record ready to write, or why it cannot be imported."""
    notes = list(record.notes)
    status = record.status
    if not status:
        status = config.unknown_status
        notes.append(f"status unknown ({record.status_note}): imported as {status}")
    rejection_reason = record.rejection_reason
    if status == Comment.Status.SPAM:
        if config.spam_reason:
            status, rejection_reason = Comment.Status.REJECTED, config.spam_reason
        else:
            rejection_reason = rejection_reason or "spam"
    elif status == Comment.Status.DELETED and config.deleted_reason:
        status, rejection_reason = Comment.Status.REMOVED, config.deleted_reason
    held = ""
    if record.held and status == Comment.Status.PUBLISHED:
        status, held = Comment.Status.PENDING, record.held
        notes.append(f"held for a moderator: {held}")
    tombstone = status in TOMBSTONE_STATUSES

    if record.created_at is None:
        return Skip(record.source_id, "no usable date", record.scope)
    source = record.body
    if record.html and not source:
        source = html_to_markdown(clean_text(record.html), newlines_are_breaks=record.html_breaks)
    body = clean_text(source).strip()
    checked = _fields(record, body=body, tombstone=tombstone, config=config, notes=notes)
    if isinstance(checked, str):
        return Skip(record.source_id, checked, record.scope)
    name, email, url = checked
    return Prepared(
        source_id=record.source_id,
        thread_key=record.thread_key,
        parent_id=record.parent_id if record.parent_id != record.source_id else None,
        featured=record.featured and status == Comment.Status.PUBLISHED,
        status_note=record.status_note,
        author_name=name,
        email=email,
        author_url=url,
        body=body,
        body_html=render_comment(body),
        created_at=record.created_at,
        status=status,
        rejection_reason=rejection_reason[:40],
        notes=notes,
        scope=record.scope,
        held=held,
    )


def prepare_many(records: list[CommentRecord], config: PrepareConfig) -> list[Prepared | Skip]:
    """``prepare`` for a chunk of records: the unit of work sent to a worker process.

    ``comment_fields_clean`` reads ``COMMENTS_MAX_LENGTH`` from settings; a worker is told the
    importing process's value, so both apply the same limit.
    """
    settings.COMMENTS_MAX_LENGTH = config.max_length
    return [prepare(record, config) for record in records]
