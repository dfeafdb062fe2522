"""Preparing one imported comment for writing: its Markdown, its checks, its HTML.

Old systems accepted things we do not: ``javascript:`` websites, names longer than our column,
malformed addresses, control characters. Each record is checked here; what can be repaired is
repaired and noted (the comment is kept), what cannot is skipped with the reason. The notes and
reasons are what ``townsquare import --dry-run`` lists.

Preparing is the CPU-heavy part of an import (HTML → Markdown, then Markdown → HTML with the
renderer every comment uses) and touches no database, so ``services`` runs it in worker
processes for big files. Everything it needs from settings travels in ``PrepareConfig``, so a
worker prepares exactly as the importing process would.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from townsquare.comments.models import Comment, Commenter
from townsquare.lib.htmltext import html_to_markdown
from townsquare.lib.identity import keyed_hash, normalise_email
from townsquare.lib.markdown import render_comment
from townsquare.transfer.records import CommentRecord, PrepareConfig, Prepared, Skip

NAME_MAX = Comment._meta.get_field("author_name").max_length
URL_MAX = Comment._meta.get_field("author_url").max_length
EMAIL_MAX = Commenter._meta.get_field("email").max_length
ANONYMOUS = "Anonymous"
# The reserved .invalid domain (RFC 2606) can never receive mail.
SYNTHETIC_DOMAIN = "import.invalid"

# C0 and C1 control characters other than tab and newline: never meaningful in a comment, and
# PostgreSQL refuses NUL outright.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Explicit bidi embeddings, overrides and isolates. In a name (shown inline, before the date
# and the "in reply to" link) an unclosed one reverses what follows it on the line, which is how
# names get spoofed; the marks (LRM, RLM, ALM) that right-to-left names legitimately carry stay.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_validate_url = URLValidator(schemes=["http", "https"])
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


def is_synthetic(email: str) -> bool:
    return email.endswith("@" + SYNTHETIC_DOMAIN)


def _email(record: CommentRecord, *, config: PrepareConfig, notes: list[str]) -> str:
    address = normalise_email(clean_text(record.email))
    if address:
        try:
            if len(address) > EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(address)
            return address
        except ValidationError:
            notes.append("author e-mail address is not valid: replaced by an undeliverable one")
    author = record.author_key or record.author_name.strip() or ANONYMOUS
    return synthetic_email(
        source=config.source, source_site=config.source_site, author=author, secret=config.secret
    )


def _website(value: str, notes: list[str]) -> str:
    url = clean_text(value).strip()
    if not url:
        return ""
    reason = ""
    if len(url) > URL_MAX:
        reason = f"longer than {URL_MAX} characters"
    else:
        try:
            _validate_url(url)
        except ValidationError:
            reason = "not an http(s) URL"
    if reason:
        shown = url if len(url) <= 80 else url[:77] + "..."
        notes.append(f"website {shown!r} dropped ({reason})")
        return ""
    return url


def _name(value: str, *, tombstone: bool, notes: list[str]) -> str:
    name = " ".join(clean_text(value).split())
    without_controls = _BIDI_CONTROLS.sub("", name)
    if without_controls != name:
        notes.append("bidi embedding/override characters removed from the author's name")
        name = without_controls
    if len(name) > NAME_MAX:
        notes.append(f"author name shortened to {NAME_MAX} characters")
        name = name[:NAME_MAX].rstrip()
    if not name and not tombstone:
        name = ANONYMOUS
    return name


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
    tombstone = status in TOMBSTONE_STATUSES

    if record.created_at is None:
        return Skip(record.source_id, "no usable date")
    source = record.body
    if record.html and not source:
        source = html_to_markdown(clean_text(record.html), newlines_are_breaks=record.html_breaks)
    body = clean_text(source).strip()
    if not body and not tombstone:
        return Skip(record.source_id, "empty comment")
    if len(body) > config.max_length:
        return Skip(
            record.source_id,
            f"{len(body)} characters, over COMMENTS_MAX_LENGTH ({config.max_length})",
        )
    return Prepared(
        source_id=record.source_id,
        thread_key=record.thread_key,
        parent_id=record.parent_id if record.parent_id != record.source_id else None,
        featured=record.featured and status == Comment.Status.PUBLISHED,
        status_note=record.status_note,
        author_name=_name(record.author_name, tombstone=tombstone, notes=notes),
        email=_email(record, config=config, notes=notes),
        author_url=_website(record.author_url, notes),
        body=body,
        body_html=render_comment(body),
        created_at=record.created_at,
        status=status,
        rejection_reason=rejection_reason[:40],
        notes=notes,
    )


def prepare_many(records: list[CommentRecord], config: PrepareConfig) -> list[Prepared | Skip]:
    """``prepare`` for a chunk of records: the unit of work sent to a worker process."""
    return [prepare(record, config) for record in records]
