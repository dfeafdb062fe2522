"""Discussions that close by themselves N days after publication (site default, story override)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import ORIGIN, thread
from tests.factories import make_site, make_story
from townsquare.comments.models import Comment
from townsquare.sites.models import default_site_id
from townsquare.stories.models import Story

pytestmark = pytest.mark.django_db


def _default_site(**fields):
    from townsquare.sites.models import Site

    site = Site.objects.get(pk=default_site_id())
    for name, value in fields.items():
        setattr(site, name, value)
    site.save()
    return site


def test_the_site_setting_closes_a_story_and_a_story_may_override_it(settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    site = _default_site(close_after_days=3)
    old = make_story(published_at=timezone.now() - timedelta(days=4))
    fresh = make_story(published_at=timezone.now() - timedelta(days=1))
    kept_open = make_story(published_at=timezone.now() - timedelta(days=40), close_after_days=0)
    assert not old.accepting_comments()
    assert fresh.accepting_comments()
    assert fresh.comments_close_at == fresh.published_at + timedelta(days=3)
    assert kept_open.accepting_comments() and kept_open.comments_close_at is None
    site.close_after_days = None  # back to the settings default: never
    site.save()
    assert Story.objects.get(pk=old.pk).accepting_comments()


def test_the_page_says_when_comments_close_and_then_that_they_closed(bystander, terms):
    _default_site(close_after_days=7)
    story = make_story(published_at=timezone.now() - timedelta(days=2))
    html = bystander.get(story.get_absolute_url()).content.decode()
    assert "Comments close on" in html
    assert (story.published_at + timedelta(days=7)).strftime("%-d %B %Y") in html
    assert 'name="comment"' in html
    # Published long ago: the same page now closed, without the story being saved (the cached
    # page is keyed on whether it takes comments, not only on its version and last edit).
    Story.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(days=9))
    closed = bystander.get(story.get_absolute_url()).content.decode()
    assert "Comments are closed: they closed on" in closed
    assert 'name="comment"' not in closed


def test_posting_after_the_close_is_refused_and_keeps_the_text(bystander, terms):
    _default_site(close_after_days=1)
    story = make_story(published_at=timezone.now() - timedelta(days=2))
    response = bystander.post(
        f"/stories/{story.slug}/comments/",
        {"author": "Late Reader", "email": "late@example.org", "comment": "Still thinking."},
    )
    html = response.content.decode()
    assert "Comments are closed" in html
    assert "Still thinking." in html
    assert not Comment.objects.filter(story=story).exists()


def test_the_api_and_the_embed_say_when_the_thread_closes(client):
    site = make_site(origins=[ORIGIN], close_after_days=5)
    story = make_story(
        site=site,
        canonical_url=f"{ORIGIN}/2026/harbour-wall",
        published_at=timezone.now() - timedelta(days=1),
    )
    data = thread(client, url=story.canonical_url).json()
    assert data["story"]["comments_open"] is True
    assert data["story"]["comments_close_at"] == (
        (story.published_at + timedelta(days=5)).isoformat()
    )
    embed = client.get(
        "/embed/thread", {"url": story.canonical_url, "mode": "script"}, HTTP_ORIGIN=ORIGIN
    )
    assert "Comments close on" in embed.content.decode()
    Story.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(days=6))
    closed = json.loads(thread(client, url=story.canonical_url).content)
    assert closed["story"]["comments_open"] is False
    embed = client.get(
        "/embed/thread", {"url": story.canonical_url, "mode": "script"}, HTTP_ORIGIN=ORIGIN
    )
    assert "Comments are closed: they closed on" in embed.content.decode()
