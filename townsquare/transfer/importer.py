"""Writing one import's threads and comments: stories matched or created, replies placed, batches.

``Importer`` receives the parser's records in file order from ``services.import_file``, inside
its transaction. It matches each thread to a story (by ``ImportedRecord``, then canonical URL,
then slug for a Townsquare export) or creates it; sends comments through the ``Preparer``; holds
a reply until the comment it answers is written; writes comments in batches of ``BATCH_SIZE``
(``bulk.rows_insert``) with their commenters; and records every source id in ``ImportedRecord``
so that a second run adds only what is new.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min

from townsquare.comments.counters import thread_counters_recount
from townsquare.comments.models import Comment, Commenter
from townsquare.comments.services import commenter_avatar_key
from townsquare.lib.urls import InvalidURL
from townsquare.stories.models import Story
from townsquare.stories.services import story_for_url_get_or_create
from townsquare.transfer.bulk import rows_insert
from townsquare.transfer.formats import FORMAT_NAMES
from townsquare.transfer.models import ImportedRecord
from townsquare.transfer.options import ImportOptions
from townsquare.transfer.prepare import ANONYMOUS
from townsquare.transfer.preparer import Preparer
from townsquare.transfer.records import (
    CommentRecord,
    PrepareConfig,
    Prepared,
    Skip,
    ThreadRecord,
)
from townsquare.transfer.report import ImportReport

BATCH_SIZE = 1000


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


# (pk, parent_id, root_id, depth) of a comment already written, by source id.
_Node = tuple[int, int | None, int | None, int]


class Importer:
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
        self.preparer: Preparer | None = None

    def start(self, *, source_site: str, workers: int) -> None:
        """Called once the file has said which site it belongs to, before any thread."""
        self.source_site = source_site
        self.preparer = Preparer(
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
