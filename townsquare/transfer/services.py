"""Importing comments from other systems, and scoring what was imported.

``import_file`` reads a file with one of the parsers in ``sources/`` (streaming: the file is
never held in memory) and writes stories and comments in one database transaction: a file that
turns out to be malformed half-way stops with the line and column, and nothing of it is kept.
``--dry-run`` runs exactly the same code and rolls the transaction back, so what it reports is
what a real run would do.

Imported comments do not go through the moderation pipeline: their moderation happened on the
old site, and the statuses say how it ended (see docs/import.md for each format's map). They are
written in batches (``bulk.rows_insert``); their HTML comes from the same ``render_comment`` that
``comments.services.comment_create`` uses, and the SQLite full-text triggers index them as they
are inserted. Threads are matched to stories by canonical URL and created when missing. The
source's ids are kept in ``ImportedRecord``, so running an import again adds only what is new.

Replies are written after the comment they answer, wherever they appear in the file; a reply
whose parent never appears is imported at the top level and noted. Replies nest as the reply
form nests them: below ``COMMENTS_MAX_DEPTH`` levels, then beside their parent with
``reply_to`` naming the comment answered.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min
from tqdm import tqdm

from townsquare.comments.counters import thread_counters_recount
from townsquare.comments.models import Comment, Commenter
from townsquare.comments.services import commenter_avatar_key
from townsquare.lib.urls import InvalidURL, origin
from townsquare.sites.models import Site
from townsquare.stories.models import Story
from townsquare.stories.services import story_for_url_get_or_create
from townsquare.transfer import workers as prepare_workers
from townsquare.transfer.bulk import rows_insert
from townsquare.transfer.models import ImportedRecord
from townsquare.transfer.prepare import ANONYMOUS, prepare
from townsquare.transfer.records import (
    CommentRecord,
    PrepareConfig,
    Prepared,
    Skip,
    SkipRecord,
    Source,
    SourceInfo,
    ThreadRecord,
)
from townsquare.transfer.sources import (
    commento,
    disqus,
    isso,
    isso_generic,
    jsonl,
    remark42,
    wordpress,
)

PARSERS: dict[str, Callable] = {
    "wordpress": wordpress.parse,
    "disqus": disqus.parse,
    "isso": isso.parse,
    "isso-generic": isso_generic.parse,
    "remark42": remark42.parse,
    "commento": commento.parse,
    "jsonl": jsonl.parse,
}
FORMAT_NAMES = {
    "wordpress": "WordPress",
    "disqus": "Disqus",
    "isso": "Isso",
    "isso-generic": "Isso (generic JSON)",
    "remark42": "Remark42",
    "commento": "Commento",
    "jsonl": "Townsquare",
}
# The formats whose parser can skip a record that is not well-formed (``--recover``).
RECOVERABLE = ("wordpress", "disqus")
BATCH_SIZE = 1000


class ImportRefused(Exception):
    """The import cannot start (unknown site, bad option); nothing was read or written."""


@dataclass
class ImportOptions:
    site: Site
    dry_run: bool = False
    # What a comment whose source status is missing or unknown becomes.
    unknown_status: str = Comment.Status.PENDING
    # A rejection reason makes imported spam "rejected" and imported deletions "removed" with
    # that reason, so that ``civility learn --from-decisions`` can learn from them.
    spam_reason: str = ""
    deleted_reason: str = ""
    # Rewrite http:// page URLs to https:// (for a site that moved).
    https: bool = False
    # Isso (both formats) and Commento store paths; this is the site's address to join them to.
    base_url: str = ""
    # WordPress comments without a GMT date, when the file does not reveal the blog's offset;
    # Isso's generic JSON, whose dates are the Isso server's local time.
    fallback_timezone: tzinfo = UTC
    progress: bool = False
    progress_file: TextIO | None = None
    # Worker processes preparing comments (HTML conversion, checks, rendering); None: as many
    # as there are CPUs (at most 4) for a big file, none for a small one.
    workers: int | None = None
    # XML formats: skip (and report) records that are not well-formed instead of refusing the
    # file; see sources/xmlrecover.py.
    recover: bool = False


@dataclass
class ImportReport:
    source: str
    path: str
    site: str
    dry_run: bool
    recover: bool = False
    source_site: str = ""
    threads: int = 0
    stories_created: int = 0
    stories_matched: int = 0
    comments_by_status: Counter = field(default_factory=Counter)
    comments_by_thread: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    already_imported: int = 0
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, reason)
    adjusted: list[tuple[str, str]] = field(default_factory=list)  # (id, note)
    # Comments the old site published that are held for a moderator here, by why.
    held: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def imported(self) -> int:
        return sum(self.comments_by_status.values())

    def skip(self, kind: str, source_id: str, reason: str) -> None:
        self.skipped.append((kind, source_id, reason))

    def skipped_by_reason(self) -> Counter:
        return Counter(reason.split(" (")[0] for _, _, reason in self.skipped)

    def lines(self, *, every_record: bool) -> list[str]:
        """The report as printed by ``townsquare import`` (every record with ``every_record``)."""
        verb = "would import" if self.dry_run else "imported"
        lines = [
            f"{FORMAT_NAMES.get(self.source, self.source)} file {self.path} → site "
            f"{self.site!r}"
            + (" (dry run: nothing was written)" if self.dry_run else "")
            + (" (--recover: what is not well-formed is skipped)" if self.recover else ""),
            f"threads: {self.threads} ({self.stories_created} new stories, "
            f"{self.stories_matched} matched to existing stories)",
            f"comments {verb}: {self.imported}"
            + (f" in {self.seconds:.1f} s" if self.seconds and not self.dry_run else ""),
        ]
        for status, count in sorted(self.comments_by_status.items()):
            lines.append(f"  {status}: {count}")
        lines.append(f"already imported before (left as they are): {self.already_imported}")
        lines.append(f"skipped: {len(self.skipped)}")
        for reason, count in self.skipped_by_reason().most_common():
            lines.append(f"  {reason}: {count}")
        lines.append(f"imported with an adjustment: {len({i for i, _ in self.adjusted})}")
        lines.append(f"held for a moderator (published on the old site): {sum(self.held.values())}")
        for reason, count in self.held.most_common():
            lines.append(f"  {reason}: {count}")
        if every_record:
            lines.append("per thread:")
            for url, statuses in sorted(self.comments_by_thread.items()):
                detail = ", ".join(f"{s} {n}" for s, n in sorted(statuses.items()))
                lines.append(f"  {url}: {sum(statuses.values())} ({detail})")
            if self.skipped:
                lines.append("every skipped record:")
                lines += [
                    f"  {kind} {source_id}: {reason}" for kind, source_id, reason in self.skipped
                ]
            if self.adjusted:
                lines.append("every adjustment:")
                lines += [f"  comment {source_id}: {note}" for source_id, note in self.adjusted]
        return lines


class _DryRunRollback(Exception):
    pass


@dataclass
class _Row:
    """A prepared comment waiting to be written: its story is known, its parent maybe not yet.

    ``key`` and ``parent_key`` are the importer's keys (``_key``); ``comment.parent_id`` is the
    parent's id as the file writes it, for the report.
    """

    comment: Prepared
    story_id: int
    thread_url: str
    key: str
    parent_key: str | None


def _key(scope: str, source_id: str) -> str:
    """The importer's key for a comment: its id, with its thread where ids are per thread."""
    return f"{scope}\x1f{source_id}" if scope else source_id


