"""Reply e-mails in a real browser: tick the box, confirm from the mail, get a reply, and
unsubscribe from the link in that mail (its page only asks; the button does it)."""

from __future__ import annotations

import re

from tests.browser.test_article import ARTICLE, fill_and_post
from townsquare.notifications.models import ReplySubscription


def _link(message, marker: str) -> str:
    return next(word for word in message.body.split() if marker in word)


def test_reply_mails_from_ticking_the_box_to_unsubscribing(
    browser, live_server, demo_site, mailoutbox, settings, screenshot_dir
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = live_server.url
    url = f"{live_server.url}/stories/{ARTICLE['slug']}/"

    subscriber = browser.new_context().new_page()
    subscriber.goto(url)
    form = subscriber.locator("form.ts-form")
    form.get_by_role("checkbox", name="Email me replies to this comment").check()
    fill_and_post(
        subscriber,
        comment="Will the ferry keep its winter timetable?",
        name="Follow Up",
        email="follow.up@example.com",
    )
    subscriber.locator(".ts-comment", has_text="winter timetable").wait_for()
    assert subscriber.get_by_text("open the link we sent").is_visible()
    (opt_in,) = [m for m in mailoutbox if m.to == ["follow.up@example.com"]]
    subscriber.goto(_link(opt_in, "/verify/"))
    subscriber.get_by_role("button", name="Continue").click()
    subscriber.get_by_text("you will get an e-mail when someone replies").wait_for()
    assert ReplySubscription.objects.get().status == "active"

    replier = browser.new_context().new_page()
    replier.goto(url)
    top = replier.locator(".ts-comment", has_text="winter timetable")
    top.get_by_role("link", name=re.compile("^Reply")).first.click()
    fill_and_post(
        replier,
        comment="Yes, until March, says the harbour office.",
        name="Harbour Watcher",
        email="watcher@example.com",
        scope=top,
    )
    top.locator(".ts-list--children .ts-comment", has_text="until March").wait_for()
    (reply_mail,) = [m for m in mailoutbox if "replied to your comment" in m.subject]
    assert reply_mail.to == ["follow.up@example.com"]
    assert "> Yes, until March, says the harbour office." in reply_mail.body
    link = reply_mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert link == _link(reply_mail, "/unsubscribe/")

    # Opening the link (as a mail scanner would, too) changes nothing: it asks.
    reader = browser.new_context().new_page()
    reader.goto(link)
    reader.get_by_role("heading", name="Unsubscribe").wait_for()
    assert ReplySubscription.objects.get().status == "active"
    reader.screenshot(path=screenshot_dir / "unsubscribe-confirm.png")
    reader.get_by_role("button", name="Unsubscribe").click()
    reader.get_by_role("heading", name="You are unsubscribed").wait_for()
    assert ReplySubscription.objects.get().status == "cancelled"
