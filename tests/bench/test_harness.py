"""The benchmark harness's own logic: the thread plan both systems get, wrk's summary, what counts
as an acknowledged comment, and a reader's cookies. (The benches themselves are run by hand;
their figures belong in docs/benchmarks.md, never in a timed test.)"""

from __future__ import annotations

import http.server
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import harness  # noqa: E402

TEXTS = [f"Text number {n}." for n in range(7)]


def test_a_third_of_the_plan_are_replies_to_earlier_comments():
    plan = harness.thread_plan(300, texts=TEXTS)
    replies = [c for c in plan if c.parent is not None]
    assert len(replies) == 100
    assert all(0 <= c.parent < c.index for c in replies)
    assert plan[0].parent is None and plan[1].parent is None


def test_the_plan_is_the_same_on_every_run_and_cycles_the_texts_in_order():
    first, again = harness.thread_plan(50, texts=TEXTS), harness.thread_plan(50, texts=TEXTS)
    assert first == again
    assert [c.text for c in first[:8]] == [*TEXTS, TEXTS[0]]


def test_wrk_summary_is_read_from_the_report_line():
    output = (
        "Running 10s test @ http://127.0.0.1:1/\n"
        'WRK-JSON {"requests": 5000, "duration_us": 10000000, "bytes": 123, "connect": 0, '
        '"read": 2, "write": 0, "status": 3, "timeout": 1, "p50_us": 4500, "p99_us": 21000, '
        '"max_us": 40000}\n'
    )
    run = harness.parse_wrk(output)
    assert run.rate == 500
    assert (run.p50_ms, run.p99_ms) == (4.5, 21)
    assert run.failed == 6


def test_wrk_without_its_report_is_an_error():
    with pytest.raises(RuntimeError, match="no summary"):
        harness.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def _answer(status: int, body: bytes = b"", location: str = "") -> harness.Answer:
    headers = {"location": location} if location else {}
    return harness.Answer(status=status, headers=headers, body=body, began=0.0, ended=0.1)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (_answer(201, b'{"status": "published", "comment": {"id": 42}}'), 42),
        (_answer(201, b'{"status": "published", "comment": null}'), None),  # a spam trap's
        (_answer(303, location="/stories/a/?cpage=2#comment-17"), 17),
        (_answer(303, location="/stories/a/#comments"), None),
        (_answer(400, b'{"errors": {}}'), None),
        (_answer(500, b"<h1>Server Error</h1>"), None),
    ],
)
def test_only_an_answer_naming_the_stored_comment_acknowledges_it(answer, expected):
    assert harness.acknowledged_id(answer) == expected


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert harness.percentile(values, 0.5) == 50
    assert harness.percentile(values, 0.99) == 99
    assert harness.percentile([7.0], 0.99) == 7.0


class _CookieHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        if self.path == "/set":
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
            self.send_header("Set-Cookie", "ts_device=dev1; Path=/; HttpOnly")
        elif self.path == "/forget":
            self.send_header("Set-Cookie", 'ts_device=""; Max-Age=0; Path=/')
        self.end_headers()
        self.wfile.write((self.headers.get("Cookie") or "-").encode())

    def log_message(self, *args):
        pass


def test_a_reader_keeps_the_cookies_it_is_given_and_drops_deleted_ones():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CookieHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        reader = harness.Reader(base=f"http://127.0.0.1:{server.server_port}")
        first = reader.request("GET", "/set")
        assert first.set_cookies == ["csrftoken", "ts_device"]
        assert reader.request("GET", "/echo").body == b"csrftoken=abc; ts_device=dev1"
        reader.request("GET", "/forget")
        assert reader.request("GET", "/echo").body == b"csrftoken=abc"
    finally:
        server.shutdown()
