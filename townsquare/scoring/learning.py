"""Coral's moderators' feedback as examples for ``townsquare civility learn --from-decisions``.

The scoring app registers ``feedback_as_examples`` in its ``AppConfig.ready()`` beside
moderation's own decisions (``civility/decisions.py``): the approve / reject labels Coral's
moderators sent through ``comments:suggestscore``, for sites that opted in.
"""

from __future__ import annotations

from townsquare.scoring.selectors import feedback_examples


def feedback_as_examples(*, limit: int | None = None) -> list[tuple[str, int]]:
    return feedback_examples(limit=limit)
