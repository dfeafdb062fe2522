"""Scoring an imported archive with the civility model (``townsquare import --score``)."""

from __future__ import annotations

import sys
from typing import TextIO

from django.db import transaction
from tqdm import tqdm

from townsquare.comments.models import Comment
from townsquare.transfer.models import ImportedRecord

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
