"""The report form's page: the strings its counter script shows come with the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_comment, make_site, make_story

pytestmark = pytest.mark.django_db


def script_strings(html: str) -> dict:
    block = re.search(r'<script id="ts-strings" type="application/json">(.*?)</script>', html)
    return json.loads(block.group(1))


def test_the_counter_speaks_the_storys_language_with_its_plural_forms(reader):
    """report.js picks a form by the browser's plural rules for the page's ``lang``; French says
    "1 caractère" and "0 caractère" (one), "2 caractères" (other)."""
    comment = make_comment(story=make_story(site=make_site(language="fr")))
    html = reader.get(f"/comments/{comment.pk}/report/").content.decode()
    assert '<html lang="fr">' in html
    strings = script_strings(html)
    assert strings["left"] == {
        "one": "Il reste %(count)s caractère.",
        "many": "Il reste %(count)s caractères.",
        "other": "Il reste %(count)s caractères.",
    }
    assert strings["over"]["one"] == "%(count)s caractère au-delà de la limite de %(limit)s."
    script = Path(finders.find("townsquare/report.js")).read_text()
    assert set(re.findall(r'plural\("(\w+)"', script)) == set(strings)


def test_an_english_story_gets_english_forms(reader, story):
    comment = make_comment(story=story)
    strings = script_strings(reader.get(f"/comments/{comment.pk}/report/").content.decode())
    assert strings["left"]["one"] == "%(count)s character left."
    assert strings["left"]["other"] == "%(count)s characters left."
