"""/robots.txt, /sitemap.xml and the RSS feed /feed/: hosted, published stories only."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from tests.factories import make_story

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def stories(settings):
    settings.SITE_URL = "https://comments.example.org"
    return {
        "hosted": make_story(slug="ferry-timetable", headline="Ferry timetable changes"),
        "older": make_story(
            slug="harbour-vote",
            headline="Harbour vote & the <council>",
            published_at=timezone.now() - timedelta(days=2),
        ),
        "draft": make_story(slug="draft", headline="Not yet", published_at=None),
        "future": make_story(
            slug="embargoed",
            headline="Embargoed",
            published_at=timezone.now() + timedelta(days=1),
        ),
        "cms": make_story(
            slug="cms-page",
            headline="A page on the CMS",
            body="",
            canonical_url="https://news.example/2026/cms-page/",
        ),
    }


def test_the_sitemap_lists_the_front_page_and_the_published_hosted_stories(client, stories):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    assert locations == [
        "https://comments.example.org/",
        "https://comments.example.org/stories/ferry-timetable/",
        "https://comments.example.org/stories/harbour-vote/",
    ]
    assert len(root.findall("s:url/s:lastmod", SITEMAP_NS)) == 2


def test_the_feed_is_rss_of_the_published_hosted_stories_newest_first(client, stories):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("link") == "https://comments.example.org/"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [
        "Ferry timetable changes",
        "Harbour vote & the <council>",
    ]
    assert items[0].findtext("link") == "https://comments.example.org/stories/ferry-timetable/"
    assert items[0].findtext("description") == stories["hosted"].standfirst
    assert items[0].findtext("pubDate")


def test_robots_txt_allows_articles_and_keeps_crawlers_off_staff_api_and_write_paths(
    client, stories
):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow:")}
    assert {"/admin/", "/moderate/", "/api/", "/stories/*/comments/", "/your-data/"} <= disallowed
    assert not any("/stories/ferry-timetable/".startswith(p) for p in disallowed)
    assert "Sitemap: https://comments.example.org/sitemap.xml" in lines
    assert client.head("/robots.txt").status_code == 200
