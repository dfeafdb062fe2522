from __future__ import annotations

from django.db import models


class TermsVersion(models.Model):
    """One published version of the Terms of Service or the Community Guidelines.

    Versions are append-only: a comment records the Terms version its author accepted, so an
    edited text becomes a new row rather than changing what earlier commenters agreed to.
    """

    class Kind(models.TextChoices):
        TERMS = "terms", "Terms of Service"
        GUIDELINES = "guidelines", "Community Guidelines"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown: paragraphs, lists, emphasis, links.")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="terms_unique_kind_version"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"
