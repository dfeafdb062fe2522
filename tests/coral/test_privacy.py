"""The comment's text is scored and forgotten: no table, cache row or log line keeps it."""

from __future__ import annotations

import base64
import io
import logging
import pickle

import pytest
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
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM townsquare_cache")
        rows = cursor.fetchall()
    assert rows, "the replay keys should be in the shared cache"
    # The database cache keeps base64 of a pickle: read each value back as the cache does.
    values = [repr(pickle.loads(base64.b64decode(value))) for _, value in rows]
    assert not any(MARK in key for key, _ in rows) and not any(MARK in v for v in values)
    assert MARK not in caplog.text
