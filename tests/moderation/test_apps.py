import pytest
from django.db import connection

from tests.factories import make_comment
from townsquare.moderation.apps import _restore_sqlite_search_triggers
from townsquare.moderation.queue import comment_search


@pytest.mark.django_db
def test_post_migrate_restores_search_triggers_dropped_by_a_table_rebuild(story):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 triggers are SQLite's")
    with connection.cursor() as cursor:
        for event in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER moderation_comment_fts_{event}")
    lost = make_comment(story=story, body="Dredging spoil belongs offshore")
    assert lost not in comment_search(query="offshore")
    _restore_sqlite_search_triggers(sender=None)
    assert lost in comment_search(query="offshore")
    found = make_comment(story=story, body="The seawall needs rebar")
    assert found in comment_search(query="rebar")
