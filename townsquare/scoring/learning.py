"""The examples ``townsquare civility learn --from-decisions`` learns from, feedback included.

``CIVILITY_DECISIONS_SOURCE`` names ``decisions_as_examples`` here: the site's own moderation
decisions (``moderation.learning``) plus the approve / reject feedback that Coral's moderators
sent through ``comments:suggestscore`` for sites that opted in.
"""

from __future__ import annotations

from townsquare.moderation import learning
from townsquare.scoring.selectors import feedback_examples


def decisions_as_examples(*, limit: int | None = None) -> list[tuple[str, int]]:
    return learning.decisions_as_examples(limit=limit) + feedback_examples(limit=limit)
