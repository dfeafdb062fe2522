"""The live state open pages poll ("3 new comments") and the endpoints that show new comments."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_comment, make_story
from townsquare.comments.live import LIVE_KEY, live_state, live_state_refresh
from townsquare.comments.models import Comment
from townsquare.moderation.services import comment_approve
from townsquare.stories.models import Story

pytestmark = pytest.mark.django_db

CACHE_TABLE = "townsquare_cache"


def _live_url(story) -> str:
    return f"/api/v1/stories/{story.pk}/live"


def _queries_off_the_cache(context) -> list[str]:
    # The database cache's own statements (its table, the savepoints around its writes) aside.
    return [
        q["sql"]
        for q in context.captured_queries
        if CACHE_TABLE not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]


def test_a_published_comment_enters_the_live_state_on_commit_and_a_held_one_does_not(
    story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        shown = make_comment(story=story)
        held = make_comment(story=story, status=Comment.Status.PENDING)
    state = live_state(story.pk)
    assert [c["id"] for c in state["comments"]] == [shown.pk]
    assert state["count"] == 1
    before = state["version"]
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=held, actor=get_user_model().objects.create(username="mod"))
    state = live_state(story.pk)
    assert state["version"] > before
    assert [c["id"] for c in state["comments"]][0] == held.pk  # published last: listed first
    assert state["comments"][0]["published_ms"] >= state["comments"][1]["published_ms"]


def test_a_poll_reads_no_table_but_the_cache_and_revalidates_to_a_304(
    client, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(story=story)
    first = client.get(_live_url(story))
    assert first.status_code == 200
    assert first.json()["comments"][0]["id"] == comment.pk
    assert first["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in first.headers and not first.cookies
    with CaptureQueriesContext(connection) as polled:
        again = client.get(_live_url(story), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert _queries_off_the_cache(polled) == []
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(story=story)
    assert client.get(_live_url(story), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_an_unknown_or_unpublished_story_is_a_404_remembered_without_the_database(client):
    draft = make_story(published_at=None)
    assert client.get(_live_url(draft)).status_code == 404
    with CaptureQueriesContext(connection) as polled:
        assert client.get(_live_url(draft)).status_code == 404
        assert client.get("/api/v1/stories/99999999/live").status_code == 404
    # The draft's miss is remembered; a made-up id costs one read, then is remembered too.
    assert len(_queries_off_the_cache(polled)) <= 1
    with CaptureQueriesContext(connection) as polled:
        client.get("/api/v1/stories/99999999/live")
    assert _queries_off_the_cache(polled) == []


def test_a_refresh_never_replaces_a_newer_state_with_an_older_one(story):
    live_state_refresh(story.pk)
    newer = {**cache.get(LIVE_KEY.format(story_id=story.pk)), "version": 10**6}
    cache.set(LIVE_KEY.format(story_id=story.pk), newer)
    live_state_refresh(story.pk)
    assert live_state(story.pk)["version"] == 10**6


def test_the_api_gives_new_comments_by_id_with_the_embeds_html_for_a_page(client):
    from tests.api.conftest import ORIGIN
    from tests.factories import make_site

    site = make_site(origins=[ORIGIN])
    story = make_story(site=site, canonical_url=f"{ORIGIN}/2026/ferry")
    comment = make_comment(story=story, body="The late ferry is back.")
    url = f"/api/v1/stories/{story.pk}/comments"
    plain = client.get(url, {"ids": str(comment.pk)}).json()
    assert plain["comments"][0]["html"].strip() == "<p>The late ferry is back.</p>"
    assert plain["html"] == []
    framed = client.get(
        url, {"ids": str(comment.pk), "url": story.canonical_url}, HTTP_ORIGIN=ORIGIN
    )
    assert framed["Access-Control-Allow-Origin"] == ORIGIN
    assert f'id="comment-{comment.pk}"' in framed.json()["html"][0]
    elsewhere = client.get(url, {"ids": str(comment.pk), "url": f"{ORIGIN}/2026/other"})
    assert elsewhere.status_code == 404
    assert client.get(url, {"ids": "nope"}).status_code == 400


def test_many_changes_in_one_transaction_refresh_once_and_an_evicted_state_is_rebuilt(
    client, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for n in range(30):
            make_comment(story=story, body=f"Comment {n} of a bulk load.")
    with CaptureQueriesContext(connection) as refreshed:
        for callback in callbacks:
            callback()
    # A version read for each change, one rebuild (the story and two reads of its comments).
    assert len(_queries_off_the_cache(refreshed)) <= 30 + 3
    assert live_state(story.pk)["count"] == 30
    cache.clear()  # evicted, or the cache restarted: the next poll rebuilds it
    assert client.get(_live_url(story)).json()["count"] == 30


def test_a_bulk_recount_refreshes_the_live_states_pages_poll_and_builds_no_others(
    story, django_capture_on_commit_callbacks
):
    from townsquare.comments.counters import thread_counters_recount

    polled, unpolled = story, make_story(slug="nobody-reads-this")
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(story=polled)
    before = live_state(polled.pk)  # a page polls it: its state is in the cache
    cache.delete(LIVE_KEY.format(story_id=unpolled.pk))
    # A comment whose commit refresh never ran and a counter gone wrong, as a bulk writer
    # (an import) leaves them before its recount.
    extra = make_comment(story=polled)
    Story.objects.filter(pk=polled.pk).update(comment_count=0)
    assert extra.pk not in [c["id"] for c in live_state(polled.pk)["comments"]]
    unpolled_version = unpolled.thread_version
    with django_capture_on_commit_callbacks(execute=True):
        thread_counters_recount(story_ids=[polled.pk, unpolled.pk])
    after = cache.get(LIVE_KEY.format(story_id=polled.pk))
    assert after["version"] > before["version"]
    assert after["count"] == 2
    assert extra.pk in [c["id"] for c in after["comments"]]
    assert cache.get(LIVE_KEY.format(story_id=unpolled.pk)) is None
    unpolled.refresh_from_db()
    assert unpolled.thread_version == unpolled_version + 1
    assert live_state(unpolled.pk)["version"] == unpolled.thread_version  # built on first poll
