from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, pgettext_lazy

from townsquare.comments.models import status_label
from townsquare.moderation.rules import WORD_RULES_CACHE_KEY

# What the audit trail's actions mean, for the moderators' pages (the codes stay in the rows).
AUDIT_ACTION_LABELS = {
    "publish": gettext_noop("published"),
    "hold": gettext_noop("held for review"),
    "spam": gettext_noop("discarded as spam"),
    "approve": gettext_noop("approved"),
    "reject": gettext_noop("rejected"),
    "remove": gettext_noop("removed"),
    "feature": gettext_noop("featured"),
    "unfeature": gettext_noop("no longer featured"),
    "warning": gettext_noop("warned"),
    "suspension": gettext_noop("suspended"),
    "ban": gettext_noop("banned"),
    "premoderate": gettext_noop("set to always pre-moderate"),
    "lift": gettext_noop("sanction lifted"),
    "warning_acknowledged": gettext_noop("warning acknowledged"),
    "report": gettext_noop("reported by a reader"),
    "hidden_by_reports": gettext_noop("hidden by readers' reports"),
    "author_delete": gettext_noop("deleted by its author"),
    "story_premoderate": gettext_noop("story set to pre-moderation"),
    "submit_publish": gettext_noop("posted and published"),
    "submit_hold": gettext_noop("posted and held for review"),
    "submit_reject": gettext_noop("posted and rejected"),
    "submit_spam": gettext_noop("posted and discarded as spam"),
    "edit_publish": gettext_noop("edited and published"),
    "edit_hold": gettext_noop("edited and held for review"),
    "edit_reject": gettext_noop("edited and rejected"),
    "edit_spam": gettext_noop("edited and discarded as spam"),
    "erase": gettext_noop("data erased"),
    "data_export": gettext_noop("data downloaded"),
}


class AuditEntry(models.Model):
    """One decision about a comment or a commenter, by the pipeline or a person.

    Append-only: moderation never deletes comments, and never deletes their history. When a
    comment or commenter is deleted all the same (an erasure request, a story taken down), the
    entry stays: its foreign keys become empty and ``subject`` still says what it was about.
    """

    class ActorKind(models.TextChoices):
        PIPELINE = "pipeline", gettext_noop("Policy pipeline")
        MODERATOR = "moderator", gettext_noop("Moderator")
        READER = "reader", gettext_noop("Reader")
        SYSTEM = "system", gettext_noop("System")

    comment = models.ForeignKey(
        "comments.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    commenter = models.ForeignKey(
        "comments.Commenter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_kind = models.CharField(max_length=20, choices=ActorKind.choices)
    action = models.CharField(max_length=40)
    reason = models.CharField(max_length=500, blank=True)
    status_before = models.CharField(max_length=20, blank=True)
    status_after = models.CharField(max_length=20, blank=True)
    details = models.JSONField(default=dict, blank=True)
    subject = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "What the entry is about, copied when it is written (comment, commenter, story and "
            "actor ids, the story's headline, the actor's username), so it survives their deletion."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["comment", "created_at"], name="audit_comment_created"),
            models.Index(fields=["commenter", "created_at"], name="audit_commenter_created"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.action} by {self.actor or self.actor_kind} at {self.created_at:%Y-%m-%d %H:%M}"
        )

    @property
    def action_label(self) -> str:
        """What was done, in the active language; an action without a label shows its code."""
        label = AUDIT_ACTION_LABELS.get(self.action)
        return gettext(label) if label else self.action

    @property
    def actor_kind_label(self) -> str:
        return gettext(self.get_actor_kind_display())

    @property
    def status_before_label(self) -> str:
        return status_label(self.status_before)

    @property
    def status_after_label(self) -> str:
        return status_label(self.status_after)

    @property
    def about(self) -> str:
        """What the entry concerns, from the copy in ``subject``: still readable after deletion."""
        parts = []
        if comment_id := self.subject.get("comment_id"):
            headline = self.subject.get("story_headline")
            parts.append(f"comment #{comment_id}" + (f" on “{headline}”" if headline else ""))
        if commenter_id := self.subject.get("commenter_id"):
            parts.append(f"commenter #{commenter_id}")
        return " · ".join(parts)


