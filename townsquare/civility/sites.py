"""Site models on disk: versioned files under ``CIVILITY_SITE_MODEL_DIR`` and which one is on.

Layout::

    <dir>/site-20261128T010203Z-1a2b3c4d.npz / .json   one trained site model (never overwritten)
    <dir>/active.json                                  {"use": "shipped"|"site", "site": version}

``townsquare civility learn`` writes a model and activates it when it beats the shipped model;
``townsquare civility use shipped|site`` switches. Web processes notice the switch on their next
score call (the file's modification time is checked), so no restart is needed.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from django.conf import settings

from townsquare.civility.model import LinearModel


class NoSiteModel(LookupError):
    """``use site`` was asked for, but no site model has been trained here yet."""


def site_dir() -> Path:
    return Path(settings.CIVILITY_SITE_MODEL_DIR)


def _active_path() -> Path:
    return site_dir() / "active.json"


def read_active() -> dict[str, Any]:
    try:
        return json.loads(_active_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {"use": "shipped", "site": None}


def _write_active(data: dict[str, Any]) -> None:
    site_dir().mkdir(parents=True, exist_ok=True)
    tmp = _active_path().with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, _active_path())  # atomic, so a web process never reads half a file


def site_versions() -> list[str]:
    if not site_dir().exists():
        return []
    return sorted(p.stem for p in site_dir().glob("site-*.json"))


def save_site_model(model: LinearModel) -> Path:
    stem = site_dir() / model.version
    model.save(stem)
    return stem


def activate(use: str, version: str | None = None) -> dict[str, Any]:
    """Switch the local backend to ``shipped`` or ``site`` (the given or newest site version)."""
    if use not in {"shipped", "site"}:
        raise ValueError("use must be 'shipped' or 'site'")
    current = read_active()
    if use == "site":
        versions = site_versions()
        version = version or current.get("site") or (versions[-1] if versions else None)
        if not version or version not in versions:
            raise NoSiteModel("no site model here yet: run `townsquare civility learn` first")
        data = {"use": "site", "site": version}
    else:
        data = {"use": "shipped", "site": current.get("site")}
    _write_active(data)
    return data


_cache_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "model": None}


def active_site_model() -> LinearModel | None:
    """The site model in use, or None when the shipped model is in use (cached per file state)."""
    path = _active_path()
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None
    with _cache_lock:
        if _cache["key"] != key:
            active = read_active()
            model = None
            if active.get("use") == "site" and active.get("site"):
                model = LinearModel.load(site_dir() / active["site"])
            _cache.update(key=key, model=model)
        return _cache["model"]
