"""Every staff page and staff API answer says ``Cache-Control: private, no-store``.

They carry commenters' e-mail addresses, IPs and histories, which no browser disk cache, proxy or
CDN may keep. The test reverses every named URL in the staff URLconfs (the moderation pages, the
sign-in pages, the whole admin, the staff API) and fetches each as a signed-in administrator,
with a staff API token, and as a stranger: whatever the status, the header must be there.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from tests.factories import make_comment, make_story
from townsquare.accounts.services import api_token_create, moderator_create
from townsquare.comments.models import Comment

pytestmark = pytest.mark.django_db

STAFF_NAMESPACES = {"admin", "moderation", "accounts"}
# Commenter-facing pages that live in a staff URLconf (a warning's "I have read it" link).
NOT_STAFF = {"moderation:warning_ack"}


def _named_urls(resolver=None, namespace: str = "", route: str = ""):
    """(qualified name, route, kwarg names) of every named URL pattern under ``resolver``."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from _named_urls(entry, inner, route + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            kwargs = list(entry.pattern.regex.groupindex)
            yield f"{namespace}:{entry.name}".strip(":"), route + str(entry.pattern), kwargs


def _staff_urls() -> list[tuple[str, str, list[str]]]:
    return [
        (name, route, kwargs)
        for name, route, kwargs in _named_urls()
        if (name.split(":")[0] in STAFF_NAMESPACES or route.startswith("api/v1/staff/"))
        and name not in NOT_STAFF
    ]


def _reverse(name: str, kwargs: list[str], samples: dict[str, list[str]]) -> str:
    choices = [samples.get(kwarg, ["1"]) for kwarg in kwargs]
    for values in itertools.product(*choices):
        try:
            return reverse(name, kwargs=dict(zip(kwargs, values, strict=True)))
        except NoReverseMatch:
            continue
    raise AssertionError(f"could not reverse {name} with {kwargs}")


def test_the_crawl_reaches_every_kind_of_staff_url():
    names = {name for name, _, _ in _staff_urls()}
    assert {
        "moderation:queue",
        "moderation:card",
        "moderation:commenter",
        "accounts:login",
    } <= names
    assert {"admin:index", "admin:comments_comment_changelist"} <= names
    assert any(route.startswith("api/v1/staff/queue") for _, route, _ in _staff_urls())


def test_every_staff_url_answers_private_no_store(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    story = make_story()
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    administrator = moderator_create(
        username="desk",
        email="desk@example.com",
        password="harbour-lights-at-dusk",
        administrator=True,
    )
    _, token = api_token_create(
        user=administrator, name="crawl", scopes=["queue:read", "comments:decide"]
    )
    samples = {
        "comment_id": [str(comment.pk)],
        "commenter_id": [str(comment.commenter_id)],
        "id": [str(comment.pk)],
        "object_id": [str(comment.pk), str(administrator.pk)],
        "action": ["approve"],
        "app_label": ["comments", "auth"],
        "content_type_id": ["1"],
    }
    signed_in = Client()
    signed_in.force_login(administrator)
    stranger = Client()
    missing = []
    urls = _staff_urls()
    for name, _, kwargs in urls:
        url = _reverse(name, kwargs, samples)
        for who, client in [("administrator", signed_in), ("stranger", stranger)]:
            response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
            directives = {
                part.strip() for part in response.get("Cache-Control", "").lower().split(",")
            }
            if not {"private", "no-store"} <= directives:
                missing.append(f"{who} GET {url} ({name}) -> {response.status_code}")
    assert len(urls) > 50
    assert not missing, "\n".join(missing)
    assert get_user_model().objects.filter(pk=administrator.pk).exists()


def test_a_page_a_view_shows_to_signed_in_staff_is_private_even_outside_the_prefixes(client):
    # Any view that looks at who is asking and finds staff answers privately, so a staff-only
    # part added to a public page cannot be cached for the public.
    moderator = moderator_create(
        username="mira", email="mira@example.com", password="harbour-lights-at-dusk"
    )
    client.force_login(moderator)
    story = make_story()
    response = client.get(story.get_absolute_url())
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
