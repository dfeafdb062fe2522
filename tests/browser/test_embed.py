"""The embed on a newsroom's own page, from another origin, in a real browser.

A plain HTML "CMS page" is served by http.server on its own port (another origin than
Townsquare's live server); its template includes the server-rendered thread (the SEO include)
inside the embed's element and loads embed.js and count.js. A page on an origin the site does
not list gets nothing and cannot post.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.conftest import UNCIVIL
from townsquare.comments.models import Comment
from townsquare.sites.models import Site

CMS_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Ferry timetable changes — The Gazette</title>
<meta property="og:title" content="Winter ferry timetable cut to two crossings">
<link rel="canonical" href="{page}">
<style>* {{ color: rgb(255, 0, 0) !important; font-size: 31px !important; }}
.spacer {{ height: 2600px; }}</style></head>
<body><h1>Winter ferry timetable cut to two crossings</h1>
<p><a id="count-here" href="{page}" data-townsquare-count>Comments</a>
   <a id="count-there" href="/news/other" data-townsquare-count>Comments</a>
   <a id="count-again" href="{page}#comments" data-townsquare-count>Comments</a></p>
<div class="spacer"></div>
<div id="townsquare-thread" data-url="{page}"{options}>{include}</div>
<script src="{base}/embed.js" async></script>
<script src="{base}/count.js" async></script>
</body></html>"""


def _serve(state: dict) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 -- the http.server API
            page = f"{state['allowed']}/news/ferry"
            include = ""
            if state.get("include"):
                # What a CMS template does for search engines: include the server's fragment.
                url = f"{state['base']}/embed/thread?url={quote(page, safe='')}"
                with urllib.request.urlopen(url, timeout=10) as response:
                    include = response.read().decode()
            # ?lang=es: the newsroom's template sets the embed's lang option (data-lang).
            lang = parse_qs(urlsplit(self.path).query).get("lang", [""])[0]
            options = f' data-lang="{lang}"' if lang.isalpha() else ""
            body = CMS_PAGE.format(
                page=page, base=state["base"], include=include, options=options
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
def cms(live_server, settings, terms):
    settings.SITE_URL = live_server.url
    state: dict = {"base": live_server.url}
    allowed, other = _serve(state), _serve(state)
    state["allowed"] = f"http://127.0.0.1:{allowed.server_port}"
    state["other"] = f"http://127.0.0.1:{other.server_port}"
    Site.objects.create(name="The Gazette", slug="gazette", allowed_origins=[state["allowed"]])
    yield state
    for server in (allowed, other):
        server.shutdown()
        server.server_close()


def _post(page, text: str, *, name: str, email: str, scope=None) -> None:
    box = scope or page.locator(".ts-thread")
    box.locator("textarea[name=comment]").fill(text)
    box.locator("input[name=author]").fill(name)
    box.locator("input[name=email]").fill(email)
    box.locator("button[type=submit]").click()


def test_the_thread_embeds_on_another_origin_posts_replies_nudges_and_counts(
    page, cms, nudging_policy, screenshot_dir
):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{cms['allowed']}/news/ferry.html")
    # Lazy: nothing is fetched until the reader scrolls near the thread.
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "/embed/thread" in u]
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    thread = page.locator(".ts-thread")
    thread.wait_for()
    assert "0 Comments" in page.locator(".ts-heading").inner_text()
    story = Comment.objects.none().model._meta.apps.get_model("stories", "Story").objects.get()
    assert story.headline == "Winter ferry timetable cut to two crossings"  # from og:title

    _post(page, "The *second* crossing matters most.", name="Embed Reader", email="er@example.org")
    top = page.locator(".ts-comment", has_text="crossing matters most")
    top.wait_for()
    assert top.locator("em").inner_text() == "second"

    top.locator(".ts-reply").first.click()
    assert top.locator("form.ts-form").is_visible()  # the form moved under the comment
    _post(
        page, "Agreed; the morning one.", name="Replying Reader", email="rr@example.org", scope=top
    )
    reply = top.locator(".ts-list--children .ts-comment", has_text="the morning one")
    reply.wait_for()
    saved = Comment.objects.get(body__startswith="Agreed")
    assert saved.parent.body.startswith("The *second*")
    assert saved.device_id, "the embed's device token reaches the comment"

    _post(page, UNCIVIL, name="Nudged Reader", email="nr@example.org")
    nudge = page.locator(".ts-nudge")
    nudge.wait_for()
    assert "idiot" in nudge.locator("mark").first.inner_text().lower()
    assert page.locator(".ts-thread button[type=submit]").inner_text() == "Post anyway"
    assert not Comment.objects.filter(author_name="Nudged Reader").exists()
    nudge.screenshot(path=screenshot_dir / "embed-nudge.png")

    # The host page's rules (red, 31px on everything) stop at the shadow root.
    color, size = page.locator(".ts-body").first.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).fontSize]"
    )
    assert color != "rgb(255, 0, 0)" and size != "31px"
    page.screenshot(path=screenshot_dir / "embed-cms-page.png", full_page=True)

    # Counts: every count link on the page, from one request.
    requests.clear()
    page.reload()
    page.locator("#count-here[data-townsquare-counted]").wait_for()
    assert page.locator("#count-here").inner_text() == "2 comments"
    assert page.locator("#count-again").inner_text() == "2 comments"
    assert page.locator("#count-there").inner_text() == "0 comments"
    assert len([u for u in requests if "/api/v1/counts" in u]) == 1

    # Townsquare.destroy / render, as a single-page site would call them.
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.locator(".ts-thread").wait_for()
    page.evaluate("Townsquare.destroy(document.getElementById('townsquare-thread'))")
    assert page.locator(".ts-thread").count() == 0
    page.evaluate("Townsquare.render(document.getElementById('townsquare-thread'), {eager: true})")
    page.locator(".ts-comment", has_text="crossing matters most").wait_for()


