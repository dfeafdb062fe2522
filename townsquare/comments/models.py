from __future__ import annotations

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import pgettext_lazy


class Commenter(models.Model):
    """A person who comments, keyed by their normalised email address.

    The address is private: only staff ever see it. Pages show the name typed on each comment and
    an identicon derived from ``avatar_key``, a keyed hash the address cannot be recovered from.
    The address is unverified, a claim anyone can make by typing it, so nothing shown to the
    public or to whoever types it depends on the commenter's record.
    """

    email = models.EmailField(max_length=254, unique=True, help_text="Normalised; never public.")
    display_name = models.CharField(
        max_length=100,
        help_text="Name used on the first comment; each comment keeps the name typed on it.",
    )
    avatar_key = models.CharField(max_length=32, db_index=True)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.display_name


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        PENDING = "pending", "Pending"
        REJECTED = "rejected", "Rejected"
        REMOVED = "removed", "Removed by a moderator"
        DELETED = "deleted", "Deleted by its author"
        SPAM = "spam", "Spam"

    # Statuses that occupy a place in the public thread: published comments, and removed or
    # deleted ones, which render as a tombstone when replies hang off them.
    THREAD_STATUSES = (Status.PUBLISHED, Status.REMOVED, Status.DELETED)

    story = models.ForeignKey("stories.Story", on_delete=models.CASCADE, related_name="comments")
    commenter = models.ForeignKey(Commenter, on_delete=models.PROTECT, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text="The comment this one is nested under.",
    )
    reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The comment answered; differs from parent when the thread hit its depth limit.",
    )
    root = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="descendants",
        help_text="The top-level comment of this thread (empty for top-level comments).",
    )
    depth = models.PositiveSmallIntegerField(default=0)
    reply_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Published replies under a top-level comment; kept by the services.",
    )

    author_name = models.CharField(max_length=100)
    author_url = models.URLField(max_length=300, blank=True)
    # Public marks of a reader signed in with the newsroom's account when posting (their token's
    # badges, "staff" for its staff roles): kept with the comment, so a guest typing the same
    # address never gets them, and a thread shows them without another query.
    author_badges = models.JSONField(default=list, blank=True, editable=False)
    body = models.TextField(help_text="Markdown source as typed.")
    body_html = models.TextField(help_text="Sanitised HTML rendered from the body.")

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    terms_version = models.ForeignKey(
        "terms.TermsVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    terms_accepted_at = models.DateTimeField(null=True, blank=True)

    civility_scores = models.JSONField(default=dict, blank=True)
    civility_model = models.CharField(max_length=80, blank=True)
    civility_max = models.FloatField(
        null=True, blank=True, help_text="Highest of the civility scores; orders the queue."
    )
    language = models.CharField(
        max_length=16,
        blank=True,
        help_text="The language the policy pipeline took it to be in (ISO 639-1; empty: not "
        "checked, as for imports). One the civility model does not score leaves the scores empty.",
    )
    featured = models.BooleanField(default=False)
    featured_reason = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why the moderators featured it, shown to readers with the comment.",
    )
    edited_at = models.DateTimeField(
        null=True, blank=True, help_text='When its author last edited it (shown as "edited").'
    )
    respect_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Readers who respect it; kept by the services."
    )
    ip_hash = models.CharField(max_length=64, blank=True, help_text="Keyed hash of the client IP.")
    network_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="Keyed hash of the client network (IPv4 /24, IPv6 /48); many readers share one.",
    )
    raw_ip = models.GenericIPAddressField(
        null=True, blank=True, help_text="Erased after IP_RETENTION_DAYS."
    )
    device_id = models.CharField(
        max_length=64, blank=True, help_text="Id carried by the browser's signed device cookie."
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(
        max_length=40, blank=True, help_text="Why a moderator rejected or removed it."
    )
    markers = models.JSONField(
        default=list,
        blank=True,
        help_text="Every policy check that fired, with scores and reasons.",
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["story", "status", "created_at"],
                name="comment_story_status_created",
            ),
            models.Index(
                fields=["story", "created_at"],
                condition=Q(depth=0),
                name="comment_story_toplevel",
            ),
            # The "most respected" and "most replies" sorts: keyset pages of top-level comments
            # on (count, created_at, id), newest first among equals.
            models.Index(
                F("story"),
                F("respect_count").desc(),
                F("created_at").desc(),
                F("id").desc(),
                condition=Q(depth=0),
                name="comment_story_respected",
            ),
            models.Index(
                F("story"),
                F("reply_count").desc(),
                F("created_at").desc(),
                F("id").desc(),
                condition=Q(depth=0),
                name="comment_story_most_replies",
            ),
            # The thread's "Featured" section.
            models.Index(
                fields=["story", "created_at"],
                condition=Q(featured=True),
                name="comment_story_featured",
            ),
            models.Index(fields=["root", "created_at"], name="comment_root_created"),
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
            # The queue's "most likely first" order, exactly as queue.LIKELY_ORDER sorts it.
            models.Index(
                F("status"),
                Coalesce(F("civility_max"), Value(-1.0)).desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="comment_queue_likely",
            ),
            models.Index(fields=["commenter", "created_at"], name="comment_commenter_created"),
            # The flood limits count a device's and a network's recent comments.
            models.Index(fields=["device_id", "created_at"], name="comment_device_created"),
            models.Index(fields=["network_hash", "created_at"], name="comment_network_created"),
            models.Index(fields=["ip_hash", "created_at"], name="comment_ip_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth=0, parent__isnull=True, root__isnull=True)
                | Q(depth__gt=0, parent__isnull=False, root__isnull=False),
                name="comment_depth_matches_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.story_id}: {self.body[:40]}"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_featured(self) -> bool:
        """A moderators' pick that readers can see: a featured comment that is published.

        Rejecting or removing a comment clears its pick (``moderation.services``); this also
        covers rows from before that, so no interface shows a removed comment as featured.
        """
        return self.featured and self.is_public


# A comment's status as the interface shows it, in the active language. The choices' labels
# above stay English: they are part of the migrations.
STATUS_LABELS = {
    Comment.Status.PUBLISHED: pgettext_lazy("comment status", "Published"),
    Comment.Status.PENDING: pgettext_lazy("comment status", "Pending"),
    Comment.Status.REJECTED: pgettext_lazy("comment status", "Rejected"),
    Comment.Status.REMOVED: pgettext_lazy("comment status", "Removed by a moderator"),
    Comment.Status.DELETED: pgettext_lazy("comment status", "Deleted by its author"),
    Comment.Status.SPAM: pgettext_lazy("comment status", "Spam"),
}


def status_label(status: str) -> str:
    """A comment status code as the interface shows it; an unknown code as it is."""
    return str(STATUS_LABELS[status]) if status in STATUS_LABELS else status


class CommentRevision(models.Model):
    """An earlier text of a comment its author edited, kept for the moderators (never public).

    ``written_at`` is when that text was written (the comment's creation or an earlier edit);
    ``created_at`` is when the edit replaced it.
    """

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    body_html = models.TextField()
    status = models.CharField(max_length=20, choices=Comment.Status.choices)
    civility_scores = models.JSONField(default=dict, blank=True)
    civility_max = models.FloatField(null=True, blank=True)
    markers = models.JSONField(default=list, blank=True)
    written_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["comment", "-created_at", "-id"]
        indexes = [models.Index(fields=["comment", "created_at"], name="revision_comment_created")]

    def __str__(self) -> str:
        return f"Revision of comment {self.comment_id} from {self.written_at:%Y-%m-%d %H:%M}"


class Respect(models.Model):
    """One reader's "Respect" on one comment.

    ``reader_key`` is a keyed hash naming the reader (``comments.respects.respect_key``), never
    their device id or address, so the table cannot say who respected what.
    """

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="respects")
    reader_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reader_key"], name="respect_once_per_reader"
            )
        ]
        # "Which comments on this story did this reader respect" (``POST /api/v1/forms``).
        indexes = [models.Index(fields=["reader_key", "comment"], name="respect_reader_comment")]

    def __str__(self) -> str:
        return f"Respect for comment {self.comment_id}"


class LimitCounter(models.Model):
    """One count in one time window, or one value spent once (a form token's nonce).

    The flood limits' counters when the cache is not Redis: ``townsquare.lib.counters`` keeps
    them with one atomic ``INSERT … ON CONFLICT`` each (the database cache's own ``incr`` is a
    read and a write, which two processes can interleave). The table's name is fixed because
    ``lib`` knows no app and writes it by name, as the database cache does its own table.
    """

    name = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.FloatField(help_text="Unix time after which the row means nothing.")

    class Meta:
        db_table = "townsquare_counter"
        indexes = [models.Index(fields=["expires"], name="counter_expires")]

    def __str__(self) -> str:
        return f"{self.name}: {self.count}"
