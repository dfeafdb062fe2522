"""POST /api/v1/comments/{id}/reports, GET and POST /api/v1/counts, GET …/replies, /forms."""

from __future__ import annotations

import pytest

from tests.api.conftest import ORIGIN, PAGE, post_json, thread
from tests.factories import make_comment, make_story
from townsquare.moderation.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(site):
    return make_comment(story=make_story(site=site, canonical_url=PAGE), body="Reported.")


def test_a_report_is_filed_once_per_device(client, comment):
    url = f"/api/v1/comments/{comment.pk}/reports"
    first = post_json(client, url, {"reason": "spam", "details": "An advert."})
    assert first.status_code == 201
    device = first.json()["device_token"]
    again = post_json(client, url, {"reason": "spam", "device_token": device})
    assert again.status_code == 409 and again.json()["code"] == "duplicate"
    bad = post_json(client, url, {"reason": "because"})
    assert bad.status_code == 400 and bad.json()["field"] == "reason"
    assert Report.objects.count() == 1


def test_reports_from_another_origin_or_on_hidden_comments_are_refused(client, comment):
    url = f"/api/v1/comments/{comment.pk}/reports"
    assert (
        post_json(client, url, {"reason": "spam"}, origin="https://evil.example").status_code == 403
    )
    comment.status = "pending"
    comment.save()
    assert post_json(client, url, {"reason": "spam"}).status_code == 404
    assert (
        post_json(client, f"/api/v1/comments/{2**70}/reports", {"reason": "spam"}).status_code
        == 400
    )


def test_counts_for_many_urls_in_one_request(client, site, story, settings):
    cms = make_story(site=site, canonical_url=PAGE)
    for _ in range(3):
        make_comment(story=cms)
    make_comment(story=story)
    hosted = f"{settings.SITE_URL}/stories/{story.slug}/"
    urls = [PAGE, f"{PAGE}#comments", f"{ORIGIN}/nothing-here", hosted, "https://nosite.example/x"]
    response = client.get("/api/v1/counts", {"url": urls}, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response.json()["counts"] == {
        PAGE: 3,
        f"{PAGE}#comments": 3,
        f"{ORIGIN}/nothing-here": 0,
        hosted: 1,
        "https://nosite.example/x": 0,
    }
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert (
        client.get("/api/v1/counts", {"url": urls}, HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )
    body = post_json(client, "/api/v1/counts", {"urls": urls}).json()
    assert body == response.json()


def test_counts_cost_one_query_per_site_whatever_the_number_of_urls(
    client, site, django_assert_max_num_queries
):
    urls = [f"{ORIGIN}/story-{n}" for n in range(100)]
    with django_assert_max_num_queries(2):  # the sites, then the site's stories
        assert client.get("/api/v1/counts", {"url": urls}).status_code == 200
    too_many = client.get("/api/v1/counts", {"url": [*urls, f"{ORIGIN}/x"]})
    assert too_many.status_code == 400 and too_many.json()["field"] == "urls"
    assert client.get("/api/v1/counts", {"url": "ftp://x"}).status_code == 400
    assert (
        client.get("/api/v1/counts", {"url": PAGE}, HTTP_ORIGIN="https://evil.example").status_code
        == 403
    )


def test_replies_page_every_reply_under_a_comment(client, site, settings):
    settings.COMMENTS_REPLIES_SHOWN = 1
    settings.COMMENTS_REPLIES_PER_PAGE = 2
    story = make_story(site=site, canonical_url=PAGE)
    top = make_comment(story=story, body="Top.")
    for n in range(3):
        make_comment(story=story, parent=top, body=f"Reply {n}.")
    first = thread(client).json()["comments"][0]
    assert len(first["replies"]) == 1 and first["more_replies"] == 2
    page = client.get(f"/api/v1/comments/{top.pk}/replies").json()
    assert [r["html"] for r in page["comment"]["replies"]] == ["<p>Reply 0.</p>", "<p>Reply 1.</p>"]
    rest = client.get(f"/api/v1/comments/{top.pk}/replies", {"after": page["next_cursor"]}).json()
    assert [r["html"] for r in rest["comment"]["replies"]] == ["<p>Reply 2.</p>"]
    assert client.get(f"/api/v1/comments/{top.pk + 99}/replies").status_code == 404


def test_a_form_is_fresh_for_everyone_and_never_cached(client, site, terms):
    token = thread(client).json()["thread_token"]
    response = post_json(client, "/api/v1/forms", {"thread_token": token})
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["form_started"] and data["device_token"] and data["terms_version"] == terms.pk
