"""axe-core on every page type a reader or a moderator meets, in Chromium, light and dark.

Each test fails on any serious or critical violation (tests/browser/a11y.py), listing them;
milder ones are printed. The embed is checked on a newsroom's page of another origin, inside
its shadow root.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from tests.browser.a11y import DARK_BODY, assert_no_serious_violations, newsroom_pages
from tests.browser.test_moderation_queue import held, signed_in_page
from tests.conftest import UNCIVIL
from tests.factories import make_comment, make_commenter, make_story
from tests.notifications.conftest import link_of

SCHEMES = ["light", "dark"]


def long_thread(story, *, top: int = 24) -> None:
    """A busy story: top-level comments, replies, a reply to a reply, a held one."""
    for i in range(top):
        comment = make_comment(
            story=story,
            body=f"Comment {i}: the *ferry* timetable matters to [islanders](https://example.org).",
            author_name=f"Reader {i}",
        )
        if i % 4 == 0:
            reply = make_comment(story=story, parent=comment, body=f"A reply to comment {i}.")
            make_comment(story=story, parent=reply, body="And a reply to that reply.")


@pytest.fixture
def newsroom(live_server, settings, terms):
    """The newsroom's pages on another origin: the embed plain, and in each theme."""
    settings.SITE_URL = live_server.url
    pages = {
        "/news/ferry": {},
        "/news/ferry-dark": {"attributes": 'data-theme="dark"', "body_style": DARK_BODY},
        "/news/ferry-auto": {"attributes": 'data-theme="auto"', "body_style": DARK_BODY},
    }
    with newsroom_pages(base=live_server.url, pages=pages) as origin:
        yield origin


@pytest.fixture(params=SCHEMES)
def scheme_page(request, browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=request.param
    )
    page = context.new_page()
    page.scheme = request.param
    yield page
    context.close()


