"""Analysis keys, the record of each analysis (scores, never text), and moderators' feedback."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from townsquare.sites.models import Site


class AnalysisKey(models.Model):
    """A site's key to the Perspective-compatible endpoint.

    Only a SHA-256 hash is stored: the key is shown once when made (``services
    .analysis_key_create``: the admin or ``townsquare scoring-key create``); a lost key is
    revoked and replaced. Calls made with it count towards its site's dashboard.
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="analysis_keys")
    name = models.CharField(max_length=100, help_text="What the key is for, e.g. 'Coral'.")
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The key's first characters, to recognise it."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    rate_per_minute = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Calls a minute this key may make; empty: SCORING_KEY_RATE_PER_MINUTE.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["key_hash"], condition=Q(revoked_at__isnull=True), name="analysiskey_live"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class AnalysisCall(models.Model):
    """One ``comments:analyze`` answered: the scores returned, never the text.

    ``text_hash`` is an HMAC of the text under SECRET_KEY, so repeated texts can be counted
    without a dictionary of common comments revealing them.
    """

    key = models.ForeignKey(AnalysisKey, on_delete=models.SET_NULL, null=True, blank=True)
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="analysis_calls")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    text_hash = models.CharField(max_length=64)
    model_version = models.CharField(max_length=80)
    scores = models.JSONField(default=dict, help_text="Perspective-scale scores returned.")
    toxicity = models.FloatField(null=True, blank=True, help_text="Perspective-scale TOXICITY.")
    over_threshold = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "created_at"], name="analysiscall_site_day")]

    def __str__(self) -> str:
        return f"{self.site} {self.created_at:%Y-%m-%d %H:%M} {self.toxicity}"


class SiteScoring(models.Model):
    """A site's choices for scoring from other platforms (absent row: the defaults)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="scoring")
    keep_feedback = models.BooleanField(
        default=False,
        help_text="Keep the texts and labels that comments:suggestscore sends (a moderator's "
        "approve or reject), for `townsquare civility learn --from-decisions`. Off: "
        "feedback is answered but nothing is kept.",
    )

    class Meta:
        verbose_name = "site scoring settings"
        verbose_name_plural = "site scoring settings"

    def __str__(self) -> str:
        return f"{self.site} ({'keeps' if self.keep_feedback else 'ignores'} feedback)"


class ScoreFeedback(models.Model):
    """A moderator's decision on a comment sent through ``comments:suggestscore``.

    Kept only for sites that opted in (``SiteScoring.keep_feedback``); one row per comment
    (``client_token``) and site, replaced when a moderator changes their mind.
    """

    class Label(models.IntegerChoices):
        APPROVED = 0, "approved"
        REJECTED = 1, "rejected"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="score_feedback")
    key = models.ForeignKey(AnalysisKey, on_delete=models.SET_NULL, null=True, blank=True)
    client_token = models.CharField(max_length=200)
    community_id = models.CharField(max_length=300, blank=True)
    label = models.PositiveSmallIntegerField(choices=Label.choices)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name_plural = "score feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "client_token"], name="scorefeedback_one_per_comment"
            ),
            models.CheckConstraint(condition=Q(label__in=[0, 1]), name="scorefeedback_label_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.client_token}: {self.get_label_display()}"
