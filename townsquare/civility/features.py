"""Turn comment text into the sparse and dense features the linear civility heads read.

Everything here is plain Python + numpy so that scoring needs nothing heavier at run time. The
same code builds the training matrices (``townsquare civility train``) and scores comments, so
the two can never drift apart.

The unit of explanation is a *chunk*: a run of non-space characters ("idiot!", "sh*t"). Every
feature is owned by exactly one chunk (a word bigram is shared half-and-half by its two chunks),
so a comment's logit is exactly the sum of its chunks' contributions plus the bias. That is what
makes the highlights honest: a highlighted span really is what raised the score.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

CHUNK_RE = re.compile(r"\S+")
WORD_RE = re.compile(r"\w+", re.UNICODE)
# Masking characters people use to dodge word lists ("f*ck", "@ss"): kept inside char n-grams.
CHAR_NGRAM_SIZES = (3, 4, 5)
MAX_CHUNKS = 400  # comments longer than this are scored on their first 400 chunks
CHUNK_CACHE_SIZE = 20_000


def fold(text: str) -> str:
    """Lower-case and strip accents, as the embedding model's tokenizer does."""
    text = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def _bucket(key: str, n_buckets: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % n_buckets


@dataclass(frozen=True)
class Chunk:
    """A run of non-space characters and where it sits in the original text."""

    start: int
    end: int
    folded: str


def chunks_of(text: str) -> list[Chunk]:
    found = []
    for match in CHUNK_RE.finditer(text):
        found.append(Chunk(match.start(), match.end(), fold(match.group())))
        if len(found) >= MAX_CHUNKS:
            break
    return found


class HashedNgrams:
    """Word unigrams, word bigrams and character 3-5-grams hashed into one bucket space."""

    def __init__(self, n_buckets: int) -> None:
        self.n_buckets = n_buckets
        # Bounded: a web worker sees an endless stream of new words, and each entry costs about
        # a kilobyte (the issue measured 255 MB for the two 200,000-entry caches of v1).
        self._chunk_features = lru_cache(maxsize=CHUNK_CACHE_SIZE)(self._features_uncached)

    def _features_uncached(self, folded: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """Bucket ids owned by one chunk, and its word tokens (for the bigrams across chunks)."""
        n = self.n_buckets
        words = tuple(WORD_RE.findall(folded))
        ids = [_bucket("w:" + w, n) for w in words]
        ids += [_bucket(f"b:{a} {b}", n) for a, b in zip(words, words[1:], strict=False)]
        padded = f" {folded} "
        for size in CHAR_NGRAM_SIZES:
            ids += [_bucket("c:" + padded[i : i + size], n) for i in range(len(padded) - size + 1)]
        return tuple(ids), words

    def chunk_counts(self, chunks: Sequence[Chunk]) -> list[dict[int, float]]:
        """Per chunk: bucket -> how much of that feature's occurrence this chunk owns."""
        owned: list[dict[int, float]] = []
        previous_last_word: str | None = None
        for chunk in chunks:
            ids, words = self._chunk_features(chunk.folded)
            counts: dict[int, float] = {}
            for bucket in ids:
                counts[bucket] = counts.get(bucket, 0.0) + 1.0
            if words and previous_last_word is not None:
                # A bigram across two chunks is owned half by each, keeping the sum exact.
                bucket = _bucket(f"b:{previous_last_word} {words[0]}", self.n_buckets)
                counts[bucket] = counts.get(bucket, 0.0) + 0.5
                owned[-1][bucket] = owned[-1].get(bucket, 0.0) + 0.5
            previous_last_word = words[-1] if words else previous_last_word
            owned.append(counts)
        return owned


@dataclass
class TextFeatures:
    """One text's features, kept per chunk so contributions can be attributed."""

    chunks: list[Chunk]
    # Sparse block: bucket ids and values after tf-idf and L2 normalisation; the owner of each
    # entry is the chunk index that produced it (an entry can appear once per owner).
    sparse_ids: np.ndarray
    sparse_values: np.ndarray
    sparse_owner: np.ndarray


class Featurizer:
    """Text -> TextFeatures, given the idf table."""

    def __init__(self, *, n_buckets: int, idf: np.ndarray | None = None) -> None:
        self.ngrams = HashedNgrams(n_buckets)
        self.idf = idf if idf is not None else np.ones(n_buckets, dtype=np.float32)

    def raw_counts(self, text: str) -> tuple[list[Chunk], list[dict[int, float]]]:
        chunks = chunks_of(text)
        return chunks, self.ngrams.chunk_counts(chunks)

    def featurize(self, text: str) -> TextFeatures:
        chunks, owned = self.raw_counts(text)
        totals: dict[int, float] = {}
        for counts in owned:
            for bucket, count in counts.items():
                totals[bucket] = totals.get(bucket, 0.0) + count
        # Sublinear tf times idf, L2-normalised over the whole text. (Every total is >= 1: a
        # bigram across two chunks is owned 0.5 + 0.5.)
        weights = {b: (1.0 + math.log(c)) * float(self.idf[b]) for b, c in totals.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        ids: list[int] = []
        values: list[float] = []
        owners: list[int] = []
        for owner, counts in enumerate(owned):
            for bucket, count in counts.items():
                ids.append(bucket)
                values.append(weights[bucket] / norm * (count / totals[bucket]))
                owners.append(owner)
        return TextFeatures(
            chunks=chunks,
            sparse_ids=np.asarray(ids, dtype=np.int64),
            sparse_values=np.asarray(values, dtype=np.float32),
            sparse_owner=np.asarray(owners, dtype=np.int64),
        )

    def document_frequencies(self, texts: Sequence[str]) -> np.ndarray:
        """How many texts contain each bucket (for the idf table at training time)."""
        df = np.zeros(self.ngrams.n_buckets, dtype=np.float64)
        for text in texts:
            _, owned = self.raw_counts(text)
            present: set[int] = set()
            for counts in owned:
                present.update(counts)
            if present:
                df[list(present)] += 1
        return df

    def matrix(self, texts: Sequence[str], progress: bool = False) -> Any:
        """Stack texts into a scipy CSR matrix of n-gram features for training (needs scipy)."""
        from scipy.sparse import csr_matrix
        from tqdm import tqdm

        indptr = [0]
        cols: list[np.ndarray] = []
        vals: list[np.ndarray] = []
        for text in tqdm(texts, desc="n-gram features", unit="text", disable=not progress):
            feats = self.featurize(text)
            cols.append(feats.sparse_ids)
            vals.append(feats.sparse_values)
            indptr.append(indptr[-1] + len(feats.sparse_ids))
        matrix = csr_matrix(
            (
                np.concatenate(vals) if vals else np.zeros(0, np.float32),
                np.concatenate(cols) if cols else np.zeros(0, np.int64),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(texts), self.ngrams.n_buckets),
        )
        matrix.sum_duplicates()
        return matrix