def open_hosted(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.Townsquare && document.querySelector('.ts-thread')")


def open_embed(page, url: str) -> None:
    page.goto(url)
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.locator(".ts-thread").wait_for()
    # The stylesheet inside the shadow root has loaded once the form has its own font.
    page.wait_for_function(
        """() => { const root = document.querySelector('#townsquare-thread').shadowRoot;
                   const link = root && root.querySelector('link[rel=stylesheet]');
                   return link && link.sheet; }"""
    )


def test_axe_article_page_with_a_long_thread(scheme_page, live_server, terms):
    story = make_story()
    long_thread(story)
    open_hosted(scheme_page, f"{live_server.url}{story.get_absolute_url()}")
    assert_no_serious_violations(scheme_page, f"the article page ({scheme_page.scheme})")


def test_axe_the_form_with_errors(scheme_page, live_server, terms):
    story = make_story()
    make_comment(story=story)
    open_hosted(scheme_page, f"{live_server.url}{story.get_absolute_url()}")
    scheme_page.locator("textarea[name=comment]").fill("Too short? No: no name and no e-mail.")
    scheme_page.get_by_role("button", name="Post Comment").click()
    scheme_page.locator(".ts-message--error").wait_for()
    scheme_page.locator(".ts-field--error").first.wait_for()
    assert_no_serious_violations(scheme_page, f"the form with errors ({scheme_page.scheme})")


def test_axe_the_nudge(scheme_page, live_server, terms, nudging_policy):
    story = make_story()
    open_hosted(scheme_page, f"{live_server.url}{story.get_absolute_url()}")
    scheme_page.locator("textarea[name=comment]").fill(UNCIVIL)
    scheme_page.locator("input[name=author]").fill("Nudged Reader")
    scheme_page.locator("input[name=email]").fill("nudged@example.org")
    scheme_page.get_by_role("button", name="Post Comment").click()
    scheme_page.locator("#nudge mark").first.wait_for()
    assert_no_serious_violations(scheme_page, f"the nudge ({scheme_page.scheme})")


def test_axe_report_page(scheme_page, live_server, terms):
    page = scheme_page
    comment = make_comment(story=make_story(), body="A comment someone finds rude.")
    page.goto(f"{live_server.url}/comments/{comment.pk}/report/")
    assert_no_serious_violations(page, f"the report page ({page.scheme})")


def test_axe_reader_sign_in(scheme_page, live_server, transactional_db):
    from townsquare.readers.models import OIDCProvider
    from townsquare.sites.selectors import site_default

    page = scheme_page
    page.goto(f"{live_server.url}/your-comments/sign-in/")
    assert_no_serious_violations(page, f"reader sign-in ({page.scheme})")
    # With the newsroom's own sign-in offered too (its button; the provider is never called).
    OIDCProvider.objects.create(
        site=site_default(),
        name="Harbour ID",
        issuer="https://id.example.org",
        client_id="townsquare",
        client_secret="not-used-here",
    )
    page.goto(f"{live_server.url}/your-comments/sign-in/")
    page.get_by_role("link", name="Sign in with Harbour ID").wait_for()
    assert_no_serious_violations(page, f"reader sign-in with OIDC ({page.scheme})")


def test_axe_your_comments(scheme_page, live_server, transactional_db, mailoutbox, settings):
    page = scheme_page
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    story = make_story()
    commenter = make_commenter(email="wren@example.org", name="Wren")
    make_comment(story=story, commenter=commenter, author_name="Wren", body="My first comment.")
    page.goto(f"{live_server.url}/your-comments/sign-in/")
    page.get_by_label("E-mail address").fill("wren@example.org")
    page.get_by_role("button", name="Send me a link").click()
    page.get_by_text("Check your e-mail").wait_for()
    assert_no_serious_violations(page, "the link-sent page")
    page.goto(live_server.url + link_of(mailoutbox[-1], "/verify/"))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Your comments").wait_for()
    assert_no_serious_violations(page, f'"Your comments" ({page.scheme})')


def test_axe_the_embed_on_a_host_page(scheme_page, newsroom):
    open_embed(scheme_page, f"{newsroom}/news/ferry")
    from townsquare.stories.models import Story

    long_thread(Story.objects.get(), top=8)
    open_embed(scheme_page, f"{newsroom}/news/ferry")
    scheme_page.locator(".ts-comment").first.wait_for()
    assert_no_serious_violations(scheme_page, f"the embed ({scheme_page.scheme})")
    # The form with its errors, inside the shadow root.
    scheme_page.get_by_role("button", name="Post Comment").click()
    scheme_page.locator(".ts-message--error").wait_for()
    assert_no_serious_violations(scheme_page, f"the embed's form, errors ({scheme_page.scheme})")


def test_axe_the_embed_in_its_dark_theme_on_a_light_scheme(page, newsroom):
    open_embed(page, f"{newsroom}/news/ferry-dark")
    assert_no_serious_violations(page, 'the embed with data-theme="dark"')
    page.get_by_role("button", name="Post Comment").click()
    page.locator(".ts-message--error").wait_for()
    assert_no_serious_violations(page, 'the embed\'s form with errors, data-theme="dark"')


def test_axe_the_embed_on_auto_follows_a_dark_scheme(browser, newsroom):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    open_embed(page, f"{newsroom}/news/ferry-auto")
    background = page.evaluate(
        """() => getComputedStyle(document.querySelector('#townsquare-thread')
                 .shadowRoot.querySelector('.ts-thread')).backgroundColor"""
    )
    assert background == "rgb(23, 25, 28)"  # the dark theme's, not the light one's transparent
    assert_no_serious_violations(page, 'the embed with data-theme="auto" in a dark scheme')
    context.close()


def _moderator():
    mo = User.objects.create_user("mo", password="correct horse battery")
    mo.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    return mo


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_the_moderation_queue(browser, live_server, scheme):
    story = make_story(headline="Harbour dredging approved")
    troll = make_commenter(email="troll@example.com", name="Grim Troll")
    held(story, "Watch your back at the next meeting.", 1, commenter=troll)
    held(story, "Only an idiot would vote for this.", 2, author_name="Rude Reader")
    held(story, "I disagree, but the costs were clearly set out.", 3)
    context, page = signed_in_page(browser, live_server, _moderator())
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/moderate/")
    page.locator(".mod-card").first.wait_for()
    assert_no_serious_violations(page, f"the moderation queue ({scheme})")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_axe_the_commenter_page(browser, live_server):
    story = make_story()
    troll = make_commenter(email="troll@example.com", name="Grim Troll")
    held(story, "Watch your back at the next meeting.", 1, commenter=troll)
    make_comment(story=story, commenter=troll, author_name="Grim Troll", body="Earlier words.")
    context, page = signed_in_page(browser, live_server, _moderator())
    page.emulate_media(color_scheme="dark")
    page.goto(f"{live_server.url}/moderate/commenters/{troll.pk}/")
    assert_no_serious_violations(page, "the commenter page (dark)")
    context.close()


def test_axe_the_front_page_and_the_guidelines(scheme_page, live_server, terms):
    make_story(headline="Harbour dredging approved")
    for path in ("/", "/guidelines/", "/your-data/"):
        scheme_page.goto(f"{live_server.url}{path}")
        assert_no_serious_violations(scheme_page, f"{path} ({scheme_page.scheme})")
