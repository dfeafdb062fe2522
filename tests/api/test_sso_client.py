"""What the thread client (embed.js) needs from the server to show a signed-in reader: when the
reader token ends, whether this reader may post before they type (the forms answer), the
rule's message in place of the form in the thread's HTML, and the authors' badges escaped."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import PAGE, post_json, thread
from tests.sso import claims, make_secret, mint
from townsquare.comments.models import Comment
from townsquare.sites.models import Commenting

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(client, site, terms):
    make_secret(site)
    return thread(client).json()["thread_token"]


def reader_header(jwt: str) -> dict:
    answer = post_json(Client(), "/api/v1/sso/sign-in", {"token": jwt, "url": PAGE})
    assert answer.status_code == 200, answer.content
    return {"HTTP_X_TOWNSQUARE_READER": answer.json()["reader_token"]}


def forms(client, thread_token: str, header: dict | None = None) -> dict:
    return post_json(
        client, "/api/v1/forms", {"thread_token": thread_token}, **(header or {})
    ).json()


def fragment(client) -> str:
    return client.get("/embed/thread", {"url": PAGE, "mode": "script"}).content.decode()


def _subscribers_only(site):
    site.commenting = Commenting.SUBSCRIBERS
    site.commenting_url = "https://news.example.org/subscribe"
    site.save()


def test_sign_in_says_until_when_the_reader_token_lives(client, site, settings):
    make_secret(site)
    answer = post_json(client, "/api/v1/sso/sign-in", {"token": mint(), "url": PAGE}).json()
    until = datetime.fromisoformat(answer["expires_at"])
    expected = timezone.now() + timedelta(days=settings.READER_SESSION_DAYS)
    assert abs((until - expected).total_seconds()) < 60


def test_the_form_answer_says_who_is_signed_in_and_whether_they_may_post(client, site, token):
    guest = forms(client, token)
    assert guest["may_comment"] is True and guest["reader"] is None
    _subscribers_only(site)
    assert forms(client, token)["may_comment"] is False
    subscriber = forms(client, token, reader_header(mint()))
    assert subscriber["may_comment"] is True
    assert subscriber["reader"] == {
        "name": "Marta Quill",
        "email": "marta.subscriber@example.org",
        "badges": ["subscriber"],
    }
    plain = mint(claims(user={"id": "a-2", "email": "p@example.org", "badges": []}))
    without_badge = forms(client, token, reader_header(plain))
    assert without_badge["may_comment"] is False
    assert without_badge["reader"]["email"] == "p@example.org"


def test_the_thread_shows_the_rule_in_place_of_the_form(client, site, token):
    html = fragment(client)
    assert "ts-restricted" not in html and '<form class="ts-form" method="post"' in html
    _subscribers_only(site)
    html = fragment(client)
    assert '<div class="ts-restricted" data-commenting="subscribers">' in html
    assert "Subscribers comment here. Subscribe at https://news.example.org/subscribe" in html
    assert '<form class="ts-form" hidden' in html  # shown by the script to a subscriber
    assert 'class="ts-button ts-sign-in" href="https://news.example.org/subscribe"' in html


def test_the_hosted_page_shows_a_signed_in_subscriber_their_form(client, site, token):
    _subscribers_only(site)
    story = Comment._meta.apps.get_model("stories", "Story").objects.get()
    path = story.get_absolute_url()
    page = client.get(path).content.decode()  # a guest, without scripts: the rule
    assert 'class="ts-restricted" data-commenting="subscribers">' in page
    assert f"/your-comments/sign-in/?next={path.replace('/', '%2F')}" in page
    reader = Client()
    post_json(reader, "/api/v1/sso/sign-in", {"token": mint(), "url": PAGE}, origin=None)
    page = reader.get(path).content.decode()
    assert 'class="ts-restricted" data-commenting="subscribers" hidden>' in page
    assert "Signed in as <bdi" in page and "Marta Quill" in page
    # Without scripts too: the form posts under the account (its fields hidden, filled).
    assert 'value="marta.subscriber@example.org"' in page
    started = re.search(r'name="form_started" value="([^"]+)"', page).group(1)
    posted = reader.post(
        f"{path}comments/",
        {
            "comment": "From the hosted page, without scripts.",
            "author": "Marta Quill",
            "email": "marta.subscriber@example.org",
            "form_started": started,
        },
    )
    assert posted.status_code == 303, posted.content.decode()[:2000]
    assert Comment.objects.get().author_badges == ["subscriber"]


def test_badges_show_as_labels_and_are_escaped(client, site, token):
    jwt = mint(claims(user={"badges": ["subscriber", "<b>pro</b>"]}))
    header = reader_header(jwt)
    started = forms(client, token, header)
    data = {
        "thread_token": token,
        "comment": "A subscriber's view.",
        "form_started": started["form_started"],
        "device_token": started["device_token"],
    }
    assert post_json(client, "/api/v1/comments", data, **header).status_code == 201
    html = fragment(client)
    assert '<span class="ts-badge ts-badge--subscriber">Subscriber</span>' in html
    assert "&lt;b&gt;pro&lt;/b&gt;" in html and "<b>pro</b>" not in html
