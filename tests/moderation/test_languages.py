"""Comments in a language the civility model does not score: the site's rule, not the model.

A comment is judged unscored by what is stored: no civility scores, no model version and no
``civility`` marker, which only ``check_civility`` writes after calling the scorer.
"""

from __future__ import annotations

import pytest

from tests.factories import make_site, make_story
from townsquare.accounts.models import ApiToken
from townsquare.accounts.services import api_token_create, moderator_create
from townsquare.comments.authorship import Viewer
from townsquare.comments.models import Comment
from townsquare.lib.client import ClientInfo
from townsquare.moderation.authoring import comment_edit
from townsquare.moderation.models import AuditEntry
from townsquare.moderation.posting import comment_submit
from townsquare.sites.models import UnscoredLanguageRule

pytestmark = pytest.mark.django_db

SPANISH = (
    "No estoy de acuerdo con el alcalde, el presupuesto del puerto de este año es un desastre "
    "para los vecinos."
)
ENGLISH = "I think the council was right to delay the harbour vote until the survey is out."


def submit(story, body: str, *, email: str = "lucia@example.org", device: str = "d" * 32):
    return comment_submit(
        story=story,
        author_name="Lucía",
        email=email,
        body=body,
        client=ClientInfo(device_id=device),
    ).comment


def checks(comment: Comment) -> list[str]:
    return [m["check"] for m in comment.markers]


def assert_unscored(comment: Comment) -> None:
    assert comment.civility_scores == {}
    assert comment.civility_max is None and comment.civility_model == ""
    assert "civility" not in checks(comment)


def assert_scored(comment: Comment) -> None:
    assert comment.civility_model, "the civility scorer did not run"
    assert set(comment.civility_scores) >= {"toxicity", "insult"}
    assert comment.civility_max is not None
    assert not any(check.startswith("unscored_language") for check in checks(comment))


def story_on_site(rule: str):
    return make_story(site=make_site(unscored_language_rule=rule))


def test_sites_hold_comments_in_unscored_languages_by_default(db):
    assert make_site().unscored_language_rule == UnscoredLanguageRule.HOLD


def test_a_spanish_comment_on_an_english_site_is_held_unscored_with_the_reason(story):
    comment = submit(story, SPANISH)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.language == "es"
    assert_unscored(comment)
    marker = comment.markers[-1]
    assert marker["check"] == "unscored_language_hold" and marker["action"] == "hold"
    assert "Detected language: Spanish (es" in marker["reason"]
    assert "not scored" in marker["reason"] and "Held for a moderator" in marker["reason"]
    entry = AuditEntry.objects.get(comment=comment, action="submit_hold")
    assert "Spanish" in entry.reason


def test_with_the_publish_rule_a_spanish_comment_is_published_unscored(db):
    story = story_on_site(UnscoredLanguageRule.PUBLISH)
    comment = submit(story, SPANISH)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.language == "es"
    assert_unscored(comment)
    assert checks(comment) == ["unscored_language_publish"]
    assert "Published by the site's rule" in comment.markers[0]["reason"]


def test_the_publish_rule_still_runs_the_checks_after_the_model(db):
    site = make_site(unscored_language_rule=UnscoredLanguageRule.PUBLISH, premoderate_all=True)
    comment = submit(make_story(site=site), SPANISH)
    assert comment.status == Comment.Status.PENDING
    assert checks(comment) == ["unscored_language_publish", "premoderation_site"]
    assert_unscored(comment)


def test_the_premoderate_rule_holds_the_comment_and_premoderates_its_story(db):
    story = story_on_site(UnscoredLanguageRule.PREMODERATE_STORY)
    version = story.thread_version
    comment = submit(story, SPANISH)
    story.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert checks(comment) == ["unscored_language_story"]
    assert_unscored(comment)
    assert story.premoderate is True
    assert story.thread_version > version  # cached pages say "read first" from now on
    entry = AuditEntry.objects.get(action="story_premoderate")
    assert entry.comment == comment and "Spanish" in entry.reason

    # From then on every comment on the story waits, English ones too (and are still scored).
    english = submit(story, ENGLISH, email="ada@example.org", device="e" * 32)
    assert english.status == Comment.Status.PENDING
    assert checks(english)[-1] == "premoderation_story"
    assert_scored(english)
    assert AuditEntry.objects.filter(action="story_premoderate").count() == 1


