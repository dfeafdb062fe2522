"""Flood and duplicate limits hold under simultaneous posts, across several server processes.

Real ``townsquare serve`` processes (4 gunicorn workers) on a real database: a file SQLite in the
SQLite run, a fresh PostgreSQL database in the PostgreSQL run. Posts are fired at the same
moment from threads; the limits must count them one after another.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.servers import server, site

pytestmark = pytest.mark.django_db(transaction=True)

STORY = (
    "from django.utils import timezone; from townsquare.stories.models import Story; "
    "Story.objects.create(slug='race', headline='Race', body='One.\\n\\nTwo.', "
    "published_at=timezone.now() - timezone.timedelta(hours=1))"
)


class Reader:
    """One browser running the page's script: its own cookie jar, the form's tokens from the API
    (the thread token from the article page, the form timestamp and device from ``/forms``)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(f"{base}/stories/race/").read().decode()
        self.thread_token = re.search(r'data-thread-token="([^"]+)"', page)[1]
        form = json.loads(self._send("/api/v1/forms", {"thread_token": self.thread_token}).read())
        self.form_started, self.device_token = form["form_started"], form["device_token"]

    def _send(self, path: str, data: dict):
        request = urllib.request.Request(
            f"{self.base}{path}",
            data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json"},
        )
        return self.opener.open(request, timeout=60)

    def post(self, *, email: str, body: str) -> int:
        data = {
            "thread_token": self.thread_token,
            "form_started": self.form_started,
            "device_token": self.device_token,
            "author": "Racing Reader",
            "email": email,
            "comment": body,
        }
        try:
            return self._send("/api/v1/comments", data).status
        except urllib.error.HTTPError as error:
            return error.code


def at_once(calls) -> list[int]:
    """Run the calls in threads released together; return their status codes."""
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = [0] * len(calls)

    def run(index, call):
        barrier.wait()
        statuses[index] = call()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_simultaneous_posts_and_double_submits_are_each_stored_once(tmp_path):
    with site(
        tmp_path,
        SPAM_MIN_SECONDS="0",
        RATE_LIMIT_SECONDS="15",
        RATE_LIMIT_PER_HOUR="10",
        DUPLICATE_WINDOW_SECONDS="600",
    ) as the_site:
        the_site.python(STORY)
        with server(the_site, workers=4) as base:
            flooder = Reader(base)
            flood = at_once(
                [
                    lambda n=n: flooder.post(email="flood@example.com", body=f"Point {n}")
                    for n in range(20)
                ]
            )
            readers = [Reader(base) for _ in range(10)]
            doubles = at_once(
                [
                    lambda r=reader, n=n: r.post(email=f"r{n}@example.com", body="Same words.")
                    for n, reader in enumerate(readers)
                    for _ in range(2)
                ]
            )
        counts = the_site.python(
            "from townsquare.comments.models import Comment; from django.db.models import Count; "
            "import json; print(json.dumps(dict(Comment.objects.values('commenter__email')"
            ".annotate(n=Count('pk')).values_list('commenter__email', 'n'))))"
        )
    stored = json.loads(counts.strip().splitlines()[-1])
    assert 500 not in flood and 500 not in doubles
    assert flood.count(201) == 1 and stored["flood@example.com"] == 1
    assert doubles.count(201) == 10
    assert all(stored[f"r{n}@example.com"] == 1 for n in range(10))
