"""Issue 20, cases 1 and 2 on the hosted page and the embed's API: one client, many disguises.

The client drops its device cookie (or token) before every request and types a new e-mail
address each time; the limits must still see one client.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import ORIGIN, form, post_json, thread
from tests.factories import make_comment, make_site
from townsquare.comments.models import Comment
from townsquare.stories.models import Story

pytestmark = pytest.mark.django_db

FLOOD = 60  # three times the largest allowance these tests meet (20 device ids an address)


@pytest.fixture
def real_limits(settings):
    settings.RATE_LIMIT_SECONDS = 15
    settings.RATE_LIMIT_PER_HOUR = 10
    settings.DUPLICATE_WINDOW_SECONDS = 600
    settings.NETWORK_RATE_LIMIT_PER_HOUR = 300
    settings.ADDRESS_RATE_LIMIT_PER_HOUR = 30
    settings.DEVICE_IDS_PER_ADDRESS_PER_HOUR = 20
    settings.DEVICE_IDS_PER_NETWORK_PER_HOUR = 200
    settings.SPAM_MIN_SECONDS = 0


def _page_form_started(client: Client, story) -> str:
    page = client.get(story.get_absolute_url()).content.decode()
    return re.search(r'name="form_started" value="([^"]+)"', page).group(1)


def test_the_hosted_form_replayed_without_its_cookie_stores_one_comment(story, terms, real_limits):
    """The sweep on the hosted form: one form timestamp, no cookie kept, a new address each time."""
    started = _page_form_started(Client(), story)
    url = reverse("comments:post", kwargs={"slug": story.slug})
    statuses = []
    for i in range(FLOOD):
        response = Client().post(  # a new client each time: no cookie is ever sent back
            url,
            {
                "author": f"Flood {i}",
                "email": f"flood-{i}@example.net",
                "comment": f"Flood comment number {i}, about the harbour.",
                "form_started": started,
            },
        )
        statuses.append(response.status_code)
    assert 500 not in statuses
    assert Comment.objects.count() == 1, "a form timestamp posts once"

    neighbour = Client()
    response = neighbour.post(
        url,
        {
            "author": "Neighbour",
            "email": "neighbour@example.org",
            "comment": "The neighbour's view of the harbour.",
            "form_started": _page_form_started(neighbour, story),
        },
    )
    assert response.status_code == 303
    assert Comment.objects.filter(commenter__email="neighbour@example.org").get().status == (
        Comment.Status.PUBLISHED
    )


def test_a_used_form_comes_back_with_the_text_and_a_fresh_timestamp(story, terms):
    reader = Client()
    url = reverse("comments:post", kwargs={"slug": story.slug})
    started = _page_form_started(reader, story)
    data = {"author": "Ada", "email": "ada@example.org", "form_started": started}
    first = reader.post(url, {**data, "comment": "First thought."})
    assert first.status_code == 303
    again = reader.post(url, {**data, "comment": "Second thought."})
    assert again.status_code == 400
    page = again.content.decode()
    assert "already been used" in page and "Second thought." in page
    fresh = re.search(r'name="form_started" value="([^"]+)"', page).group(1)
    assert fresh != started
    third = reader.post(url, {**data, "comment": "Second thought.", "form_started": fresh})
    assert third.status_code == 303 and Comment.objects.count() == 2


def test_the_script_gets_the_next_timestamp_with_each_answer(story, terms):
    from django.conf import settings

    from tests.api.conftest import post_json
    from townsquare.embed.tokens import thread_token_for

    reader = Client()  # the article page's script: the API, from our own origin
    started = _page_form_started(reader, story)
    data = {"author": "Ada", "email": "ada@example.org", "thread_token": thread_token_for(story.pk)}
    own = settings.SITE_URL
    form = post_json(reader, "/api/v1/forms", {"thread_token": data["thread_token"]}, origin=own)
    data["device_token"] = form.json()["device_token"]
    first = post_json(
        reader, "/api/v1/comments", {**data, "comment": "One.", "form_started": started}, origin=own
    )
    assert first.status_code == 201
    second = post_json(
        reader,
        "/api/v1/comments",
        {**data, "comment": "Two.", "form_started": first.json()["form_started"]},
        origin=own,
    )
    assert second.status_code == 201 and Comment.objects.count() == 2


@pytest.fixture
def respected(story):
    return make_comment(story=story, body="Worth respecting.")


def test_dropping_the_cookie_does_not_buy_respects_on_the_hosted_page(respected, real_limits):
    url = reverse(
        "comments:respect", kwargs={"slug": respected.story.slug, "comment_id": respected.pk}
    )
    for _ in range(FLOOD):
        Client().post(url, {"on": "1"})  # a new client each time: the cookie is dropped
    respected.refresh_from_db()
    assert respected.respect_count <= 20


def test_dropping_the_device_token_does_not_buy_respects_through_the_api(client, real_limits):
    make_site(origins=[ORIGIN])
    story_id = thread(client).json()["story"]["id"]
    comment = make_comment(story=Story.objects.get(pk=story_id))
    url = f"/api/v1/comments/{comment.pk}/respect"
    for _ in range(FLOOD):
        post_json(client, url, {"on": True})  # no device token
    comment.refresh_from_db()
    assert comment.respect_count == 0

    token = thread(client).json()["thread_token"]
    for _ in range(FLOOD):  # a new device from the form each time: rationed per address
        device = form(client, token)["device_token"]
        post_json(client, url, {"on": True, "device_token": device})
    comment.refresh_from_db()
    assert comment.respect_count <= 20
