"""A moderator works the queue in a real browser, with the keyboard only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from tests.factories import make_comment, make_commenter, make_story
from townsquare.comments.models import Comment
from townsquare.moderation.models import AuditEntry, Sanction


def signed_in_page(browser, live_server, user):
    """A browser context with a real session for ``user``; sign-in itself is tested elsewhere."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context, context.new_page()


def held(story, body: str, minutes_ago: int, **fields) -> Comment:
    comment = make_comment(story=story, body=body, status=Comment.Status.PENDING, **fields)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return comment


@pytest.mark.django_db(transaction=True)
def test_moderator_approves_rejects_and_bans_with_the_keyboard_only(
    browser, live_server, screenshot_dir
):
    story = make_story(headline="Harbour dredging approved")
    mo = User.objects.create_user("mo", password="correct horse battery")
    mo.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    troll = make_commenter(email="troll@example.com", name="Grim Troll")
    threat = held(story, "Watch your back at the next meeting.", 1, commenter=troll)
    Comment.objects.filter(pk=threat.pk).update(
        civility_scores={"toxicity": 0.88, "threat": 0.93, "spans": [{"start": 0, "end": 15}]},
        markers=[{"check": "civility_hold", "action": "hold", "reason": "Likely a threat."}],
    )
    rude = held(story, "Only an idiot would vote for this.", 2, author_name="Rude Reader")
    polite = held(story, "I disagree, but the costs were clearly set out.", 3)

    context, page = signed_in_page(browser, live_server, mo)
    page.goto(f"{live_server.url}/moderate/")
    cards = page.locator(".mod-card")
    assert cards.count() == 3
    page.keyboard.press("?")
    assert page.get_by_role("heading", name="Keyboard shortcuts").is_visible()
    page.screenshot(path=screenshot_dir / "moderation-help.png")
    page.keyboard.press("Escape")

    # j lands on the newest card: the threat. b opens the ban form on its reason list; the
    # arrow keys pick "A threat of violence"; Enter bans and takes the comment down.
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == f"card-{threat.pk}"
    page.screenshot(path=screenshot_dir / "moderation-queue.png", full_page=True)
    page.keyboard.press("b")
    reason = page.locator(f"#s{threat.pk}-ban-reason")
    assert reason.evaluate("el => el === document.activeElement")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    assert reason.input_value() == "threat"
    page.keyboard.press("Enter")
    page.locator(f"#card-{threat.pk}").wait_for(state="detached")

    # Focus moved on to the next card by itself: reject it with the default reason.
    assert page.evaluate("document.activeElement.id") == f"card-{rude.pk}"
    page.keyboard.press("r")
    page.keyboard.press("Enter")
    page.locator(f"#card-{rude.pk}").wait_for(state="detached")

    # And approve the last one.
    assert page.evaluate("document.activeElement.id") == f"card-{polite.pk}"
    page.keyboard.press("a")
    page.locator(f"#card-{polite.pk}").wait_for(state="detached")
    assert page.locator('[data-count-for="pending"]').inner_text() == "0"
    page.screenshot(path=screenshot_dir / "moderation-queue-cleared.png", full_page=True)

    ban = Sanction.objects.get()
    assert (ban.commenter, ban.kind, ban.reason) == (troll, "ban", "A threat of violence")
    statuses = {c.pk: (c.status, c.rejection_reason) for c in Comment.objects.all()}
    assert statuses == {
        threat.pk: ("rejected", "threat"),
        rude.pk: ("rejected", "incivility"),
        polite.pk: ("published", ""),
    }
    assert AuditEntry.objects.filter(actor=mo).count() == 4  # ban, reject, reject, approve
    context.close()


@pytest.mark.django_db(transaction=True)
def test_queue_works_with_javascript_off_and_on_a_phone(browser, live_server, screenshot_dir):
    story = make_story()
    mo = User.objects.create_superuser("root", password="correct horse battery")
    comment = held(story, "Plain forms still work.", 1)
    client = Client()
    client.force_login(mo)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/moderate/")
    page.screenshot(path=screenshot_dir / "moderation-queue-phone.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the queue scrolls sideways on a phone"
    page.locator(f"#card-{comment.pk}").get_by_text("Reject").first.click()  # opens <details>
    page.get_by_label("Reason (the author may be told)").select_option("off_topic")
    page.locator(f"#card-{comment.pk}").get_by_role("button", name="Reject").click()
    assert page.get_by_text("Rejected. Comment by Ada Reader.").is_visible()
    assert Comment.objects.get(pk=comment.pk).rejection_reason == "off_topic"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_single_comment_page_takes_shortcut_keys_at_once(browser, live_server, screenshot_dir):
    # Report e-mails and audit links lead here; its one card is the one to act on.
    story = make_story(headline="Harbour dredging approved")
    mo = User.objects.create_user("mo", password="correct horse battery")
    mo.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    comment = held(story, "I disagree, but the costs were clearly set out.", 3)

    context, page = signed_in_page(browser, live_server, mo)
    page.goto(f"{live_server.url}/moderate/comments/{comment.pk}/")
    card = page.locator(f"#card-{comment.pk}")
    card.wait_for()
    assert page.evaluate("document.activeElement.id") == f"card-{comment.pk}"
    assert "is-current" in card.get_attribute("class")
    page.screenshot(path=screenshot_dir / "moderation-card-page.png")

    page.keyboard.press("a")  # no j first
    page.locator(".mod-badge", has_text="Published").wait_for()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED
    page.keyboard.press("?")
    assert page.get_by_role("heading", name="Keyboard shortcuts").is_visible()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_queue_script_speaks_the_moderators_language(browser, live_server, screenshot_dir):
    """moderate.js shows its own words from the page's catalog, plural forms picked by the
    browser's rules for the page's language: a Spanish browser reads "1 seleccionado",
    "2 seleccionados", and the server's answer to an action in Spanish too."""
    story = make_story()
    mo = User.objects.create_user("mo", password="correct horse battery")
    mo.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    first = held(story, "Primero.", 1, author_name="Ana")
    held(story, "Segundo.", 2)
    client = Client()
    client.force_login(mo)
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/moderate/")
    assert page.locator("html").get_attribute("lang") == "es"
    count = page.locator("[data-bulk-count]")
    page.keyboard.press("j")
    page.keyboard.press("x")
    assert count.inner_text() == "1 seleccionado"
    page.keyboard.press("j")
    page.keyboard.press("x")
    assert count.inner_text() == "2 seleccionados"
    page.screenshot(path=screenshot_dir / "moderation-queue-es.png")
    page.keyboard.press("k")
    page.keyboard.press("f")  # nothing to feature on a held comment
    live = page.locator("#mod-live")
    live.filter(has_text="Esa acción no está disponible para este comentario.").wait_for()
    page.keyboard.press("a")
    page.locator(f"#card-{first.pk}").wait_for(state="detached")
    live.filter(has_text="Aprobado. Comentario de Ana.").wait_for()
    context.close()
