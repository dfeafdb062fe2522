"""Who manages analysis keys in the admin: Administrators, not Moderators; reversibly."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group
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


@pytest.mark.django_db
def test_the_grant_migration_reverses():
    """Its functions run on the real app registry, inside the test's transaction, so no other
    test's flushed database can leave the group missing."""
    from django.apps import apps

    grant = importlib.import_module(
        "townsquare.scoring.migrations.0002_administrators_manage_scoring"
    )
    group, _ = Group.objects.get_or_create(name="Administrator")

    def codenames() -> set[str]:
        return set(group.permissions.values_list("codename", flat=True))

    grant.forwards(apps, None)
    assert {"add_analysiskey", "change_sitescoring", "view_analysiscall"} <= codenames()
    grant.backwards(apps, None)
    assert not {"add_analysiskey", "change_sitescoring", "view_analysiscall"} & codenames()
    grant.forwards(apps, None)
    assert "add_analysiskey" in codenames()
