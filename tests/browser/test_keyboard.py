"""Every reader's and moderator's flow with the keyboard alone (Tab, Shift+Tab, Enter, Space,
Escape, arrows; never the mouse), with visible focus at every stop, dialogs that take focus and
give it back, and announcements that do not move it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from tests.browser.a11y import newsroom_pages
from tests.browser.test_moderation_queue import signed_in_page
from tests.conftest import UNCIVIL
from tests.factories import make_comment, make_story
from townsquare.comments.models import Comment
from townsquare.moderation.models import Report

# The focused element, through open shadow roots (the embed's).
FOCUSED = """() => { let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el; }"""


def focused_matches(page, selector: str) -> bool:
    return page.evaluate(
        f"s => {{ const el = ({FOCUSED})(); return !!el && el.matches(s); }}", selector
    )


def assert_focus_visible(page) -> None:
    """The focused element shows it: an outline (or a box-shadow) that is not none."""
    style = page.evaluate(
        f"""() => {{ const el = ({FOCUSED})(); const s = getComputedStyle(el);
            return {{tag: el.tagName, cls: el.className, outline: s.outlineStyle,
                     width: parseFloat(s.outlineWidth), shadow: s.boxShadow}}; }}"""
    )
    if style["tag"] == "BODY":
        return
    visible = (style["outline"] != "none" and style["width"] > 0) or style["shadow"] != "none"
    assert visible, f"focus is not visible on {style}"


def tab_to(page, selector: str, *, back: bool = False, limit: int = 120) -> None:
    """Tab (or Shift+Tab) until ``selector`` has focus; each element passed shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        assert_focus_visible(page)
        if focused_matches(page, selector):
            return
    raise AssertionError(f"{selector} never got the focus in {limit} presses")


def moderator() -> User:
    mo = User.objects.create_user("mo", password="correct horse battery")
    mo.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    return mo


