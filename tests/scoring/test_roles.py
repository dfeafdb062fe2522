"""Who manages analysis keys in the admin: Administrators, not Moderators; reversibly."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from townsquare.accounts.services import moderator_create
from townsquare.scoring.models import AnalysisKey


def _staff(*, administrator: bool) -> Client:
    user = moderator_create(
        username="admin1" if administrator else "mod1",
        email="a@example.org" if administrator else "m@example.org",
        password="harbour-lights-4471",
        administrator=administrator,
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_an_administrator_makes_a_key_in_the_admin_and_a_moderator_cannot(site):
    moderator = _staff(administrator=False)
    assert moderator.get("/admin/scoring/analysiskey/add/").status_code == 403
    administrator = _staff(administrator=True)
    response = administrator.post(
        "/admin/scoring/analysiskey/add/", {"site": site.pk, "name": "Coral"}, follow=True
    )
    assert "will not be shown again" in response.content.decode()
    assert AnalysisKey.objects.filter(site=site).count() == 1
    assert (
        administrator.get(f"/admin/scoring/analysiscall/?site__id__exact={site.pk}").status_code
        == 200
    )
    assert administrator.get("/admin/scoring/sitescoring/add/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_grant_migration_reverses():
    def codenames() -> set[str]:
        return set(
            Group.objects.get(name="Administrator").permissions.values_list("codename", flat=True)
        )

    assert "add_analysiskey" in codenames()
    try:
        MigrationExecutor(connection).migrate(
            [("scoring", "0001_add_analysis_keys_calls_feedback")]
        )
        assert "add_analysiskey" not in codenames()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert "add_analysiskey" in codenames()
