"""The thread on a phone, at 200 % text, under reduced motion, in the host page's look and in
dark: the hosted article page and the embed on a newsroom's page of another origin.

The screenshots of docs/embed.md are taken here: with TOWNSQUARE_DOCS_SCREENSHOTS=1 they are
written to docs/images/ (commit them), otherwise to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.a11y import DARK_BODY, assert_no_serious_violations, newsroom_pages
from tests.browser.test_accessibility import long_thread, open_embed, open_hosted
from tests.factories import make_story
from townsquare.stories.models import Story

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
PHONE = {"width": 360, "height": 740}
# The host page's look, as docs/embed.md documents it.
THEMED = (
    "style=\"--townsquare-font: 'Liberation Serif', Georgia, serif; "
    "--townsquare-text: #2b1d0e; --townsquare-background: #fbf6ec; "
    '--townsquare-accent: #6a1b9a; --townsquare-radius: 12px"'
)

# The thread's root: the hosted page's own element, or the embed's shadow root.
THREAD = """() => { const host = document.querySelector('#townsquare-thread');
    return host && host.shadowRoot ? host.shadowRoot : document; }"""

# Every visible control in the thread, with its box, except the links inside sentences that
# WCAG 2.2's 2.5.8 exempts (comment text, the terms, hints, "in reply to").
TARGETS = f"""() => {{
    const root = ({THREAD})();
    const exempt = '.ts-body a, .ts-form__terms a, .ts-form__hint a, .ts-in-reply-to a, '
        + '.ts-featured-item__mark a, .ts-trap *, .ts-hidden, .ts-hidden *';
    return [...root.querySelectorAll('.ts-thread a[href], .ts-thread button, .ts-thread input, '
            + '.ts-thread select, .ts-thread textarea')]
        .filter(el => !el.matches(exempt) && el.type !== 'hidden' && el.getClientRects().length)
        .map(el => {{ const r = el.getBoundingClientRect();
            return {{what: el.outerHTML.slice(0, 90), width: r.width, height: r.height}}; }});
}}"""


@pytest.fixture
def docs_images(screenshot_dir) -> Path:
    if os.environ.get("TOWNSQUARE_DOCS_SCREENSHOTS") == "1":
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        return DOCS_IMAGES
    return screenshot_dir


@pytest.fixture
def newsroom(live_server, settings, terms):
    settings.SITE_URL = live_server.url
    pages = {
        "/news/ferry": {},
        "/news/ferry-auto": {"attributes": 'data-theme="auto"', "body_style": DARK_BODY},
        "/news/ferry-themed": {"attributes": THEMED, "body_style": "background: #fbf6ec"},
    }
    with newsroom_pages(base=live_server.url, pages=pages) as origin:
        yield origin


def context_page(browser, **options):
    context = browser.new_context(**options)
    return context, context.new_page()


def hosted_thread(live_server) -> str:
    story = make_story()
    long_thread(story, top=6)
    return f"{live_server.url}{story.get_absolute_url()}"


def embed_thread(page, newsroom: str, path: str = "/news/ferry") -> None:
    """The embed's story is made by its first view: open it, add the thread, open it again."""
    open_embed(page, f"{newsroom}{path}")
    if not Story.objects.exists() or not Story.objects.get().comments.exists():
        long_thread(Story.objects.get(), top=6)
        open_embed(page, f"{newsroom}{path}")


def with_errors(page) -> None:
    page.get_by_role("button", name="Post Comment").click()
    page.locator(".ts-field--error").first.wait_for()


def assert_fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways: {scroll} px wide in a {width} px window"


def assert_tap_targets(page) -> None:
    targets = page.evaluate(TARGETS)
    assert len(targets) > 10
    small = [t for t in targets if t["width"] < 24 or t["height"] < 24]
    assert not small, f"tap targets under 24 px: {small}"


@pytest.mark.parametrize("surface", ["hosted", "embed"])
def test_at_360_px_nothing_scrolls_sideways_and_every_control_is_24_px(
    browser, live_server, request, surface, docs_images
):
    context, page = context_page(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True)
    if surface == "hosted":
        open_hosted(page, hosted_thread(live_server))
    else:
        embed_thread(page, request.getfixturevalue("newsroom"))
    assert_fits(page, 360)
    assert_tap_targets(page)
    page.locator(".ts-comment").first.scroll_into_view_if_needed()
    page.screenshot(path=docs_images / f"thread-{surface}-360.png")
    with_errors(page)
    assert_fits(page, 360)
    assert_tap_targets(page)
    context.close()