def test_a_reloaded_or_rendered_again_thread_answers_each_click_once(page, cms):
    from tests.factories import make_comment
    from townsquare.stories.models import Story

    respects: list[str] = []
    page.on("request", lambda r: respects.append(r.url) if r.url.endswith("/respect") else None)
    page.goto(f"{cms['allowed']}/news/ferry.html")
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.locator(".ts-thread").wait_for()
    make_comment(story=Story.objects.get(), body="Two crossings is too few.")

    # A sort change reloads the thread into the same shadow root.
    page.locator(".ts-sort__select").select_option("newest")
    button = page.locator(".ts-comment", has_text="too few").locator(".ts-respect")
    button.click()
    page.locator(".ts-respect[aria-pressed=true]").wait_for()
    page.wait_for_load_state("networkidle")
    assert len(respects) == 1, respects

    # destroy, then render again, as a single-page site does between articles.
    page.evaluate("Townsquare.destroy(document.getElementById('townsquare-thread'))")
    page.evaluate("Townsquare.render(document.getElementById('townsquare-thread'), {eager: true})")
    page.locator(".ts-respect[aria-pressed=true]").click()
    page.locator(".ts-respect[aria-pressed=false]").wait_for()
    page.wait_for_load_state("networkidle")
    assert len(respects) == 2, respects
    assert page.locator(".ts-respect__count").inner_text() == "0"


def test_the_server_side_include_is_in_the_page_for_search_engines(page, cms):
    story_comment = "Search engines should read this one."
    page.goto(f"{cms['allowed']}/news/ferry.html")
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.locator(".ts-thread").wait_for()
    _post(page, story_comment, name="Indexed Reader", email="ir@example.org")
    page.locator(".ts-comment", has_text="should read this").wait_for()

    cms["include"] = True
    response = urllib.request.urlopen(f"{cms['allowed']}/news/ferry.html", timeout=10)
    html = response.read().decode()
    # The page's own HTML (what a crawler fetches) holds the comment, outside any frame.
    assert story_comment in html and "<iframe" not in html
    page.goto(f"{cms['allowed']}/news/ferry.html")
    light = page.evaluate("document.getElementById('townsquare-thread').innerHTML")
    assert story_comment in light
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.locator(".ts-form").wait_for()  # the script took over, in the shadow root


