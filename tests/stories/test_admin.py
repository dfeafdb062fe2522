"""An editor can publish an article with a photo through the Django admin."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

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