@pytest.mark.django_db(transaction=True)
def test_a_reader_posts_replies_and_reports_and_a_moderator_approves_with_the_keyboard(
    browser, page, live_server, terms
):
    story = make_story(premoderate=False)
    top = make_comment(story=story, body="The ferry should run at dawn.", author_name="Dawn Rider")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    page.wait_for_function("() => window.Townsquare && document.querySelector('.ts-thread')")

    # Post: from the top of the page, Tab through to the form.
    tab_to(page, "#ts-comment")
    page.keyboard.type("Lights on the north pier, please.")
    tab_to(page, "#ts-author")
    page.keyboard.type("Key Reader")
    tab_to(page, "#ts-email")
    page.keyboard.type("key@example.org")
    tab_to(page, "#ts-remember")
    page.keyboard.press("Space")
    assert page.locator("#ts-remember").is_checked()
    tab_to(page, "form.ts-form button[type=submit]")
    # The polite region is there, empty, before it speaks (a region inserted with its words is
    # often not read).
    assert page.locator(".ts-status[aria-live=polite]").inner_text() == ""
    page.keyboard.press("Enter")
    page.locator(".ts-comment", has_text="north pier").wait_for()
    # Said in the polite live region; the focus stayed where the reader was.
    status = page.locator(".ts-status[role=status][aria-live=polite]")
    assert "was posted" in status.inner_text()
    assert focused_matches(page, "form.ts-form button[type=submit]")

    # Edit their own comment: the form takes the focus, Escape gives it back to Edit; saved,
    # the focus is on the saved comment (never lost to the page).
    mine = page.locator(".ts-comment", has_text="north pier")
    mine.locator(".ts-own-edit").wait_for()
    mine_id = mine.get_attribute("id")
    tab_to(page, f"#{mine_id} .ts-own-edit", back=True)
    page.keyboard.press("Enter")
    assert focused_matches(page, f"#{mine_id} .ts-edit-form textarea")
    page.keyboard.press("Escape")
    assert page.locator(".ts-edit-form").count() == 0
    assert focused_matches(page, f"#{mine_id} .ts-own-edit")
    page.keyboard.press("Enter")
    page.keyboard.press("End")
    page.keyboard.type(" Soon.")
    tab_to(page, ".ts-edit-form button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(f"#{mine_id} .ts-body", has_text="Soon.").wait_for()
    assert focused_matches(page, f"#{mine_id} > .ts-box")

    # Reply: Shift+Tab back up the page to the comment's Reply link.
    tab_to(page, f"#comment-{top.pk} .ts-reply", back=True)
    page.keyboard.press("Enter")
    assert focused_matches(page, "#ts-comment")  # the form came under the comment, focused
    page.keyboard.type("At six would suit the fishermen.")
    tab_to(page, "form.ts-form button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(f"#comment-{top.pk} .ts-list--children .ts-comment", has_text="At six").wait_for()
    assert Comment.objects.get(body="At six would suit the fishermen.").parent_id == top.pk
    # The form went home; the focus went back to the Reply link it came from.
    assert focused_matches(page, f"#comment-{top.pk} .ts-reply")

    # Report: the form takes focus; Escape closes it and gives focus back to "Report".
    tab_to(page, f"#comment-{top.pk} .ts-report")
    page.keyboard.press("Enter")
    assert focused_matches(page, f"#comment-{top.pk} .ts-report-form select")
    page.keyboard.press("Escape")
    assert page.locator(".ts-report-form").count() == 0
    assert focused_matches(page, f"#comment-{top.pk} .ts-report")
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")  # Harassment
    tab_to(page, ".ts-report-form button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(".ts-report-form__note", has_text="moderators").wait_for()
    assert focused_matches(page, ".ts-report-form__close")  # not lost to the page
    page.keyboard.press("Enter")
    assert page.locator(".ts-report-form").count() == 0
    assert focused_matches(page, f"#comment-{top.pk} .ts-report")
    assert Report.objects.get().reason == "harassment"

    # A moderator approves a held comment in the queue: Tab to Approve, Space.
    held = make_comment(story=story, body="Held for a look.", status=Comment.Status.PENDING)
    context, queue = signed_in_page(browser, live_server, moderator())
    queue.goto(f"{live_server.url}/moderate/")
    tab_to(queue, f"#card-{held.pk} button.mod-button--go")
    queue.keyboard.press("Space")
    queue.locator(f"#card-{held.pk}").wait_for(state="detached")
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.PUBLISHED
    context.close()


def test_the_nudge_takes_the_focus_and_edit_gives_it_back(page, live_server, terms, nudging_policy):
    story = make_story()
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    page.wait_for_function("() => window.Townsquare && document.querySelector('.ts-thread')")
    tab_to(page, "#ts-comment")
    page.keyboard.type(UNCIVIL)
    tab_to(page, "#ts-author")
    page.keyboard.type("Nudged Reader")
    tab_to(page, "#ts-email")
    page.keyboard.type("nudged@example.org")
    tab_to(page, "form.ts-form button[type=submit]")
    page.keyboard.press("Enter")
    page.locator("#nudge").wait_for()
    assert focused_matches(page, "#nudge")
    assert_focus_visible(page)
    tab_to(page, "#nudge .ts-edit")
    page.keyboard.press("Enter")
    assert focused_matches(page, "#ts-comment")


def test_the_embed_is_usable_with_the_keyboard_and_shows_its_focus(page, live_server, terms):
    with newsroom_pages(base=live_server.url, pages={"/news/ferry": {}}) as origin:
        page.goto(f"{origin}/news/ferry")
        page.locator(".ts-thread").wait_for()
        tab_to(page, "#ts-comment")
        page.keyboard.type("Posted from the keyboard, in the embed.")
        tab_to(page, "#ts-author")
        page.keyboard.type("Embed Keys")
        tab_to(page, "#ts-email")
        page.keyboard.type("keys@example.org")
        tab_to(page, "form.ts-form button[type=submit]")
        page.keyboard.press("Enter")
        page.locator(".ts-comment", has_text="from the keyboard").wait_for()
        assert focused_matches(page, "form.ts-form button[type=submit]")
        page.wait_for_function(
            """() => document.querySelector('#townsquare-thread').shadowRoot
                 .querySelector('.ts-status[aria-live=polite]').textContent.includes('posted')"""
        )


def test_new_comments_are_announced_politely_and_the_focus_stays(
    page, live_server, terms, settings
):
    settings.LIVE_POLL_SECONDS = 1
    story = make_story()
    make_comment(story=story, body="The first word on the harbour wall.")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    page.wait_for_function("() => window.Townsquare && document.querySelector('.ts-thread')")
    tab_to(page, "#ts-comment")
    page.keyboard.type("Half-written thoughts")
    make_comment(story=story, body="Arrived while the reader was typing.")
    page.get_by_role("button", name="1 new comment — Show").wait_for(timeout=10_000)
    page.wait_for_function(
        "() => document.querySelector('.ts-announcer[aria-live=polite]').textContent"
        " === '1 new comment'"
    )
    assert focused_matches(page, "#ts-comment")  # still typing where they were
    assert page.locator("#ts-comment").input_value() == "Half-written thoughts"


def test_deleting_with_the_keyboard_leaves_the_focus_on_the_thread(page, live_server, terms):
    story = make_story()
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    page.wait_for_function("() => window.Townsquare && document.querySelector('.ts-thread')")
    tab_to(page, "#ts-comment")
    page.keyboard.type("A remark I will take back.")
    tab_to(page, "#ts-author")
    page.keyboard.type("Second Thoughts")
    tab_to(page, "#ts-email")
    page.keyboard.type("second@example.org")
    tab_to(page, "form.ts-form button[type=submit]")
    page.keyboard.press("Enter")
    mine = page.locator(".ts-comment", has_text="take back")
    mine.locator(".ts-own-delete").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())  # the browser's own confirm: Enter on OK
    tab_to(page, ".ts-own-delete", back=True)
    page.keyboard.press("Enter")
    mine.wait_for(state="detached")
    assert focused_matches(page, ".ts-heading")
    assert_focus_visible(page)
