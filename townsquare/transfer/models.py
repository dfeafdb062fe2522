from __future__ import annotations

from django.db import models
from django.db.models import Q


class ImportedRecord(models.Model):
    """Which story or comment a record of an imported file became.

    One row per thread and per comment ever imported, keyed by where it came from (the format,
    the source site, e.g. a Disqus forum or a WordPress blog URL, and the source's own id), so
    that importing the same file, or a later export of the same site, adds only what is new.
    Comments themselves carry no import columns.
    """

    class Kind(models.TextChoices):
        STORY = "story", "Story (thread)"
        COMMENT = "comment", "Comment"

    source = models.CharField(max_length=20, help_text="Format: wordpress, disqus, isso, ...")
    source_site = models.CharField(
        max_length=300, blank=True, help_text="The forum, blog or domain the file came from."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_id = models.CharField(max_length=200)
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "comments.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_site", "kind", "source_id"],
                name="importedrecord_unique_per_source",
            ),
            models.CheckConstraint(
                condition=Q(kind="story", story__isnull=False, comment__isnull=True)
                | Q(kind="comment", comment__isnull=False, story__isnull=True),
                name="importedrecord_target_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.source_id}"