# ``ImportedRecord.source_id``'s length: a longer key (a long page path used as an Isso thread id,
# say) is stored as its start and a digest, the same each time, so a re-run still finds it.
SOURCE_ID_MAX = ImportedRecord._meta.get_field("source_id").max_length


def _stored_id(source_id: str) -> str:
    if len(source_id) <= SOURCE_ID_MAX:
        return source_id
    digest = hashlib.sha256(source_id.encode("utf-8")).hexdigest()[:40]
    return f"{source_id[: SOURCE_ID_MAX - 41]}~{digest}"


def _qualified_id(scope: str, source_id: str) -> str:
    """How a per-thread id is stored when another thread's comment already holds the bare id."""
    return _stored_id(f"{source_id}@{scope}")


class _Preparer:
    """Runs ``prepare`` over comment records, in worker processes for big files, in order.

    At most ``IN_FLIGHT`` chunks are out at a time, so a fast parser cannot pile up the file in
    memory while the workers catch up. Without workers, records are prepared on the spot.
    """

    CHUNK = 200
    IN_FLIGHT = 8

    def __init__(self, config: PrepareConfig, workers: int) -> None:
        self.config = config
        self.pool = (
            ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=prepare_workers.start,
            )
            if workers
            else None
        )
        self.chunk: list[CommentRecord] = []
        self.in_flight: deque[Future] = deque()

    def submit(self, record: CommentRecord) -> list[Prepared | Skip]:
        """Queue one record; returns the results that are ready now, in file order."""
        if self.pool is None:
            return [prepare(record, self.config)]
        self.chunk.append(record)
        if len(self.chunk) >= self.CHUNK:
            self.in_flight.append(
                self.pool.submit(prepare_workers.prepare_chunk, self.chunk, self.config)
            )
            self.chunk = []
        ready: list[Prepared | Skip] = []
        while self.in_flight and (self.in_flight[0].done() or len(self.in_flight) > self.IN_FLIGHT):
            ready += self.in_flight.popleft().result()
        return ready

    def drain(self) -> list[Prepared | Skip]:
        if self.pool is None:
            return []
        if self.chunk:
            self.in_flight.append(
                self.pool.submit(prepare_workers.prepare_chunk, self.chunk, self.config)
            )
            self.chunk = []
        ready: list[Prepared | Skip] = []
        while self.in_flight:
            ready += self.in_flight.popleft().result()
        return ready

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


