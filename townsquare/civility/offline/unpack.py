"""``civility unpack``: a shipped model's encoder and heads as a run that fine-tuning can continue.

The package ships its encoder as int8 ONNX (``encoder.quantise``), and the float run it was
exported from lives only on the machine that trained it. Without that run a shipped model can
be stacked on, offset and re-balanced, but not taught a new wave of data, nor souped with a new
recipe (``train --source``, ``--soup-with``). ``unpack_model`` turns the shipped files back into
a run (``finetune.is_run``):

- every weight matrix is dequantised from the graph: int8 per output channel for the matrix
  products (``MatMulInteger``, named after the module they came from), int8 per table for the
  three embedding tables; biases and layer norms were kept in float and are copied as they are;
- the encoder is all-MiniLM-L6-v2's architecture cut to the layers the graph has, with those
  tensors loaded, so every parameter of it must be found in the graph (an error names any that
  is not);
- the heads are the shipped model's encoder block (``dense_weights``) and biases: what the
  encoder's mean state contributes to each attribute's logit in the folded stack;
- ``run.json`` records where it came from and what the check below measured, with the
  configuration and origin of the run the model was exported from (its ``finetune`` record),
  so a run continued from it, or a fresh run of the same architecture, may be souped with it.

The unpacked encoder is exported again (``encoder.export_encoder``) and its states compared with
the shipped graph's on a few sentences: a cosine under ``MIN_COSINE`` is an error. The int8
rounding stays in the weights (dequantising cannot undo it), and exporting again rounds to the
same grid, so the run continues from exactly the model that ships. Needs the ``train`` extra
(torch, transformers, onnx); nothing reads a data set.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.scores import ATTRIBUTES

MIN_COSINE = 0.9999  # the unpacked run exported again against the shipped graph
TRAINING_WINDOW = 128  # the window the shipped runs were trained at (they score at 96)
CHECK_SENTENCES = (
    "The council meets on Tuesday to vote on the new bus lanes.",
    "You are a disgrace and everyone on this street knows it.",
    "Thanks for the reporting, the photos of the flood were remarkable.",
    "People like them should not be allowed near our schools.",
)


def _array(initializer: Any) -> np.ndarray:
    from onnx import numpy_helper

    return numpy_helper.to_array(initializer)


def dequantised_tensors(onnx_path: Path) -> dict[str, np.ndarray]:
    """The float tensors of an encoder exported by ``encoder.export_encoder``, by the name the
    Hugging Face model gives them (``encoder.layer.0.attention.self.query.weight``, ...)."""
    import onnx

    graph = onnx.load(str(onnx_path)).graph
    inits = {i.name: i for i in graph.initializer}
    out: dict[str, np.ndarray] = {}
    for name, init in inits.items():
        if name.startswith("inner.") and init.data_type == onnx.TensorProto.FLOAT:
            if name.endswith("_scale"):
                continue
            out[name.removeprefix("inner.")] = _array(init).astype(np.float32)
    for name in list(inits):
        if name.startswith("inner.") and name.endswith(".weight_quantized"):
            # an embedding table, one scale for the table
            out[name.removeprefix("inner.").removesuffix("_quantized")] = _dequantised(inits, name)
    for node in graph.node:
        if node.op_type != "MatMulInteger":
            continue
        if not node.name.startswith("/inner/") or not node.name.endswith("/MatMul_quant"):
            raise ValueError(f"a matrix product the unpacker cannot place: {node.name}")
        module = node.name.removeprefix("/inner/").removesuffix("/MatMul_quant").replace("/", ".")
        # (in, out) with a scale per output channel; the Hugging Face layer keeps (out, in)
        out[f"{module}.weight"] = _dequantised(inits, node.input[1]).T.copy()
    return out


def _dequantised(inits: dict[str, Any], name: str) -> np.ndarray:
    """``(q - zero point) * scale`` of the quantised initializer ``name`` (``..._quantized``,
    with its ``_scale`` and ``_zero_point`` beside it; per table or per last-axis channel)."""
    stem = name.removesuffix("_quantized")
    q = _array(inits[name]).astype(np.float32)
    scale = _array(inits[f"{stem}_scale"]).astype(np.float32)
    zero = _array(inits[f"{stem}_zero_point"]).astype(np.float32)
    return (q - zero) * scale


def _layers(tensors: dict[str, np.ndarray]) -> int:
    found = {int(k.split(".")[2]) for k in tensors if k.startswith("encoder.layer.")}
    if not found or found != set(range(max(found) + 1)):
        raise ValueError(f"the graph's transformer layers are not 0..n: {sorted(found)}")
    return max(found) + 1


def unpack_model(
    model_dir: Path,
    out_dir: Path,
    *,
    template: Path | None = None,
    log: Callable[[str], Any] = print,
) -> dict[str, Any]:
    """Write ``model_dir``'s shipped (or candidate) model as a run in ``out_dir``.

    ``template``: an encoder directory of the graph's architecture (default all-MiniLM-L6-v2,
    cut to the graph's layers), whose configuration and tokenizer the run keeps."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from townsquare.civility.encoder import export_encoder, file_digest, minilm_dir
    from townsquare.civility.model import LinearModel
    from townsquare.civility.offline.finetune import run_architecture, truncate_layers
    from townsquare.civility.offline.heads import model_stem

    stem = model_stem(model_dir)
    model = LinearModel.load(stem)
    if model.dense_weights is None or not model.meta.get("encoder"):
        raise ValueError(f"{stem} reads no encoder: there is nothing to unpack")
    onnx_path = model_dir / model.meta["encoder"]["file"]
    tensors = dequantised_tensors(onnx_path)
    layers = _layers(tensors)
    log(f"dequantised {len(tensors)} tensors of {onnx_path} ({layers} layers)")

    base = template or minilm_dir()
    encoder = truncate_layers(AutoModel.from_pretrained(str(base)), layers).eval()
    state = encoder.state_dict()
    # the pooler is not in the graph (it exports the token states): MiniLM's is kept, unused
    params = {name for name, _ in encoder.named_parameters() if not name.startswith("pooler.")}
    missing = sorted(params - set(tensors))
    if missing:
        raise ValueError(f"the graph lacks {len(missing)} of the encoder's tensors: {missing[:5]}")
    for name, value in tensors.items():
        if name not in state:
            raise ValueError(f"the graph has a tensor the encoder lacks: {name}")
        if tuple(state[name].shape) != value.shape:
            raise ValueError(f"{name}: {value.shape} in the graph, {tuple(state[name].shape)} here")
        state[name] = torch.from_numpy(value)
    encoder.load_state_dict(state)

    out_dir.mkdir(parents=True, exist_ok=True)
    encoder.save_pretrained(str(out_dir / "encoder"))
    AutoTokenizer.from_pretrained(str(base)).save_pretrained(str(out_dir / "encoder"))
    tokenizer = model_dir / "tokenizer.json"
    with tempfile.TemporaryDirectory() as tmp:
        again, _ = export_encoder(Path(tmp), source=out_dir / "encoder")
        cosines = _compare(lambda ids: _graph_states(again, ids), onnx_path, tokenizer)
    floats = _compare(lambda ids: _float_states(encoder, ids), onnx_path, tokenizer)
    log(
        f"states against the shipped graph's: exported again, lowest cosine {min(cosines):.6f}; "
        f"in float (the graph quantises activations), {min(floats):.4f}"
    )
    if min(cosines) < MIN_COSINE:
        raise ValueError(
            f"the unpacked encoder, exported again, does not reproduce the graph's states "
            f"(cosine {min(cosines):.4f})"
        )
    order = [model.heads.index(a) for a in ATTRIBUTES]
    np.savez(
        out_dir / "heads.npz",
        dense=np.asarray(model.dense_weights, dtype=np.float32)[:, order],
        bias=np.asarray(model.bias, dtype=np.float32)[order],
    )
    made = model.meta.get("finetune") or {}
    if made.get("config"):
        # the run it was exported from, as recorded: its architecture, lineage and recipe
        config = dict(made["config"])
        found = run_architecture(made)["source"]
    else:
        config = {"layers": layers, "max_tokens": TRAINING_WINDOW, "source": ""}
        found = "" if template is None else str(template)
    info = {
        "command": " ".join(sys.argv),
        "config": config,
        "data": {"digest": f"unpacked-{model.version}"},
        "heads": list(ATTRIBUTES),
        "origin": found,
        "seconds": 0.0,
        "steps": 0,
        "unpacked": {
            "from": str(model_dir),
            "version": model.version,
            "encoder_digest": file_digest(onnx_path),
            "lowest_cosine_exported_again": round(float(min(cosines)), 6),
            "lowest_cosine_in_float": round(float(min(floats)), 6),
            "heads": "the model's encoder block and biases (folded stack), ATTRIBUTES order",
            "run": {k: v for k, v in made.items() if k in ("command", "data", "seconds")},
        },
    }
    (out_dir / "run.json").write_text(json.dumps(info, indent=1, sort_keys=True), "utf-8")
    log(f"wrote the run to {out_dir}")
    return info


def _graph_states(onnx_path: Path, ids: list[int]) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    row = np.asarray([ids], dtype=np.int64)
    return session.run(None, {"input_ids": row, "attention_mask": np.ones_like(row)})[0][0]


def _float_states(encoder: Any, ids: list[int]) -> np.ndarray:
    import torch

    with torch.no_grad():
        row = torch.tensor([ids])
        return encoder(input_ids=row, attention_mask=torch.ones_like(row)).last_hidden_state[0]


def _compare(
    states: Callable[[list[int]], Any], onnx_path: Path, tokenizer_path: Path
) -> list[float]:
    """Cosine of ``states``' mean token state with the graph's, per check sentence."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    out = []
    for text in CHECK_SENTENCES:
        ids = tokenizer.encode(text).ids
        a = np.asarray(states(ids), dtype=np.float64).mean(0)
        b = np.asarray(_graph_states(onnx_path, ids), dtype=np.float64).mean(0)
        out.append(float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b))))
    return out
