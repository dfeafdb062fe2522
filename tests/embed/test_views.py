"""/embed/thread, /embed/replies, /embed.js and /count.js."""

from __future__ import annotations

import pytest

from tests.api.conftest import ORIGIN, PAGE
from tests.factories import make_comment, make_site, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(db):
    return make_story(site=make_site(origins=[ORIGIN]), canonical_url=PAGE)


def test_the_include_is_the_first_page_without_a_form(client, story, terms):
    make_comment(story=story, body="Visible to search engines.")
    response = client.get("/embed/thread", {"url": PAGE})
    html = response.content.decode()
    assert response.status_code == 200 and "Visible to search engines." in html
    assert "<form" not in html and "Join the discussion" in html
    assert response["Cache-Control"].startswith("public") and "Set-Cookie" not in response
    assert (
        client.get("/embed/thread", {"url": PAGE}, HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )
    # Should anyone frame it, only the site's pages may.
    assert f"frame-ancestors {ORIGIN}" in response["Content-Security-Policy"]


def test_the_script_mode_has_the_form_and_the_thread_token(client, story, terms):
    html = client.get("/embed/thread", {"url": PAGE, "mode": "script"}, HTTP_ORIGIN=ORIGIN)
    body = html.content.decode()
    assert 'class="ts-form"' in body and "data-thread-token=" in body
    assert html["Access-Control-Allow-Origin"] == ORIGIN


@pytest.mark.postgres
def test_another_origin_gets_only_a_readable_refusal(client, story):
    response = client.get("/embed/thread", {"url": PAGE}, HTTP_ORIGIN="https://evil.example")
    # No thread; the refusal alone is readable there, so the script can say why in place.
    assert response.status_code == 403 and "ts-comment" not in response.content.decode()
    assert response["Access-Control-Allow-Origin"] == "https://evil.example"
    assert 'data-code="origin_not_allowed"' in response.content.decode()
    replies = client.get("/embed/replies", {"url": PAGE, "comment": 1}, HTTP_ORIGIN="https://e.x")
    assert "Access-Control-Allow-Origin" not in replies
    assert client.get("/embed/thread", {"url": "https://nosite.example/a"}).status_code == 404
    assert client.get("/embed/thread", {"url": "x" * 5000}).status_code == 400
    assert client.get("/embed/thread", {"url": f"{PAGE}\x00"}).status_code == 400


def test_more_replies_as_a_fragment(client, story, settings):
    settings.COMMENTS_REPLIES_SHOWN = 1
    top = make_comment(story=story)
    for n in range(3):
        make_comment(story=story, parent=top, body=f"Reply number {n}.")
    thread = client.get("/embed/thread", {"url": PAGE}).content.decode()
    assert "Show 2 more replies" in thread
    replies = client.get("/embed/replies", {"url": PAGE, "comment": top.pk}).content.decode()
    assert all(f"Reply number {n}." in replies for n in range(3))
    assert client.get("/embed/replies", {"url": PAGE, "comment": "²"}).status_code == 404


def test_preflight_only_for_allowed_origins(client, story):
    ok = client.options(
        "/api/v1/comments",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert ok.status_code == 204 and ok["Access-Control-Allow-Origin"] == ORIGIN
    assert "content-type" in ok["Access-Control-Allow-Headers"].lower()
    bad = client.options("/api/v1/comments", HTTP_ORIGIN="https://evil.example")
    assert bad.status_code == 403 and "Access-Control-Allow-Origin" not in bad
    staff = client.options("/api/v1/staff/queue", HTTP_ORIGIN=ORIGIN)
    assert staff.status_code == 403


def test_the_scripts_are_served_at_their_short_addresses(client):
    for name in ("embed.js", "count.js"):
        response = client.get(f"/{name}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        assert client.get(f"/{name}", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_scripts_and_avatars_answer_head_as_get_without_a_body(client):
    for url in ("/embed.js", "/count.js", f"/avatars/{'0' * 32}.svg"):
        got, head = client.get(url), client.head(url)
        assert head.status_code == 200, url
        assert head.content == b""
        assert head["Content-Type"] == got["Content-Type"]
        assert head.get("ETag") == got.get("ETag")


@pytest.mark.postgres
def test_bodies_and_nul_characters_are_bounded(client, story):
    big = client.post("/api/v1/counts", "x" * 70_000, content_type="application/json")
    assert big.status_code == 413 and big.json()["code"] == "too_large"
    nul = client.post("/api/v1/counts", '{"urls": ["\\u0000"]}', content_type="application/json")
    assert nul.status_code == 400
    junk = client.post("/api/v1/counts", "{not json", content_type="application/json")
    assert junk.status_code == 400 and "message" in junk.json()


def test_respect_featured_edited_and_sorts_in_both_modes(client, story, terms):
    from django.utils import timezone

    from townsquare.comments.models import Comment

    pick = make_comment(story=story, body="A first-hand account.")
    other = make_comment(story=story, body="Another view.")
    Comment.objects.filter(pk=pick.pk).update(
        featured=True, featured_reason="From a nurse on the ward", respect_count=3
    )
    Comment.objects.filter(pk=other.pk).update(edited_at=timezone.now())
    include = client.get("/embed/thread", {"url": PAGE}).content.decode()
    assert "3 respects" in include and 'class="ts-respect"' not in include  # no script: a count
    script = client.get(
        "/embed/thread", {"url": PAGE, "mode": "script", "sort": "respected"}, HTTP_ORIGIN=ORIGIN
    ).content.decode()
    assert f'data-respect="{pick.pk}"' in script and 'aria-pressed="false"' in script
    section = script.split('class="ts-featured-section"', 1)[1].split("</section>", 1)[0]
    assert "From a nurse on the ward" in section and "Another view." not in section
    assert 'class="ts-edited"' in script
    assert '<option value="respected" selected>Most respected</option>' in script
    assert '<option value="replies">Most replies</option>' in script


def test_each_comment_costs_its_markup_and_no_layout_whitespace(client, story, terms):
    import re

    top = make_comment(story=story, body="Top")
    make_comment(story=story, body="An answer", parent=top)
    for mode in ("include", "script"):
        html = client.get(
            "/embed/thread", {"url": PAGE, "mode": mode}, HTTP_ORIGIN=ORIGIN
        ).content.decode()
        start = html.index('<li class="ts-comment')
        thread = html[start : html.index("</ol>", html.rindex('<li class="ts-comment'))]
        assert "\n\n" not in thread and "\n " not in thread, mode  # no blank lines, no indent
        stamps = re.findall(r'<time datetime="([^"]+)"', thread)
        assert len(stamps) == 2
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", s) for s in stamps)
        # words stay apart where the layout used to put them on lines of their own
        assert '</a>\n<a class="ts-report"' in thread, mode
        assert '"lazy">\n<span class="ts-author">' in thread


def test_a_premoderated_story_says_so_above_the_form(client, story, terms):
    notice = "read by a moderator before they appear"
    query = {"url": PAGE, "mode": "script"}
    assert notice not in client.get("/embed/thread", query, HTTP_ORIGIN=ORIGIN).content.decode()
    story.premoderate = True
    story.save()
    assert notice in client.get("/embed/thread", query, HTTP_ORIGIN=ORIGIN).content.decode()