# (pk, parent_id, root_id, depth) of a comment already written, by source id.
_Node = tuple[int, int | None, int | None, int]


class _Importer:
    def __init__(self, *, source: str, options: ImportOptions, report: ImportReport) -> None:
        self.source = source
        self.options = options
        self.report = report
        self.source_site = ""
        self.threads: dict[str, tuple[int, str] | str] = {}  # key → (story id, url) or skip reason
        self.created_story_ids: set[int] = set()
        self.touched_story_ids: set[int] = set()
        self.undated_story_ids: set[int] = set()
        self.seen: set[str] = set()
        self.skipped_ids: set[str] = set()
        self.nodes: dict[str, _Node] = {}
        self.incoming: list[_Row] = []
        self.waiting: dict[str, list[_Row]] = defaultdict(list)  # parent source id → replies
        self.unthreaded: dict[str, list[CommentRecord]] = defaultdict(list)
        self.commenter_ids: dict[str, int] = {}
        self.deepest = settings.COMMENTS_MAX_DEPTH - 1
        self.on_comments: Callable[[int], None] = lambda n: None
        self.preparer: _Preparer | None = None

    def start(self, *, source_site: str, workers: int) -> None:
        """Called once the file has said which site it belongs to, before any thread."""
        self.source_site = source_site
        self.preparer = _Preparer(
            PrepareConfig(
                source=self.source,
                source_site=source_site,
                secret=settings.SECRET_KEY,
                max_length=settings.COMMENTS_MAX_LENGTH,
                unknown_status=self.options.unknown_status,
                spam_reason=self.options.spam_reason,
                deleted_reason=self.options.deleted_reason,
            ),
            workers,
        )

    # -- threads -----------------------------------------------------------------------------
    def thread(self, record: ThreadRecord) -> None:
        self.report.threads += 1
        story, reason = self._story_for(record)
        if story is None:
            self.threads[record.key] = reason
            self.report.skip("thread", record.key, reason)
        else:
            self.threads[record.key] = (story.pk, story.canonical_url or story.get_absolute_url())
        for waiting in self.unthreaded.pop(record.key, []):
            self.comment(waiting)

    def _story_for(self, record: ThreadRecord) -> tuple[Story | None, str]:
        known = (
            ImportedRecord.objects.filter(
                source=self.source,
                source_site=self.source_site,
                kind=ImportedRecord.Kind.STORY,
                source_id=_stored_id(record.key),
            )
            .select_related("story")
            .order_by()[:1]
        )
        known = known[0] if known else None
        if known is not None:
            self.report.stories_matched += 1
            return known.story, ""
        fields = record.story_fields or {}
        url = record.url.strip()
        if self.options.https and url.lower().startswith("http://"):
            url = "https://" + url[len("http://") :]
        if url:
            try:
                found = story_for_url_get_or_create(
                    site=self.options.site,
                    url=url,
                    headline=record.title,
                    published_at=record.published_at,
                    comments_open=record.comments_open,
                )
            except InvalidURL:
                return None, f"page URL {url[:120]!r} is not an http(s) URL"
            story, created = found.story, found.created
            if created and fields:
                # Townsquare's own export: the story as it was, slug included when it is free.
                for name in ("standfirst", "byline", "dateline", "body", "premoderate"):
                    if name in fields and fields[name] is not None:
                        setattr(story, name, fields[name])
                slug = fields.get("slug") or ""
                if slug and not Story.objects.filter(slug=slug).exists():
                    story.slug = slug
                story.save()
        elif fields.get("slug"):
            story, created = self._hosted_story(record, fields)
        else:
            return None, "thread without a page URL"
        if created:
            self.report.stories_created += 1
            self.created_story_ids.add(story.pk)
            if record.published_at is None and record.public:
                self.undated_story_ids.add(story.pk)
        else:
            self.report.stories_matched += 1
        ImportedRecord.objects.create(
            source=self.source,
            source_site=self.source_site,
            kind=ImportedRecord.Kind.STORY,
            source_id=_stored_id(record.key),
            story=story,
        )
        return story, ""

    def _hosted_story(self, record: ThreadRecord, fields: dict) -> tuple[Story, bool]:
        """A story hosted on the exporting installation (no CMS page): matched by slug."""
        existing = Story.objects.filter(site=self.options.site, slug=fields["slug"]).first()
        if existing is not None:
            return existing, False
        slug = fields["slug"]
        if Story.objects.filter(slug=slug).exists():
            slug = f"{slug[:100]}-{self.options.site.slug}"[:120]
        story = Story.objects.create(
            site=self.options.site,
            slug=slug,
            headline=(fields.get("headline") or record.title or slug)[:200],
            standfirst=fields.get("standfirst") or "",
            byline=fields.get("byline") or "",
            dateline=fields.get("dateline") or "",
            body=fields.get("body") or "",
            premoderate=bool(fields.get("premoderate")),
            published_at=record.published_at,
            comments_open=record.comments_open,
        )
        return story, True

    # -- comments ----------------------------------------------------------------------------
    def skip(self, source_id: str, reason: str, scope: str = "") -> None:
        self.skipped_ids.add(_key(scope, source_id))
        self.report.skip("comment", source_id, reason)

    def comment(self, record: CommentRecord) -> None:
        key = _key(record.scope, record.source_id)
        if key in self.seen:
            where = "its thread" if record.scope else "the file"
            self.report.skip("comment", record.source_id, f"the same id appears twice in {where}")
            return
        thread = self.threads.get(record.thread_key)
        if thread is None:
            # Its thread may come later in the file (Disqus allows it); decided at the end.
            self.unthreaded[record.thread_key].append(record)
            return
        self.seen.add(key)
        if isinstance(thread, str):
            self.skip(
                record.source_id,
                f"its thread {record.thread_key} was skipped ({thread})",
                record.scope,
            )
            return
        for item in self.preparer.submit(record):
            self.prepared(item)

    def prepared(self, item: Prepared | Skip) -> None:
        if isinstance(item, Skip):
            self.skip(item.source_id, item.reason, item.scope)
            return
        story_id, url = self.threads[item.thread_key]
        self.incoming.append(
            _Row(
                comment=item,
                story_id=story_id,
                thread_url=url,
                key=_key(item.scope, item.source_id),
                parent_key=_key(item.scope, item.parent_id) if item.parent_id else None,
            )
        )
        if len(self.incoming) >= BATCH_SIZE:
            self.flush()

    def _imported_nodes(self, wanted: list[tuple[str, str, str, int]]) -> None:
        """Learn which of ``wanted`` (key, source id, scope, story id) an earlier run imported.

        An id unique in the file is stored as it is. A per-thread id (``scope``) is stored bare
        when no other comment of the source holds that id, else qualified by its thread
        (``_qualified_id``): a bare record counts only when its comment is in the same story, so
        a second post's comment 7 is never taken for the first post's.
        """
        if not wanted:
            return
        names: set[str] = set()
        for _, source_id, scope, _ in wanted:
            names.add(_stored_id(source_id))
            if scope:
                names.add(_qualified_id(scope, source_id))
        found = {
            stored: (story_id, (pk, parent_id, root_id, depth))
            for stored, pk, story_id, parent_id, root_id, depth in ImportedRecord.objects.filter(
                source=self.source,
                source_site=self.source_site,
                kind=ImportedRecord.Kind.COMMENT,
                source_id__in=names,
            ).values_list(
                "source_id",
                "comment_id",
                "comment__story_id",
                "comment__parent_id",
                "comment__root_id",
                "comment__depth",
            )
        }
        for key, source_id, scope, story_id in wanted:
            if not scope:
                hit = found.get(_stored_id(source_id))
                if hit is not None:
                    self.nodes[key] = hit[1]
                continue
            qualified = found.get(_qualified_id(scope, source_id))
            bare = found.get(_stored_id(source_id))
            if qualified is not None:
                self.nodes[key] = qualified[1]
            elif bare is not None and bare[0] == story_id:
                self.nodes[key] = bare[1]

    def flush(self) -> None:
        rows, self.incoming = self.incoming, []
        if not rows:
            return
        self._imported_nodes(
            [(row.key, row.comment.source_id, row.comment.scope, row.story_id) for row in rows]
        )
        already = {row.key for row in rows if row.key in self.nodes}
        self.report.already_imported += len(already)
        rows = [row for row in rows if row.key not in already]
        # A reply to a comment from an earlier import of the same site.
        earlier = {
            row.parent_key: (row.parent_key, row.comment.parent_id, row.comment.scope, row.story_id)
            for row in rows
            if row.parent_key
            and row.parent_key not in self.nodes
            and row.parent_key not in self.seen
        }
        self._imported_nodes(list(earlier.values()))
        self._write_when_ready(rows)

    def _write_when_ready(self, rows: list[_Row]) -> None:
        pending = rows
        while pending:
            ready = [r for r in pending if r.parent_key is None or r.parent_key in self.nodes]
            if not ready:
                break
            later = [r for r in pending if not (r.parent_key is None or r.parent_key in self.nodes)]
            self._write(ready)
            unblocked = [w for r in ready for w in self.waiting.pop(r.key, [])]
            pending = later + unblocked
        for row in pending:
            if row.parent_key in self.skipped_ids:
                self._orphan(row, f"its parent {row.comment.parent_id} was skipped")
                self._write_when_ready([row])
            else:
                self.waiting[row.parent_key].append(row)

    @staticmethod
    def _orphan(row: _Row, why: str) -> None:
        row.comment.notes.append(f"{why}: imported at the top level")
        row.parent_key = None

    def _stored_ids(self, rows: list[_Row]) -> list[str]:
        """``ImportedRecord.source_id`` of each row about to be written (``_imported_nodes``)."""
        bare = [_stored_id(row.comment.source_id) for row in rows]
        if not any(row.comment.scope for row in rows):
            return bare
        taken = set(
            ImportedRecord.objects.filter(
                source=self.source,
                source_site=self.source_site,
                kind=ImportedRecord.Kind.COMMENT,
                source_id__in=bare,
            ).values_list("source_id", flat=True)
        )
        stored = []
        for row, name in zip(rows, bare, strict=True):
            if row.comment.scope and name in taken:
                name = _qualified_id(row.comment.scope, row.comment.source_id)
            taken.add(name)
            stored.append(name)
        return stored

    def _commenters_ensure(self, rows: list[_Row]) -> None:
        """Find or create the commenter of every row's address, a batch at a time.

        The same identity rule as ``commenter_get_or_create`` (normalised address, keyed avatar),
        in two queries per batch instead of two per new author.
        """
        names: dict[str, str] = {}
        for row in rows:
            if row.comment.email not in self.commenter_ids:
                names.setdefault(row.comment.email, row.comment.author_name or ANONYMOUS)
        if not names:
            return
        found = Commenter.objects.filter(email__in=list(names)).values_list("email", "pk")
        self.commenter_ids.update(found)
        missing = [email for email in names if email not in self.commenter_ids]
        created = Commenter.objects.bulk_create(
            [
                Commenter(
                    email=email,
                    display_name=names[email][:100],
                    avatar_key=commenter_avatar_key(email),
                )
                for email in missing
            ]
        )
        self.commenter_ids.update((c.email, c.pk) for c in created)

    def _place(self, row: _Row) -> tuple[int | None, int | None, int | None, int]:
        """(parent, reply_to, root, depth) for a row, as the reply form would nest it."""
        if row.parent_key is None:
            return None, None, None, 0
        pk, parent_id, root_id, depth = self.nodes[row.parent_key]
        if depth < self.deepest:
            return pk, pk, root_id or pk, depth + 1
        return parent_id, pk, root_id, depth

    def _write(self, rows: list[_Row]) -> None:
        self._commenters_ensure(rows)
        values = []
        for row in rows:
            parent_id, reply_to_id, root_id, depth = self._place(row)
            data = row.comment
            values.append(
                {
                    "story_id": row.story_id,
                    "commenter_id": self.commenter_ids[data.email],
                    "parent_id": parent_id,
                    "reply_to_id": reply_to_id,
                    "root_id": root_id,
                    "depth": depth,
                    "author_name": data.author_name,
                    "author_url": data.author_url,
                    "body": data.body,
                    "body_html": data.body_html,
                    "status": data.status,
                    "rejection_reason": data.rejection_reason,
                    "featured": data.featured,
                    "created_at": data.created_at,
                    "markers": [
                        {
                            "check": "import",
                            "action": None,
                            "reason": f"Imported from {FORMAT_NAMES[self.source]} "
                            f"({data.status_note})"
                            + (f"; held for a moderator: {data.held}." if data.held else "."),
                            "scores": None,
                        }
                    ],
                }
            )
        stored_ids = self._stored_ids(rows)
        pks = rows_insert(Comment, values)
        rows_insert(
            ImportedRecord,
            [
                {
                    "source": self.source,
                    "source_site": self.source_site,
                    "kind": ImportedRecord.Kind.COMMENT,
                    "source_id": stored_id,
                    "comment_id": pk,
                }
                for stored_id, pk in zip(stored_ids, pks, strict=True)
            ],
        )
        for row, pk, value in zip(rows, pks, values, strict=True):
            self.nodes[row.key] = (
                pk,
                value["parent_id"],
                value["root_id"],
                value["depth"],
            )
            status = value["status"]
            self.touched_story_ids.add(row.story_id)
            self.report.comments_by_status[status] += 1
            self.report.comments_by_thread[row.thread_url][status] += 1
            self.report.adjusted += [(row.comment.source_id, note) for note in row.comment.notes]
            if row.comment.held:
                self.report.held[row.comment.held] += 1
        self.on_comments(len(rows))

    # -- the end of the file -----------------------------------------------------------------
    def finish(self) -> None:
        if self.preparer is None:
            return
        for item in self.preparer.drain():
            self.prepared(item)
        for key, records in self.unthreaded.items():
            for record in records:
                self.seen.add(_key(record.scope, record.source_id))
                self.skip(record.source_id, f"its thread {key!r} is not in the file", record.scope)
        self.unthreaded.clear()
        self.flush()
        while self.waiting:
            waiting_keys = {row.key for rows in self.waiting.values() for row in rows}
            orphaned = [parent for parent in self.waiting if parent not in waiting_keys]
            if not orphaned:  # a cycle of replies: break it at one of them
                orphaned = [next(iter(self.waiting))]
            rows = []
            for parent in orphaned:
                for row in self.waiting.pop(parent):
                    self._orphan(row, f"its parent {row.comment.parent_id} is not in the file")
                    rows.append(row)
            self._write_when_ready(rows)
        self._date_new_stories()
        # Comments were written in bulk, not one by one through comment_create: the threads'
        # counters are recounted once, and their versions bumped, at the end.
        thread_counters_recount(story_ids=self.touched_story_ids)

    def _date_new_stories(self) -> None:
        """Stories created without a date (Isso, Remark42, Commento) take their first comment's."""
        if not self.undated_story_ids:
            return
        first = (
            Comment.objects.filter(story_id__in=self.undated_story_ids)
            .values("story_id")
            .annotate(first=Min("created_at"))
        )
        for row in first:
            Story.objects.filter(pk=row["story_id"], published_at__isnull=True).update(
                published_at=row["first"]
            )


