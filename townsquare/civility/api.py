"""``score()``: the one entry point the moderation pipeline, the nudge and the CLI call."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings

from townsquare.civility import backends, sites
from townsquare.civility.scores import CivilityUnavailable, Scores

BACKENDS = ("local", "shipped", "site", "webhook", "openai")


def get_backend(name: str | None = None) -> backends.Backend:
    """The backend named in settings (``CIVILITY_BACKEND``) or by ``name``.

    ``local`` (the default) is whichever local model ``townsquare civility use`` chose: the
    shipped model until a site model has been activated.
    """
    name = name or settings.CIVILITY_BACKEND
    if name in {"local", "site"}:
        site = sites.active_site_model()
        if site is None and name == "site":
            site = sites.newest_site_model()
        if site is not None:
            return backends.SiteBackend(site)
        return backends.ShippedBackend()
    if name == "shipped":
        return backends.ShippedBackend()
    if name == "webhook":
        return backends.WebhookBackend(
            url=settings.CIVILITY_WEBHOOK_URL,
            secret=settings.CIVILITY_WEBHOOK_SECRET,
            timeout=settings.CIVILITY_WEBHOOK_TIMEOUT,
        )
    if name == "openai":
        return backends.OpenAIBackend(
            api_key=settings.CIVILITY_OPENAI_API_KEY,
            url=settings.CIVILITY_OPENAI_URL,
            model=settings.CIVILITY_OPENAI_MODEL,
            timeout=settings.CIVILITY_OPENAI_TIMEOUT,
        )
    if name == "perspective":
        raise CivilityUnavailable("Google's Perspective API is retired (shut down 2026-12-31)")
    raise CivilityUnavailable(f"unknown CIVILITY_BACKEND {name!r}; choose one of {BACKENDS}")


def score(
    texts: Sequence[str],
    *,
    backend: str | None = None,
    ids: Sequence[str | int] | None = None,
    story_url: str = "",
) -> list[Scores]:
    """Score each text: five probabilities in [0, 1], the spans that raised them, the model.

    Thread-safe; the local model loads once per process on first call. Remote backends raise
    ``CivilityUnavailable`` on any failure: hold the comment for a human, never publish it.
    ``ids`` (one per text) and ``story_url`` are context for the webhook backend, which sends
    them to the service; the local models score the text alone and ignore them.
    """
    if isinstance(texts, str):
        raise TypeError("score() takes a list of texts; wrap a single comment in a list")
    texts = list(texts)
    if ids is not None and len(ids) != len(texts):
        raise ValueError(f"score() got {len(ids)} ids for {len(texts)} texts")
    chosen = get_backend(backend)
    if isinstance(chosen, backends.WebhookBackend):
        return chosen.score(
            texts, ids=[str(i) for i in ids] if ids is not None else None, story_url=story_url
        )
    return chosen.score(texts)


def active_model_version(*, backend: str | None = None) -> str:
    """The version string that ``score()`` would record on a comment right now."""
    return get_backend(backend).version()


def thresholds() -> dict[str, float]:
    """The operator's thresholds (``CIVILITY_*_THRESHOLD``) by name: nudge, hold, reject."""
    return {
        "nudge": settings.CIVILITY_NUDGE_THRESHOLD,
        "hold": settings.CIVILITY_HOLD_THRESHOLD,
        "reject": settings.CIVILITY_REJECT_THRESHOLD,
    }


class ScoreDeadlineMissed(CivilityUnavailable):
    """No score came back within the caller's budget (the score itself may still finish)."""


# Scores with a deadline run here, so that a slow one can be abandoned: a caller answering
# another platform (Perspective's route, Coral's phase) must answer within that platform's budget
# or not at all. A few threads per process, as a web process serves a few requests at a time.
_deadline_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="civility-deadline")
_warmed: set[str] = set()
_warm_lock = threading.Lock()


def _warm(chosen: backends.Backend) -> None:
    # A process's first score loads the model and its encoder (a second or more): that is not the
    # scoring time a budget is for, so it is waited for once per model, untimed.
    if isinstance(chosen, backends.WebhookBackend | backends.OpenAIBackend):
        return
    version = chosen.version()
    if version in _warmed:
        return
    with _warm_lock:
        if version not in _warmed:
            chosen.score(["warm-up"])
            _warmed.add(version)


def score_within(
    text: str,
    *,
    timeout: float,
    chosen: backends.Backend | None = None,
    story_url: str = "",
) -> Scores:
    """Score one text, or raise ``ScoreDeadlineMissed`` when ``timeout`` seconds pass first.

    ``chosen`` is a backend picked in the caller's thread (``get_backend``), so the scoring
    thread never opens a database connection of its own. A score still running at the deadline
    finishes in its thread and is dropped. Any backend failure is ``CivilityUnavailable``.
    """
    chosen = chosen or get_backend()
    _warm(chosen)
    if isinstance(chosen, backends.WebhookBackend):
        future = _deadline_pool.submit(chosen.score, [text], ids=None, story_url=story_url)
    else:
        future = _deadline_pool.submit(chosen.score, [text])
    try:
        return future.result(timeout=timeout)[0]
    except FutureTimeout:
        future.cancel()
        raise ScoreDeadlineMissed(f"no score within {timeout:g} s") from None
    except CivilityUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 — a failing scorer is "no score", never a 500
        raise CivilityUnavailable(f"the scorer failed ({type(exc).__name__})") from exc
