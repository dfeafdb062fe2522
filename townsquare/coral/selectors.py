"""Reads for the Coral phase: a site's live secrets and its phase settings."""

from __future__ import annotations

from django.db.models import QuerySet

from townsquare.coral.models import CoralPhaseSettings, CoralSigningSecret
from townsquare.sites.models import Site


def coral_secrets_live(*, site: Site) -> list[CoralSigningSecret]:
    """The secrets a request for ``site`` may be signed with (not revoked), newest first."""
    return list(CoralSigningSecret.objects.filter(site=site, revoked_at__isnull=True))


def coral_secrets_list(*, site: Site | None = None) -> QuerySet[CoralSigningSecret]:
    """Every secret (live and revoked), of one site or of all, for the command's listing."""
    secrets = CoralSigningSecret.objects.select_related("site").order_by(
        "site__slug", "-created_at"
    )
    return secrets.filter(site=site) if site is not None else secrets


def coral_secret_by_id(*, pk: int) -> CoralSigningSecret | None:
    return CoralSigningSecret.objects.select_related("site").filter(pk=pk).first()


def coral_phase_settings_for(*, site: Site) -> CoralPhaseSettings:
    """The site's phase settings; the defaults (unsaved) when it has none."""
    found = CoralPhaseSettings.objects.filter(site=site).first()
    return found if found is not None else CoralPhaseSettings(site=site)