def _progress_bar(*, source: str, path: Path, options: ImportOptions):
    if source == "isso":
        total, unit, scale = isso.count(path), "comment", False
    else:
        total, unit, scale = path.stat().st_size, "B", True
    return tqdm(
        total=total,
        unit=unit,
        unit_scale=scale,
        desc=f"import {source}",
        disable=not options.progress,
        file=options.progress_file or sys.stderr,
        mininterval=0.5,
    )


# Below this size a file is prepared in the importing process: starting workers costs more.
PARALLEL_FROM_BYTES = 4 << 20
PARALLEL_FROM_ROWS = 5000


def _workers_for(*, source: str, path: Path, options: ImportOptions) -> int:
    if options.workers is not None:
        return max(0, options.workers)
    big = (
        isso.count(path) >= PARALLEL_FROM_ROWS
        if source == "isso"
        else path.stat().st_size >= PARALLEL_FROM_BYTES
    )
    return min(4, os.cpu_count() or 1) if big else 0


# SQLite's page cache for the importing connection, in KiB (its default is 2 MiB): the comments
# table's indexes are written in random order, and pages evicted between two batches are read
# back from the operating system again and again.
SQLITE_IMPORT_CACHE_KIB = 65536


def _sqlite_cache_size(size: int | None) -> int | None:
    """Set the SQLite connection's ``cache_size`` (negative: KiB; positive: pages) and return
    the one it had; None (and nothing done) on PostgreSQL or when ``size`` is None."""
    if connection.vendor != "sqlite" or size is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {int(size)}")
    return before


