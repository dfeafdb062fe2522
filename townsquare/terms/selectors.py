"""Read-side queries for the Terms of Service and Community Guidelines."""

from __future__ import annotations

from townsquare.terms.models import TermsVersion


def terms_current(*, kind: str) -> TermsVersion | None:
    return TermsVersion.objects.filter(kind=kind).order_by("-version").first()


def terms_version(*, kind: str, version: int) -> TermsVersion | None:
    return TermsVersion.objects.filter(kind=kind, version=version).first()
