"""A submission caught by a spam trap, posted by the page's script, is kept once and not retried."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_article import ARTICLE, fill_and_post
from townsquare.comments.models import Comment


def test_too_fast_post_with_javascript_is_stored_once_as_spam(
    page, live_server, demo_site, settings
):
    settings.SPAM_MIN_SECONDS = 3600  # any post counts as too fast
    page.goto(f"{live_server.url}/stories/{ARTICLE['slug']}/")
    fill_and_post(page, comment="Buy cheap ferry tickets here", name="Bot", email="bot@example.com")
    box = page.get_by_role("textbox", name="Comment (required)")
    # A locator expectation, not wait_for_function: the page's CSP forbids evaluating strings.
    expect(box).to_have_value("")
    page.wait_for_timeout(500)  # a fallback form post would land in this time
    assert list(Comment.objects.filter(author_name="Bot").values_list("status", flat=True)) == [
        "spam"
    ]
    assert page.locator(".ts-comment", has_text="cheap ferry tickets").count() == 0