def import_file(*, source: str, path: Path, options: ImportOptions) -> ImportReport:
    """Import one file of format ``source`` into ``options.site``; see the module docstring.

    Raises ``ImportFileError`` (with line and column where the format has them) when the file
    is malformed or unsafe; nothing is written then. Returns what was (or, for a dry run, would
    be) imported and every record skipped or adjusted, with the reason.
    """
    from townsquare.moderation.models import AuditEntry
    from townsquare.moderation.services import audit_record

    if source not in PARSERS:
        raise ImportRefused(f"unknown format {source!r}; choose one of {', '.join(PARSERS)}")
    if not path.exists():
        raise ImportRefused(f"no such file: {path}")
    if options.recover and source not in RECOVERABLE:
        raise ImportRefused(
            f"--recover reads XML files ({', '.join(RECOVERABLE)}); {source} files are read "
            "strictly"
        )
    if source in ("isso", "isso-generic", "commento") and options.base_url:
        try:
            origin(options.base_url)
        except InvalidURL as exc:
            raise ImportRefused(f"--base-url: {exc}") from exc
    base_url = options.base_url
    if source in ("isso", "isso-generic") and not base_url:
        # Isso stores paths only; the site's own address is the natural base.
        base_url = (options.site.allowed_origins or [""])[0]
    report = ImportReport(
        source=source,
        path=str(path),
        site=options.site.slug,
        dry_run=options.dry_run,
        recover=options.recover,
    )
    started = time.perf_counter()
    bar = _progress_bar(source=source, path=path, options=options)
    written = [0]

    def comments_written(n: int) -> None:
        written[0] += n
        elapsed = max(time.perf_counter() - started, 1e-6)
        bar.set_postfix(comments=written[0], per_s=f"{written[0] / elapsed:.0f}", refresh=False)

    parse = PARSERS[source]
    file = Source(path=path, progress=bar.update)
    workers = _workers_for(source=source, path=path, options=options)
    importer = _Importer(source=source, options=options, report=report)
    importer.on_comments = comments_written
    cache_before = _sqlite_cache_size(-SQLITE_IMPORT_CACHE_KIB)
    try:
        with transaction.atomic():
            for record in parse(
                file,
                base_url=base_url,
                fallback_timezone=options.fallback_timezone,
                recover=options.recover,
            ):
                if not isinstance(record, SourceInfo) and importer.preparer is None:
                    importer.start(source_site="", workers=workers)
                if isinstance(record, CommentRecord):
                    importer.comment(record)
                elif isinstance(record, ThreadRecord):
                    importer.thread(record)
                elif isinstance(record, SkipRecord):
                    if record.kind == "comment":
                        importer.skip(record.source_id, record.reason, record.scope)
                    else:
                        report.skip(record.kind, record.source_id, record.reason)
                elif isinstance(record, SourceInfo) and importer.preparer is None:
                    report.source_site = record.site[:300]
                    importer.start(source_site=report.source_site, workers=workers)
            importer.finish()
            report.seconds = time.perf_counter() - started
            audit_record(
                action="import",
                actor_kind=AuditEntry.ActorKind.SYSTEM,
                reason=f"Imported {report.imported} comments from {FORMAT_NAMES[source]} "
                f"({path.name}).",
                details={
                    "format": source,
                    "file": path.name,
                    "site": options.site.slug,
                    "source_site": report.source_site,
                    "comments": dict(report.comments_by_status),
                    "stories_created": report.stories_created,
                    "skipped": len(report.skipped),
                    "already_imported": report.already_imported,
                },
            )
            if options.dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    finally:
        if importer.preparer is not None:
            importer.preparer.close()
        bar.close()
        _sqlite_cache_size(cache_before)
    report.seconds = time.perf_counter() - started
    return report


