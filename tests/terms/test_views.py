from __future__ import annotations

import pytest

from townsquare.terms.models import TermsVersion
from townsquare.terms.services import terms_publish

pytestmark = pytest.mark.django_db


def test_terms_page_shows_the_latest_version_and_keeps_older_ones(bystander):
    terms_publish(kind=TermsVersion.Kind.TERMS, title="Terms", body="First *rules*.")
    second = terms_publish(kind=TermsVersion.Kind.TERMS, title="Terms", body="Second rules.")
    assert second.version == 2
    latest = bystander.get("/terms/").content.decode()
    assert "Second rules." in latest and "Version 2" in latest
    old = bystander.get("/terms/?version=1").content.decode()
    assert "First <em>rules</em>." in old and "read the current version 2" in old


def test_guidelines_page_and_missing_documents(bystander):
    assert bystander.get("/guidelines/").status_code == 404
    terms_publish(kind=TermsVersion.Kind.GUIDELINES, title="Be civil", body="<script>x</script>")
    html = bystander.get("/guidelines/").content.decode()
    assert "Be civil" in html and "<script>x" not in html
    assert bystander.get("/guidelines/?version=9").status_code == 404
