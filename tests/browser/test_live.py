"""Live announcements in a real browser: "1 new comment — Show", on the hosted page and in the
embed, without moving what the reader is reading until they ask."""

from __future__ import annotations

import pytest

from tests.browser.test_embed import cms  # noqa: F401 -- the CMS page fixture
from tests.factories import make_comment, make_story
from townsquare.stories.models import Story


@pytest.fixture
def quick_polls(settings):
    settings.LIVE_POLL_SECONDS = 1


def test_the_hosted_page_announces_new_comments_and_shows_them_on_click(
    page, live_server, transactional_db, quick_polls, screenshot_dir
):
    story = make_story()
    top = make_comment(story=story, body="The first thought on the harbour wall.")
    for n in range(6):
        make_comment(story=story, body=f"Earlier remark number {n}.")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    page.locator(f"#comment-{top.pk}").scroll_into_view_if_needed()
    before = page.locator(f"#comment-{top.pk}").bounding_box()
    scrolled = page.evaluate("window.scrollY")

    reply = make_comment(story=story, parent=top, body="A reply that arrived while reading.")
    fresh = make_comment(story=story, body="A new top-level comment, posted just now.")
    notice = page.get_by_role("button", name="2 new comments — Show")
    notice.wait_for(timeout=10_000)
    # Announced without moving anything: the comment being read is where it was.
    assert page.locator(f"#comment-{top.pk}").bounding_box() == before
    assert page.evaluate("window.scrollY") == scrolled
    assert page.locator(f"#comment-{fresh.pk}").count() == 0
    page.screenshot(path=screenshot_dir / "live-notice.png")

    notice.click()
    page.locator(f"#comment-{fresh.pk}").wait_for()
    assert page.locator(f"#comment-{top.pk} #comment-{reply.pk}").count() == 1  # under its parent
    assert "comment--new" in page.locator(f"#comment-{fresh.pk}").get_attribute("class")
    assert not notice.is_visible()


def test_the_embed_announces_new_comments_and_shows_them_in_its_thread(
    page,
    cms,  # noqa: F811
    quick_polls,
):
    page.goto(f"{cms['allowed']}/news/ferry.html")
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.locator(".ts-thread").wait_for()
    story = Story.objects.get()
    arrived = make_comment(story=story, body="Posted from the harbour office.")
    notice = page.get_by_role("button", name="1 new comment — Show")
    notice.wait_for(timeout=10_000)
    assert page.locator(f"#comment-{arrived.pk}").count() == 0
    notice.click()
    page.locator(f"#comment-{arrived.pk}").wait_for()
    assert "Posted from the harbour office." in page.locator(".ts-list").inner_text()
