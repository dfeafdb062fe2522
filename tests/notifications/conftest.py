from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from tests.conftest import csrf_post
from tests.readers.conftest import IMMEDIATE_TASKS
from townsquare.comments.models import Comment


@pytest.fixture(autouse=True)
def _mail_tasks_run_at_once(settings):
    """Notification mails are tasks; here they run as soon as the transaction commits."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.SITE_URL = "https://news.example"


@pytest.fixture
def moderator(db) -> User:
    user = User.objects.create_user(
        "mod", email="desk@news.example", password="correct horse battery", is_staff=True
    )
    user.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    return user


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post through the hosted form (no JavaScript) and run what the commit starts."""

    def post_comment(
        client, story, *, email, body="My view.", name="Wren", parent=None, notify=False
    ):
        data = {"author": name, "email": email, "comment": body}
        if parent is not None:
            data["comment_parent"] = str(parent.pk)
        if notify:
            data["notify_replies"] = "on"
        with django_capture_on_commit_callbacks(execute=True):
            response = csrf_post(
                client, f"/stories/{story.slug}/comments/", data, page_url=story.get_absolute_url()
            )
        assert response.status_code == 303, response.content.decode()[:500]
        return Comment.objects.latest("pk")

    return post_comment


def link_of(message, marker: str) -> str:
    """The path of the first link in an e-mail containing ``marker``."""
    url = next(word for word in message.body.split() if marker in word)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]
