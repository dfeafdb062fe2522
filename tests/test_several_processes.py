"""Two `townsquare serve` processes on one database (and, in its run, one Redis) behave as one site.

What must be shared is shared: a comment posted through one is on the other's page at once, a
reader's flood limit counts posts made through both, sign-in throttling adds up failures made
through both, an edited word list takes effect on both, and both serve the same cached page
(same ETag). SQLite run: one SQLite file and its cache table; PostgreSQL runs: one PostgreSQL
database, with the database cache or Redis.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.servers import server, site

# The servers' databases are their own (tests/servers.py), not the test database. Two servers on
# one database run on each engine (tests/conftest.py); the replica tests name SQLite files for the
# primary and the replica whatever the run, so a PostgreSQL run would repeat the SQLite one: they
# run again only with Redis as the shared cache (the cached pages).

SETUP = (
    "from django.utils import timezone; from townsquare.stories.models import Story; "
    "Story.objects.create(slug='shared', headline='Shared', body='One.\\n\\nTwo.', "
    "published_at=timezone.now() - timezone.timedelta(hours=1)); "
    "from townsquare.accounts.services import moderator_create; "
    "moderator_create(username='mira', email='mira@example.org', password='correct horse 42')"
)


class Browser:
    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str, **headers) -> tuple[int, dict, str]:
        request = urllib.request.Request(url, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def post(self, url: str, data: dict, **headers) -> int:
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(data).encode(), headers=headers
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def _json(self, url: str, data: dict) -> tuple[int, dict]:
        request = urllib.request.Request(
            url, data=json.dumps(data).encode(), headers={"Content-Type": "application/json"}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, {}

    def comment(self, base: str, body: str, email: str = "pat@example.com") -> int:
        """Post as the article page's script does: the API, with the page's thread token."""
        _, _, page = self.get(f"{base}/stories/shared/")
        thread_token = re.search(r'data-thread-token="([^"]+)"', page).group(1)
        _, form = self._json(f"{base}/api/v1/forms", {"thread_token": thread_token})
        status, _ = self._json(
            f"{base}/api/v1/comments",
            {
                "thread_token": thread_token,
                "author": "Pat",
                "email": email,
                "comment": body,
                "form_started": form["form_started"],
                "device_token": form["device_token"],
            },
        )
        return status

    def sign_in(self, base: str, password: str) -> int:
        _, _, page = self.get(f"{base}/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.post(
            f"{base}/accounts/login/",
            {"username": "mira", "password": password, "csrfmiddlewaretoken": token},
            Referer=f"{base}/accounts/login/",
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.redis
def test_two_servers_on_one_database_are_one_site(tmp_path):
    with site(
        tmp_path,
        SPAM_MIN_SECONDS="0",
        RATE_LIMIT_SECONDS="60",
        LOGIN_MAX_ATTEMPTS="3",
        PAGE_MAX_AGE="0",
    ) as the_site:
        the_site.python(SETUP)
        with server(the_site) as a, server(the_site) as b:
            reader, bystander = Browser(), Browser()

            # The same cached page from both, and a post through one shows on the other at once.
            _, headers_a, _ = bystander.get(f"{a}/stories/shared/")
            _, headers_b, _ = Browser().get(f"{b}/stories/shared/")
            assert headers_a["ETag"] == headers_b["ETag"]
            assert reader.comment(a, "Posted through the first server.") == 201
            status, headers, page = Browser().get(
                f"{b}/stories/shared/", **{"If-None-Match": headers_b["ETag"]}
            )
            assert status == 200 and "Posted through the first server." in page
            assert headers["ETag"] != headers_b["ETag"]
            # Its browser's published-comment mark (the flood limits') is in the shared store.
            mark = the_site.python(
                "from townsquare.comments.models import Comment; "
                "from townsquare.comments.published_devices import published_device_key; "
                "from townsquare.lib.counters import mark_read; "
                "c = Comment.objects.get(body='Posted through the first server.'); "
                "print(mark_read(published_device_key(c.device_id)))"
            )
            assert mark.strip().splitlines()[-1].isdigit()

            # One reader's flood limit counts posts through both servers.
            assert reader.comment(b, "And straight away through the second.") == 429

            # Sign-in failures through both servers add up to one lockout.
            guesser = Browser()
            assert guesser.sign_in(a, "wrong one") == 400
            assert guesser.sign_in(b, "wrong two") == 400
            assert guesser.sign_in(a, "wrong three") == 400
            assert guesser.sign_in(b, "correct horse 42") == 429

            # A word-list edit reaches both servers' cached lists.
            assert Browser().comment(a, "Warming the word lists.", email="w@example.com") == 201
            the_site.python(
                "from townsquare.moderation.models import WordRule; "
                "WordRule.objects.create(kind='banned', phrase='flapdoodle')"
            )
            banned = Browser().comment(b, "What flapdoodle.", email="x@example.com")
            assert banned == 422  # rejected: the form comes back with the reason
        counts = the_site.python(
            "from townsquare.comments.models import Comment; "
            "print(Comment.objects.filter(status='rejected').count())"
        )
    assert counts.strip().splitlines()[-1] == "1"


def _replica_of(primary, replica) -> None:
    import shutil
    import sqlite3

    source = sqlite3.connect(primary)
    source.execute("PRAGMA wal_checkpoint(FULL)")
    source.close()
    shutil.copy(primary, replica)


@pytest.mark.redis
def test_public_pages_read_the_replica_once_it_has_caught_up(tmp_path):
    import sqlite3

    primary = tmp_path / "primary.sqlite3"
    replica = tmp_path / "replica.sqlite3"
    with site(
        tmp_path, SPAM_MIN_SECONDS="0", DATABASE_URL=f"sqlite:///{primary}", PAGE_MAX_AGE="0"
    ) as the_site:
        the_site.python(SETUP)
        with server(the_site) as base:
            assert Browser().comment(base, "Said on the primary.") == 201
        # A replica that has caught up, with a mark only it holds (the primary is unchanged).
        _replica_of(primary, replica)
        marked = sqlite3.connect(replica)
        marked.execute("UPDATE comments_comment SET body_html = '<p>Read from the replica.</p>'")
        marked.commit()
        marked.close()
        the_site.env["DATABASE_REPLICA_URL"] = f"sqlite:///{replica}"
        the_site.python("from django.core.cache import cache; cache.clear()")
        with server(the_site) as base:
            _, _, public = Browser().get(f"{base}/stories/shared/")
    assert "Read from the replica." in public


@pytest.mark.redis
def test_a_replica_behind_the_thread_is_not_used_for_its_page(tmp_path):
    primary = tmp_path / "primary.sqlite3"
    replica = tmp_path / "replica.sqlite3"
    with site(
        tmp_path, SPAM_MIN_SECONDS="0", DATABASE_URL=f"sqlite:///{primary}", PAGE_MAX_AGE="0"
    ) as the_site:
        the_site.python(SETUP)
        _replica_of(primary, replica)  # stops here: it never sees the comment below
        the_site.env["DATABASE_REPLICA_URL"] = f"sqlite:///{replica}"
        with server(the_site) as base:
            reader = Browser()
            assert reader.comment(base, "Only the primary has this one.") == 201
            _, _, own = reader.get(f"{base}/stories/shared/")  # the poster's private page
            _, _, public = Browser().get(f"{base}/stories/shared/")
    assert "Only the primary has this one." in own
    assert "Only the primary has this one." in public  # rendered from the primary, not stale