@pytest.mark.parametrize("surface", ["hosted", "embed"])
def test_at_200_percent_the_thread_reflows_without_loss(browser, live_server, request, surface):
    # Browser zoom at 200 % halves the CSS width of a 1280 px window: 640 px at twice the scale.
    context, page = context_page(
        browser, viewport={"width": 640, "height": 900}, device_scale_factor=2
    )
    if surface == "hosted":
        open_hosted(page, hosted_thread(live_server))
    else:
        embed_thread(page, request.getfixturevalue("newsroom"))
    with_errors(page)
    assert_fits(page, 640)
    clipped = page.evaluate(
        f"""() => [...({THREAD})().querySelectorAll('.ts-thread *')]
            .filter(el => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1
                    && getComputedStyle(el).overflowX !== 'visible'
                    && !el.closest('.ts-trap, .ts-hidden'))
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert not clipped, f"text cut off at 200 %: {clipped}"
    context.close()


@pytest.mark.parametrize("surface", ["hosted", "embed"])
@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_new_comments_flash_only_for_readers_who_allow_motion(
    browser, live_server, request, surface, motion
):
    context, page = context_page(browser, reduced_motion=motion)
    if surface == "hosted":
        open_hosted(page, hosted_thread(live_server))
    else:
        embed_thread(page, request.getfixturevalue("newsroom"))
    styles = page.evaluate(
        f"""() => {{ const item = ({THREAD})().querySelector('.ts-comment');
            item.classList.add('ts-comment--new');  // as embed.js marks a comment just shown
            return {{animation: getComputedStyle(item.querySelector('.ts-box')).animationName,
                     scroll: getComputedStyle(document.documentElement).scrollBehavior}}; }}"""
    )
    assert styles["scroll"] != "smooth"
    if motion == "reduce":
        assert styles["animation"] == "none"
    else:
        assert styles["animation"] != "none"
    context.close()


def test_replies_are_nested_lists_under_the_threads_heading_in_a_landmark(page, live_server, terms):
    open_hosted(page, hosted_thread(live_server))
    assert page.locator("main#main").count() == 1
    # The section is a region named by the thread's heading ("10 Comments").
    region = page.get_by_role("region", name=re.compile(r"^\d+ Comments$"))
    assert region.get_by_role("heading", level=2).inner_text().endswith("Comments")
    nested = page.locator("ol.ts-list > li.ts-comment > ol.ts-list--children > li.ts-comment")
    assert nested.count() >= 2
    deeper = "ol.ts-list--children > li.ts-comment > ol.ts-list--children > li.ts-comment"
    assert page.locator(deeper).count() >= 1
    assert page.get_by_role("heading", name="Leave a Reply").count() == 1


def test_the_embed_takes_the_host_pages_font_colours_and_radius(page, newsroom, docs_images):
    embed_thread(page, newsroom, "/news/ferry-themed")
    look = page.evaluate(
        f"""() => {{ const root = ({THREAD})(); const thread = root.querySelector('.ts-thread');
            const s = el => getComputedStyle(el);
            return {{font: s(thread).fontFamily, text: s(thread).color,
                     background: s(thread).backgroundColor,
                     link: s(root.querySelector('.ts-reply')).color,
                     radius: s(root.querySelector('.ts-button')).borderTopLeftRadius}}; }}"""
    )
    assert look["font"].startswith('"Liberation Serif"')
    assert look["text"] == "rgb(43, 29, 14)"
    assert look["background"] == "rgb(251, 246, 236)"
    assert look["link"] == "rgb(106, 27, 154)"
    assert look["radius"] == "12px"
    assert_no_serious_violations(page, "the embed in the host page's look")
    page.locator("#townsquare-thread").screenshot(path=docs_images / "embed-themed.png")


def test_the_theme_option_of_townsquare_render_sets_the_dark_theme(page, newsroom):
    open_embed(page, f"{newsroom}/news/ferry")
    page.evaluate(
        """() => { const box = document.querySelector('#townsquare-thread');
                   Townsquare.destroy(box);
                   return Townsquare.render(box, {eager: true, theme: 'dark'}); }"""
    )
    page.locator(".ts-thread").wait_for()
    assert page.locator("#townsquare-thread").get_attribute("data-theme") == "dark"
    background = page.evaluate(
        f"() => getComputedStyle(({THREAD})().querySelector('.ts-thread')).backgroundColor"
    )
    assert background == "rgb(23, 25, 28)"


@pytest.mark.parametrize("surface", ["hosted", "embed"])
def test_dark_theme_screenshots_at_360_px_and_on_a_desktop(
    browser, live_server, request, surface, docs_images
):
    for name, viewport in (("360", PHONE), ("desktop", {"width": 1100, "height": 900})):
        context, page = context_page(
            browser, viewport=viewport, color_scheme="dark", device_scale_factor=1
        )
        if surface == "hosted":
            open_hosted(page, hosted_thread(live_server))
        else:
            embed_thread(page, request.getfixturevalue("newsroom"), "/news/ferry-auto")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(23, 25, 28)"
        assert_fits(page, viewport["width"])
        assert_no_serious_violations(page, f"the {surface} thread in dark at {name}")
        page.locator(".ts-comment").first.scroll_into_view_if_needed()
        page.screenshot(path=docs_images / f"thread-{surface}-dark-{name}.png")
        if name == "desktop":  # the form, with its errors
            with_errors(page)
            assert_no_serious_violations(page, f"the {surface} form in dark, with errors")
            page.locator("#respond").screenshot(path=docs_images / f"form-{surface}-dark.png")
        context.close()