# --- Scoring the archive ----------------------------------------------------------------------

SCORE_BATCH = 128


def imported_comments_score(
    *,
    source: str,
    source_site: str,
    progress: bool = False,
    progress_file: TextIO | None = None,
) -> int:
    """Score the imported comments of one source that have no civility score yet.

    Runs ``townsquare.civility.score`` in batches and stores the scores, the model version and
    ``civility_max`` (which orders the queue's "most likely first"), plus a civility marker like
    the pipeline's. Each batch commits on its own, so an interrupted run keeps what it scored and
    a second run carries on. Statuses are not changed: a moderator decides. Returns how many
    comments were scored.
    """
    from townsquare import civility

    ids = list(
        Comment.objects.filter(
            pk__in=ImportedRecord.objects.filter(
                source=source, source_site=source_site, kind=ImportedRecord.Kind.COMMENT
            ).values("comment_id"),
            civility_max__isnull=True,
        )
        .exclude(body="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    scored = 0
    with tqdm(
        total=len(ids),
        unit="comment",
        desc="civility",
        disable=not progress,
        file=progress_file or sys.stderr,
    ) as bar:
        for start in range(0, len(ids), SCORE_BATCH):
            batch = list(
                Comment.objects.filter(pk__in=ids[start : start + SCORE_BATCH]).order_by("pk")
            )
            results = civility.score([c.body for c in batch], ids=[c.pk for c in batch])
            for comment, result in zip(batch, results, strict=True):
                attributes = {name: float(value) for name, value in result.attributes().items()}
                label, top = result.max_attribute()
                comment.civility_scores = {
                    **attributes,
                    "spans": [span.as_dict() for span in result.spans],
                }
                comment.civility_model = result.model
                comment.civility_max = max(attributes.values(), default=0.0)
                comment.markers = [
                    *comment.markers,
                    {
                        "check": "civility",
                        "action": None,
                        "reason": "Civility model (after import): highest "
                        f"{label.replace('_', ' ')} {top:.2f}.",
                        "scores": attributes,
                    },
                ]
            with transaction.atomic():
                Comment.objects.bulk_update(
                    batch, ["civility_scores", "civility_model", "civility_max", "markers"]
                )
            scored += len(batch)
            bar.update(len(batch))
    return scored
