"""Civility backends behind one interface, picked by ``settings.CIVILITY_BACKEND``.

- ``shipped``: the model in ``townsquare/civility/artifacts`` (default; no network).
- ``site``: the site model trained by ``townsquare civility learn`` on the site's own decisions,
  layered over the shipped model (falls back to ``shipped`` while none is active).
- ``webhook``: POST to an external moderation service in Coral's shape (off by default).
- ``openai``: the OpenAI moderation endpoint (off by default).

Google's Perspective API is retired (shut down 2026-12-31) and deliberately has no backend.
Remote backends fail closed: any error raises ``CivilityUnavailable``.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from townsquare.civility import calibration
from townsquare.civility.encoder import Encoded, shipped_encoder
from townsquare.civility.model import ChunkScores, LinearModel, sigmoid
from townsquare.civility.scores import ATTRIBUTES, CivilityUnavailable, Scores, Span

ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"
SHIPPED_STEM = ARTIFACTS_DIR / "shipped"


class Backend(Protocol):
    name: str

    def score(self, texts: Sequence[str]) -> list[Scores]: ...

    def version(self) -> str: ...


_load_lock = threading.Lock()
_shipped_model: LinearModel | None = None


def shipped_model() -> LinearModel:
    """The shipped model, loaded once per process on first use (thread-safe)."""
    global _shipped_model
    if _shipped_model is None:
        with _load_lock:
            if _shipped_model is None:
                _shipped_model = LinearModel.load(SHIPPED_STEM)
    return _shipped_model


def encode_for(model: LinearModel, texts: Sequence[str]) -> list[Encoded | None]:
    """The encoder's token states for each text, when ``model`` reads them (else Nones)."""
    if not model.needs_encoder:
        return [None] * len(texts)
    return list(shipped_encoder().encode(texts))


def _scores_from_linear(model: LinearModel, text: str, result: ChunkScores) -> Scores:
    probs = sigmoid(result.logits.astype(np.float64))
    top = int(np.argmax(probs))
    spans = model.spans_for(result, top, text, attribute=model.heads[top])
    values = dict(zip(model.heads, (float(p) for p in probs), strict=True))
    return Scores(
        **{a: values[a] for a in ATTRIBUTES},
        spans=tuple(Span(*s) for s in spans),
        model=model.version,
    )


class ShippedBackend:
    name = "shipped"

    def score(self, texts: Sequence[str]) -> list[Scores]:
        model = shipped_model()
        encoded = encode_for(model, texts)
        return [
            _scores_from_linear(model, text, model.chunk_scores(text, enc))
            for text, enc in zip(texts, encoded, strict=True)
        ]

    def version(self) -> str:
        return shipped_model().version


class SiteBackend:
    """The active site model's judgement, with the shipped model's attributes as explanation.

    ``toxicity`` is the site model's probability, mapped onto the shipped model's scale by the
    quantile map stored with it (identity for older site models); the other attributes are the
    shipped model's, capped at it, so ``Scores.civility`` equals the site's judgement while the
    attribute names still say what kind of incivility it is.
    """

    name = "site"

    def __init__(self, model: LinearModel) -> None:
        self.model = model

    def score(self, texts: Sequence[str]) -> list[Scores]:
        shipped = shipped_model()
        out = []
        # One encoder pass serves both models: the site model folds in the shipped heads.
        encoded = encode_for(shipped if shipped.needs_encoder else self.model, texts)
        for text, enc in zip(texts, encoded, strict=True):
            base = shipped.chunk_scores(text, enc)
            base_probs = dict(
                zip(shipped.heads, sigmoid(base.logits.astype(np.float64)), strict=True)
            )
            site = self.model.chunk_scores(text, enc)
            # On the shipped model's scale (calibration.py): same order, comparable thresholds.
            z_site = float(calibration.apply_map(self.model.calibration, float(site.logits[0])))
            p_site = float(sigmoid(z_site))
            spans = self.model.spans_for(site, 0, text, attribute="toxicity", probability=p_site)
            values = {a: min(float(base_probs[a]), p_site) for a in ATTRIBUTES}
            values["toxicity"] = p_site
            out.append(
                Scores(**values, spans=tuple(Span(*s) for s in spans), model=self.model.version)
            )
        return out

    def version(self) -> str:
        return self.model.version


def _post_json(url: str, payload: dict[str, Any], headers: dict[str, str], timeout: float) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise CivilityUnavailable(f"civility service at {url} failed: {exc}") from exc