@pytest.mark.parametrize(
    "body",
    [
        ENGLISH,
        "Yes!",
        "Agreed, +1",
        "Dumb idea, lol.",
        "https://example.org/news/2026/harbour",
        "😂😂😂",
        "I agree with José María Fernández Gutiérrez about the dredging plan for the harbour.",
        "Gracias",
    ],
)
def test_english_and_short_comments_are_scored_as_before(story, body):
    # Too short to tell (or English with a Spanish name in it): the site's language, English.
    comment = submit(story, body)
    comment.refresh_from_db()
    assert comment.language == "en"
    assert_scored(comment)


def test_an_edit_into_spanish_is_held_unscored(story):
    comment = submit(story, ENGLISH)
    assert comment.status == Comment.Status.PUBLISHED
    result = comment_edit(viewer=Viewer(device_id="d" * 32), comment_id=comment.pk, body=SPANISH)
    comment.refresh_from_db()
    assert result.changed and comment.status == Comment.Status.PENDING
    assert comment.language == "es"
    assert checks(comment) == ["unscored_language_hold"]
    assert_unscored(comment)


def test_the_moderator_card_says_the_language_and_that_it_was_not_scored(client, story):
    comment = submit(story, SPANISH)
    moderator = moderator_create(username="mia", email="mia@example.org", password="pw-harbour-42")
    client.force_login(moderator)
    html = client.get("/moderate/").content.decode()
    assert f'id="card-{comment.pk}"' in html
    assert "Language: Spanish (es). Not scored: the civility model scores English only." in html
    assert "Unscored language hold" in html and "Detected language: Spanish (es" in html


def test_the_staff_queue_carries_the_language(client, story):
    held = submit(story, SPANISH)
    moderator = moderator_create(username="mia", email="mia@example.org", password="pw-harbour-42")
    _, token = api_token_create(user=moderator, name="Q", scopes=[ApiToken.Scope.QUEUE_READ])
    data = client.get("/api/v1/staff/queue", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    [item] = data["comments"]
    assert item["id"] == held.pk and item["language"] == "es"
    assert item["scores"] == {} and item["civility_max"] is None


def test_an_administrator_sets_the_rule_on_the_site(admin_client):
    site = make_site()
    data = {
        "name": site.name,
        "slug": site.slug,
        "allowed_origins": "\n".join(site.allowed_origins),
        "stories_on_first_view": "on",
        "unscored_language_rule": "publish",
        "commenting": "anyone",
        "subscriber_badge": "subscriber",
    }
    page = admin_client.get(f"/admin/sites/site/{site.pk}/change/").content.decode()
    assert 'name="unscored_language_rule"' in page
    response = admin_client.post(f"/admin/sites/site/{site.pk}/change/", data)
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.unscored_language_rule == UnscoredLanguageRule.PUBLISH
    data["unscored_language_rule"] = "score it anyway"
    assert admin_client.post(f"/admin/sites/site/{site.pk}/change/", data).status_code == 200


def test_on_a_site_in_spanish_a_short_comment_is_taken_to_be_spanish(story):
    # Too short to detect: the site's language (Site.language), which the model does not score.
    story.site.language = "es"
    story.site.save(update_fields=["language"])
    comment = submit(story, "¡Muy bien!")
    assert comment.status == Comment.Status.PENDING and comment.language == "es"
    assert "Taken to be in Spanish (es), the site's language" in comment.markers[-1]["reason"]
    assert_unscored(comment)
    english = submit(story, ENGLISH, email="ada@example.org", device="e" * 32)
    assert english.language == "en"
    assert_scored(english)
