"""The Coral phase and the hosted reply form put the same texts in the same band.

One site, thresholds placed between the real scores of four texts so that each band has one;
each text is posted through the hosted form (HTTP, CSRF and all) and sent as Coral would.
"""

from __future__ import annotations

import pytest

from tests.conftest import csrf_post
from tests.coral.conftest import (
    CIVIL,
    SECRET,
    THREAT,
    coral_json,
    coral_post,
    coral_signature,
    top_score,
)
from tests.factories import make_story
from townsquare.comments.models import Comment
from townsquare.coral.services import coral_phase_settings_set
from townsquare.moderation.models import NudgeEvent

pytestmark = pytest.mark.django_db

TEXTS = [
    CIVIL,
    "What a load of rubbish from the mayor.",
    "This plan is stupid and the council is wasting our money.",
    THREAT,
]


def hosted_band(client, story, text: str, n: int) -> str:
    response = csrf_post(
        client,
        f"/stories/{story.slug}/comments/",
        {"author": f"Reader {n}", "email": f"reader{n}@example.com", "comment": text},
        page_url=story.get_absolute_url(),
    )
    assert response.status_code < 500
    comment = Comment.objects.filter(body=text).first()
    if comment is None:
        assert NudgeEvent.objects.count() == 1, "neither saved nor nudged"
        NudgeEvent.objects.all().delete()
        return "nudge"
    checks = [marker["check"] for marker in comment.markers]
    if "civility_reject" in checks:
        assert comment.status == Comment.Status.REJECTED
        return "reject"
    if "civility_hold" in checks:
        assert comment.status == Comment.Status.PENDING
        return "hold"
    assert comment.status == Comment.Status.PUBLISHED and "civility" in checks
    return "none"


def phase_band(client, site, text: str) -> str:
    body = coral_json(text)
    response = coral_post(client, site.slug, body, coral_signature(body, SECRET))
    if response.status_code == 204:
        return "none"
    answer = response.json()
    status = answer.get("status")
    return {None: "nudge", "SYSTEM_WITHHELD": "hold", "REJECTED": "reject"}[status]


def test_the_phase_and_the_hosted_form_agree_on_every_band(
    reader, client, coral_site, live_secret, terms
):
    coral_phase_settings_set(site=coral_site, reject_directed=True)
    scores = [top_score(text) for text in TEXTS]
    assert scores == sorted(scores) and len(set(scores)) == 4, scores
    middles = [(low + high) / 2 for low, high in zip(scores, scores[1:], strict=False)]
    coral_site.nudge_threshold, coral_site.hold_threshold, coral_site.reject_threshold = middles
    coral_site.full_clean()
    coral_site.save()
    story = make_story(site=coral_site)

    hosted = [hosted_band(reader, story, text, n) for n, text in enumerate(TEXTS)]
    phase = [phase_band(client, coral_site, text) for text in TEXTS]

    assert hosted == ["none", "nudge", "hold", "reject"]
    assert phase == hosted
