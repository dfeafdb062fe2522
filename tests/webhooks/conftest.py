"""A real HTTP receiver on loopback that records what webhooks send it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Receiver:
    url: str
    requests: list[dict] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # statuses to answer, in turn; then 200
    body: bytes = b"ok"  # what every answer carries
    # Called with each request's number (0, 1, …) before it is answered, on the server's thread.
    before_answer: Callable[[int], None] | None = None


@pytest.fixture
def receiver(settings):
    """The receiver, and the operator's consent to webhooks on loopback that it needs."""
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    state: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 -- the http.server API
            length = int(self.headers.get("Content-Length") or 0)
            box: Receiver = state["receiver"]
            box.requests.append(
                {"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)}
            )
            if box.before_answer is not None:
                box.before_answer(len(box.requests) - 1)
            status = box.answers.pop(0) if box.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", str(len(box.body)))
            self.end_headers()
            self.wfile.write(box.body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["receiver"] = Receiver(url=f"http://127.0.0.1:{server.server_port}/hooks/townsquare")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state["receiver"]
    server.shutdown()
    server.server_close()
