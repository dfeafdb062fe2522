"""The site's own moderation decisions as training examples for ``civility learn``.

The civility app knows nothing of moderation; ``ModerationConfig.ready()`` registers
``decisions_as_examples`` with ``civility.decisions``, where the learn command reads it.
"""

from __future__ import annotations

from townsquare.comments.models import Comment
from townsquare.moderation.rules import (
    INCIVILITY_REASONS,
)


def decisions_as_examples(*, limit: int | None = None) -> list[tuple[str, int]]:
    """The site's own moderation decisions as (text, label) pairs for ``civility learn``.

    Label 0: comments that are published (approved by the pipeline or a moderator).
    Label 1: comments a moderator rejected or removed for incivility.
    """
    uncivil = Comment.objects.filter(
        status__in=[Comment.Status.REJECTED, Comment.Status.REMOVED],
        rejection_reason__in=INCIVILITY_REASONS,
    ).order_by("-id")
    civil = Comment.objects.filter(status=Comment.Status.PUBLISHED).order_by("-id")
    if limit is not None:
        uncivil, civil = uncivil[:limit], civil[:limit]
    examples = [(body, 1) for body in uncivil.values_list("body", flat=True)]
    examples += [(body, 0) for body in civil.values_list("body", flat=True)]
    return examples
