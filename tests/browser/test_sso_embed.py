"""The newsroom's own sign-in through the embed, on a page of another origin, in a real browser
(issue 24's "Done when"; docs/identity.md, "The embed's JavaScript API").

A plain HTML "newsroom page" is served by http.server on its own port. As a newsroom's server
would, the test mints the reader's token with the site's secret (``tests/sso.py``) and writes it
into the page, which renders the thread with ``Townsquare.render(el, {accessToken})`` and
listens for ``loginPrompt``.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from tests.factories import make_story
from tests.sso import claims, make_secret, mint
from townsquare.comments.models import Comment
from townsquare.lib.urls import canonical_url
from townsquare.readers.models import ReaderSession, SSORevokedToken
from townsquare.sites.models import Commenting, Site

NEWSROOM_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1>
<div id="comments" data-url="{page}"></div>
<script src="{base}/embed.js"></script>
<script>
  window.prompts = [];
  // The newsroom's own sign-in would open here; the test only records the prompt.
  document.addEventListener("loginPrompt", function (event) {{
    event.preventDefault();
    window.prompts.push(event.detail);
  }});
  Townsquare.render(document.getElementById("comments"),
                    {{ url: "{page}", title: "{title}", accessToken: {token}, eager: true }});
</script>
</body></html>"""


def _serve(state: dict) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 -- the http.server API
            token = state["tokens"].get(self.path)
            body = NEWSROOM_PAGE.format(
                title="Harbour tolls rise in spring",
                page=f"{state['origin']}{self.path}",
                base=state["base"],
                token=json.dumps(token),  # null: a guest on the newsroom's site
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def newsroom(live_server, settings, terms):
    settings.SITE_URL = live_server.url
    state: dict = {"base": live_server.url, "tokens": {}}
    server = _serve(state)
    state["origin"] = f"http://127.0.0.1:{server.server_port}"
    site = Site.objects.create(
        name="The Gazette",
        slug="gazette",
        allowed_origins=[state["origin"]],
        commenting_url="https://news.example.org/subscribe",
    )
    make_secret(site)
    state["site"] = site
    yield state
    server.shutdown()
    server.server_close()


def _story(state: dict, path: str, commenting: str):
    return make_story(
        site=state["site"],
        canonical_url=canonical_url(f"{state['origin']}{path}"),
        commenting=commenting,
    )


def test_a_signed_in_reader_posts_with_their_badge_edits_and_signs_out(
    page, newsroom, screenshot_dir
):
    _story(newsroom, "/news/tolls", Commenting.SIGNED_IN)
    token = mint(claims(user={"badges": ["subscriber"]}))
    newsroom["tokens"]["/news/tolls"] = token
    sign_ins: list[str] = []
    page.on("request", lambda r: sign_ins.append(r.url) if "/sso/sign-in" in r.url else None)

    page.goto(f"{newsroom['origin']}/news/tolls")
    signed_in = page.locator(".ts-form .ts-signed-in")
    signed_in.wait_for()
    assert signed_in.inner_text().startswith("Signed in as Marta Quill")
    assert not page.locator(".ts-form input[name=email]").is_visible()  # the account's
    assert not page.locator(".ts-restricted").is_visible()

    page.locator("textarea[name=comment]").fill("Tolls should fund the ferry, not the car park.")
    page.get_by_role("button", name="Post Comment").click()
    mine = page.locator(".ts-comment", has_text="fund the ferry")
    mine.wait_for()
    assert mine.locator(".ts-badge").inner_text() == "Subscriber"
    mine.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "sso-embed-signed-in.png", full_page=True)
    comment = Comment.objects.get()
    assert comment.author_name == "Marta Quill" and comment.author_badges == ["subscriber"]
    assert comment.commenter.email == "marta.subscriber@example.org"

    mine.get_by_role("button", name="Edit").click()
    page.locator(".ts-edit-form textarea").fill("Tolls should fund the ferry first.")
    page.get_by_role("button", name="Save my edit").click()
    page.locator(".ts-comment", has_text="fund the ferry first").wait_for()
    comment.refresh_from_db()
    assert "fund the ferry first" in comment.body

    # The next page view keeps the reader token: no second sign-in.
    page.reload()
    page.locator(".ts-form .ts-signed-in").wait_for()
    assert len(sign_ins) == 1

    page.evaluate("Townsquare.logout()")
    restricted = page.locator(".ts-restricted")
    restricted.wait_for()
    assert "Only readers signed in with their account comment here." in restricted.inner_text()
    assert not page.locator(".ts-form").is_visible()
    assert not ReaderSession.objects.filter(revoked_at__isnull=True).exists()
    assert SSORevokedToken.objects.exists()
    refusal = page.evaluate(
        "t => Townsquare.login(t).then(() => 'signed in', e => e.code + ': ' + e.message)", token
    )
    assert refusal.startswith("signed_out: ")
    assert "Signing in did not work" in page.locator(".ts-sso-error").inner_text()
    assert not ReaderSession.objects.filter(revoked_at__isnull=True).exists()


