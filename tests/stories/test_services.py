from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import make_story
from townsquare.lib.urls import InvalidURL
from townsquare.sites.models import Site
from townsquare.sites.selectors import site_default
from townsquare.stories.models import Story
from townsquare.stories.selectors import story_for_canonical_url
from townsquare.stories.services import StoryRefused, story_for_url_get_or_create, story_save

pytestmark = pytest.mark.django_db


def test_a_story_is_created_once_per_page_whatever_the_spelling():
    site = site_default()
    when = datetime(2019, 4, 2, 8, 30, tzinfo=UTC)
    first = story_for_url_get_or_create(
        site=site,
        url="HTTPS://News.Example/harbour/?utm_source=x#c",
        headline=" Harbour  vote ",
        published_at=when,
    )
    assert first.created
    assert first.story.canonical_url == "https://news.example/harbour"
    assert first.story.headline == "Harbour vote"
    assert first.story.published_at == when
    again = story_for_url_get_or_create(site=site, url="https://news.example:443/harbour/")
    assert not again.created and again.story == first.story
    other_site = Site.objects.create(name="Other", slug="other")
    elsewhere = story_for_url_get_or_create(site=other_site, url="https://news.example/harbour")
    assert elsewhere.created and elsewhere.story != first.story


def test_an_untitled_page_takes_its_url_as_headline_and_slugs_never_collide():
    site = site_default()
    a = story_for_url_get_or_create(
        site=site, url="https://n.example/a", headline="Same title"
    ).story
    b = story_for_url_get_or_create(
        site=site, url="https://n.example/b", headline="Same title"
    ).story
    assert a.slug != b.slug
    untitled = story_for_url_get_or_create(site=site, url="https://n.example/c").story
    assert untitled.headline == "https://n.example/c"


def test_only_http_pages_become_stories():
    with pytest.raises(InvalidURL):
        story_for_url_get_or_create(site=site_default(), url="javascript:alert(1)")


def test_story_for_canonical_url_finds_the_sites_story_only():
    story = make_story(canonical_url="https://n.example/x?p=1")
    site = story.site
    assert story_for_canonical_url(site=site, url="https://N.example:443/x/?p=1#top") == story
    assert story_for_canonical_url(site=site, url="https://n.example/x?p=2") is None
    assert story_for_canonical_url(site=site, url="not a url") is None
    other = Site.objects.create(name="Other", slug="other")
    assert story_for_canonical_url(site=other, url="https://n.example/x?p=1") is None


def test_an_imported_story_without_body_links_to_its_page(client):
    story = story_for_url_get_or_create(
        site=site_default(),
        url="https://n.example/page",
        headline="Ferry",
        published_at=datetime(2020, 1, 1, tzinfo=UTC),
    ).story
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'href="https://n.example/page"' in page


# --- raw advertising HTML runs on every article, so only a superuser sets it ---------------

SCRIPT = '<script>document.title = "owned"</script>'


@pytest.fixture
def administrator() -> User:
    """Ada, in the Administrator group (may edit stories) but not a superuser."""
    user = User.objects.create_user("ada", password="x" * 16, is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=["Moderator", "Administrator"]))
    return user


def test_an_administrator_cannot_set_ad_html(administrator):
    story = make_story(headline="Harbour dues rise")
    story.ad_html = SCRIPT
    story.headline = "Changed with it"
    with pytest.raises(StoryRefused, match="Only a superuser"):
        story_save(story=story, actor=administrator)
    stored = Story.objects.get(pk=story.pk)
    assert (stored.ad_html, stored.headline) == ("", "Harbour dues rise")


def test_an_administrator_cannot_create_a_story_with_ad_html(administrator):
    story = Story(slug="new-one", headline="New", body="Text.", ad_html=SCRIPT)
    with pytest.raises(StoryRefused):
        story_save(story=story, actor=administrator)
    assert not Story.objects.filter(slug="new-one").exists()


def test_an_administrator_edits_the_rest_of_a_story_with_ad_html_in_place(administrator):
    story = make_story(ad_html='<a href="https://ads.example/">Harbour Marine sale</a>')
    story.headline = "Ferry fares frozen"
    story_save(story=story, actor=administrator)
    stored = Story.objects.get(pk=story.pk)
    assert stored.headline == "Ferry fares frozen"
    assert stored.ad_html == '<a href="https://ads.example/">Harbour Marine sale</a>'


def test_a_superuser_sets_ad_html():
    root = User.objects.create_superuser("rhea", password="x" * 16)
    story = make_story()
    story.ad_html = '<script src="https://ads.example/tag.js" async></script>'
    story_save(story=story, actor=root)
    assert Story.objects.get(pk=story.pk).ad_html == story.ad_html
