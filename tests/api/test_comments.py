"""POST /api/v1/comments: the same comment_submit, the same answers, no cookie needed."""

from __future__ import annotations

import pytest

from tests.api.conftest import ORIGIN, PAGE, form, post_json, submit, thread
from tests.conftest import UNCIVIL
from tests.factories import make_site
from townsquare.comments.models import Comment
from townsquare.embed.tokens import author_comment_ids, thread_token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(client, site, terms):
    return thread(client).json()["thread_token"]


def test_a_comment_and_a_reply_are_published(client, token):
    response = submit(client, token, comment="The *ferry* matters.")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (
        data["status"] == "published"
        and data["comment"]["html"] == "<p>The <em>ferry</em> matters.</p>"
    )
    assert f'id="comment-{data["comment"]["id"]}"' in data["html"]
    assert response["Access-Control-Allow-Origin"] == ORIGIN and "Set-Cookie" not in response
    parent = data["comment"]["id"]
    reply = submit(client, token, comment="Agreed.", parent_id=parent).json()
    assert reply["comment"]["parent_id"] == parent
    assert author_comment_ids(reply["author_token"]) == [reply["comment"]["id"]]
    assert Comment.objects.get(pk=parent).device_id  # keyed on the signed device token


def test_the_device_token_names_the_same_browser_across_posts(client, token, settings):
    settings.RATE_LIMIT_SECONDS = 600
    first = submit(client, token, comment="One thought.").json()
    started = form(client, token, device_token=first["device_token"])
    second = post_json(
        client,
        "/api/v1/comments",
        {
            "thread_token": token,
            "author": "Someone Else",
            "email": "else@example.org",
            "comment": "Another thought.",
            "form_started": started["form_started"],
            "device_token": first["device_token"],
        },
    )
    assert second.status_code == 429 and second.json()["code"] == "rate_limit"


def test_field_errors_name_every_field(client, token):
    response = submit(client, token, comment="", author="", email="not-an-address")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert set(data["errors"]) == {"comment", "author", "email"}
    assert data["field"] in data["errors"]


def test_a_nudge_comes_with_its_spans_and_post_anyway_holds_it(client, token, nudging_policy):
    nudged = submit(client, token, comment=UNCIVIL)
    assert nudged.status_code == 422
    data = nudged.json()
    assert data["code"] == "nudged" and data["field"] == "comment"
    assert "<mark>" in data["highlighted"] and data["spans"]
    anyway = submit(client, token, comment=UNCIVIL, nudge_token=data["nudge_token"])
    assert anyway.status_code == 201 and anyway.json()["status"] == "pending"


def test_a_pending_comment_shows_to_its_author_only(client, site, token):
    site.premoderate_all = True
    site.save()
    posted = submit(client, token, comment="Held for a moderator.").json()
    assert posted["status"] == "pending"
    mine = form(client, token, author_token=posted["author_token"])
    assert [c["id"] for c in mine["pending"]] == [posted["comment"]["id"]]
    assert "awaiting moderation" in mine["pending_html"][0]
    assert form(client, token)["pending"] == []
    assert thread(client).json()["comments"] == []


def test_refusals_have_a_status_a_field_and_a_message(client, token):
    forged = post_json(client, "/api/v1/comments", {"thread_token": "1:forged", "comment": "x"})
    assert forged.status_code == 400 and forged.json()["field"] == "thread_token"
    device_token = form(client, token)["device_token"]
    no_device = post_json(
        client,
        "/api/v1/comments",
        {"thread_token": token, "author": "A", "email": "a@example.org", "comment": "Hi there."},
    )
    assert no_device.status_code == 400 and no_device.json()["code"] == "device_required"
    stale = post_json(
        client,
        "/api/v1/comments",
        {
            "thread_token": token,
            "author": "A",
            "email": "a@example.org",
            "comment": "Hi there.",
            "form_started": "garbage",
            "device_token": device_token,
        },
    )
    assert stale.status_code == 400 and stale.json()["field"] == "form_started"
    assert stale.json()["form_started"]  # a fresh one, to post again
    missing = submit(client, token, comment="A reply to nothing.", parent_id=999_999)
    assert missing.status_code == 409 and missing.json()["code"] == "parent_missing"


def test_a_post_from_another_origin_is_refused(client, token):
    data = {"thread_token": token, "author": "A", "email": "a@example.org", "comment": "Hi."}
    response = post_json(client, "/api/v1/comments", data, origin="https://evil.example")
    assert response.status_code == 403 and response.json()["field"] == "origin"
    other = make_site(origins=["https://other.example"])
    response = post_json(client, "/api/v1/comments", data, origin=other.allowed_origins[0])
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_closed_story_refuses(client, site, terms):
    story = thread(client).json()["story"]
    from townsquare.stories.models import Story

    Story.objects.filter(pk=story["id"]).update(comments_open=False)
    response = submit(client, thread_token_for(story["id"]), comment="Too late.")
    assert response.status_code == 403 and response.json()["code"] == "story_closed"


def test_a_robot_filling_the_trap_sees_success_and_nothing_is_shown(client, token):
    response = submit(client, token, comment="Buy now.", phone="555-0100")
    assert response.status_code == 201 and response.json()["comment"] is None
    assert Comment.objects.get().status == "spam"
    assert PAGE  # the thread stays empty
    assert thread(client).json()["comments"] == []
