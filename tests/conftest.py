from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_story, make_terms
from townsquare.terms.models import TermsVersion

_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Each test that can reach the database starts with an empty cache (word lists, throttles).

    The cache is the database's own table unless REDIS_URL is set, so tests that never touch the
    database leave it alone.
    """
    from django.conf import settings
    from django.core.cache import cache

    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or _DB_FIXTURES & set(request.fixturenames)
    if not uses_db and not settings.REDIS_URL:
        yield
        return
    transactional = False
    if not settings.REDIS_URL:
        transactional = (marker is not None and marker.kwargs.get("transaction")) or {
            "transactional_db",
            "live_server",
        } & set(request.fixturenames)
        request.getfixturevalue("transactional_db" if transactional else "db")
    cache.clear()
    yield
    # Inside an ordinary test the database cache's rows roll back with the test's transaction
    # (which may be broken by a test of an IntegrityError); Redis and transactional tests keep them.
    if settings.REDIS_URL or transactional:
        cache.clear()


@pytest.fixture(autouse=True)
def _lenient_flood_limits(settings):
    """Most tests post many comments in a blink; the flood and spam checks have their own tests."""
    settings.RATE_LIMIT_SECONDS = 0
    settings.RATE_LIMIT_PER_HOUR = 10_000
    settings.DUPLICATE_WINDOW_SECONDS = 0
    settings.SPAM_MIN_SECONDS = 0
    # Every test client is 127.0.0.1: the address's and network's allowances are lifted too.
    settings.ADDRESS_RATE_LIMIT_PER_HOUR = 10_000
    settings.NETWORK_RATE_LIMIT_PER_HOUR = 10_000
    settings.DEVICE_IDS_PER_ADDRESS_PER_HOUR = 10_000
    settings.DEVICE_IDS_PER_NETWORK_PER_HOUR = 10_000
    settings.VERIFICATION_MAILS_PER_CLIENT_PER_HOUR = 10_000
    settings.VERIFICATION_MAILS_PER_NETWORK_PER_HOUR = 10_000


@pytest.fixture
def story(db):
    return make_story()


@pytest.fixture
def terms(db):
    make_terms(TermsVersion.Kind.GUIDELINES)
    return make_terms(TermsVersion.Kind.TERMS)


@pytest.fixture
def reader() -> Client:
    """A reader's browser: CSRF is enforced, as it is for real readers."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def bystander() -> Client:
    """Another reader, who must never see what the first one typed privately."""
    return Client()


def csrf_post(client: Client, url: str, data: dict, **extra):
    """Post as a browser does: fetch the page for its CSRF cookie, then send the token."""
    page = client.get(extra.pop("page_url", "/"))
    token = page.cookies.get("csrftoken") or client.cookies.get("csrftoken")
    token_value = token.value if token is not None else ""
    return client.post(url, {**data, "csrfmiddlewaretoken": token_value}, **extra)


UNCIVIL = "Only an idiot would vote for this plan."
REVISED = "I think this plan is a mistake, and the vote should wait."


@pytest.fixture
def nudging_policy(db):
    """Thresholds placed around the model's real score for UNCIVIL, so it lands in the nudge band.

    The shipped model may be retrained; the test pins the behaviour, not a number.
    """
    from townsquare import civility
    from townsquare.moderation.policy import moderation_policy

    score = civility.score([UNCIVIL])[0].civility
    revised = civility.score([REVISED])[0].civility
    assert revised < score - 0.1, "the revision should read as clearly more civil"
    policy = moderation_policy()
    policy.nudge_threshold = max(revised + 0.01, score - 0.05)
    policy.hold_threshold = min(0.999, score + 0.1)
    policy.reject_threshold = 1.0
    policy.save()
    return policy


@pytest.fixture
def run_tasks(db):
    """Run the queued tasks that are due, one by one as ``townsquare db_worker`` does.

    The tests use the default database task backend, so an enqueued task is a row to assert on;
    calling ``run_tasks()`` then runs each ready one with the worker's own code (claim, call,
    record success or failure) and returns them, refreshed.
    """
    from django.db import transaction
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="pytest-worker",
        excluded_queue_names=[],
    )

    def run() -> list[DBTaskResult]:
        ran = []
        while True:
            with transaction.atomic():
                result = DBTaskResult.objects.ready().order_by("enqueued_at").get_locked()
                if result is None:
                    break
                result.claim(worker.worker_id)
            worker.run_task(result)
            result.refresh_from_db()
            ran.append(result)
        return ran

    return run
