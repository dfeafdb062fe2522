"""What every importer's parser yields, whatever the format: threads, comments and skips.

Parsers only read: they turn one format into these records, streaming, and never touch the
database. ``services.import_file`` decides what becomes a story or a comment.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO


class ImportFileError(Exception):
    """The file cannot be read as the format it claims to be; nothing is imported.

    ``line`` and ``column`` (1-based) say where, when the format has lines.
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        self.message = message
        self.line = line
        self.column = column
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(f"{message}{where}")


@dataclass
class SourceInfo:
    """Which site of the old system the file belongs to: a Disqus forum, a blog's URL, ...

    Keys the imported ids (``ImportedRecord.source_site``); a parser yields it before any thread.
    """

    site: str


@dataclass
class ThreadRecord:
    key: str
    url: str
    title: str = ""
    published_at: datetime | None = None
    comments_open: bool = True
    # False for a page that was not public on the old site (a WordPress draft): its story stays
    # unpublished instead of taking its first comment's date.
    public: bool = True
    # Townsquare's own export carries hosted stories whole (headline, body, byline, ...).
    story_fields: dict | None = None


@dataclass
class CommentRecord:
    source_id: str
    thread_key: str
    parent_id: str | None
    author_name: str
    email: str
    body: str  # Markdown source for our renderer, or "" when the source gave ``html``
    created_at: datetime | None
    status: str  # a Comment.Status value, or "" when the source did not say
    status_note: str  # the source's own words for it, for the moderators ("isSpam=true")
    author_url: str = ""
    author_key: str = ""  # the source's id for the author, for those without an email address
    rejection_reason: str = ""
    featured: bool = False
    notes: list[str] = field(default_factory=list)
    # HTML the source stores instead of Markdown; converted when the comment is prepared.
    # ``html_breaks``: newlines are line breaks (WordPress), not spaces (real HTML).
    html: str = ""
    html_breaks: bool = False
    # Where ``source_id`` is unique: "" for the whole file, else the thread's key (WordPress and
    # Isso's generic JSON number comments per post or thread, so two posts may share an id).
    scope: str = ""
    # Why a comment published on the old site is held for a moderator here ("" when it is not):
    # a WordPress post behind a password showed its comments only to readers who had it.
    held: str = ""


@dataclass
class SkipRecord:
    """A record the parser read and will not import (a pingback, a thread without URL, ...)."""

    source_id: str
    reason: str
    kind: str = "comment"
    scope: str = ""  # as ``CommentRecord.scope``


Record = SourceInfo | ThreadRecord | CommentRecord | SkipRecord


# What ``prepare.prepare`` turns a CommentRecord into. Defined here, with no Django models
# imported, so that worker processes can receive and return them before Django is set up.
@dataclass(frozen=True)
class PrepareConfig:
    source: str
    source_site: str
    secret: str  # settings.SECRET_KEY, for the undeliverable addresses of authors without one
    max_length: int  # settings.COMMENTS_MAX_LENGTH
    unknown_status: str
    spam_reason: str = ""
    deleted_reason: str = ""


@dataclass
class Prepared:
    """A comment ready to write; ``source_id`` and the threading come from its record."""

    source_id: str
    thread_key: str
    parent_id: str | None
    featured: bool
    status_note: str
    author_name: str
    email: str
    author_url: str
    body: str
    body_html: str
    created_at: datetime
    status: str
    rejection_reason: str
    notes: list[str] = field(default_factory=list)
    scope: str = ""
    held: str = ""  # why it is pending although the old site published it


@dataclass(frozen=True)
class Skip:
    source_id: str
    reason: str
    scope: str = ""


class CountingReader(io.RawIOBase):
    """A read-only byte stream that reports how many bytes of the file were read, for progress."""

    def __init__(self, raw: BinaryIO, on_read: Callable[[int], None]) -> None:
        self.raw = raw
        self.on_read = on_read

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.raw.close()
        super().close()

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.on_read(len(data))
        return len(data)


@dataclass
class Source:
    """The file being imported: its path, size and a way to open it as bytes.

    Gzip-compressed files (Disqus and Remark42 hand them out) are read through transparently;
    ``progress`` is told how many bytes of the file on disk have been read.
    """

    path: Path
    progress: Callable[[int], None] = lambda n: None

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def open(self, *, count: bool = True) -> BinaryIO:
        """The file's bytes; ``count=False`` for a preliminary pass that progress ignores."""
        raw = self.path.open("rb")
        compressed = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        on_read = self.progress if count else (lambda n: None)
        counted = io.BufferedReader(CountingReader(raw, on_read), buffer_size=1 << 16)
        if compressed:
            return gzip.GzipFile(fileobj=counted, mode="rb")  # type: ignore[return-value]
        return counted  # type: ignore[return-value]
