"""Townsquare's own article pages as a client of the public API: the reader's cookies count there.

A reader who posted without JavaScript (the form: a device cookie and a session) and then uses
the page's script (the API, with ``Origin`` = our own origin) stays the same reader: their
comments are theirs to edit and delete, what the script posts is remembered in their session.
Any other request (another origin, no ``Origin``) is named by its tokens alone.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from tests.api.conftest import post_json
from townsquare.comments.models import Comment
from townsquare.embed.tokens import thread_token_for
from townsquare.lib.client import DEVICE_COOKIE, device_from_value

pytestmark = pytest.mark.django_db

OWN = settings.SITE_URL
FORM = {"author": "Ada Reader", "email": "ada@example.com", "url": "", "comment": "Said plainly."}


def _no_js_post(client: Client, story, **fields) -> Comment:
    response = client.post(
        f"/stories/{story.slug}/comments/", {**FORM, **fields}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 303, response.content[:300]
    return Comment.objects.latest("pk")


def _form(client: Client, story, *, origin: str | None = OWN) -> dict:
    answer = post_json(
        client, "/api/v1/forms", {"thread_token": thread_token_for(story.pk)}, origin=origin
    )
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_a_comment_posted_without_javascript_is_the_scripts_to_edit_and_delete(reader, story):
    comment = _no_js_post(reader, story)
    parts = _form(reader, story)
    assert str(comment.pk) in parts["editable"] and comment.pk in parts["deletable"]
    # The device the script is handed is the browser's own (the cookie's), not a new one.
    cookie = device_from_value(reader.cookies[DEVICE_COOKIE].value)
    assert device_from_value(parts["device_token"]).id == cookie.id == comment.device_id
    edited = post_json(
        reader, f"/api/v1/comments/{comment.pk}/edit", {"comment": "Said better."}, origin=OWN
    )
    assert edited.status_code == 200, edited.content
    deleted = post_json(reader, f"/api/v1/comments/{comment.pk}/delete", {}, origin=OWN)
    assert deleted.status_code == 200 and Comment.objects.get().status == "deleted"


def test_what_the_script_posts_is_remembered_like_a_form_post(reader, story):
    story.premoderate = True
    story.save(update_fields=["premoderate"])
    parts = _form(reader, story)
    # A browser without a device cookie is given one with its first token, the same device.
    assert device_from_value(reader.cookies[DEVICE_COOKIE].value).id == (
        device_from_value(parts["device_token"]).id
    )
    posted = post_json(
        reader,
        "/api/v1/comments",
        {
            **FORM,
            "thread_token": thread_token_for(story.pk),
            "form_started": parts["form_started"],
        },
        origin=OWN,
    )
    assert posted.status_code == 201, posted.content
    assert posted.json()["status"] == "pending" and posted.cookies["ts_posted"].value == "1"
    # The page without scripts (a reload, private now) shows the pending comment to its author.
    page = reader.get(story.get_absolute_url()).content.decode()
    assert "Your comment is awaiting moderation." in page and "Said plainly." in page


def test_cookies_count_only_on_requests_from_our_own_origin(reader, story):
    comment = _no_js_post(reader, story)
    for origin in (None, "https://news.example.org"):
        answer = post_json(reader, f"/api/v1/comments/{comment.pk}/delete", {}, origin=origin)
        assert answer.status_code in (403, 404), (origin, answer.content)
    assert Comment.objects.get().status == "published"
    # No device token and an origin not ours: the device cookie is not a device for a post.
    refused = post_json(
        reader,
        "/api/v1/comments",
        {**FORM, "thread_token": thread_token_for(story.pk), "form_started": "x"},
        origin=None,
    )
    assert refused.status_code == 400 and refused.json()["code"] == "device_required"


def test_a_signed_in_user_posting_through_the_api_shows_the_csrf_token(story):
    story.premoderate = True  # a reader's comment would wait; staff's publishes at once
    story.save(update_fields=["premoderate"])
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(User.objects.create_user("ed", is_staff=True))
    token = staff.get(story.get_absolute_url()).cookies["csrftoken"].value
    parts = _form(staff, story)
    data = {
        **FORM,
        "thread_token": thread_token_for(story.pk),
        "form_started": parts["form_started"],
    }
    refused = post_json(staff, "/api/v1/comments", data, origin=OWN)
    assert refused.status_code == 403 and refused.json()["code"] == "csrf"
    assert not Comment.objects.exists()
    data["form_started"] = _form(staff, story)["form_started"]
    host = OWN.split("://", 1)[1]  # as a browser on our own page sends it
    accepted = post_json(
        staff, "/api/v1/comments", data, origin=OWN, HTTP_X_CSRFTOKEN=token, HTTP_HOST=host
    )
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["status"] == "published" == Comment.objects.get().status


def test_the_servers_own_origin_counts_even_when_site_url_names_another(reader, story, settings):
    """A page served from this host (a second name for the site, a SITE_URL not yet updated)
    is same-origin by the request's own Host, as Django's CSRF check judges it."""
    comment = _no_js_post(reader, story)
    settings.SITE_URL = "https://comments.example.org"
    parts = _form(reader, story, origin="http://testserver")
    assert comment.pk in parts["deletable"]
