"""Under the real Content-Security-Policy, the pages and their scripts still work in a browser.

The policy forbids inline script and style; a page that relied on either would log a violation
here (and lose the behaviour or the look).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tests.factories import make_comment, make_story
from townsquare.comments.models import Comment

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def watched_page(browser, live_server, user=None):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    return context, page, console


def violations(page, console) -> list[str]:
    """What the page in view recorded (the list starts afresh on each page) and the console."""
    return [f"{page.url}: {v}" for v in page.evaluate("window.__cspViolations")] + [
        line for line in console if "Content Security Policy" in line
    ]


@pytest.mark.django_db(transaction=True)
def test_article_queue_and_admin_raise_no_violations(browser, live_server, screenshot_dir):
    story = make_story(headline="Harbour dredging approved")
    make_comment(story=story, body="The first comment, in *Markdown*.")
    held = make_comment(story=story, body="Only an idiot would vote for this.", status="pending")
    Comment.objects.filter(pk=held.pk).update(
        civility_scores={"toxicity": 0.81, "insult": 0.46},
        created_at=timezone.now() - timedelta(minutes=3),
    )
    root = User.objects.create_superuser("root", password="correct horse battery")
    context, page, console = watched_page(browser, live_server, user=root)
    seen: list[str] = []

    # The article, and a reply posted by its script (which inserts the server's HTML).
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    form = page.locator("form.ts-form")
    form.get_by_role("textbox", name="Comment (required)").fill("Posted with the script on.")
    form.get_by_role("textbox", name="Name (required)").fill("Script Reader")
    form.get_by_role("textbox", name="Email (required)").fill("script.reader@example.com")
    form.get_by_role("button", name="Post Comment").click()
    page.locator(".ts-comment", has_text="Posted with the script on.").wait_for()
    seen += violations(page, console)

    # The queue: the card's score bars are drawn without a style attribute.
    page.goto(f"{live_server.url}/moderate/")
    card = page.locator(f"#card-{held.pk}")
    card.wait_for()
    widths = card.locator(".mod-score__fill").evaluate_all(
        "bars => bars.map(bar => Math.round(bar.getBoundingClientRect().width))"
    )
    track = card.locator(".mod-score__bar").first.evaluate(
        "bar => bar.getBoundingClientRect().width"
    )
    assert sorted(widths) == sorted(round(track * v) for v in (0.81, 0.46))
    page.keyboard.press("?")
    assert page.get_by_role("heading", name="Keyboard shortcuts").is_visible()
    page.keyboard.press("Escape")
    page.screenshot(path=screenshot_dir / "csp-moderation-queue.png", full_page=True)
    seen += violations(page, console)

    # The admin: a list with actions, a read-only comment, a story form with its slug script.
    for path in ("/admin/comments/comment/", f"/admin/comments/comment/{held.pk}/change/"):
        page.goto(f"{live_server.url}{path}")
        seen += violations(page, console)
    page.goto(f"{live_server.url}/admin/stories/story/add/")
    page.get_by_label("Headline:").press_sequentially("Ferry timetable changes")
    assert page.get_by_label("Slug:").input_value() == "ferry-timetable-changes"
    page.screenshot(path=screenshot_dir / "csp-admin-story.png", full_page=True)
    seen += violations(page, console)

    # The report form and its character counter.
    page.goto(
        f"{live_server.url}/comments/{Comment.objects.filter(status='published').first().pk}/report/"
    )
    page.locator("#id_details").fill("Off-topic")
    seen += violations(page, console)

    assert sorted(set(seen)) == []
    context.close()
