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
from playwright.sync_api import expect

from tests.browser.test_embed import cms  # noqa: F401 -- the newsroom page fixture
from tests.conftest import UNCIVIL
from tests.factories import make_comment, make_story
from townsquare.comments.models import Comment


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
            page.wait_for_function(
                "() => window.Townsquare && document.querySelector('.ts-thread')"
            )

    def story(self):
        """The thread's story (the embed's is made by its first view: open the page first)."""
        from townsquare.stories.models import Story

        return Story.objects.get()

    def sort(self, page, value: str, label: str) -> None:
        if self.name == "hosted":  # links, which work without scripts too
            page.get_by_role("link", name=label).click()
        else:
            page.locator(".ts-sort__select").select_option(value)

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


def _with_comments(page, surface, *bodies: str) -> list[Comment]:
    """Comments already on the thread when the reader arrives (the embed's story is made by
    its first view, so that page is opened once before)."""
    if surface.name == "embed":
        surface.open(page)
    story = surface.story()
    made = [make_comment(story=story, body=body) for body in bodies]
    surface.open(page)
    return made


def test_a_reply_goes_under_the_comment_it_answers(page, surface):
    [top] = _with_comments(page, surface, "The ferry should run at dawn.")
    item = page.locator(f"#comment-{top.pk}")
    item.get_by_role("link", name=re.compile("^Reply")).click()
    assert item.locator("form.ts-form").is_visible()  # the form moved under it
    surface.post(page, "At six, please.", name="Early Reader", email="early@example.org")
    item.locator(".ts-list--children .ts-comment", has_text="At six, please.").wait_for()
    assert Comment.objects.get(body="At six, please.").parent_id == top.pk


def test_the_author_deletes_their_comment_in_place(page, surface):
    surface.open(page)
    surface.post(page, "A thought I take back.", name="Sorry Reader", email="sorry@example.org")
    mine = page.locator(surface.comment, has_text="A thought I take back.")
    page.once("dialog", lambda dialog: dialog.accept())
    mine.locator(surface.delete).click()
    mine.wait_for(state="detached")
    assert Comment.objects.get(author_name="Sorry Reader").status == Comment.Status.DELETED


def test_respect_is_pressed_and_counted(page, surface):
    [liked] = _with_comments(page, surface, "Clear and kind.")
    button = page.locator(f"#comment-{liked.pk} .ts-respect")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button.locator(".ts-respect__count")).to_have_text("1")
    assert Comment.objects.get(pk=liked.pk).respect_count == 1


def test_a_report_reaches_the_moderators(page, surface):
    from townsquare.moderation.models import Report

    [bad] = _with_comments(page, surface, "Buy cheap tickets at my site.")
    page.locator(f"#comment-{bad.pk}").get_by_role("link", name=re.compile("^Report")).click()
    form = page.locator(f"#comment-{bad.pk} .ts-report-form")
    form.locator("select").select_option("spam")
    form.get_by_role("button", name="Send report").click()
    form.get_by_text("Thank you").wait_for()
    assert Report.objects.get().comment_id == bad.pk


def test_a_nudge_shows_the_words_and_post_anyway_sends_it_for_moderation(
    page, surface, nudging_policy
):
    surface.open(page)
    surface.post(page, UNCIVIL, name="Heated Reader", email="heated@example.org")
    nudge = page.locator("#nudge")
    nudge.wait_for()
    assert "idiot" in nudge.locator("mark").first.inner_text().lower()
    page.get_by_role("button", name="Post anyway").click()
    page.locator(surface.confirmation).wait_for()
    assert "awaiting moderation" in page.locator(surface.confirmation).inner_text()
    assert Comment.objects.get(author_name="Heated Reader").status == Comment.Status.PENDING


def test_sorting_puts_the_most_respected_first(page, surface):
    _, loved = _with_comments(page, surface, "The earliest word.", "The loved word.")
    Comment.objects.filter(pk=loved.pk).update(respect_count=7)
    surface.open(page)
    assert "earliest" in page.locator("#ts-list > .ts-comment").first.inner_text()
    surface.sort(page, "respected", "Most respected")
    expect(page.locator("#ts-list > .ts-comment").first).to_contain_text("The loved word.")


def test_an_error_keeps_everything_the_reader_typed(page, surface):
    surface.open(page)
    surface.post(page, "Words I want to keep.", name="Typo Reader", email="not an address")
    page.locator("#ts-email-error").get_by_text(re.compile("email address")).wait_for()
    form = page.locator("form.ts-form").first
    assert form.locator("textarea[name=comment]").input_value() == "Words I want to keep."
    assert form.locator("input[name=email]").input_value() == "not an address"
    assert not Comment.objects.exists()


def _scripts_off(browser):
    context = browser.new_context(java_script_enabled=False)
    return context, context.new_page()


def test_without_javascript_post_anyway_lands_on_the_thread(
    browser, live_server, terms, nudging_policy
):
    story = make_story()
    context, page = _scripts_off(browser)
    try:
        page.goto(f"{live_server.url}{story.get_absolute_url()}")
        form = page.locator("form.ts-form")
        form.locator("textarea[name=comment]").fill(UNCIVIL)
        form.locator("input[name=author]").fill("Plain Heated")
        form.locator("input[name=email]").fill("plainheated@example.org")
        form.locator("button[type=submit]").click()
        assert "idiot" in page.locator("#nudge mark").first.inner_text().lower()
        assert page.locator("textarea[name=comment]").input_value() == UNCIVIL
        page.get_by_role("button", name="Post anyway").click()
        page.wait_for_load_state()
        assert re.search(r"#comment-\d+$", page.url)
        assert page.get_by_text("awaiting moderation").first.is_visible()
        assert Comment.objects.get(author_name="Plain Heated").status == Comment.Status.PENDING
    finally:
        context.close()


def test_without_javascript_respect_edit_and_delete_are_plain_forms(browser, live_server, terms):
    story = make_story()
    other = make_comment(story=story, body="Someone else's view.")
    context, page = _scripts_off(browser)
    try:
        url = f"{live_server.url}{story.get_absolute_url()}"
        page.goto(url)
        page.locator(f"#comment-{other.pk} .ts-respect").click()
        page.wait_for_load_state()
        assert page.get_by_text("You respect this comment.").is_visible()
        assert page.locator(f"#comment-{other.pk} .ts-respect").get_attribute("aria-pressed") == (
            "true"
        )
        form = page.locator("form.ts-form")
        form.locator("textarea[name=comment]").fill("Mine, to change.")
        form.locator("input[name=author]").fill("Plain Author")
        form.locator("input[name=email]").fill("plainauthor@example.org")
        form.locator("button[type=submit]").click()
        mine = Comment.objects.get(author_name="Plain Author")
        page.locator(f"#comment-{mine.pk}").get_by_role("link", name="Edit your comment").click()
        page.locator("textarea[name=comment]").fill("Mine, changed.")
        page.get_by_role("button", name="Save my edit").click()
        page.locator(f"#comment-{mine.pk}", has_text="Mine, changed.").wait_for()
        page.locator(f"#comment-{mine.pk}").get_by_role("link", name="Delete your comment").click()
        page.get_by_role("button", name="Delete my comment").click()
        page.wait_for_load_state()
        assert page.locator(f"#comment-{mine.pk}").count() == 0
        assert Comment.objects.get(pk=mine.pk).status == Comment.Status.DELETED
    finally:
        context.close()


def test_without_javascript_a_post_lands_on_the_page_of_the_thread_that_holds_it(
    browser, live_server, settings, terms
):
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
