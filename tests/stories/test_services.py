"""Raw advertising HTML runs on every article, so only a superuser may set it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import make_story
from townsquare.stories.models import Story
from townsquare.stories.services import StoryRefused, story_save

pytestmark = pytest.mark.django_db

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
