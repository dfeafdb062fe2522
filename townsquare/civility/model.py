"""The linear civility model: load it, score texts, attribute each score to spans of text.

A model is one ``.npz`` file (arrays) plus one ``.json`` file (metadata) with the same stem.
Each head (one per attribute) is linear in per-chunk features, so

    logit(text) = bias + sum over chunks of contribution(chunk)

exactly, and the spans we highlight are the chunks with the largest positive contribution.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility import cues
from townsquare.civility.features import Featurizer, TextFeatures

# A span is highlighted when it adds at least this much to the logit (about x1.35 on the odds),
# at least a quarter of the strongest chunk's push, and is among the top few: smaller pushes
# are noise to a moderator. Texts scoring under SPAN_FLOOR get no highlights at all.
MIN_SPAN_LOGIT = 0.3
RELATIVE_SPAN_LOGIT = 0.25
MAX_SPANS = 5
SPAN_FLOOR = 0.3
_TRIM_RE = re.compile(r"^[^\w*@$#!]+|[^\w*@$#]+$")
# Words that raise a score only by saying who is addressed ("You are an idiot"): a highlight made
# of nothing else points the author at the wrong word, so it is dropped.
FUNCTION_WORDS = frozenset(
    [
        "you",
        "your",
        "you're",
        "youre",
        "yours",
        "yourself",
        "yourselves",
        "u",
        "ur",
        "ya",
        "he",
        "she",
        "they",
        "him",
        "her",
        "them",
        "his",
        "their",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "i",
        "i'm",
        "me",
        "my",
        "we",
        "our",
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "so",
        "just",
    ]
)


@dataclass
class ChunkScores:
    """Per-text result of a model before it becomes Scores."""

    logits: np.ndarray  # (heads,), after the phrase cues and the ceiling (see cues.py)
    contributions: np.ndarray  # (chunks, heads), cue boosts included
    features: TextFeatures
    linear_logits: np.ndarray | None = None  # the heads alone: what a site model stacks on


class LinearModel:
    """Heads over hashed n-grams and static-embedding pieces, with an identity-term guard."""

    def __init__(self, *, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        self.meta = meta
        self.version: str = meta["version"]
        self.heads: list[str] = list(meta["heads"])
        self.sparse_weights = arrays["sparse_weights"].astype(np.float32)
        self.piece_weights = (
            arrays["piece_weights"].astype(np.float32) if "piece_weights" in arrays else None
        )
        self.bias = arrays["bias"].astype(np.float32)
        vocab = meta.get("vocab")
        self.featurizer = Featurizer(
            n_buckets=int(meta["n_buckets"]),
            idf=arrays["idf"].astype(np.float32),
            vocab=vocab,
            embeddings=None,
        )
        # Identity words may lower a score but never raise it: "I am a gay man" is not an
        # attack, and a model trained on web talk pages learns otherwise unless told.
        self.guarded_words = frozenset(meta.get("identity_guard", []))
        # Phrase cues and the ceiling (cues.py); a site model has none.
        self.cues: dict[str, float] | None = meta.get("cues")
        # A site model's quantile map onto the shipped model's scale (calibration.py); None for
        # the shipped model and for site models saved before maps existed (identity).
        self.calibration: dict[str, Any] | None = meta.get("calibration")

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls, stem: Path) -> LinearModel:
        meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(stem.with_suffix(".npz"), allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        return cls(arrays=arrays, meta=meta)

    def save(self, stem: Path, *, extra_arrays: dict[str, np.ndarray] | None = None) -> None:
        stem.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {
            "sparse_weights": self.sparse_weights.astype(np.float16),
            "bias": self.bias,
            "idf": self.featurizer.idf.astype(np.float16),
        }
        if self.piece_weights is not None:
            arrays["piece_weights"] = self.piece_weights.astype(np.float32)
        arrays.update(extra_arrays or {})
        np.savez_compressed(stem.with_suffix(".npz"), **arrays)
        stem.with_suffix(".json").write_text(
            json.dumps(self.meta, indent=1, sort_keys=True), encoding="utf-8"
        )

    # -- scoring -------------------------------------------------------------------------------
    def chunk_scores(self, text: str) -> ChunkScores:
        feats = self.featurizer.featurize(text)
        n_chunks = len(feats.chunks)
        heads = len(self.heads)
        contributions = np.zeros((n_chunks, heads), dtype=np.float32)
        if n_chunks:
            sparse = self.sparse_weights[feats.sparse_ids] * feats.sparse_values[:, None]
            np.add.at(contributions, feats.sparse_owner, sparse)
            if self.piece_weights is not None and self.featurizer.wordpiece is not None:
                # The text embedding is the mean of its pieces' embeddings, so each chunk owns
                # its pieces' head weights divided by the text's piece count.
                pieces = [self.featurizer.wordpiece.chunk_pieces(c.folded) for c in feats.chunks]
                n_pieces = sum(len(p) for p in pieces) or 1
                for i, chunk_pieces in enumerate(pieces):
                    if chunk_pieces:
                        summed = self.piece_weights[list(chunk_pieces)].sum(axis=0)
                        contributions[i] += summed / n_pieces
            if self.guarded_words:
                for i, chunk in enumerate(feats.chunks):
                    if _core(chunk.folded) in self.guarded_words:
                        np.minimum(contributions[i], 0.0, out=contributions[i])
        linear_logits = self.bias + contributions.sum(axis=0)
        if not self.cues:
            return ChunkScores(
                logits=linear_logits,
                contributions=contributions,
                features=feats,
                linear_logits=linear_logits,
            )
        hits = cues.find_cues(text, feats.chunks, self.cues)
        for chunk, head, boost in hits.boosts:
            if head in self.heads:
                contributions[chunk, self.heads.index(head)] += boost
        logits = (self.bias + contributions.sum(axis=0)).astype(np.float64)
        if not hits.directed:
            logits = cues.apply_ceiling(logits, self.heads, self.cues["ceiling"])
        return ChunkScores(
            logits=logits,
            contributions=contributions,
            features=feats,
            linear_logits=linear_logits,
        )

    def predict_logits(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self.chunk_scores(t).logits for t in texts]) if texts else np.zeros((0, 0))

    def spans_for(
        self,
        result: ChunkScores,
        head: int,
        text: str,
        *,
        attribute: str,
        probability: float | None = None,
    ) -> list[tuple[int, int, float, str]]:
        """The chunks that pushed ``head`` up the most, merged when adjacent.

        ``probability`` is the score reported for the head (a site model's calibrated one), which
        the SPAN_FLOOR is compared with; by default the head's own sigmoid.
        """
        if probability is None:
            probability = float(sigmoid(float(result.logits[head])))
        if not len(result.contributions) or probability < SPAN_FLOOR:
            return []
        column = result.contributions[:, head]
        cutoff = max(MIN_SPAN_LOGIT, RELATIVE_SPAN_LOGIT * float(column.max()))
        order = [i for i in np.argsort(-column) if column[i] >= cutoff][:MAX_SPANS]
        picked = sorted(order)
        spans: list[list[Any]] = []
        for i in picked:
            chunk = result.features.chunks[i]
            start, end = _trimmed(text, chunk.start, chunk.end)
            content = _core(chunk.folded) not in FUNCTION_WORDS
            if spans and spans[-1][3] == i - 1:  # the next chunk over: one longer span
                spans[-1][1] = end
                spans[-1][2] += float(column[i])
                spans[-1][3] = i
                spans[-1][4] = spans[-1][4] or content
            else:
                spans.append([start, end, float(column[i]), i, content])
        return [(s, e, w, attribute) for s, e, w, _, content in spans if content]


def _core(folded: str) -> str:
    return folded.strip(".,;:!?\"'()[]{}")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading/trailing punctuation from a chunk so the highlight hugs the word."""
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip(".,;:!?\"'()[]{}<>-"))
    trail = len(piece) - len(piece.rstrip(".,;:!?\"'()[]{}<>-"))
    if lead + trail >= len(piece):
        return start, end
    return start + lead, end - trail


def sigmoid(x: np.ndarray | float) -> np.ndarray | float:
    if isinstance(x, float):
        return 1.0 / (1.0 + math.exp(-x))
    return 1.0 / (1.0 + np.exp(-x))
