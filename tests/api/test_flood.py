"""Issue 20, case 1: one client must not outpost a whole network, nor silence it afterwards.

Run as the security sweep ran it: one client address (every test client is 127.0.0.1), a new
e-mail address on every post, no device token, and one form timestamp used again and again; then
two neighbours on the same address post normally (each loads the form and posts once). Before
the fix the flood published 297 comments in 13.6 s and spent the network's hourly budget, so
both neighbours were refused for an hour.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import form, post_json, submit, thread
from townsquare.comments.models import Comment

pytestmark = pytest.mark.django_db

FLOOD = 100  # five times the allowance of new device ids an address gets (20)


@pytest.fixture
def real_limits(settings):
    """The shipped limits, not the lenient ones most tests post under."""
    settings.RATE_LIMIT_SECONDS = 15
    settings.RATE_LIMIT_PER_HOUR = 10
    settings.DUPLICATE_WINDOW_SECONDS = 600
    settings.NETWORK_RATE_LIMIT_PER_HOUR = 300
    settings.ADDRESS_RATE_LIMIT_PER_HOUR = 30
    settings.DEVICE_IDS_PER_ADDRESS_PER_HOUR = 20
    settings.DEVICE_IDS_PER_NETWORK_PER_HOUR = 200
    # The sweep waited out the "too fast" trap once, then replayed the form; the test need not.
    settings.SPAM_MIN_SECONDS = 0


@pytest.fixture
def token(client, site, terms):
    return thread(client).json()["thread_token"]


def _flood_post(client, token: str, started: str, i: int):
    return post_json(
        client,
        "/api/v1/comments",
        {
            "thread_token": token,
            "author": f"Flood {i}",
            "email": f"flood-{i}@example.net",
            "comment": f"Flood comment number {i}, about the ferry timetable.",
            "form_started": started,
        },
    )


def test_the_sweeps_flood_publishes_nothing_and_the_neighbours_still_post(
    client, token, real_limits
):
    started = form(client, token)["form_started"]
    answers = [_flood_post(client, token, started, i).status_code for i in range(FLOOD)]

    assert Comment.objects.count() <= 1, "one reused form and no device: at most one comment"
    assert 500 not in answers

    for name in ("Neighbour One", "Neighbour Two"):
        neighbour = Client()
        response = submit(
            neighbour,
            token,
            comment=f"{name} thinks the timetable is fine.",
            author=name,
            email=f"{name.split()[1].lower()}@example.org",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["status"] == "published"


def test_a_flood_that_loads_a_fresh_form_each_time_is_held_not_published(
    client, token, real_limits, settings
):
    """The most a script can do without keeping a browser: a new form and device every post.

    Its new browsers run out (the address's allowance of new device ids), and once the address
    is busy their comments wait for a moderator; a neighbour who opened the form before the
    flood is held with the reason, not refused.
    """
    settings.ADDRESS_RATE_LIMIT_PER_HOUR = 5
    neighbour = Client()
    before = form(neighbour, token)
    for i in range(FLOOD):
        fresh = form(client, token)  # no device token sent: asks for a new browser each time
        post_json(
            client,
            "/api/v1/comments",
            {
                "thread_token": token,
                "author": f"Flood {i}",
                "email": f"flood-{i}@example.net",
                "comment": f"Flood comment number {i}, about the ferry timetable.",
                "form_started": fresh["form_started"],
                "device_token": fresh["device_token"],
            },
        )

    assert Comment.objects.count() <= settings.DEVICE_IDS_PER_ADDRESS_PER_HOUR
    published = Comment.objects.filter(status=Comment.Status.PUBLISHED).count()
    assert published <= settings.ADDRESS_RATE_LIMIT_PER_HOUR
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() >= 1

    response = post_json(
        neighbour,
        "/api/v1/comments",
        {
            "thread_token": token,
            "author": "Neighbour",
            "email": "neighbour@example.org",
            "comment": "The neighbour's own view of the timetable.",
            "form_started": before["form_started"],
            "device_token": before["device_token"],
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "pending"
    held = Comment.objects.get(pk=response.json()["comment"]["id"])
    assert "premoderation_busy" in [m["check"] for m in held.markers]
