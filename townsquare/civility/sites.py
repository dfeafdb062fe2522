"""Which local model scores comments, as every process sees it: stored in the database.

Site models and the choice between them and the shipped model live in the database
(``models.py``: ``SiteModel``, ``ModelChoice``), so several app machines behind one database
agree. ``townsquare civility learn`` stores a model and activates it when it beats the shipped
model; ``townsquare civility use shipped|site`` switches. Each process caches the model it
scores with together with the choice's revision number, and re-reads the revision (one indexed
single-row query) at most every ``CIVILITY_MODEL_CHECK_SECONDS``: a switch made on any machine
reaches every process within that time, with no restart.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings

from townsquare.civility import selectors, services
from townsquare.civility.model import LinearModel
from townsquare.civility.services import NoSiteModel

__all__ = [
    "NoSiteModel",
    "activate",
    "active_site_model",
    "read_active",
    "save_site_model",
    "site_versions",
]


def read_active() -> dict[str, Any]:
    state = selectors.model_choice_state()
    return {"use": state.use, "site": state.site, "revision": state.revision}


def site_versions() -> list[str]:
    return selectors.site_model_versions()


def save_site_model(model: LinearModel) -> str:
    """Store a learned site model; returns where it lives (for the CLI's message)."""
    services.site_model_create(model=model)
    return f"database (civility_sitemodel, version {model.version})"


def activate(use: str, version: str | None = None) -> dict[str, Any]:
    """Switch the local backend to ``shipped`` or ``site`` (the given or newest site version)."""
    choice = services.model_choice_set(use=use, version=version)
    forget()
    return {"use": choice.use, "site": choice.site.version if choice.site else None}


_lock = threading.Lock()
_cache: dict[str, Any] = {"revision": None, "checked": 0.0, "model": None, "version": None}


def forget() -> None:
    """Drop this process's cached choice (tests; and after this process switches itself)."""
    with _lock:
        _cache.update(revision=None, checked=0.0, model=None, version=None)


def active_site_model() -> LinearModel | None:
    """The site model in use, or None when the shipped model is in use.

    Re-reads the choice's revision at most every CIVILITY_MODEL_CHECK_SECONDS; loads a model's
    weights only when the choice changed.
    """
    interval = float(getattr(settings, "CIVILITY_MODEL_CHECK_SECONDS", 5.0))
    now = time.monotonic()
    with _lock:
        if _cache["revision"] is not None and now - _cache["checked"] < interval:
            return _cache["model"]
    state = selectors.model_choice_state()
    with _lock:
        _cache["checked"] = now
        if state.revision == _cache["revision"]:
            return _cache["model"]
        model = None
        if state.use == "site" and state.site:
            if _cache["version"] == state.site and _cache["model"] is not None:
                model = _cache["model"]
            else:
                model = selectors.site_model_load(version=state.site)
        _cache.update(
            revision=state.revision, model=model, version=model.version if model else None
        )
        return model


def newest_site_model() -> LinearModel | None:
    version = selectors.site_model_newest()
    return selectors.site_model_load(version=version) if version else None