class Report(models.Model):
    """A reader telling the moderators that a comment breaks the guidelines."""

    class Reason(models.TextChoices):
        PERSONAL_ATTACK = "personal_attack", gettext_noop("Personal attack or insult")
        HARASSMENT = "harassment", gettext_noop("Harassment")
        HATE = "hate", gettext_noop("Hate or identity attack")
        THREAT = "threat", gettext_noop("Threat")
        SPAM = "spam", gettext_noop("Spam or advertising")
        OFF_TOPIC = "off_topic", gettext_noop("Off-topic")
        OTHER = "other", gettext_noop("Other")

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, related_name="reports"
    )
    reporter_key = models.CharField(
        max_length=64, help_text="Keyed hash of the reporting reader's account or signed device."
    )
    network_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="Keyed hash of the reporter's network (IPv4 /24, IPv6 /48).",
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="report_one_per_reader_per_comment"
            ),
        ]
        indexes = [
            models.Index(
                fields=["comment"],
                condition=Q(resolved_at__isnull=True),
                name="report_unresolved",
            ),
            # The report rate limits count a reader's and a network's recent reports.
            models.Index(fields=["reporter_key", "created_at"], name="report_reporter_created"),
            models.Index(fields=["network_key", "created_at"], name="report_network_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on comment {self.comment_id}"


class SanctionQuerySet(models.QuerySet["Sanction"]):
    def in_force(self) -> SanctionQuerySet:
        """Sanctions not lifted and not ended; the same rule as ``Sanction.in_force``."""
        return self.filter(
            Q(lifted_at__isnull=True) & (Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
        )


class Sanction(models.Model):
    """A warning, suspension, ban or always-pre-moderate flag on a commenter.

    Applies to the commenter's identity (normalised email) and, through ``SanctionMark``, to the
    keyed IP hashes and device ids they used, so a new name and address from the same browser or
    network is held as possible ban evasion.
    """

    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        SUSPENSION = "suspension", "Suspension"
        BAN = "ban", "Ban"
        PREMODERATE = "premoderate", "Always pre-moderate"

    commenter = models.ForeignKey(
        "comments.Commenter", on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until lifted.")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(
        null=True, blank=True, help_text="When the commenter acknowledged a warning."
    )

    objects = SanctionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["commenter", "kind"],
                condition=Q(lifted_at__isnull=True),
                name="sanction_unlifted",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(kind="suspension"),
                name="sanction_only_suspensions_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.commenter}"

    @property
    def kind_label(self) -> str:
        """The kind as the interface shows it, in the active language."""
        return sanction_kind_label(self.kind)

    @property
    def in_force(self) -> bool:
        """Not lifted and not ended (only suspensions end); the rule ``in_force()`` queries."""
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > timezone.now())


# A sanction's kind as the interface shows it; the choices' labels stay English (migrations).
SANCTION_KIND_LABELS = {
    Sanction.Kind.WARNING: pgettext_lazy("sanction kind", "Warning"),
    Sanction.Kind.SUSPENSION: pgettext_lazy("sanction kind", "Suspension"),
    Sanction.Kind.BAN: pgettext_lazy("sanction kind", "Ban"),
    Sanction.Kind.PREMODERATE: pgettext_lazy("sanction kind", "Always pre-moderate"),
}


def sanction_kind_label(kind: str) -> str:
    return str(SANCTION_KIND_LABELS[kind]) if kind in SANCTION_KIND_LABELS else kind


class SanctionMark(models.Model):
    """A keyed IP hash or device id that a sanctioned commenter used."""

    class Kind(models.TextChoices):
        IP = "ip", "IP hash"
        DEVICE = "device", "Device cookie"

    sanction = models.ForeignKey(Sanction, on_delete=models.CASCADE, related_name="marks")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sanction", "kind", "value"], name="sanctionmark_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} mark of sanction {self.sanction_id}"


class WordRule(models.Model):
    """An admin-editable banned or suspect word or phrase."""

    class Kind(models.TextChoices):
        BANNED = "banned", "Banned (reject)"
        SUSPECT = "suspect", "Suspect (hold for review)"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    phrase = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "phrase"], name="wordrule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.phrase}"

    # The pipeline reads the lists through a short-lived cache; an edit must show at once.
    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        _forget_word_rules()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _forget_word_rules()
        return result


def _forget_word_rules() -> None:
    from django.core.cache import cache

    cache.delete(WORD_RULES_CACHE_KEY)


class NudgeEvent(models.Model):
    """A reader was asked to reconsider a comment; what they did next feeds the revise rate."""

    class Outcome(models.TextChoices):
        OPEN = "open", "No answer yet"
        REVISED = "revised", "Revised"
        POSTED_ANYWAY = "posted_anyway", "Posted anyway"

    token = models.CharField(max_length=32, unique=True)
    story = models.ForeignKey("stories.Story", on_delete=models.CASCADE, related_name="+")
    text_hash = models.CharField(max_length=64)
    scores = models.JSONField(default=dict)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Nudge {self.token} ({self.outcome})"


class ModerationPolicy(models.Model):
    """The site's moderation knobs, editable by administrators; one row.

    Defaults come from settings (environment variables) the first time the row is created.
    """

    nudge_threshold = models.FloatField()
    hold_threshold = models.FloatField()
    reject_threshold = models.FloatField()
    max_links = models.PositiveSmallIntegerField(
        help_text="Hold a comment with more links than this."
    )
    premoderate_all = models.BooleanField(help_text="Hold every comment site-wide.")
    premoderate_new_below = models.PositiveSmallIntegerField(
        help_text="Hold comments from commenters with fewer approved comments (0: off)."
    )
    report_hide_threshold = models.PositiveSmallIntegerField(
        help_text=(
            "Hide a comment pending review once this many independent readers (different "
            "browsers on different networks) report it; 0: reports never hide a comment."
        )
    )
    notify_rejections = models.BooleanField(
        help_text="E-mail authors the reason when a moderator rejects their comment."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "moderation policy"
        constraints = [
            models.CheckConstraint(
                condition=Q(nudge_threshold__lte=models.F("hold_threshold"))
                & Q(hold_threshold__lte=models.F("reject_threshold")),
                name="policy_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return "Moderation policy"
