from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ModerationConfig(AppConfig):
    name = "townsquare.moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from townsquare.civility.decisions import decisions_source_register
        from townsquare.lib.periodic import periodic_task_register
        from townsquare.moderation.learning import decisions_as_examples
        from townsquare.moderation.retention import raw_ips_expire_task

        post_migrate.connect(_restore_sqlite_search_triggers, sender=self)
        # `civility learn --from-decisions` learns from this site's moderators' decisions.
        decisions_source_register(decisions_as_examples)
        # Raw IP addresses kept past IP_RETENTION_DAYS are blanked once a day.
        periodic_task_register(raw_ips_expire_task, every=24 * 3600)


def _restore_sqlite_search_triggers(sender, using="default", **kwargs) -> None:
    """Re-create the SQLite full-text triggers if a table rebuild dropped them.

    Django's SQLite schema editor rebuilds a table (copy, drop, rename) for many changes, and
    dropping comments_comment drops its triggers with it; without them, search would silently
    stop seeing new comments. After every migrate the triggers are checked and, if any was
    missing, re-created and the index rebuilt from the comments.
    """
    from django.db import connections

    from townsquare.moderation.migrations import _search

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        names = {
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
            ).fetchall()
        }
        if _search.FTS_TABLE not in names:
            return  # the search migration has not run (e.g. migrating backwards)
        expected = {f"{_search.FTS_TABLE}_{event}" for event in ("insert", "delete", "update")}
        if expected <= names:
            return
        for statement in _search.SQLITE_TRIGGERS:
            cursor.execute(statement)
        cursor.execute(_search.SQLITE_REBUILD)
