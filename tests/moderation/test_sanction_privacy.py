"""A refusal for a sanctioned address says so only to the reader who proved they own it.

Anyone can type anyone's address into the form. The sweep of issue 20 found that posting with a
banned address answered "Comments from this email address are not being accepted", which told
any stranger that the address was banned.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from tests.factories import make_commenter
from townsquare.comments.services import CommentRefused
from townsquare.moderation.models import Sanction
from townsquare.moderation.pipeline import NOT_ACCEPTED_MESSAGE
from townsquare.moderation.posting import comment_submit
from townsquare.readers.services import reader_session_start
from townsquare.readers.session import _COOKIE_SALT, READER_COOKIE

pytestmark = pytest.mark.django_db

OWNER_MESSAGE = "Comments from this email address are not being accepted at the moment."


def _sanctioned(kind: str, email: str):
    commenter = make_commenter(email=email)
    ends = timezone.now() + timedelta(days=2) if kind == Sanction.Kind.SUSPENSION else None
    Sanction.objects.create(commenter=commenter, kind=kind, reason="Threats", ends_at=ends)
    return commenter


def _refusal(story, email: str, **fields) -> CommentRefused:
    with pytest.raises(CommentRefused) as refused:
        comment_submit(story=story, author_name="Anyone", email=email, body="A view.", **fields)
    return refused.value


@pytest.mark.parametrize(
    "kind", [Sanction.Kind.BAN, Sanction.Kind.SUSPENSION, Sanction.Kind.WARNING]
)
def test_a_stranger_typing_a_sanctioned_address_learns_nothing_about_it(story, kind):
    _sanctioned(kind, "kit@example.org")
    for verified in (None, "someone.else@example.org"):
        refusal = _refusal(story, " KIT@example.org ", verified_email=verified)
        assert (refusal.code, refusal.message) == ("not_accepted", NOT_ACCEPTED_MESSAGE)
        assert "address" not in refusal.message and "warning" not in refusal.message


def test_the_verified_owner_is_told_why(story):
    _sanctioned(Sanction.Kind.BAN, "kit@example.org")
    _sanctioned(Sanction.Kind.WARNING, "lee@example.org")
    banned = _refusal(story, "kit@example.org", verified_email="Kit@Example.org")
    assert banned.code == "sanction" and banned.message.startswith(OWNER_MESSAGE)
    warned = _refusal(story, "lee@example.org", verified_email="lee@example.org")
    assert warned.code == "warning_unacknowledged" and "acknowledge" in warned.message


def _post_from_the_page(client: Client, story, email: str) -> str:
    response = client.post(
        f"/stories/{story.slug}/comments/",
        {"author": "Kit", "email": email, "comment": "A view of mine."},
    )
    assert response.status_code == 403  # as the API answers "not_accepted" and "sanction"
    return response.content.decode()


def test_the_comment_form_answers_strangers_neutrally_and_the_signed_in_owner_plainly(story):
    _sanctioned(Sanction.Kind.BAN, "kit@example.org")
    stranger = _post_from_the_page(Client(), story, "kit@example.org")
    assert "Your comment could not be posted." in stranger
    assert "not being accepted" not in stranger

    _, token = reader_session_start(email="kit@example.org")
    owner = Client()
    owner.cookies[READER_COOKIE] = signing.get_cookie_signer(
        salt=READER_COOKIE + _COOKIE_SALT
    ).sign(token)
    assert "not being accepted" in _post_from_the_page(owner, story, "kit@example.org")
