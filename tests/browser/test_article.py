"""The demo article in a real browser: read it, comment, reply, and look at it."""

from __future__ import annotations

import re

import pytest

from townsquare.comments.models import Comment
from townsquare.front.demo import data as demo_data

ARTICLE = next(a for a in demo_data.ARTICLES if a["comments_open"] and not a["premoderate"])


def fill_and_post(page, *, comment: str, name: str, email: str, scope=None) -> None:
    form = (scope or page).locator("form.ts-form")
    form.get_by_role("textbox", name="Comment (required)").fill(comment)
    form.get_by_role("textbox", name="Name (required)").fill(name)
    form.get_by_role("textbox", name="Email (required)").fill(email)
    form.get_by_role("button", name="Post Comment").click()


def test_post_a_comment_and_a_reply_and_see_them_nested(
    page, live_server, demo_site, screenshot_dir
):
    url = f"{live_server.url}/stories/{ARTICLE['slug']}/"
    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == ARTICLE["headline"]
    assert page.get_by_text("Your email address will not be published.").is_visible()
    assert page.locator(".ad-slot").get_by_text("Advertising").is_visible()

    fill_and_post(
        page,
        comment="First time commenting: the *tide tables* matter.",
        name="Browser Reader",
        email="browser.reader@example.com",
    )
    top = page.locator(".ts-comment", has_text="the tide tables matter")
    top.wait_for()
    assert top.locator("em").inner_text() == "tide tables"

    top.get_by_role("link", name=re.compile("^Reply")).first.click()
    # With JavaScript on, the form moves under the comment being answered.
    assert top.locator("form.ts-form").is_visible()
    fill_and_post(
        page,
        comment="Replying to myself with a follow-up.",
        name="Second Reader",
        email="second.reader@example.com",
        scope=top,
    )
    reply = top.locator(".ts-list--children .ts-comment", has_text="follow-up")
    reply.wait_for()

    # And after a full reload the server renders the same nesting.
    page.reload()
    top = page.locator(".ts-comment", has_text="the tide tables matter")
    nested = top.locator(":scope > .ts-list--children > .ts-comment")
    assert nested.filter(has_text="follow-up").count() == 1
    saved = Comment.objects.get(body__contains="follow-up")
    assert saved.parent.body.startswith("First time commenting")

    page.screenshot(path=screenshot_dir / "article-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=screenshot_dir / "article-phone.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the article page scrolls sideways on a phone"


def test_form_works_with_javascript_off_and_keeps_input_on_error(browser, live_server, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/stories/{ARTICLE['slug']}/")
    fill_and_post(page, comment="Typed without scripts", name="No Script", email="not an email")
    assert page.get_by_text("doesn't look like an email address").is_visible()
    assert page.get_by_role("textbox", name="Comment (required)").input_value() == (
        "Typed without scripts"
    )
    page.get_by_role("textbox", name="Email (required)").fill("noscript@example.com")
    page.get_by_role("button", name="Post Comment").click()
    assert page.locator(".ts-comment", has_text="Typed without scripts").is_visible()
    context.close()


@pytest.mark.parametrize("key", ["Tab"])
def test_reply_form_is_reachable_by_keyboard(page, live_server, demo_site, key):
    page.goto(f"{live_server.url}/stories/{ARTICLE['slug']}/")
    page.keyboard.press(key)
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.locator("#ts-comment").focus()
    page.keyboard.type("Keyboard only")
    assert page.locator("#ts-comment").input_value() == "Keyboard only"


def test_save_my_details_with_a_website_prefills_the_next_visit(page, live_server, demo_site):
    url = f"{live_server.url}/stories/{ARTICLE['slug']}/"
    page.goto(url)
    form = page.locator("form.ts-form")
    form.get_by_role("textbox", name="Website").fill("https://remember.example.org/me")
    form.get_by_role("checkbox", name=re.compile("^Save my name")).check()
    fill_and_post(page, comment="Remember me, please.", name="Rem Ember", email="rem@example.com")
    page.locator(".ts-comment", has_text="Remember me, please.").wait_for()
    page.goto(url)
    assert form.get_by_role("textbox", name="Name (required)").input_value() == "Rem Ember"
    assert form.get_by_role("textbox", name="Email (required)").input_value() == "rem@example.com"
    assert (
        form.get_by_role("textbox", name="Website").input_value()
        == "https://remember.example.org/me"
    )


def test_a_list_in_a_comment_has_space_before_the_next_paragraph(page, live_server, story):
    from tests.factories import make_comment

    make_comment(story=story, body="Three points:\n\n- one\n- two\n\nAnd a closing thought.")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    gap = page.evaluate(
        """() => {
          const list = document.querySelector('.ts-body ul');
          const next = list.nextElementSibling;
          return next.getBoundingClientRect().top - list.getBoundingClientRect().bottom;
        }"""
    )
    assert gap >= 6, f"the paragraph after a list sits {gap}px below it"


def test_show_more_replies_opens_the_rest_of_the_thread_in_place(
    page, live_server, story, settings
):
    from tests.factories import make_comment

    settings.COMMENTS_REPLIES_SHOWN = 2
    top = make_comment(story=story, body="The ferry timetable again.")
    for n in range(5):
        make_comment(story=story, body=f"Answer number {n}", parent=top)
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    thread = page.locator(f"#comment-{top.pk}")
    assert thread.get_by_text("Answer number 4").count() == 0
    thread.get_by_role("link", name="Show 3 more replies").click()
    thread.get_by_text("Answer number 4").wait_for()
    assert page.url.endswith(story.get_absolute_url())  # no page load: the list grew in place
    assert thread.locator(".ts-list--children > .ts-comment").count() == 5
    assert thread.get_by_role("link", name=re.compile("more replies")).count() == 0


def test_show_more_replies_is_a_plain_link_without_javascript(
    browser, live_server, story, settings
):
    from tests.factories import make_comment

    settings.COMMENTS_REPLIES_SHOWN = 1
    top = make_comment(story=story, body="Where the buses stop.")
    for n in range(3):
        make_comment(story=story, body=f"Stop number {n}", parent=top)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    page.get_by_role("link", name="Show 2 more replies").click()
    page.get_by_text("Stop number 2").wait_for()
    assert "/replies/" in page.url
    context.close()
