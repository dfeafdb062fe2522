from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import make_story, make_terms
from townsquare.terms.models import TermsVersion

_ROOT = Path(__file__).resolve().parents[1]
_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}

# -- Which tests run on which engines --------------------------------------------------------
# `make test` runs every test once on SQLite (in parallel, pytest-xdist), then again only the
# tests marked `postgres` on PostgreSQL and only those marked `redis` on PostgreSQL with Redis as
# the shared cache (scripts/test.sh). Mark a test by what it exercises, not by what it touches:
#
# - `postgres`: the behaviour lives in the database engine: raw SQL or a vendor branch, query
#   plans and indexes, full-text search, constraints the database enforces (IntegrityError),
#   locking, claims and concurrency, transactions (transactional tests), migrations, binary or
#   JSON columns, the task queue's database backend, several processes on one database, and
#   malformed or fuzzed input that reaches the database (PostgreSQL refuses NUL characters and
#   integers out of range that SQLite stores).
# - `redis`: the behaviour lives in the shared cache or needs Redis: throttles and rate limits
#   kept in the cache (incr/add), replay and once-per-period claims (cache.add), cached pages and
#   their site version, the live states, the RQ worker, several processes sharing a cache.
# - A test that counts queries is both (PostgreSQL takes advisory locks as queries, the database
#   cache is a table): the fixtures below mark it on their own.
# - Neither: rendering, validation, parsing, pure Python, and ORM reads and writes that Django
#   makes alike on every engine. They run on SQLite only.
#
# Mark one test with `@pytest.mark.postgres` / `@pytest.mark.redis`, a module with
# `pytestmark`, or a whole module or folder in ENGINE_MARKS here (a folder ends with "/"), which
# is the place for a new app's tests that are about the engine as a whole.
ENGINE_MARKS: dict[str, tuple[str, ...]] = {
    "tests/comments/test_concurrency.py": ("postgres", "redis"),
    "tests/comments/test_live.py": ("postgres", "redis"),
    "tests/front/test_worker.py": ("postgres", "redis"),
    "tests/accounts/test_migrations.py": ("postgres",),
    "tests/test_malformed_requests.py": ("postgres",),
    "tests/api/test_schema.py": ("postgres",),
    "tests/coral/test_fuzz.py": ("postgres",),
    "tests/transfer/test_services.py": ("postgres",),
    "tests/webhooks/test_retries.py": ("postgres",),
    "tests/webhooks/test_rq_worker.py": ("redis",),
    "tests/coral/test_replay.py": ("redis",),
    "tests/coral/test_privacy.py": ("redis",),
    "tests/lib/test_http_cache.py": ("redis",),
    # Modules merged into main after this table was made (b1fa52f), marked by the same rule.
    "tests/accounts/test_concurrency.py": ("postgres", "redis"),
    "tests/lib/test_counters.py": ("postgres", "redis"),
    "tests/moderation/test_posting_faults.py": ("postgres",),
    "tests/accounts/test_admin_query_bounds.py": ("postgres",),
    "tests/scoring/test_schema.py": ("postgres",),
    "tests/api/test_flood.py": ("redis",),
    "tests/comments/test_abuse.py": ("redis",),
    "tests/readers/test_mail_limits.py": ("redis",),
    "tests/stories/test_first_view.py": ("redis",),
    "tests/moderation/test_established_browsers.py": ("postgres", "redis"),
}
# Fixtures that make a test engine-bound wherever it is.
ENGINE_FIXTURES: dict[str, tuple[str, ...]] = {
    "django_assert_num_queries": ("postgres", "redis"),
    "django_assert_max_num_queries": ("postgres", "redis"),
    "transactional_db": ("postgres",),
    "live_server": ("postgres",),
    "django_db_reset_sequences": ("postgres",),
}


def engine_marks(item: pytest.Item) -> set[str]:
    """The engine markers a test gets from ENGINE_MARKS and ENGINE_FIXTURES."""
    path = Path(str(item.fspath)).resolve()
    try:
        relative = path.relative_to(_ROOT).as_posix()
    except ValueError:
        relative = path.as_posix()
    names = {
        mark
        for prefix, marks in ENGINE_MARKS.items()
        if relative == prefix or (prefix.endswith("/") and relative.startswith(prefix))
        for mark in marks
    }
    for fixture in getattr(item, "fixturenames", ()):
        names.update(ENGINE_FIXTURES.get(fixture, ()))
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        names.add("postgres")
    return names


def pytest_collection_modifyitems(config, items):
    for item in items:
        for name in sorted(engine_marks(item) - {m.name for m in item.iter_markers()}):
            item.add_marker(getattr(pytest.mark, name))
    # scripts/test.sh: the SQLite run, which collects every test, notes the files that hold
    # tests marked for each engine, so that the engine runs import and collect only those
    # rather than the whole suite again.
    folder = os.environ.get("TOWNSQUARE_ENGINE_FILES")
    if folder:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        for engine in ("postgres", "redis"):
            files = sorted(
                {item.nodeid.split("::")[0] for item in items if item.get_closest_marker(engine)}
            )
            Path(folder, f"{engine}-{worker}").write_text("".join(f"{f}\n" for f in files))


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


_staff_groups: list[tuple[str, list[tuple[str, str]]]] = []


@pytest.fixture(autouse=True)
def _staff_groups_after_a_flush(request):
    """The staff groups that the migrations made are there for every test that reaches the
    database, even after a transactional test's flush emptied every table.

    pytest-django runs transactional tests last, so a serial run met this only in the browser
    tests (test_site_admin failed after any other transactional test); under pytest-xdist any
    test may follow a flush. The groups are noted, with their permissions by natural key, the
    first time a test finds them, and made again from that note when they are missing (a flush
    keeps no group, and post_migrate makes the permissions again).
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not _DB_FIXTURES & set(request.fixturenames):
        yield
        return
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.contrib.auth.models import Group, Permission

    if not _staff_groups:
        for group in Group.objects.prefetch_related("permissions__content_type"):
            natural = [(p.content_type.app_label, p.codename) for p in group.permissions.all()]
            _staff_groups.append((group.name, natural))
    elif not Group.objects.exists():
        for name, natural in _staff_groups:
            group = Group.objects.create(name=name)
            for app_label, codename in natural:
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
    yield


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


@pytest.fixture(autouse=True)
def _civility_choice_read_once_per_test(settings):
    """Each test reads which civility model scores from its own database, once.

    A process keeps the choice (`townsquare.civility.sites`) and re-reads it from the database
    when CIVILITY_MODEL_CHECK_SECONDS have passed on the wall clock. Left alone in tests, the
    kept choice would come from an earlier test's database, and the re-read would land wherever
    the clock put it: inside a counted block in one run (the posting count read 18, not 17) and
    outside it in the next. So each test starts with nothing kept (its first score reads the
    choice) and the clock never triggers a re-read; the tests of the re-read set the interval
    themselves (tests/civility/conftest.py).
    """
    from townsquare.civility import sites

    settings.CIVILITY_MODEL_CHECK_SECONDS = float("inf")
    sites.forget()
    yield
    sites.forget()


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
