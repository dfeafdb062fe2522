"""Townsquare's civility scorer: a local model shipped in the package, explainable and adaptable.

Use ``from townsquare import civility`` then ``civility.score([...])``; see docs/civility.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from townsquare.civility.scores import ATTRIBUTES, CivilityUnavailable, Scores, Span

__all__ = [
    "ATTRIBUTES",
    "CivilityUnavailable",
    "Scores",
    "Span",
    "score",
    "score_within",
    "active_model_version",
]

if TYPE_CHECKING:
    from townsquare.civility.api import active_model_version, score, score_within


def __getattr__(name: str) -> Any:
    # Imported lazily: the api module reads Django settings, which must not happen at app import.
    if name in {"score", "score_within", "active_model_version", "get_backend"}:
        from townsquare.civility import api

        return getattr(api, name)
    raise AttributeError(name)
