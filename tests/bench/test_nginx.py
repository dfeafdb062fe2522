"""The reference nginx config (bench/nginx/townsquare.conf) caches exactly what the upstream's
headers allow: real nginx in front of a small upstream whose answers carry each kind of header."""

from __future__ import annotations

import http.server
import itertools
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import harness  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
    reason="needs nginx (apt-get install nginx)",
)

HEADERS = {
    "/public/": [("Cache-Control", "public, max-age=60, s-maxage=60")],
    "/shared-only/": [("Cache-Control", "public, max-age=0, s-maxage=60")],
    "/no-headers/": [],
    "/sets-cookie/": [
        ("Cache-Control", "public, max-age=60, s-maxage=60"),
        ("Set-Cookie", "csrftoken=abc; Path=/"),
    ],
    "/private/": [("Cache-Control", "private, max-age=60")],
    "/varies/": [("Cache-Control", "public, s-maxage=60"), ("Vary", "Accept-Language")],
    "/revalidated/": [("Cache-Control", "public, max-age=1"), ("ETag", '"v1"')],
    "/stale-allowed/": [
        ("Cache-Control", "public, max-age=1, stale-while-revalidate=60"),
        ("ETag", '"v1"'),
    ],
}


class _Upstream(http.server.BaseHTTPRequestHandler):
    counter = itertools.count(1)
    seen: list[tuple[str, str]] = []

    def do_GET(self):
        type(self).seen.append((self.path, self.headers.get("If-None-Match", "")))
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            for name, value in HEADERS[self.path]:
                self.send_header(name, value)
            self.end_headers()
            return
        body = f"render {next(self.counter)}".encode()
        self.send_response(200)
        for name, value in HEADERS.get(self.path.split("?")[0], []):
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = harness.free_port()
    directory = tmp_path_factory.mktemp("nginx")
    site = harness.townsquare_nginx_include(
        listen=port, upstream=f"127.0.0.1:{upstream.server_port}", cache_dir=directory / "cache"
    )
    with harness.nginx_server(directory / "prefix", includes=[site], workers=1):
        yield f"http://127.0.0.1:{port}"
    upstream.shutdown()


def _get(base: str, path: str, **headers: str) -> tuple[str, bytes]:
    """One request from a fresh browser (no cookies but those in ``headers``)."""
    answer = harness.Reader(base=base).request("GET", path, headers=headers)
    assert answer.status == 200
    return answer.headers.get("x-cache-status", ""), answer.body


def test_an_answer_marked_public_is_served_from_the_cache(proxy):
    status, first = _get(proxy, "/public/")
    again_status, again = _get(proxy, "/public/")
    assert (status, again_status) == ("MISS", "HIT")
    assert again == first


def test_s_maxage_alone_lets_the_proxy_cache_what_browsers_may_not(proxy):
    _get(proxy, "/shared-only/")
    assert _get(proxy, "/shared-only/")[0] == "HIT"


@pytest.mark.parametrize("path", ["/no-headers/", "/sets-cookie/", "/private/"])
def test_nothing_is_cached_unless_the_answer_says_it_may_be(proxy, path):
    _, first = _get(proxy, path)
    status, again = _get(proxy, path)
    assert status == "MISS"
    assert again != first


def test_one_copy_is_kept_per_value_of_a_header_the_answer_varies_on(proxy):
    status, english = _get(proxy, "/varies/", **{"Accept-Language": "en"})
    assert status == "MISS"
    assert _get(proxy, "/varies/", **{"Accept-Language": "en"}) == ("HIT", english)
    status, french = _get(proxy, "/varies/", **{"Accept-Language": "fr"})
    assert status == "MISS" and french != english


def test_a_reader_with_a_session_saved_details_a_sign_in_or_a_message_bypasses_the_cache(proxy):
    _get(proxy, "/public/?personal")
    for cookie in (
        "sessionid=abc",
        "csrftoken=x; townsquare_commenter=%7B%7D",
        "townsquare_reader=signed",
        "csrftoken=x; messages=waiting",
    ):
        status, _ = _get(proxy, "/public/?personal", Cookie=cookie)
        assert status == "BYPASS"
    assert _get(proxy, "/public/?personal", Cookie="csrftoken=x")[0] == "HIT"


def test_an_expired_copy_is_revalidated_with_its_etag_or_served_stale_if_allowed(proxy):
    _, plain = _get(proxy, "/revalidated/")
    _, allowed = _get(proxy, "/stale-allowed/")
    time.sleep(2.1)  # both expire (max-age=1)
    # No stale-while-revalidate: revalidated (a 304 upstream) before it is served.
    assert _get(proxy, "/revalidated/") == ("REVALIDATED", plain)
    assert ("/revalidated/", '"v1"') in _Upstream.seen
    # stale-while-revalidate: the stale copy at once, refreshed by a request behind it.
    assert _get(proxy, "/stale-allowed/") == ("STALE", allowed)
    time.sleep(0.3)
    assert ("/stale-allowed/", '"v1"') in _Upstream.seen
    assert _get(proxy, "/stale-allowed/")[0] == "HIT"