def _probability(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise CivilityUnavailable(f"civility service returned a non-probability for {where}")
    return float(value)


class WebhookBackend:
    """External moderation in the shape Coral POSTs: comment body and id, story URL.

    Request: ``{"comment": {"id", "body"}, "story": {"url"}}`` with an
    ``X-Townsquare-Signature`` HMAC-SHA256 of the body when a secret is set. Response:
    ``{"scores": {"toxicity": p, ...}, "spans": [{"start", "end", "weight"}], "model": "..."}``;
    missing attributes count as 0, anything else malformed raises ``CivilityUnavailable``.
    """

    name = "webhook"

    def __init__(self, *, url: str, secret: str = "", timeout: float = 2.0) -> None:
        if not url:
            raise CivilityUnavailable("CIVILITY_WEBHOOK_URL is not set")
        self.url, self.secret, self.timeout = url, secret, timeout

    def score(
        self, texts: Sequence[str], *, ids: Sequence[str] | None = None, story_url: str = ""
    ) -> list[Scores]:
        """Score each text; ``ids`` and ``story_url`` travel in the payload when given.

        Without ids the comment id is null, never the position in the batch: a service that
        keys its decisions on the id must not mistake "0" for a real comment.
        """
        import hashlib
        import hmac

        if ids is not None and len(ids) != len(texts):
            raise ValueError(f"got {len(ids)} ids for {len(texts)} texts")
        out = []
        for index, text in enumerate(texts):
            payload = {
                "comment": {"id": str(ids[index]) if ids is not None else None, "body": text},
                "story": {"url": story_url},
            }
            headers = {}
            if self.secret:
                body = json.dumps(payload).encode("utf-8")
                digest = hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
                headers["X-Townsquare-Signature"] = f"sha256={digest}"
            data = _post_json(self.url, payload, headers, self.timeout)
            if not isinstance(data, dict) or not isinstance(data.get("scores"), dict):
                raise CivilityUnavailable("civility webhook answered without a 'scores' object")
            values = {a: _probability(data["scores"].get(a, 0.0), a) for a in ATTRIBUTES}
            spans = []
            for span in data.get("spans") or []:
                try:
                    spans.append(
                        Span(
                            int(span["start"]),
                            int(span["end"]),
                            float(span.get("weight", 1)),
                            "toxicity",
                        )
                    )
                except (KeyError, TypeError, ValueError) as exc:
                    raise CivilityUnavailable("civility webhook sent a malformed span") from exc
            model = str(data.get("model") or "webhook")[:80]
            out.append(Scores(**values, spans=tuple(spans), model=model))
        return out

    def version(self) -> str:
        return "webhook"


# OpenAI moderation categories -> our attributes (the highest matching category wins).
OPENAI_CATEGORIES: dict[str, tuple[str, ...]] = {
    "toxicity": ("harassment", "hate"),
    "insult": ("harassment",),
    "identity_attack": ("hate", "hate/threatening"),
    "threat": ("harassment/threatening", "hate/threatening", "violence"),
    "obscene": ("sexual",),
}


class OpenAIBackend:
    """POST /v1/moderations with the configured key; no spans (the endpoint gives none)."""

    name = "openai"

    def __init__(self, *, api_key: str, url: str, model: str, timeout: float = 5.0) -> None:
        if not api_key:
            raise CivilityUnavailable("CIVILITY_OPENAI_API_KEY is not set")
        self.api_key, self.url, self.model, self.timeout = api_key, url, model, timeout

    def score(self, texts: Sequence[str]) -> list[Scores]:
        if not texts:
            return []
        data = _post_json(
            self.url,
            {"model": self.model, "input": list(texts)},
            {"Authorization": f"Bearer {self.api_key}"},
            self.timeout,
        )
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list) or len(results) != len(texts):
            raise CivilityUnavailable("OpenAI moderation answered with the wrong number of results")
        out = []
        for result in results:
            categories = result.get("category_scores") if isinstance(result, dict) else None
            if not isinstance(categories, dict):
                raise CivilityUnavailable("OpenAI moderation result has no category_scores")
            values = {
                attribute: max(_probability(categories.get(c, 0.0), c) for c in names)
                for attribute, names in OPENAI_CATEGORIES.items()
            }
            model = f"openai:{data.get('model', self.model)}"[:80]
            out.append(Scores(**values, model=model))
        return out

    def version(self) -> str:
        return f"openai:{self.model}"[:80]
