"""``score()``: the one entry point the moderation pipeline, the nudge and the CLI call."""

from __future__ import annotations

from collections.abc import Sequence

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
