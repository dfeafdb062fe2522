"""Webhook and OpenAI backends against a real HTTP server on 127.0.0.1; both fail closed."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from townsquare import civility

Responder = Callable[[dict, dict], tuple[int, bytes, float]]


@pytest.fixture
def server() -> Iterator[tuple[str, list, Callable[[Responder], None]]]:
    received: list = []
    state: dict = {"respond": lambda body, headers: (200, b"{}", 0.0)}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            body = json.loads(raw)
            headers = dict(self.headers)
            received.append((raw, body, headers))
            status, payload, delay = state["respond"](body, headers)
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/moderate"

    def set_responder(fn: Responder) -> None:
        state["respond"] = fn

    yield url, received, set_responder
    httpd.shutdown()
    httpd.server_close()


def test_webhook_posts_coral_shape_and_reads_scores(settings, server):
    url, received, respond = server
    settings.CIVILITY_WEBHOOK_URL = url
    settings.CIVILITY_WEBHOOK_SECRET = "s3cret"
    reply = {
        "scores": {"toxicity": 0.91, "insult": 0.8},
        "spans": [{"start": 4, "end": 9}],
        "model": "newsroom-v2",
    }
    respond(lambda body, headers: (200, json.dumps(reply).encode(), 0.0))
    (result,) = civility.score(["You idiot"], backend="webhook")
    assert result.toxicity == 0.91 and result.insult == 0.8 and result.threat == 0.0
    assert result.model == "newsroom-v2"
    assert result.highlighted("You idiot") == ["idiot"]
    raw, body, headers = received[0]
    # No ids given: the id is null, never the comment's position in the batch.
    assert body == {"comment": {"id": None, "body": "You idiot"}, "story": {"url": ""}}
    expected = hmac.new(b"s3cret", raw, hashlib.sha256).hexdigest()
    assert headers["X-Townsquare-Signature"] == f"sha256={expected}"


def test_webhook_sends_the_comment_ids_and_story_url_it_is_given(settings, server):
    url, received, respond = server
    settings.CIVILITY_WEBHOOK_URL = url
    respond(lambda body, headers: (200, json.dumps({"scores": {"toxicity": 0.1}}).encode(), 0.0))
    story = "https://news.example/harbour-budget"
    civility.score(["First", "Second"], backend="webhook", ids=[41, "c-42"], story_url=story)
    assert [body for _, body, _ in received] == [
        {"comment": {"id": "41", "body": "First"}, "story": {"url": story}},
        {"comment": {"id": "c-42", "body": "Second"}, "story": {"url": story}},
    ]


def test_score_refuses_ids_that_do_not_match_the_texts(settings, local_model):
    with pytest.raises(ValueError, match="ids"):
        civility.score(["one", "two"], ids=["1"])


def test_local_scoring_ignores_the_context(local_model):
    plain = civility.score(["Thanks for the article."])[0]
    with_context = civility.score(["Thanks for the article."], ids=[7], story_url="https://x.test")
    assert with_context[0].as_dict() == plain.as_dict()


@pytest.mark.parametrize(
    "status,payload,delay",
    [
        (500, b'{"error": "down"}', 0.0),
        (200, b"not json", 0.0),
        (200, b'{"scores": {"toxicity": 7}}', 0.0),
        (200, b'{"verdict": "ok"}', 0.0),
        (200, b'{"scores": {"toxicity": 0.1}}', 1.5),  # slower than the timeout
    ],
)
def test_webhook_failures_raise_civility_unavailable(settings, server, status, payload, delay):
    url, _, respond = server
    settings.CIVILITY_WEBHOOK_URL = url
    settings.CIVILITY_WEBHOOK_TIMEOUT = 0.5
    respond(lambda body, headers: (status, payload, delay))
    with pytest.raises(civility.CivilityUnavailable):
        civility.score(["anything"], backend="webhook")


def test_unconfigured_remote_backends_fail_closed(settings):
    settings.CIVILITY_WEBHOOK_URL = ""
    settings.CIVILITY_OPENAI_API_KEY = ""
    for backend in ("webhook", "openai"):
        with pytest.raises(civility.CivilityUnavailable):
            civility.score(["hi"], backend=backend)


def test_openai_moderation_maps_categories(settings, server):
    url, received, respond = server
    settings.CIVILITY_OPENAI_URL = url
    settings.CIVILITY_OPENAI_API_KEY = "sk-test"
    reply = {
        "model": "omni-moderation-test",
        "results": [
            {
                "category_scores": {
                    "harassment": 0.7,
                    "hate": 0.2,
                    "violence": 0.05,
                    "sexual": 0.01,
                    "harassment/threatening": 0.3,
                }
            },
            {"category_scores": {"harassment": 0.01}},
        ],
    }
    respond(lambda body, headers: (200, json.dumps(reply).encode(), 0.0))
    first, second = civility.score(["You idiot", "Nice"], backend="openai")
    assert first.toxicity == 0.7 and first.insult == 0.7 and first.threat == 0.3
    assert first.identity_attack == 0.2 and first.obscene == 0.01
    assert second.civility == 0.01
    assert first.model == "openai:omni-moderation-test"
    _, body, headers = received[0]
    assert body["input"] == ["You idiot", "Nice"]
    assert headers["Authorization"] == "Bearer sk-test"


def test_openai_wrong_result_count_fails_closed(settings, server):
    url, _, respond = server
    settings.CIVILITY_OPENAI_URL = url
    settings.CIVILITY_OPENAI_API_KEY = "sk-test"
    respond(lambda body, headers: (200, b'{"results": []}', 0.0))
    with pytest.raises(civility.CivilityUnavailable):
        civility.score(["a"], backend="openai")
