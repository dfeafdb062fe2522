"""Administrators paste Coral's secret in the admin and set a site's opt-in to rejections."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.coral.conftest import SECRET
from townsquare.coral.models import CoralPhaseSettings, CoralSigningSecret

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("harbourmaster", "hm@example.org", "tide-charts-9981")
    client.force_login(user)
    return client


def test_a_secret_pasted_in_the_admin_is_kept_and_never_shown_again(admin_client, coral_site):
    response = admin_client.post(
        "/admin/coral/coralsigningsecret/add/",
        {"site": coral_site.pk, "name": "Coral phase", "secret": f"  {SECRET}\n"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    kept = CoralSigningSecret.objects.get()
    assert kept.secret == SECRET and kept.prefix == SECRET[:12]
    listing = admin_client.get("/admin/coral/coralsigningsecret/").content.decode()
    change = admin_client.get(f"/admin/coral/coralsigningsecret/{kept.pk}/change/").content.decode()
    assert SECRET[:12] in listing
    assert SECRET not in listing and SECRET not in change


def test_the_admin_refuses_a_malformed_or_repeated_secret(admin_client, coral_site):
    response = admin_client.post(
        "/admin/coral/coralsigningsecret/add/", {"site": coral_site.pk, "secret": "short"}
    )
    assert response.status_code == 200 and "16 to 200 characters" in response.content.decode()
    admin_client.post(
        "/admin/coral/coralsigningsecret/add/", {"site": coral_site.pk, "secret": SECRET}
    )
    response = admin_client.post(
        "/admin/coral/coralsigningsecret/add/", {"site": coral_site.pk, "secret": SECRET}
    )
    assert "already has this secret" in response.content.decode()
    assert CoralSigningSecret.objects.count() == 1


def test_revoking_from_the_admin(admin_client, coral_site):
    admin_client.post(
        "/admin/coral/coralsigningsecret/add/", {"site": coral_site.pk, "secret": SECRET}
    )
    kept = CoralSigningSecret.objects.get()
    admin_client.post(
        "/admin/coral/coralsigningsecret/",
        {"action": "revoke", "_selected_action": [kept.pk]},
    )
    kept.refresh_from_db()
    assert kept.revoked_at is not None


def test_a_site_opts_in_to_rejections_in_the_admin(admin_client, coral_site):
    response = admin_client.post(
        "/admin/coral/coralphasesettings/add/", {"site": coral_site.pk, "reject_directed": "on"}
    )
    assert response.status_code == 302
    assert CoralPhaseSettings.objects.get(site=coral_site).reject_directed is True


def test_only_the_name_of_a_kept_secret_can_be_changed(admin_client, coral_site):
    admin_client.post(
        "/admin/coral/coralsigningsecret/add/", {"site": coral_site.pk, "secret": SECRET}
    )
    kept = CoralSigningSecret.objects.get()
    response = admin_client.post(
        f"/admin/coral/coralsigningsecret/{kept.pk}/change/",
        {"name": "Rotated in May", "secret": "empsec_" + "0" * 64, "site": 999},
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.name == "Rotated in May" and kept.secret == SECRET and kept.site == coral_site
