"""A story made by a page's first view: who may make one, and where its claimed headline shows.

The title a browser sends with a page's first view is a claim anyone can make. Only the embed's
own request (a browser on one of the site's allowed origins, within a per-client rate) creates
the story; it stays off the front page, and our pages do not print its headline as the
newsroom's, until the page's own metadata or an editor confirms it.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import ORIGIN, PAGE
from tests.factories import make_site, make_story
from townsquare.stories.models import Story
from townsquare.stories.services import story_save

pytestmark = pytest.mark.django_db

FORGED = "Newsroom admits it made everything up"


@pytest.fixture
def site(db):
    return make_site(origins=[ORIGIN])


def _api_thread(client, url: str = PAGE, *, origin: str | None = ORIGIN, ip: str = "192.0.2.10"):
    extra = {"REMOTE_ADDR": ip}
    if origin:
        extra["HTTP_ORIGIN"] = origin
    return client.get("/api/v1/threads", {"url": url, "title": FORGED}, **extra)


def test_curl_without_an_origin_reads_a_thread_but_creates_no_story(client, site):
    response = client.get("/api/v1/threads", {"url": PAGE, "title": FORGED})
    assert response.status_code == 200 and response.json()["story"] is None
    include = client.get("/embed/thread", {"url": PAGE, "title": FORGED})
    assert include.status_code == 200
    assert not Story.objects.exists()
    # No shared cache may keep that empty thread: the next reader's embed makes the story.
    assert response["Cache-Control"] == include["Cache-Control"] == "private, no-store"
    # An existing thread is still read without an Origin (a CMS's server, an API client).
    story = make_story(site=site, canonical_url=PAGE, headline="Ferry timetable")
    assert client.get("/api/v1/threads", {"url": PAGE}).json()["story"]["id"] == story.pk
    assert client.get("/embed/thread", {"url": PAGE}).status_code == 200


def test_the_embeds_own_request_creates_an_unconfirmed_story(client, site):
    script = client.get(
        "/embed/thread",
        {"url": PAGE, "mode": "script", "title": FORGED},
        HTTP_ORIGIN=ORIGIN,
    )
    assert script.status_code == 200
    story = Story.objects.get()
    assert story.headline == FORGED and not story.metadata_confirmed
    # Its slug (part of an address on the newsroom's own domain) comes from the URL, not from
    # words anyone could send.
    assert story.slug.startswith("2026-ferry-timetable-")


@pytest.mark.redis
def test_first_views_are_limited_per_client_and_loosely_per_network(client, site, settings):
    settings.FIRST_VIEW_STORIES_PER_HOUR = 2
    settings.NETWORK_FIRST_VIEW_STORIES_PER_HOUR = 3
    for n in range(3):
        _api_thread(client, f"{ORIGIN}/page-{n}", ip="198.51.100.7")
    assert Story.objects.count() == 2  # the third page from that client made nothing
    refused = _api_thread(client, f"{ORIGIN}/page-2", ip="198.51.100.7")
    assert refused.status_code == 200 and refused.json()["story"] is None
    # Another client on the same network still may, until the network's looser limit.
    _api_thread(client, f"{ORIGIN}/page-3", ip="198.51.100.8")
    assert Story.objects.count() == 3
    _api_thread(client, f"{ORIGIN}/page-4", ip="198.51.100.9")
    assert Story.objects.count() == 3
    # Elsewhere, readers are not affected; and reading an existing thread is never counted.
    _api_thread(client, f"{ORIGIN}/page-5", ip="203.0.113.5")
    assert Story.objects.count() == 4
    assert _api_thread(client, f"{ORIGIN}/page-0", ip="198.51.100.7").json()["story"]


def test_the_front_page_lists_hosted_articles_only(client, site):
    make_story(headline="Hosted council report")
    _api_thread(client)
    assert Story.objects.filter(canonical_url=PAGE).exists()
    html = client.get("/").content.decode()
    assert "Hosted council report" in html and FORGED not in html


def test_a_site_may_list_its_pages_once_their_headline_is_confirmed(client, site):
    site.front_page_lists_pages = True
    site.save()
    _api_thread(client)
    story = Story.objects.get(canonical_url=PAGE)
    assert FORGED not in client.get("/").content.decode()
    # An editor's headline (or the page's own: tests/stories/test_metadata.py) is the
    # newsroom's word.
    story.headline = "Winter ferry timetable"
    story_save(story=story, actor=None)
    story.refresh_from_db()
    assert story.metadata_confirmed
    assert "Winter ferry timetable" in client.get("/").content.decode()
    # Another site's confirmed page story stays off: that site did not ask for it.
    make_story(
        site=make_site(),
        canonical_url="https://gazette.example/x",
        headline="Other site's page",
    )
    assert "Other site's page" not in client.get("/").content.decode()


def test_a_claimed_headline_is_not_printed_as_the_newsrooms(client, site):
    _api_thread(client)
    story = Story.objects.get()
    page = client.get(story.get_absolute_url()).content.decode()
    assert FORGED not in page
    assert "Comments on news.example.org/2026/ferry-timetable" in page
    data = client.get("/api/v1/threads", {"url": PAGE}).json()
    assert data["story"]["headline"] == "Comments on news.example.org/2026/ferry-timetable"


def test_mail_to_readers_does_not_carry_a_claimed_headline(
    site, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    from django.contrib.auth.models import Group, User

    from tests.factories import make_comment
    from townsquare.moderation.policy import moderation_policy
    from townsquare.moderation.services import comment_remove

    policy = moderation_policy()
    policy.notify_rejections = True
    policy.save(update_fields=["notify_rejections"])
    story = make_story(
        site=site, canonical_url=PAGE, headline=FORGED, body="", metadata_confirmed=False
    )
    moderator = User.objects.create_user("mo", password="not-used-here")
    moderator.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    comment = make_comment(story=story)
    with django_capture_on_commit_callbacks(execute=True):
        comment_remove(comment=comment, reason="spam", actor=moderator)
    run_tasks()
    (mail,) = mailoutbox
    assert FORGED not in mail.subject and FORGED not in mail.body
    assert "news.example.org/2026/ferry-timetable" in mail.subject
