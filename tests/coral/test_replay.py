"""Replays are claimed atomically in the shared cache: of copies racing in, one is answered."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from tests.coral.conftest import coral_json
from townsquare.coral.phase import replay_claim

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    not settings.REDIS_URL, reason="races are tested where many processes share Redis"
)
def test_racing_copies_of_one_body_are_claimed_once(coral_site):
    """Twenty rounds of eight copies at once: a check-then-set would let two through in some."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        for round_ in range(20):
            body = coral_json(f"The same comment, sent eight times at once ({round_}).")
            start = threading.Barrier(8)

            def claim(_: int, body: bytes = body, start: threading.Barrier = start) -> bool:
                start.wait()
                return replay_claim(site=coral_site, body=body)

            results = list(pool.map(claim, range(8)))
            assert results.count(True) == 1, f"round {round_}: {results}"


def test_the_same_body_for_another_site_is_not_a_replay(coral_site):
    from tests.factories import make_site

    body = coral_json("Posted on two sites' stories.")
    assert replay_claim(site=coral_site, body=body)
    assert replay_claim(site=make_site(slug="second-site"), body=body)
    assert not replay_claim(site=coral_site, body=body)
