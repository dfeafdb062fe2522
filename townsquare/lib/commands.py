"""Management commands that need the database: one check that it exists and is migrated.

A command run before ``townsquare migrate`` (a fresh install, a new ``DATABASE_URL``, an upgrade
whose migrations are not applied yet) used to end in a traceback about a missing table. Commands
that read or write the database derive from ``DatabaseCommand``, which says what is wrong and
what to run instead, before the command does anything.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

MIGRATE_FIRST = "run `townsquare migrate` first"


def database_problem(*, using: str = DEFAULT_DB_ALIAS) -> str | None:
    """Why the database cannot serve a command yet, in words; None when it is fully migrated.

    (A SQLite file that does not exist yet reads as empty: the settings create it, private.)
    """
    try:
        executor = MigrationExecutor(connections[using])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return f"the database cannot be reached ({str(exc).strip()})"
    if plan and not executor.loader.applied_migrations:
        return "the database is empty (never migrated)"
    if plan:
        apps = sorted({migration.app_label for migration, _ in plan})
        return (
            f"the database lacks {len(plan)} migration{'s' if len(plan) != 1 else ''} "
            f"(of {', '.join(apps)})"
        )
    return None


def database_require(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise ``CommandError`` saying what to do when the database is absent or unmigrated."""
    problem = database_problem(using=using)
    if problem is None:
        return
    if problem.startswith("the database cannot be reached"):
        raise CommandError(f"{problem}: check DATABASE_URL, then {MIGRATE_FIRST} if it is new.")
    raise CommandError(f"{problem}: {MIGRATE_FIRST}.")


class DatabaseCommand(BaseCommand):
    """A command that reads or writes the database: refuses to start on an unmigrated one.

    Django's ``requires_migrations_checks`` only prints a warning and carries on into the
    traceback; here the check stops the command with the one thing to do.
    """

    requires_migrations_checks = True

    def check_migrations(self) -> None:
        database_require()
