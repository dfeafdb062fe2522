"""Editors publish articles through the Django admin; only superusers set raw ad HTML."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import make_story
from townsquare.stories.models import Story

pytestmark = pytest.mark.django_db


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 68), (30, 80, 140)).save(buffer, "JPEG")
    return SimpleUploadedFile("harbour.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_editor_publishes_a_story_with_a_photo(client, bystander, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    editor = User.objects.create_superuser("editor", "editor@example.org", "pw-for-tests-1")
    client.force_login(editor)
    response = client.post(
        "/admin/stories/story/add/",
        {
            "headline": "Ferry timetable changes",
            "slug": "ferry-timetable-changes",
            "standfirst": "Two sailings move.",
            "byline": "By Test Editor",
            "dateline": "PORT CALLOW, Me.",
            "body": "First paragraph.\n\nSecond paragraph.",
            "photo": _jpeg(),
            "photo_alt": "A ferry at the pier",
            "photo_caption": "The morning ferry.",
            "photo_credit": "Photo: Test Editor",
            "published_at_0": "2026-01-05",
            "published_at_1": "09:30:00",
            "comments_open": "on",
            "ad_enabled": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Story.objects.get(slug="ferry-timetable-changes")
    assert story.photo.name.endswith(".jpg")
    html = bystander.get(story.get_absolute_url()).content.decode()
    assert "The morning ferry." in html and story.photo.url in html
    assert "Ferry timetable changes" in bystander.get("/").content.decode()


def _change_form(story: Story, **changes) -> dict:
    data = {
        "headline": story.headline,
        "slug": story.slug,
        "standfirst": story.standfirst,
        "byline": story.byline,
        "dateline": story.dateline,
        "body": story.body,
        "photo_alt": "",
        "photo_caption": "",
        "photo_credit": "",
        "published_at_0": "2026-01-05",
        "published_at_1": "09:30:00",
        "comments_open": "on",
        "ad_enabled": "on",
        "ad_after_paragraph": "1",
    }
    data.update(changes)
    return data


def test_an_administrator_sees_ad_html_read_only_and_cannot_post_script(client, bystander):
    ada = User.objects.create_user("ada", password="pw-for-tests-1", is_staff=True)
    ada.groups.add(*Group.objects.filter(name__in=["Moderator", "Administrator"]))
    client.force_login(ada)
    story = make_story()
    page = client.get(f"/admin/stories/story/{story.pk}/change/").content.decode()
    assert 'name="headline"' in page and 'name="ad_html"' not in page

    script = '<script>document.title = "owned"</script>'
    response = client.post(
        f"/admin/stories/story/{story.pk}/change/",
        _change_form(story, headline="Harbour dues frozen", ad_html=script),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert story.headline == "Harbour dues frozen" and story.ad_html == ""
    assert "owned" not in bystander.get(story.get_absolute_url()).content.decode()


def test_a_superuser_sets_ad_html_in_the_admin(client, bystander):
    client.force_login(User.objects.create_superuser("rhea", password="pw-for-tests-1"))
    story = make_story()
    tag = '<script src="https://ads.example/tag.js" async></script>'
    response = client.post(
        f"/admin/stories/story/{story.pk}/change/", _change_form(story, ad_html=tag)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert tag in bystander.get(story.get_absolute_url()).content.decode()
