"""The nudge, end to end with the shipped civility model (no stand-in scores)."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_post
from townsquare.comments.models import Comment
from townsquare.moderation.models import NudgeEvent
from townsquare.moderation.posting import CommentNudged, comment_submit

pytestmark = pytest.mark.django_db

from tests.conftest import REVISED, UNCIVIL  # noqa: E402


def submit(story, body, **extra):
    return comment_submit(
        story=story, author_name="Nell", email="nell@example.com", body=body, **extra
    )


def test_nudge_saves_nothing_and_highlights_the_insult(story, nudging_policy):
    with pytest.raises(CommentNudged) as nudged:
        submit(story, UNCIVIL)
    assert "no personal attacks" in nudged.value.message
    highlighted = [UNCIVIL[s["start"] : s["end"]].lower() for s in nudged.value.spans]
    assert any("idiot" in text for text in highlighted), highlighted
    assert not Comment.objects.exists()
    assert NudgeEvent.objects.get().outcome == NudgeEvent.Outcome.OPEN


def test_post_anyway_with_unchanged_text_goes_to_pending(story, nudging_policy):
    with pytest.raises(CommentNudged) as nudged:
        submit(story, UNCIVIL)
    comment = submit(story, UNCIVIL, nudge_token=nudged.value.token).comment
    assert comment.status == Comment.Status.PENDING
    assert comment.markers[-1]["check"] == "nudge_declined"
    assert comment.civility_model and comment.civility_scores["spans"]
    attributes = {k: v for k, v in comment.civility_scores.items() if k != "spans"}
    assert comment.civility_max == pytest.approx(max(attributes.values()), abs=1e-3)
    assert NudgeEvent.objects.get().outcome == NudgeEvent.Outcome.POSTED_ANYWAY


def test_revising_after_a_nudge_publishes_and_counts_as_revised(story, nudging_policy):
    with pytest.raises(CommentNudged) as nudged:
        submit(story, UNCIVIL)
    comment = submit(story, REVISED, nudge_token=nudged.value.token).comment
    assert comment.status == Comment.Status.PUBLISHED
    assert NudgeEvent.objects.get().outcome == NudgeEvent.Outcome.REVISED


def test_a_token_cannot_be_replayed_to_skip_the_nudge(story, nudging_policy):
    with pytest.raises(CommentNudged) as nudged:
        submit(story, UNCIVIL)
    submit(story, UNCIVIL, nudge_token=nudged.value.token)
    with pytest.raises(CommentNudged):
        comment_submit(
            story=story,
            author_name="Other",
            email="other@example.com",
            body=UNCIVIL,
            nudge_token=nudged.value.token,
        )


def test_form_shows_the_nudge_with_highlights_and_keeps_the_text(reader, story, nudging_policy):
    page = story.get_absolute_url()
    data = {"author": "Nell", "email": "nell@example.com", "comment": UNCIVIL}
    response = csrf_post(reader, f"/stories/{story.slug}/comments/", data, page_url=page)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Your comment may break our community guidelines — no personal attacks." in html
    assert "<mark>" in html and "idiot" in html.split("<mark>", 1)[1].split("</mark>")[0].lower()
    assert f"{UNCIVIL}</textarea>" in html
    assert "Post anyway" in html
    token = NudgeEvent.objects.get().token
    assert f'name="nudge_token" value="{token}"' in html
    anyway = csrf_post(
        reader,
        f"/stories/{story.slug}/comments/",
        {**data, "nudge_token": token, "post_anyway": "1"},
        page_url=page,
    )
    assert anyway.status_code == 303
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert "Your comment is awaiting moderation." in reader.get(page).content.decode()
