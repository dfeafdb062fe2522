"""The staff-role migrations are reversible."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _codenames(name: str) -> set[str]:
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def _first_roles_made_again_if_flushed() -> None:
    # A transactional test before this one flushes the tables, and with them the groups that the
    # first migration made; make them as that migration did, with its models.
    if Group.objects.filter(name="Moderator").exists():
        return
    first = importlib.import_module("townsquare.accounts.migrations.0001_create_staff_groups")
    state = MigrationExecutor(connection).loader.project_state(
        ("accounts", "0002_create_cache_table")
    )
    first.create_staff_groups(state.apps, None)


@pytest.mark.django_db(transaction=True)
def test_reading_settings_migration_reverses_to_the_first_roles():
    try:
        MigrationExecutor(connection).migrate([("accounts", "0002_create_cache_table")])
        _first_roles_made_again_if_flushed()
        before = _codenames("Moderator")
        assert "change_comment" in before and "view_story" not in before
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    after = _codenames("Moderator")
    assert {"view_story", "view_moderationpolicy"} <= after and "change_comment" not in after


@pytest.mark.django_db(transaction=True)
def test_administrators_managing_sites_webhooks_and_tokens_reverses():
    # A transactional test before this one may have flushed the groups: 0005 runs either way.
    given = {"change_site", "add_webhook", "view_webhookdelivery", "add_apitoken"}
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("accounts", "0004_add_api_token")])
        Group.objects.get_or_create(name="Administrator")
        Group.objects.get_or_create(name="Moderator")
        assert not given & _codenames("Administrator")
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        assert given <= _codenames("Administrator") and not given & _codenames("Moderator")
        executor = MigrationExecutor(connection)
        executor.migrate([("accounts", "0004_add_api_token")])
        assert not given & _codenames("Administrator")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
