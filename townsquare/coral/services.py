"""Writes for the Coral phase: a site's signing secrets and its phase settings.

The admin and the ``coral-secret`` command both call these.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from townsquare.coral.models import CoralPhaseSettings, CoralSigningSecret
from townsquare.sites.models import Site

PREFIX_LENGTH = 12
SECRET_MIN_LENGTH = 16
SECRET_MAX_LENGTH = 200
# Coral's secrets are "empsec_" and hex; any printable ASCII without spaces is accepted, so a
# secret from a Coral version that formats them differently still fits.
_SECRET_RE = re.compile(r"[\x21-\x7e]+")
# A secret's last use is written at most this often, not once per comment.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def coral_secret_clean(secret: str, *, site: Site | None = None) -> str:
    """The secret as it will be stored, or ``ValidationError`` saying what is wrong with it.

    With ``site``, a secret that site already has live is refused too.
    """
    secret = (secret or "").strip()
    if not secret:
        raise ValidationError({"secret": "Paste the signing secret that Coral shows."})
    if not _SECRET_RE.fullmatch(secret):
        raise ValidationError(
            {"secret": "A signing secret has no spaces and only printable ASCII characters."}
        )
    if not SECRET_MIN_LENGTH <= len(secret) <= SECRET_MAX_LENGTH:
        raise ValidationError(
            {
                "secret": f"A signing secret is {SECRET_MIN_LENGTH} to {SECRET_MAX_LENGTH} "
                f"characters long; this one has {len(secret)}."
            }
        )
    if (
        site is not None
        and CoralSigningSecret.objects.filter(
            site=site, secret=secret, revoked_at__isnull=True
        ).exists()
    ):
        raise ValidationError({"secret": f"Site “{site.slug}” already has this secret, live."})
    return secret


@transaction.atomic
def coral_secret_create(*, site: Site, secret: str, name: str = "") -> CoralSigningSecret:
    """Keep a signing secret that Coral made for ``site``'s phase, live at once.

    Raises ``ValidationError`` for a malformed secret or one this site already has live. Other
    live secrets stay live (Coral signs with the old and new one while it rotates); revoke the
    old one with ``coral_secret_revoke`` once Coral has stopped using it.
    """
    secret = coral_secret_clean(secret, site=site)
    name = (name or "").strip()[:100]
    return CoralSigningSecret.objects.create(
        site=site, secret=secret, name=name, prefix=secret[:PREFIX_LENGTH]
    )


def coral_secret_revoke(*, secret: CoralSigningSecret) -> bool:
    """Stop accepting ``secret``; False when it was revoked already."""
    now = timezone.now()
    changed = CoralSigningSecret.objects.filter(pk=secret.pk, revoked_at__isnull=True).update(
        revoked_at=now
    )
    if changed:
        secret.revoked_at = now
    return bool(changed)


def coral_secret_used(*, secret: CoralSigningSecret) -> None:
    """Note that a request signed with ``secret`` was accepted (written once a minute at most)."""
    now = timezone.now()
    CoralSigningSecret.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_GRANULARITY),
        pk=secret.pk,
    ).update(last_used_at=now)


@transaction.atomic
def coral_phase_settings_set(*, site: Site, reject_directed: bool) -> CoralPhaseSettings:
    """Set whether the phase may reject ``site``'s directed attacks and threats outright."""
    found, _ = CoralPhaseSettings.objects.update_or_create(
        site=site, defaults={"reject_directed": reject_directed}
    )
    return found
