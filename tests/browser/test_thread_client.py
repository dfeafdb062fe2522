"""The same reader scenarios on Townsquare's article page and in the embed on a newsroom's page.

One client: the article page renders the embed's thread templates in its own HTML and loads
embed.js, which takes them over in place (light DOM) and sends the embed's API requests; the
embed renders them in a shadow root on a page of another origin. Each scenario runs against
both surfaces, with the same selectors; the article page also without JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.browser.test_embed import cms  # noqa: F401 -- the newsroom page fixture
from tests.factories import make_story


@dataclass
class Surface:
    """One place a reader meets the thread, and the names its markup gives each part."""

    name: str
    url: str
    comment: str = ".ts-comment"  # one comment's element
    heading: str = ".ts-heading"
    confirmation: str = ".ts-message--success"
    edit: str = ".ts-own-edit"
    delete: str = ".ts-own-delete"
    edit_box: str = ".ts-edit-form textarea"  # in place, on both

    def open(self, page) -> None:
        page.goto(self.url)
        thread = page.locator("#townsquare-thread, [data-townsquare-page]").first
        thread.scroll_into_view_if_needed()
        page.locator(".ts-thread").wait_for()
        if self.name == "hosted":  # the script has taken the page's own thread over
            page.wait_for_function("window.Townsquare && document.querySelector('.ts-thread')")

    def post(self, page, text: str, *, name: str, email: str) -> None:
        form = page.locator("form.ts-form").first
        form.locator("textarea[name=comment]").fill(text)
        form.locator("input[name=author]").fill(name)
        form.locator("input[name=email]").fill(email)
        form.locator("button[type=submit]").click()


@pytest.fixture(params=["hosted", "embed"])
def surface(request, live_server, settings, terms) -> Surface:
    if request.param == "hosted":
        story = make_story()
        return Surface(name="hosted", url=f"{live_server.url}{story.get_absolute_url()}")
    newsroom = request.getfixturevalue("cms")
    return Surface(name="embed", url=f"{newsroom['allowed']}/news/ferry.html")


def test_after_posting_the_reader_sees_it_confirmed_counted_and_theirs_to_edit(page, surface):
    surface.open(page)
    assert "0 Comments" in page.locator(surface.heading).inner_text()
    surface.post(page, "The pier needs *new* lights.", name="Lit Reader", email="lr@example.org")
    mine = page.locator(surface.comment, has_text="pier needs new lights")
    mine.wait_for()
    assert "was posted" in page.locator(surface.confirmation).inner_text()
    assert page.locator(surface.heading).inner_text().startswith("1 Comment")
    # Edit and Delete on the reader's new comment, without a reload.
    mine.locator(surface.edit).wait_for()
    assert mine.locator(surface.delete).count() == 1


def test_an_edit_starts_from_the_markdown_and_keeps_links_and_emphasis(page, surface):
    from townsquare.comments.models import Comment

    source = "Fix the *north* pier, see [the survey](https://example.org/s)."
    surface.open(page)
    surface.post(page, source, name="Survey Reader", email="sr@example.org")
    mine = page.locator(surface.comment, has_text="Fix the north pier")
    mine.locator(surface.edit).click()
    box = page.locator(surface.edit_box)
    assert box.input_value() == source
    box.fill(source + " Soon.")
    box.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    saved = page.locator(surface.comment, has_text="Soon.")
    saved.wait_for()
    assert saved.locator("em").first.inner_text() == "north"
    assert Comment.objects.get(author_name="Survey Reader").body == source + " Soon."


def test_without_javascript_a_post_lands_on_the_page_of_the_thread_that_holds_it(
    browser, live_server, settings, terms
):
    from tests.factories import make_comment

    settings.COMMENTS_PER_PAGE = 2
    story = make_story()
    for n in range(3):
        make_comment(story=story, body=f"Earlier word {n}.")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{story.get_absolute_url()}")
        form = page.locator("form.ts-form")
        form.locator("textarea[name=comment]").fill("Posted with scripts off.")
        form.locator("input[name=author]").fill("Plain Reader")
        form.locator("input[name=email]").fill("plain@example.org")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert re.search(r"\?after=.+#comment-\d+$", page.url)
        # The whole page that holds it (the third comment too), and the confirmation.
        assert page.locator(".ts-comment", has_text="Earlier word 2.").count() == 1
        assert page.locator(".ts-comment", has_text="Posted with scripts off.").count() == 1
        assert page.get_by_text("Your comment was posted.").is_visible()
    finally:
        context.close()
