"""The hosted pages' sign-on (``/sso/callback/``): the redirect-with-token flow, and a signed-in
reader as a verified reader of the hosted pages — posting, editing and deleting from another
browser, "Your comments", and the data download and erasure."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_story
from tests.sso import claims, make_secret, mint
from townsquare.comments.models import Comment
from townsquare.readers.models import ReaderSession, SSOIdentity
from townsquare.readers.selectors import reader_data_for
from townsquare.readers.services import reader_data_erase
from townsquare.readers.session import READER_COOKIE
from townsquare.sites.selectors import site_default

pytestmark = pytest.mark.django_db
MARTA = "marta.subscriber@example.org"


@pytest.fixture
def story(db, terms):
    make_secret(site_default())
    return make_story()


def callback(client: Client, token: str, next_path: str = ""):
    return client.get("/sso/callback/", {"token": token, "next": next_path})


def test_the_callback_signs_the_browser_in_and_goes_back_to_the_story(client, story):
    answer = callback(client, mint(), f"/stories/{story.slug}/")
    assert answer.status_code == 303 and answer["Location"] == f"/stories/{story.slug}/"
    assert READER_COOKIE in answer.cookies and answer.cookies[READER_COOKIE]["httponly"]
    assert answer["Referrer-Policy"] == "no-referrer"
    assert ReaderSession.objects.get().sso_identity.username == "Marta Quill"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"],
)
def test_next_never_leaves_the_site(client, story, target):
    answer = callback(client, mint(), target)
    assert answer.status_code == 303 and answer["Location"] == "/"


def test_a_refused_token_shows_why_and_creates_nothing(client, story):
    answer = callback(client, mint(alg="none"), f"/stories/{story.slug}/")
    assert answer.status_code == 400
    assert "HS256, HS384 or HS512" in answer.content.decode()
    assert READER_COOKIE not in answer.cookies
    assert not SSOIdentity.objects.exists() and not ReaderSession.objects.exists()


def test_an_unknown_site_is_refused(client, story):
    answer = client.get("/sso/callback/", {"token": mint(), "site": "no-such-site"})
    assert answer.status_code == 400 and "No such site" in answer.content.decode()


def _post(client, story, body="Signed in on the hosted page.", **data):
    answer = client.post(f"/stories/{story.slug}/comments/", {"comment": body, **data})
    assert answer.status_code == 303, answer.content.decode()[:400]
    return Comment.objects.latest("pk")


def test_a_signed_in_reader_edits_and_deletes_from_another_browser(story):
    phone = Client()
    callback(phone, mint())
    comment = _post(phone, story, author="Marta", email=MARTA)
    assert comment.author_name == "Marta Quill" and comment.commenter.email == MARTA
    assert comment.author_badges == ["subscriber"]
    laptop = Client()  # another device: no device cookie, no session ids, only the sign-on
    assert laptop.get(f"/stories/{story.slug}/comments/{comment.pk}/edit/").status_code == 404
    callback(laptop, mint())
    edited = laptop.post(
        f"/stories/{story.slug}/comments/{comment.pk}/edit/", {"comment": "Edited elsewhere."}
    )
    assert edited.status_code in (302, 303), edited.content.decode()[:400]
    comment.refresh_from_db()
    assert comment.body == "Edited elsewhere."
    laptop.post(f"/stories/{story.slug}/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert (
        comment.status == Comment.Status.DELETED
        or not Comment.objects.filter(pk=comment.pk).exists()
    )


def test_your_comments_lists_the_signed_in_readers_comments(client, story):
    callback(client, mint())
    comment = _post(client, story, author="Marta", email=MARTA)
    page = client.get("/your-comments/").content.decode()
    assert comment.body in page


def test_the_data_download_holds_the_account_and_erasure_removes_it(client, story):
    callback(client, mint(claims(user={"badges": ["subscriber", "founding"]})))
    _post(client, story, author="Marta", email=MARTA)
    document = reader_data_for(email=MARTA)
    [account] = document["sso_accounts"]
    assert account["username"] == "Marta Quill" and account["badges"] == [
        "subscriber",
        "founding",
    ]
    assert account["account_id"] == "acct-1001"
    reader_data_erase(email=MARTA)
    assert not SSOIdentity.objects.exists() and not ReaderSession.objects.exists()
    assert reader_data_for(email=MARTA)["sso_accounts"] == []
