"""Signing in with the site's OpenID provider in a real browser, on the hosted article page,
against a real OpenID provider on loopback (tests/oidc_provider.py): from the article to the
provider's sign-in page and back, then posting as that reader — with the subscriber badge, or
refused on a subscribers-only story, with the reason on the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_story, make_terms
from tests.oidc_provider import provider_running
from townsquare.comments.models import Comment
from townsquare.readers.models import OIDCProvider, SSOIdentity
from townsquare.sites.models import Commenting
from townsquare.sites.selectors import site_default
from townsquare.terms.models import TermsVersion


@pytest.fixture(scope="module")
def op():
    with provider_running() as running:
        yield running


@pytest.fixture
def story(op, live_server, transactional_db, settings):
    settings.SITE_URL = live_server.url
    make_terms(TermsVersion.Kind.GUIDELINES)
    make_terms(TermsVersion.Kind.TERMS)
    site = site_default()
    site.commenting_url = "https://news.example.org/subscribe"
    site.save()
    client_id, secret = op.register(f"{live_server.url}/sign-in/oidc/{site.slug}/callback")
    OIDCProvider.objects.create(
        site=site,
        name="Harbour ID",
        issuer=op.issuer,
        client_id=client_id,
        client_secret=secret,
        scopes="openid email profile groups",
        subscriber_claim="groups",
        subscriber_value="subscriber",
    )
    return make_story(commenting=Commenting.SUBSCRIBERS)


def sign_in_from_the_article(page, url: str, *, login: str, screenshots=None):
    """From the article, where the story's rule stands in place of the form for a guest, by its
    "Sign in" to the sign-in page, the provider and back to the article: the page the reader
    then posts from."""
    page.goto(url)
    assert not page.locator("form.ts-form").is_visible()
    page.locator(".ts-restricted").get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Sign in with Harbour ID").click()
    # The provider's own sign-in page, on its own origin.
    page.locator("input[name=login]").wait_for()
    assert not page.url.startswith(url.split("/stories/")[0])
    if screenshots:
        page.screenshot(path=screenshots / "oidc-provider-sign-in.png")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(url)
    return page


def test_a_subscriber_signs_in_at_the_provider_and_posts_with_the_badge(
    page, live_server, story, screenshot_dir
):
    url = f"{live_server.url}/stories/{story.slug}/"
    page = sign_in_from_the_article(page, url, login="marta", screenshots=screenshot_dir)
    # Signed in: the form is the account's (no name or address to type).
    form = page.locator("form.ts-form")
    assert form.locator(".ts-signed-in").inner_text().startswith("Signed in as Marta Quill")
    assert not form.get_by_role("textbox", name="Email (required)").is_visible()
    form.get_by_role("textbox", name="Comment (required)").fill(
        "Signed in at the newsroom's provider, posting as a subscriber."
    )
    form.get_by_role("button", name="Post Comment").click()
    page.locator(".ts-comment", has_text="posting as a subscriber").wait_for()
    page.screenshot(path=screenshot_dir / "oidc-signed-in-posted.png", full_page=True)
    comment = Comment.objects.get()
    assert comment.author_name == "Marta Quill"
    assert comment.author_badges == ["subscriber"]
    assert SSOIdentity.objects.get().subject == "marta"


def test_a_reader_without_the_subscriber_claim_is_told_why_they_cannot_post(
    page, live_server, story, screenshot_dir
):
    url = f"{live_server.url}/stories/{story.slug}/"
    page = sign_in_from_the_article(page, url, login="ben")
    # Told why in place of the form, before typing anything.
    assert not page.locator("form.ts-form").is_visible()
    # The box is filled in by the thread's script after the redirect: wait for it, not a race.
    expect(page.locator(".ts-restricted")).to_contain_text("Signed in as")
    reason = page.get_by_text(
        re.compile(r"Subscribers comment here\. Subscribe at https://news\.example\.org/subscribe")
    )
    reason.first.wait_for()
    page.screenshot(path=screenshot_dir / "oidc-not-a-subscriber.png", full_page=True)
    assert not Comment.objects.exists()
