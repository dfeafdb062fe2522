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


@pytest.mark.redis
def test_publishing_new_terms_renders_cached_pages_anew(
    bystander, story, terms, django_capture_on_commit_callbacks
):
    from townsquare.terms.models import TermsVersion
    from townsquare.terms.services import terms_publish

    etag = bystander.get(story.get_absolute_url())["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        newer = terms_publish(kind=TermsVersion.Kind.TERMS, title="Terms", body="Newer.")
    page = bystander.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert page.status_code == 200 and f"(version {newer.version})" in page.content.decode()
