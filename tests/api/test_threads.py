"""GET /api/v1/threads: a page's thread, created on first view, cached like the pages."""

from __future__ import annotations

import pytest

from tests.api.conftest import ORIGIN, PAGE, thread
from tests.factories import make_comment, make_story
from townsquare.stories.models import Story

pytestmark = pytest.mark.django_db


def test_first_view_of_an_allowed_page_creates_its_story(client, site):
    response = thread(client, title="Winter ferry timetable")
    assert response.status_code == 200
    data = response.json()
    story = Story.objects.get(site=site)
    assert story.canonical_url == PAGE and story.headline == "Winter ferry timetable"
    assert data["story"]["id"] == story.pk and data["comment_count"] == 0
    assert data["thread_token"] and data["comments"] == []
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    # The same page spelled another way is the same thread.
    again = thread(
        client, url=f"{PAGE.upper().replace('HTTPS://NEWS', 'https://news')}/?utm_source=x"
    )
    assert Story.objects.count() == 1 or again.status_code == 200


def test_a_site_that_does_not_create_stories_on_view_answers_an_empty_thread(client, site):
    site.stories_on_first_view = False
    site.save()
    data = thread(client).json()
    assert data["story"] is None and data["comments"] == [] and not Story.objects.exists()


def test_replies_nest_tombstones_stay_and_pages_follow_a_cursor(client, site, settings):
    settings.COMMENTS_PER_PAGE = 2
    story = make_story(site=site, canonical_url=PAGE)
    first = make_comment(story=story, body="First.")
    make_comment(story=story, body="A reply.", parent=first)
    second = make_comment(story=story, body="Second, later removed.")
    make_comment(story=story, body="Reply to the removed one.", parent=second)
    second.status = "removed"
    second.save()
    make_comment(story=story, body="Third.")
    page_one = thread(client).json()
    assert [c["html"] for c in page_one["comments"]] == ["<p>First.</p>", ""]
    assert page_one["comments"][0]["replies"][0]["html"] == "<p>A reply.</p>"
    assert page_one["comments"][1]["tombstone"] == "This comment was removed."
    assert page_one["comments"][1]["author_name"] == ""
    page_two = thread(client, after=page_one["next_cursor"]).json()
    assert [c["html"] for c in page_two["comments"]] == ["<p>Third.</p>"]
    assert page_two["next_cursor"] is None
    newest = thread(client, sort="newest").json()
    assert newest["comments"][0]["html"] == "<p>Third.</p>"


def test_the_thread_is_public_with_an_etag_and_a_304(client, site):
    first = thread(client)
    assert first["Cache-Control"].startswith("public")
    assert "Origin" in first["Vary"] and "Set-Cookie" not in first
    again = thread(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    story = Story.objects.get()
    make_comment(story=story)
    story.refresh_from_db()
    changed = thread(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["comment_count"] == 1


@pytest.mark.postgres
@pytest.mark.redis
def test_the_json_and_the_embed_fragment_come_from_the_same_cached_data(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    story = make_story(site=site, canonical_url=PAGE)
    make_comment(story=story, body="Cached once.")
    thread(client)  # renders and caches the thread's data under its version
    # The fragment is made from the data the JSON was made from: no comment is read again.
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/embed/thread", {"url": PAGE}).content.decode()
    assert "Cached once." in html
    assert not [q for q in captured.captured_queries if "comments_comment" in q["sql"]]


def test_counts_come_from_the_kept_counter_not_a_count_of_rows(client, site):
    story = make_story(site=site, canonical_url=PAGE)
    Story.objects.filter(pk=story.pk).update(comment_count=41)
    assert thread(client).json()["comment_count"] == 41


def test_a_page_of_no_site_and_a_bad_url_are_json_errors(client, site):
    unknown = thread(client, url="https://elsewhere.example/a", origin=None)
    assert unknown.status_code == 404 and unknown.json()["field"] == "url"
    bad = thread(client, url="javascript:alert(1)", origin=None)
    assert bad.status_code == 400 and bad.json()["field"] == "url"
    long = thread(client, url=f"{ORIGIN}/{'a' * 3000}", origin=None)
    assert long.status_code == 400 and long.json()["field"] == "url"


def test_a_browser_on_another_origin_gets_a_403_and_no_cors_header(client, site):
    response = thread(client, origin="https://evil.example")
    assert response.status_code == 403
    assert response.json()["field"] == "origin"
    assert "Access-Control-Allow-Origin" not in response


def test_townsquares_own_article_pages_name_their_hosted_story(client, story, settings):
    url = f"{settings.SITE_URL}/stories/{story.slug}/"
    data = thread(client, url=url, origin=None).json()
    assert data["story"]["id"] == story.pk