def test_a_page_on_an_origin_the_site_does_not_list_gets_a_reason_and_cannot_post(page, cms):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text))
    page.goto(f"{cms['other']}/news/ferry.html")
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    # No thread, but the site's owner sees in place why, rather than a blank area.
    reason = page.locator("#townsquare-thread .ts-error")
    reason.wait_for()
    assert "not allowed" in reason.inner_text() and cms["other"] in reason.inner_text()
    assert page.locator(".ts-thread").count() == 0
    assert page.locator("#count-here").inner_text() == "Comments"  # no count either

    # Even a hand-made post without a preflight (text/plain) is refused by the server.
    outcome = page.evaluate(
        """async ([base, url]) => {
            try {
              await fetch(base + "/api/v1/comments", {method: "POST", body: JSON.stringify({
                thread_token: "x", author: "Other", email: "o@example.org",
                comment: "From a page that is not allowed."})});
              return "read";
            } catch (e) { return "blocked"; }
        }""",
        [cms["base"], f"{cms['allowed']}/news/ferry"],
    )
    assert outcome == "blocked"
    assert not Comment.objects.filter(body__contains="not allowed").exists()
    assert any(re.search(r"CORS|Access-Control", e) for e in errors)


def test_avatars_on_the_newsroom_page_load_from_townsquare(page, cms):
    page.goto(f"{cms['allowed']}/news/ferry.html")
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.locator(".ts-thread").wait_for()
    _post(page, "Avatars should draw here too.", name="Pictured Reader", email="pr@example.org")
    page.locator(".ts-comment", has_text="should draw here").wait_for()
    page.reload()
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    avatar = page.locator(".ts-comment", has_text="should draw here").locator("img.avatar")
    avatar.scroll_into_view_if_needed()
    # A site-relative src would load from the newsroom's origin (404 there): a broken image.
    assert avatar.get_attribute("src").startswith(cms["base"] + "/")
    width = avatar.evaluate("el => el.decode().then(() => el.naturalWidth, () => 0)")
    assert width > 0


def test_a_submit_while_the_form_is_still_asked_for_waits_for_its_token(page, cms, monkeypatch):
    """The first focus asks for a form token and device; a quick reader can press Post first.

    The post must wait for that answer, not go without a device token (400 device_required).
    The server's real answer is slowed, so the submit always lands while it is on its way.
    """
    from townsquare.api.public import posting as public

    real = public.viewer_parts

    def slow_viewer_parts(**kwargs):
        time.sleep(1.5)
        return real(**kwargs)

    monkeypatch.setattr(public, "viewer_parts", slow_viewer_parts)
    page.goto(f"{cms['allowed']}/news/ferry.html")
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.locator(".ts-thread").wait_for()
    _post(page, "Quick hands posted this.", name="Quick Reader", email="qr@example.org")
    page.locator(".ts-comment", has_text="Quick hands").wait_for()
    assert Comment.objects.filter(body__contains="Quick hands").exists()


def test_editing_in_the_embed_starts_from_the_markdown_source(page, cms):
    source = "The *second* crossing, see [the timetable](https://example.org/t).\n\n> Two a day"
    page.goto(f"{cms['allowed']}/news/ferry.html")
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.locator(".ts-thread").wait_for()
    _post(page, source, name="Editing Reader", email="edr@example.org")
    mine = page.locator(".ts-comment", has_text="crossing, see")
    mine.wait_for()
    page.reload()
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    page.locator(".ts-thread textarea[name=comment]").focus()  # asks for the reader's own parts
    mine.locator(".ts-own-edit").click()
    box = mine.locator(".ts-edit-form textarea")
    assert box.input_value() == source
    box.fill(source + " is enough.")
    mine.locator(".ts-edit-form button[type=submit]").click()
    mine.locator(".ts-message--success").wait_for()
    saved = Comment.objects.get(author_name="Editing Reader")
    assert saved.body == source + " is enough."
    assert mine.locator("em").inner_text() == "second"
