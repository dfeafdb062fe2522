"""Whole flows across the reader's form, the moderators' services and the pipeline."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.conftest import csrf_post
from townsquare.comments.models import Comment, Commenter
from townsquare.moderation.services import ban_commenter, commenter_warn

pytestmark = pytest.mark.django_db


def post(client, story, **fields):
    data = {"author": "Reader", "email": "reader@example.com", "comment": "A view.", **fields}
    return csrf_post(
        client, f"/stories/{story.slug}/comments/", data, page_url=story.get_absolute_url()
    )


@pytest.fixture
def moderator(db):
    return User.objects.create_user("mod", is_staff=True)


def test_banned_reader_returning_under_a_new_name_from_the_same_browser_is_held(
    reader, story, moderator
):
    post(reader, story, author="Original", email="original@example.com", comment="First.")
    original = Commenter.objects.get(email="original@example.com")
    ban_commenter(commenter=original, reason="Personal attacks", actor=moderator)

    refused = post(reader, story, author="Original", email="original@example.com", comment="Again.")
    assert refused.status_code == 403
    assert "banned" in refused.content.decode()

    disguised = post(
        reader,
        story,
        author="Someone New",
        email="new.person@example.com",
        comment="Hello, I am new here.",
    )
    assert disguised.status_code == 303
    comment = Comment.objects.get(author_name="Someone New")
    assert comment.status == Comment.Status.PENDING
    assert comment.markers[-1]["check"] == "ban_evasion"


def test_warned_reader_is_refused_until_they_acknowledge_by_email_link(
    reader, story, moderator, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    post(reader, story, author="Wanda", email="wanda@example.com", comment="Opinion.")
    wanda = Commenter.objects.get(email="wanda@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        commenter_warn(commenter=wanda, reason="Mind the tone", actor=moderator)
    run_tasks()
    refused = post(
        reader, story, author="Wanda", email="wanda@example.com", comment="Another opinion."
    )
    # Not signed in as a verified reader, so the page says only what it would say to anyone
    # typing her address; the e-mail she got says the rest.
    assert refused.status_code == 403 and "could not be posted" in refused.content.decode()
    assert "acknowledge" not in refused.content.decode()

    link = next(word for word in mailoutbox[-1].body.split() if "/warnings/" in word)
    path = "/" + link.split("://", 1)[-1].split("/", 1)[-1]
    assert "Mind the tone" in reader.get(path).content.decode()
    csrf_post(reader, path, {}, page_url=path)
    accepted = post(
        reader, story, author="Wanda", email="wanda@example.com", comment="Another opinion."
    )
    assert accepted.status_code == 303
