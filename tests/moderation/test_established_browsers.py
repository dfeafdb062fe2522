"""Who counts as established on a busy network, kept in the counter store (issue 20).

A browser with a comment published before the last hour keeps publishing when its network is
busy. That fact is a mark in the counter store (``comments.published_devices``), kept in step on
every path a comment takes in or out of the thread, and read in the round trip that counts the
post: these tests follow one browser through those paths, on each counter store.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_comment
from townsquare.comments.models import Comment
from townsquare.comments.published_devices import published_device_key, published_minute
from townsquare.lib.client import ClientInfo
from townsquare.lib.counters import mark_read
from townsquare.moderation.pipeline import (
    Action,
    Candidate,
    CivilityResult,
    _busy_count,
    _established,
    policy_decide,
)
from townsquare.moderation.posting import comment_submit
from townsquare.moderation.rules import RejectionReason
from townsquare.moderation.services import comment_approve, comment_remove
from townsquare.readers.services import reader_data_erase

pytestmark = pytest.mark.django_db

CALM = {"toxicity": 0.02, "insult": 0.01, "identity_attack": 0.0, "threat": 0.0, "obscene": 0.0}
BROWSER = "b" * 32


@pytest.fixture
def moderator(db) -> User:
    user = User.objects.create_user("mo", password="not-used-here")
    user.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    return user


@pytest.fixture
def busy(settings):
    """A network that is already busy: every further post from it is over its hourly count."""
    settings.NETWORK_RATE_LIMIT_PER_HOUR = 0


def on_busy_network(story, *, after: timedelta, device_id: str = BROWSER) -> Action:
    """What the pipeline decides, ``after`` from now, for this browser (issued a minute before
    its first post, so not old enough to count by age) posting on the busy network."""
    decision = policy_decide(
        Candidate(
            story=story,
            author_name="Ada",
            email="ada@example.com",
            body=f"A view on the harbour plan, {after} later.",
            network_hash="carrier",
            device_id=device_id,
            device_issued_at=int(time.time()) - 60,
            civility=CivilityResult(scores=CALM, spans=[], model_version="test-scores"),
            now=timezone.now() + after,
        )
    )
    return decision.action


def post_held(story, terms) -> Comment:
    """The browser's first comment, held because its network is busy and the browser is new."""
    client = ClientInfo(
        network_hash="carrier", device_id=BROWSER, device_issued_at=int(time.time()) - 60
    )
    result = comment_submit(
        story=story,
        author_name="Ada",
        email="ada@example.com",
        body="First thoughts on the harbour plan.",
        terms_version_id=terms.pk,
        client=client,
    )
    assert result.comment.status == Comment.Status.PENDING
    assert "premoderation_busy" in [m["check"] for m in result.comment.markers]
    return result.comment


def test_a_moderators_approval_makes_the_browser_established_an_hour_after_it_wrote(
    story, terms, busy, moderator, django_capture_on_commit_callbacks
):
    held = post_held(story, terms)
    with django_capture_on_commit_callbacks(execute=True):
        assert comment_approve(comment=held, actor=moderator)
    assert mark_read(published_device_key(BROWSER)) == published_minute(held.created_at)

    assert on_busy_network(story, after=timedelta(minutes=30)) == Action.HOLD
    assert on_busy_network(story, after=timedelta(minutes=62)) == Action.PUBLISH
    assert on_busy_network(story, after=timedelta(minutes=62), device_id="c" * 32) == Action.HOLD

    # Removed by a moderator, the comment no longer vouches for its browser.
    with django_capture_on_commit_callbacks(execute=True):
        assert comment_remove(comment=held, reason=RejectionReason.OFF_TOPIC, actor=moderator)
    assert mark_read(published_device_key(BROWSER)) is None
    assert on_busy_network(story, after=timedelta(minutes=62)) == Action.HOLD


def test_a_comment_published_when_posted_marks_its_browser_and_erasure_unmarks_it(
    story, terms, django_capture_on_commit_callbacks
):
    client = ClientInfo(
        network_hash="carrier", device_id=BROWSER, device_issued_at=int(time.time()) - 60
    )
    with django_capture_on_commit_callbacks(execute=True):
        posted = comment_submit(
            story=story,
            author_name="Wren",
            email="wren@example.org",
            body="The ferry timetable works for me.",
            terms_version_id=terms.pk,
            client=client,
        ).comment
    assert posted.status == Comment.Status.PUBLISHED
    assert mark_read(published_device_key(BROWSER)) == published_minute(posted.created_at)

    with django_capture_on_commit_callbacks(execute=True):
        reader_data_erase(email="wren@example.org")
    assert mark_read(published_device_key(BROWSER)) is None


def test_a_busy_networks_post_asks_the_comments_table_nothing(story, busy, settings):
    """The established check reads the browser's mark with the post's counts: one round trip on
    PostgreSQL and none on Redis, and never a query on the comments."""
    candidate = Candidate(
        story=story,
        author_name="Ada",
        email="ada@example.com",
        body="Again.",
        ip_hash="office",
        network_hash="carrier",
        device_id=BROWSER,
        device_issued_at=int(time.time()) - 60,
    )
    _busy_count(replace(candidate))  # (a window's first count also clears ended windows away)
    with CaptureQueriesContext(connection) as queries:
        _busy_count(candidate)
        assert candidate.busy
        assert not _established(candidate)
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if Comment._meta.db_table in sql]
    if settings.REDIS_URL:
        assert statements == []
    elif connection.vendor == "postgresql":
        assert len(statements) == 1


def test_a_browser_signed_before_issue_times_still_counts_its_old_comments(story, busy):
    """Its comments may predate the marks, so for it alone the comments table is asked."""
    old = make_comment(story=story, body="From last week.")
    Comment.objects.filter(pk=old.pk).update(
        device_id=BROWSER, created_at=timezone.now() - timedelta(days=7)
    )
    legacy = Candidate(
        story=story, author_name="Ada", email="a@example.com", body="Hi.", device_id=BROWSER
    )
    assert _established(legacy)
    issued = Candidate(
        story=story,
        author_name="Ada",
        email="a@example.com",
        body="Hi.",
        device_id=BROWSER,
        device_issued_at=int(time.time()) - 60,
    )
    assert not _established(issued)  # no mark: the migration's backfill gives it one


def test_the_migration_marks_the_browsers_that_published_before_it(story):
    old = make_comment(story=story, body="From last week.")
    week_ago = timezone.now() - timedelta(days=7)
    Comment.objects.filter(pk=old.pk).update(device_id=BROWSER, created_at=week_ago)
    held = make_comment(story=story, body="Still waiting.", status=Comment.Status.PENDING)
    Comment.objects.filter(pk=held.pk).update(device_id="c" * 32)
    migration = importlib.import_module(
        "townsquare.comments.migrations.0014_backfill_published_device_marks"
    )

    migration.backfill(apps, None)

    assert mark_read(published_device_key(BROWSER)) == published_minute(week_ago)
    assert mark_read(published_device_key("c" * 32)) is None
