"""A reader is nudged, sees what the model reacted to, revises, and posts."""

from __future__ import annotations

from tests.browser.test_article import ARTICLE, fill_and_post
from tests.conftest import REVISED, UNCIVIL
from townsquare.comments.models import Comment
from townsquare.moderation.models import NudgeEvent


def test_reader_sees_the_nudge_with_highlights_revises_and_posts(
    page,
    live_server,
    demo_site,
    nudging_policy,
    screenshot_dir,
):
    page.goto(f"{live_server.url}/stories/{ARTICLE['slug']}/")
    fill_and_post(page, comment=UNCIVIL, name="Nudged Reader", email="nudged@example.com")
    nudge = page.locator("#nudge")
    nudge.wait_for()
    assert "no personal attacks" in nudge.inner_text()
    assert "idiot" in nudge.locator("mark").first.inner_text().lower()
    assert page.get_by_role("button", name="Post anyway").is_visible()
    nudge.screenshot(path=screenshot_dir / "nudge.png")

    nudge.get_by_role("link", name="Edit my comment").click()
    box = page.get_by_role("textbox", name="Comment (required)")
    assert box.evaluate("el => el === document.activeElement")
    assert box.input_value() == UNCIVIL
    box.fill(REVISED)
    page.get_by_role("button", name="Post anyway").click()
    page.locator(".ts-comment", has_text="the vote should wait").wait_for()
    assert page.locator("#nudge").count() == 0
    assert Comment.objects.get(author_name="Nudged Reader").status == "published"
    assert NudgeEvent.objects.get().outcome == NudgeEvent.Outcome.REVISED
