"""Write-side services for the Terms of Service and Community Guidelines."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from townsquare.lib.http_cache import site_version_bump
from townsquare.terms.models import TermsVersion


@transaction.atomic
def terms_publish(*, kind: str, title: str, body: str) -> TermsVersion:
    """Publish a new version; earlier versions stay, because comments refer to them."""
    latest = (
        TermsVersion.objects.select_for_update()
        .filter(kind=kind)
        .aggregate(latest=Max("version"))["latest"]
    )
    version = TermsVersion.objects.create(
        kind=kind, version=(latest or 0) + 1, title=title, body=body
    )
    # Every page's reply form names the current Terms: cached public pages must be rendered anew.
    transaction.on_commit(site_version_bump)
    return version
