"""The civility model: load it, score texts, attribute each score to spans of text.

A model is one ``.npz`` file (arrays) plus one ``.json`` file (metadata) with the same stem. Each
head (one per attribute) is linear in two blocks of features:

- the **lexical tier**: hashed word and character n-grams (``features.py``), each owned by one
  chunk (word) of the text;
- the **semantic tier**: the mean of the sentence encoder's token states (``encoder.py``); the
  head's share of each token, ``w · h_t / T``, is owned by the chunk the token came from, and
  the [CLS]/[SEP] shares by no chunk.

So ``logit(text) = bias + unowned + Σ chunks contribution(chunk)`` exactly, and the spans we
highlight are the chunks with the largest positive contribution. The shipped model's heads are a
stack of a lexical and a semantic head per attribute (``offline/training.py``), folded into one
linear head, so scoring is one pass over each block.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility import anchors, cues
from townsquare.civility.encoder import Encoded
from townsquare.civility.features import Chunk, Featurizer, TextFeatures

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
    # What the highlights are drawn from: ``contributions`` (both tiers), or the lexical tier's
    # share alone (cue boosts included) when the model's meta says "highlights": "lexical".
    highlight_contributions: np.ndarray | None = None


class LinearModel:
    """Heads over hashed n-grams (per chunk) and encoder token states (per token)."""

    def __init__(self, *, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        self.meta = meta
        self.version: str = meta["version"]
        self.heads: list[str] = list(meta["heads"])
        self.sparse_weights = arrays["sparse_weights"].astype(np.float32)
        # (DIM, heads) over the mean token state, scaler folded in; None = lexical tier only.
        self.dense_weights = (
            arrays["dense_weights"].astype(np.float32) if "dense_weights" in arrays else None
        )
        self.bias = arrays["bias"].astype(np.float32)
        # An anchored block (anchors.py): (DIM, heads) over the word pieces from the first group
        # named, and a bias for comments that name one; None for models without it.
        self.anchor_weights = (
            arrays["anchor_weights"].astype(np.float32) if "anchor_weights" in arrays else None
        )
        self.anchor_bias = (
            arrays["anchor_bias"].astype(np.float32) if "anchor_bias" in arrays else None
        )
        reading = (meta.get("anchor") or {}).get("reading", anchors.ANCHOR_READING)
        if self.anchor_weights is not None and reading != anchors.ANCHOR_READING:
            raise ValueError(
                f"{self.version} finds groups with anchor reading {reading}, this package has "
                f"{anchors.ANCHOR_READING}"
            )
        self.featurizer = Featurizer(
            n_buckets=int(meta["n_buckets"]), idf=arrays["idf"].astype(np.float32)
        )
        # Phrase cues and the ceiling (cues.py); a site model has none.
        self.cues: dict[str, float] | None = meta.get("cues")
        # A site model's quantile map onto the shipped model's scale (calibration.py); None for
        # the shipped model and for site models saved before maps existed (identity).
        self.calibration: dict[str, Any] | None = meta.get("calibration")

    @property
    def needs_encoder(self) -> bool:
        return self.dense_weights is not None

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls, stem: Path) -> LinearModel:
        meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(stem.with_suffix(".npz"), allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        return cls(arrays=arrays, meta=meta)

    @classmethod
    def from_bytes(cls, npz: bytes, meta: dict[str, Any]) -> LinearModel:
        import io

        with np.load(io.BytesIO(npz), allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        return cls(arrays=arrays, meta=meta)

    def arrays(self) -> dict[str, np.ndarray]:
        arrays: dict[str, np.ndarray] = {
            "sparse_weights": self.sparse_weights.astype(np.float16),
            "bias": self.bias,
            "idf": self.featurizer.idf.astype(np.float16),
        }
        if self.dense_weights is not None:
            arrays["dense_weights"] = self.dense_weights.astype(np.float32)
        if self.anchor_weights is not None and self.anchor_bias is not None:
            arrays["anchor_weights"] = self.anchor_weights.astype(np.float32)
            arrays["anchor_bias"] = self.anchor_bias.astype(np.float32)
        return arrays

    def to_bytes(self) -> bytes:
        import io

        buffer = io.BytesIO()
        np.savez_compressed(buffer, **self.arrays())
        return buffer.getvalue()

    def save(self, stem: Path) -> None:
        stem.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(stem.with_suffix(".npz"), **self.arrays())
        stem.with_suffix(".json").write_text(
            json.dumps(self.meta, indent=1, sort_keys=True), encoding="utf-8"
        )

    # -- scoring -------------------------------------------------------------------------------
    def chunk_scores(self, text: str, encoded: Encoded | None = None) -> ChunkScores:
        return self.finish(text, self.lexical_part(text), encoded)

    def lexical_part(self, text: str) -> tuple[TextFeatures, np.ndarray]:
        """The n-gram block's per-chunk contributions: needs no encoder, so it can run while
        the encoder works on the same batch (backends.py)."""
        feats = self.featurizer.featurize(text)
        contributions = np.zeros((len(feats.chunks), len(self.heads)), dtype=np.float32)
        if len(feats.chunks):
            sparse = self.sparse_weights[feats.sparse_ids] * feats.sparse_values[:, None]
            np.add.at(contributions, feats.sparse_owner, sparse)
        return feats, contributions

    def finish(
        self, text: str, lexical: tuple[TextFeatures, np.ndarray], encoded: Encoded | None
    ) -> ChunkScores:
        """Add the encoder block's per-token shares, then the phrase cues and the ceiling."""
        feats, contributions = lexical[0], lexical[1].copy()
        lexical_only = lexical[1].copy() if self.meta.get("highlights") == "lexical" else None
        unowned = np.zeros(len(self.heads), dtype=np.float32)
        if self.dense_weights is not None:
            if encoded is None:
                raise ValueError(f"{self.version} needs the encoder's token states")
            per_token = (encoded.states @ self.dense_weights) / max(len(encoded.states), 1)
            if self.anchor_weights is not None and self.anchor_bias is not None:
                # what is said from the group named on: its pieces' states through the block,
                # and the block's bias, spread over those pieces (shares stay exact)
                near = anchors.anchor_pieces(text, encoded)
                if len(near):
                    block = encoded.states[near] @ self.anchor_weights + self.anchor_bias
                    per_token[near] += block / len(near)
            tokens, owners, fractions = token_shares(feats.chunks, encoded)
            if len(tokens):
                np.add.at(contributions, owners, per_token[tokens] * fractions[:, None])
            owned = np.zeros(len(per_token), dtype=bool)
            owned[tokens] = True
            unowned += per_token[~owned].sum(axis=0)
        linear_logits = self.bias + unowned + contributions.sum(axis=0)
        if not self.cues:
            return ChunkScores(
                logits=linear_logits,
                contributions=contributions,
                features=feats,
                linear_logits=linear_logits,
                highlight_contributions=lexical_only,
            )
        reading = encoded.reading if encoded is not None else None
        hits = cues.find_cues(text, feats.chunks, self.cues, reading=reading)
        for chunk, head, boost in hits.boosts:
            if head in self.heads:
                contributions[chunk, self.heads.index(head)] += boost
                if lexical_only is not None:
                    lexical_only[chunk, self.heads.index(head)] += boost
        logits = (self.bias + unowned + contributions.sum(axis=0)).astype(np.float64)
        if not hits.directed and "ceiling" in self.cues:
            logits = cues.apply_ceiling(logits, self.heads, self.cues["ceiling"])
        return ChunkScores(
            logits=logits,
            contributions=contributions,
            features=feats,
            linear_logits=linear_logits,
            highlight_contributions=lexical_only,
        )

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
        source = result.contributions
        if result.highlight_contributions is not None:
            source = result.highlight_contributions
        column = source[:, head]
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


