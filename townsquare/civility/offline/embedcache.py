"""A disk cache of mean encoder states per text, so training and evaluation encode each text once.

Keyed by the encoder file's digest and the text's SHA-1; lives under ``$TOWNSQUARE_DATA_DIR``
(never in the repository). Only training and the evaluation suite use it; scoring never does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from townsquare.civility.encoder import DIM, Encoder

CHUNK = 2048  # texts encoded between saves, so an interrupted run keeps its work


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class MeanCache:
    def __init__(self, directory: Path, encoder: Encoder) -> None:
        self.encoder = encoder
        self.path = directory / f"means-{encoder.states_key}-{encoder.max_tokens}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as data:
                for key, vector in zip(data["keys"], data["vectors"], strict=True):
                    self.vectors[str(key)] = vector

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.asarray(list(self.vectors), dtype="<U40")
        vectors = (
            np.stack(list(self.vectors.values())) if self.vectors else np.zeros((0, DIM))
        ).astype(np.float16)
        tmp = self.path.with_name(self.path.stem + ".tmp.npz")
        np.savez(tmp, keys=keys, vectors=vectors)
        tmp.replace(self.path)

    def means(self, texts: Sequence[str], *, progress: bool = True) -> np.ndarray:
        from tqdm import tqdm

        keys = [_key(t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}.items()
        )
        if missing:
            with tqdm(
                total=len(missing), desc="encoding", unit="text", disable=not progress
            ) as bar:
                for start in range(0, len(missing), CHUNK):
                    part = missing[start : start + CHUNK]
                    vectors = self.encoder.means([t for _, t in part])
                    for (key, _), vector in zip(part, vectors, strict=True):
                        self.vectors[key] = vector.astype(np.float16)
                    bar.update(len(part))
                    self.save()
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32)
