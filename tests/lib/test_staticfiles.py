"""townsquare/lib/staticfiles.py: file descriptions made once per process, never stale."""

from __future__ import annotations

import os

from django.test import Client

from townsquare.lib.staticfiles import StaticFilesMiddleware


def _middleware() -> StaticFilesMiddleware:
    return StaticFilesMiddleware(lambda request: None)


def test_a_second_middleware_reuses_the_first_ones_descriptions():
    first, second = _middleware(), _middleware()
    assert "/static/townsquare/site.css" in first.files
    assert second.files["/static/townsquare/site.css"] is first.files["/static/townsquare/site.css"]


def test_a_changed_file_gets_a_new_description(settings, tmp_path):
    folder = tmp_path / "static"
    folder.mkdir()
    settings.STATICFILES_DIRS = [folder, *settings.STATICFILES_DIRS]
    note = folder / "note.txt"
    note.write_text("first")
    before = Client().get("/static/note.txt")
    assert b"".join(before.streaming_content) == b"first"
    assert before["Content-Length"] == "5"

    note.write_text("the second, longer")
    os.utime(note, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    after = Client().get("/static/note.txt")
    assert b"".join(after.streaming_content) == b"the second, longer"
    assert after["Content-Length"] == "18"
    assert after["ETag"] != before["ETag"]
