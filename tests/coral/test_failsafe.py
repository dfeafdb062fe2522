"""No decision in time, or no scorer: a 503 that Coral reads as "carry on" (it fails open).

Both are real: a deadline shorter than any score takes, and the webhook backend pointed at a
port where nothing listens.
"""

from __future__ import annotations

import logging
import socket

import pytest

from tests.coral.conftest import INSULT, SECRET, coral_json, coral_post, coral_signature
from townsquare.coral.phase import phase_scores

pytestmark = pytest.mark.django_db


def ask(client, site, text):
    body = coral_json(text)
    return coral_post(client, site.slug, body, coral_signature(body, SECRET))


def test_a_score_past_the_budget_is_a_503(client, coral_site, live_secret, settings, caplog):
    settings.CORAL_PHASE_TIMEOUT = 0.000_001  # no score comes back in a microsecond
    # A long comment: a short one can be scored inside the moment the request thread waits
    # for the GIL (a few milliseconds), and come back "in time".
    with caplog.at_level(logging.WARNING, logger="townsquare.coral.views"):
        response = ask(client, coral_site, INSULT * 50)
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
    assert "no score within" in response.json()["message"]
    assert INSULT not in caplog.text  # the log says why, never what was written


def test_the_answer_comes_at_the_deadline_not_when_the_score_does(settings):
    """A slow score is abandoned: the caller waits the budget, not the score."""
    import time

    phase_scores(text="warm", story_url="", timeout=30)  # the model loads once, untimed
    started = time.perf_counter()
    with pytest.raises(Exception, match="no score within"):
        phase_scores(text=INSULT * 200, story_url="", timeout=0.001)
    assert time.perf_counter() - started < 0.5


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_scorer_that_fails_is_a_503(client, coral_site, live_secret, settings):
    settings.CIVILITY_BACKEND = "webhook"
    settings.CIVILITY_WEBHOOK_URL = f"http://127.0.0.1:{_closed_port()}/score"
    response = ask(client, coral_site, INSULT)
    assert response.status_code == 503
    assert "CivilityUnavailable" in response.json()["message"]


def test_an_unknown_backend_is_a_503(client, coral_site, live_secret, settings):
    settings.CIVILITY_BACKEND = "perspective"  # retired: no backend
    assert ask(client, coral_site, INSULT).status_code == 503
