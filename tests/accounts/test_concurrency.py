"""Simultaneous wrong passwords against real server processes: at most the limit are checked.

Real ``townsquare serve`` processes (4 gunicorn workers) on a real database (a file SQLite, or a
fresh PostgreSQL database in the PostgreSQL run; Redis as the cache when REDIS_URL is set). The
sweep of issue 20 had 16-19 of 30 simultaneous guesses checked against a limit of 5, because the
limit was read before the attempt was counted.
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.servers import server, site

REPOSITORY = Path(__file__).resolve().parents[2]
MODERATOR = (
    "from townsquare.accounts.services import moderator_create; "
    "moderator_create(username='mira', email='mira@example.com', password='harbour-lights-at-dusk')"
)


@pytest.fixture(autouse=True)
def _fast_hashing_and_fresh_throttle():
    """Nothing to reset here: the servers have a database of their own, and this test must not
    touch (nor, being transactional, flush) the test database."""


class Browser:
    """One browser on the sign-in page: its own cookies and CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = self.opener.open(f"{base}/accounts/login/").read().decode()
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def sign_in(self, password: str) -> int:
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": self.csrf, "username": "mira", "password": password}
        ).encode()
        try:
            return self.opener.open(f"{self.base}/accounts/login/", data=data, timeout=120).status
        except urllib.error.HTTPError as error:
            return error.code


def at_once(calls) -> list[int]:
    barrier = threading.Barrier(len(calls))
    statuses = [0] * len(calls)

    def run(index, call):
        barrier.wait()
        statuses[index] = call()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_thirty_simultaneous_wrong_passwords_get_five_checked(tmp_path):
    # PYTHONPATH: the servers run this checkout's code, whatever the environment installed.
    with site(tmp_path, PYTHONPATH=str(REPOSITORY), LOGIN_MAX_ATTEMPTS="5") as the_site:
        the_site.python(MODERATOR)
        with server(the_site, workers=4) as base:
            browsers = [Browser(base) for _ in range(30)]
            statuses = at_once(
                [lambda b=b, n=n: b.sign_in(f"wrong-guess-{n}") for n, b in enumerate(browsers)]
            )
    # 400: the password was checked and was wrong; 429: refused without looking at it.
    assert sorted(set(statuses)) == [400, 429], statuses
    assert statuses.count(400) == 5, statuses
