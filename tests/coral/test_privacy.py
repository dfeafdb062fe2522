"""The comment's text is scored and forgotten: no table, cache row or log line keeps it."""

from __future__ import annotations

import base64
import io
import logging
import pickle

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from tests.coral.conftest import (
    INSULT,
    SECRET,
    coral_json,
    coral_post,
    coral_signature,
    place_in_band,
)
from townsquare.coral.services import coral_phase_settings_set

pytestmark = pytest.mark.django_db

MARK = "barnacle-7741"  # a word no fixture writes, to look for


def test_no_text_is_stored_or_logged_whatever_the_answer(client, coral_site, live_secret, caplog):
    coral_phase_settings_set(site=coral_site, reject_directed=True)
    text = f"{INSULT} {MARK}"
    with caplog.at_level(logging.DEBUG):
        for band in ("none", "nudge", "hold", "reject"):
            place_in_band(coral_site, text, band)
            body = coral_json(text, action="EDIT" if band == "hold" else "NEW", parent=band)
            response = coral_post(client, coral_site.slug, body, coral_signature(body, SECRET))
            assert response.status_code in (200, 204)
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert MARK not in dump.getvalue()
    rows = cache_rows()
    assert rows, "the replay keys should be in the shared cache"
    assert not any(MARK in key or MARK in value for key, value in rows)
    assert MARK not in caplog.text


def cache_rows() -> list[tuple[str, str]]:
    """Every key and value in the shared cache, values unpickled as the cache reads them."""
    if settings.REDIS_URL:
        client = cache._cache.get_client()
        return [
            (key.decode(), repr(cache._cache._serializer.loads(client.get(key))))
            for key in client.scan_iter()
        ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM townsquare_cache")
        # The database cache keeps base64 of a pickle.
        return [(key, repr(pickle.loads(base64.b64decode(v)))) for key, v in cursor.fetchall()]