def token_shares(
    chunks: list[Chunk], encoded: Encoded
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which chunk owns each token's share: (token, chunk, fraction) triples.

    A token belongs to the chunk it lies in (fraction 1). A token that spans several chunks (a
    word the encoder read joined, as ``i d i o t`` is read ``idiot``, ``spelling.py``) is split
    evenly between them. [CLS], [SEP] and tokens past MAX_CHUNKS belong to no chunk."""
    none = np.zeros(0, dtype=np.int64)
    if not chunks or not encoded.offsets:
        return none, none, np.zeros(0, dtype=np.float32)
    starts = np.asarray([c.start for c in chunks], dtype=np.int64)
    ends = np.asarray([c.end for c in chunks], dtype=np.int64)
    offsets = np.asarray(encoded.offsets, dtype=np.int64).reshape(-1, 2)
    begin, end = offsets[:, 0], offsets[:, 1]
    # The first chunk a token touches: the one it starts in, or the next one when it starts in
    # the space before it; the last: the one its last character lies in.
    first = np.searchsorted(starts, begin, side="right") - 1
    before = (first < 0) | (begin >= ends[np.maximum(first, 0)])
    first = first + before
    last = np.searchsorted(starts, end - 1, side="right") - 1
    owned = ~encoded.special & (end > begin) & (last >= first)
    single = owned & (first == last)
    tokens = [np.flatnonzero(single)]
    owners = [first[single]]
    fractions = [np.ones(int(single.sum()), dtype=np.float32)]
    for t in np.flatnonzero(owned & (last > first)):  # rare: only words read joined
        spanned = np.arange(first[t], last[t] + 1)
        tokens.append(np.full(len(spanned), t))
        owners.append(spanned)
        fractions.append(np.full(len(spanned), 1.0 / len(spanned), dtype=np.float32))
    return (
        np.concatenate(tokens).astype(np.int64),
        np.concatenate(owners).astype(np.int64),
        np.concatenate(fractions),
    )


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


def weights_digest(*arrays: np.ndarray | None) -> str:
    """Eight hex digits of the weights: the tail of a model's version, which changes with them."""
    digest = hashlib.sha256()
    for array in arrays:
        if array is not None:
            digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()[:8]
