""" "Your comments" in a real browser: each reply-e-mail choice sits beside its label."""

from __future__ import annotations

from tests.notifications.conftest import link_of


def test_each_radio_button_sits_on_the_line_of_its_label(
    page, live_server, transactional_db, mailoutbox, settings, screenshot_dir
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = live_server.url
    page.goto(f"{live_server.url}/your-comments/sign-in/")
    page.get_by_label("E-mail address").fill("wren@example.org")
    page.get_by_role("button", name="Send me a link").click()
    page.get_by_text("Check your e-mail").wait_for()
    page.goto(live_server.url + link_of(mailoutbox[-1], "/verify/"))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Your comments").wait_for()

    choices = page.locator("fieldset.reasons li")
    assert choices.count() >= 2
    for i in range(choices.count()):
        choice = choices.nth(i)
        radio = choice.get_by_role("radio").bounding_box()
        text = choice.locator("label").evaluate(
            """label => {
                const range = document.createRange();
                range.selectNodeContents(label);
                const text = [...range.getClientRects()].filter(r => r.width > 20).pop();
                return {x: text.x, y: text.y, height: text.height};
            }"""
        )
        radio_middle = radio["y"] + radio["height"] / 2
        assert text["y"] <= radio_middle <= text["y"] + text["height"], (radio, text)
        assert radio["x"] + radio["width"] <= text["x"], (radio, text)
    # Clicking the words chooses the option.
    last = choices.nth(choices.count() - 1)
    last.locator("label").click()
    assert last.get_by_role("radio").is_checked()
    page.locator("fieldset.reasons").screenshot(path=screenshot_dir / "your-comments-radios.png")