def test_a_guest_is_prompted_and_a_reader_without_the_badge_is_told_why(
    page, newsroom, screenshot_dir
):
    _story(newsroom, "/news/club", Commenting.SIGNED_IN)
    page.goto(f"{newsroom['origin']}/news/club")  # a guest: no token in the page
    restricted = page.locator(".ts-restricted")
    restricted.wait_for()
    assert not page.locator(".ts-form").is_visible()
    restricted.get_by_role("link", name="Sign in").click()
    prompts = page.evaluate("window.prompts")
    assert prompts == [
        {
            "reason": "sign_in",
            "url": f"{newsroom['origin']}/news/club",
            "commenting": "signed_in",
            "message": "Only readers signed in with their account comment here. "
            "Sign in at https://news.example.org/subscribe",
        }
    ]
    assert page.url == f"{newsroom['origin']}/news/club"  # the page took the prompt

    _story(newsroom, "/news/members", Commenting.SUBSCRIBERS)
    newsroom["tokens"]["/news/members"] = mint(
        claims(user={"id": "acct-7", "email": "pat@example.org", "username": "Pat", "badges": []})
    )
    page.goto(f"{newsroom['origin']}/news/members")
    told = page.locator(".ts-restricted .ts-signed-in")
    told.wait_for()
    reason = page.locator(".ts-restricted").inner_text()
    assert "Subscribers comment here. Subscribe at https://news.example.org/subscribe" in reason
    assert "Signed in as Pat" in reason
    page.screenshot(path=screenshot_dir / "sso-embed-not-a-subscriber.png", full_page=True)
    assert not page.locator(".ts-form").is_visible()
    assert not page.locator(".ts-restricted .ts-sign-in").is_visible()
    assert Comment.objects.count() == 0


def test_the_hosted_page_signs_in_by_redirect_and_out_with_the_same_client(
    page, live_server, settings, terms
):
    settings.SITE_URL = live_server.url
    story = make_story(commenting=Commenting.SIGNED_IN)
    make_secret(story.site)
    path = story.get_absolute_url()
    page.goto(f"{live_server.url}{path}")  # a guest: the rule in place of the form
    assert page.locator(".ts-restricted").is_visible()
    assert not page.locator("form.ts-form").is_visible()

    page.goto(f"{live_server.url}/sso/callback/?token={mint()}&next={path}")
    page.wait_for_url(f"{live_server.url}{path}")
    assert page.locator(".ts-signed-in").first.inner_text().startswith("Signed in as Marta Quill")
    assert page.locator("form.ts-form").is_visible()
    assert not page.locator(".ts-restricted").is_visible()

    with page.expect_response(lambda r: "/sso/sign-out" in r.url) as answer:
        page.locator(".ts-form").get_by_role("button", name="Sign out").click()
    assert answer.value.status == 200
    page.locator(".ts-restricted").wait_for()
    assert not ReaderSession.objects.filter(revoked_at__isnull=True).exists()
    page.reload()  # the reader cookie is gone too
    page.locator(".ts-restricted").wait_for()
    assert not page.locator("form.ts-form").is_visible()


def test_a_post_the_rule_refuses_prompts_the_host_page(page, newsroom):
    _story(newsroom, "/news/late", Commenting.SIGNED_IN)
    newsroom["tokens"]["/news/late"] = mint()
    page.goto(f"{newsroom['origin']}/news/late")
    page.locator(".ts-form .ts-signed-in").wait_for()
    # Signed out elsewhere while the page stays open (the newsroom's account page, say).
    ReaderSession.objects.update(revoked_at=timezone.now())
    page.locator("textarea[name=comment]").fill("Does this still go through?")
    page.get_by_role("button", name="Post Comment").click()
    page.locator(".ts-restricted").wait_for()
    assert [p["reason"] for p in page.evaluate("window.prompts")] == ["post_refused"]
    assert not page.locator(".ts-form").is_visible()
    assert page.locator(".ts-restricted .ts-sign-in").is_visible()  # a guest now
    assert page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':reader'))") == []
    assert Comment.objects.count() == 0
