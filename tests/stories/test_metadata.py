"""A site that fetches its pages' metadata takes the headline from the page, not the browser."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import make_site
from townsquare.embed.pages import FirstView, page_for_url
from townsquare.lib.pagemeta import page_meta_parse
from townsquare.stories.models import Story

pytestmark = pytest.mark.django_db

PAGE = """<html><head><title>Ignored when og:title is there</title>
<meta property="og:title" content="Harbour dredging to start in March">
<meta property="article:published_time" content="2026-11-20T08:30:00Z">
</head><body>…</body></html>"""


@pytest.fixture
def cms():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 -- the http.server API
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_page_itself_names_the_story(cms, run_tasks, django_capture_on_commit_callbacks):
    make_site(origins=[cms], fetch_metadata=True)
    with django_capture_on_commit_callbacks(execute=True):
        page = page_for_url(
            url=f"{cms}/dredging",
            title="Anything a script says",
            first_view=FirstView(origin_header=cms),
        )
    assert page.story.headline == "Anything a script says"
    assert not page.story.metadata_confirmed
    (result,) = run_tasks()
    assert result.status == "SUCCESSFUL"
    story = Story.objects.get()
    assert story.headline == "Harbour dredging to start in March"
    assert story.published_at.isoformat() == "2026-11-20T08:30:00+00:00"
    assert story.metadata_confirmed  # the page's own words: it may go on the front page now


def test_without_the_setting_nothing_is_fetched(cms, run_tasks, django_capture_on_commit_callbacks):
    make_site(origins=[cms])
    with django_capture_on_commit_callbacks(execute=True):
        page_for_url(
            url=f"{cms}/dredging", title="As sent", first_view=FirstView(origin_header=cms)
        )
    assert run_tasks() == []
    story = Story.objects.get()
    assert story.headline == "As sent" and not story.metadata_confirmed


def test_the_parser_falls_back_to_the_title_and_ignores_bad_dates():
    meta = page_meta_parse(
        '<title> Plain  title </title><meta property="article:published_time" content="soon">'
    )
    assert meta.title == "Plain title" and meta.published_at is None
