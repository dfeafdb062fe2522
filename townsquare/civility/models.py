"""Site models in the database, so every app machine behind one database scores alike.

A site model (``townsquare civility learn``) is one ``SiteModel`` row: its arrays as a compressed
``.npz`` blob and its metadata as JSON, never overwritten. Which model scores comments is the one
``ModelChoice`` row; every switch bumps its ``revision``, which web processes compare with their
cached copy (at most every ``CIVILITY_MODEL_CHECK_SECONDS``), so a `civility use` on any machine
reaches every process without a restart.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class SiteModel(models.Model):
    version = models.CharField(max_length=80, unique=True)
    base = models.CharField(max_length=80, help_text="the shipped model it was learned over")
    meta = models.JSONField()
    weights = models.BinaryField(help_text="the model's arrays, a compressed .npz")
    n_examples = models.PositiveIntegerField()
    source = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.version


class ModelChoice(models.Model):
    """The one row saying which local model scores comments: shipped, or a site model."""

    class Use(models.TextChoices):
        SHIPPED = "shipped", "Shipped model"
        SITE = "site", "Site model"

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID)
    use = models.CharField(max_length=10, choices=Use.choices, default=Use.SHIPPED)
    # The site model last chosen (kept when switching back to shipped, so `use site` returns to
    # it); PROTECT, so the model in use cannot be deleted from under the web processes.
    site = models.ForeignKey(SiteModel, null=True, blank=True, on_delete=models.PROTECT)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="civility_model_choice_singleton"),
            models.CheckConstraint(
                condition=Q(use="shipped") | Q(site__isnull=False),
                name="civility_model_choice_site_needs_a_model",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.use} {self.site or ''} (revision {self.revision})"
