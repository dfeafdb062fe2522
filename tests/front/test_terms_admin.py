"""Terms versions are published through the service and are never edited or deleted after."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.factories import make_terms
from townsquare.terms.models import TermsVersion

pytestmark = pytest.mark.django_db


def test_a_published_version_is_neither_edited_nor_deleted_in_the_admin(client):
    client.force_login(User.objects.create_superuser("rhea", password="x" * 16))
    version = make_terms(TermsVersion.Kind.TERMS)
    client.post(
        f"/admin/terms/termsversion/{version.pk}/change/",
        {"kind": "terms", "title": "Rewritten", "body": "Anything goes."},
    )
    client.post(f"/admin/terms/termsversion/{version.pk}/delete/", {"post": "yes"})
    version.refresh_from_db()
    assert (version.title, version.body) == ("Terms document", "Be *kind*.")
