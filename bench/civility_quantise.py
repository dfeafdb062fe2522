"""How the encoder is quantised: speed on one thread, and how far each form's scores move.

    nice -n 0 .venv/bin/python bench/civility_quantise.py --run var/ft4-20261208 \\
        [--candidate var/folded/v3l4-20261208-w96] [--n 150] [--texts 1200]

Exports the fine-tuned run's encoder (``civility finetune --run-dir``; needs the train extra)
three ways and measures each against the same float32 graph, in the same run:

- ``float32``: the graph as exported;
- ``weights int8 (MatMulNBits)``: int8 weights in blocks of 32, float activations (v3's first
  export; kept here only as the peer);
- ``int8 (MatMulInteger)``: what ``encoder.quantise`` ships: int8 weights per output channel and
  int8 activations, run as integer GEMMs.

For each: the median and p99 of one ``session.run`` on one thread for 16, 32, 64 and 92 word
pieces (``--n`` runs after a warm-up), and its ratio to float32; then, with the folded candidate's
heads (``--candidate``: ``candidate.{npz,json}``), the civility of ``--texts`` C3 **dev**
comments through the run-time path, and how far each form's score lies from float32's (mean,
p99, max) and its C3 dev ROC-AUC. Writes bench/results/civility_quantise.{json,png}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
LENGTHS = (16, 32, 64, 92)


def weights_only(fp32: Path, out: Path) -> None:
    """The peer: int8 weights in blocks of 32 and float activations (v3's first export)."""
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

    weights = MatMulNBitsQuantizer(
        onnx.load(str(fp32)), bits=8, block_size=32, is_symmetric=True, accuracy_level=4
    )
    weights.process()
    weights.model.save_model_to_file(str(out), use_external_data_format=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, required=True, help="a finished finetune run dir")
    parser.add_argument("--candidate", type=Path, default=None, help="folded heads to score with")
    parser.add_argument("--n", type=int, default=150, help="timed runs per length")
    parser.add_argument("--texts", type=int, default=1200, help="C3 dev comments scored")
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()

    import django

    django.setup()
    import torch  # noqa: F401 - the export needs it; fail here, before any work
    from civility_cascade import encoder_times

    from townsquare.civility import encoder as enc
    from townsquare.civility import metrics
    from townsquare.civility.model import LinearModel, sigmoid
    from townsquare.civility.offline import corpora

    results: dict = {"machine": os.cpu_count(), "timings": {}, "scores": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        print("exporting float32 and the two int8 forms", flush=True)
        shipped_form, _ = enc.export_encoder(tmp_dir / "int8", source=args.run / "encoder")
        fp32 = enc.export_float32(tmp_dir / "fp32.onnx", source=args.run / "encoder")
        nbits = tmp_dir / "nbits.onnx"
        weights_only(fp32, nbits)
        forms = {
            "float32": fp32,
            "weights int8 (MatMulNBits)": nbits,
            "int8 (MatMulInteger)": shipped_form,
        }
        for name, path in forms.items():
            size = path.stat().st_size / 1e6
            print(f"timing {name} ({size:.1f} MB)", flush=True)
            results["timings"][name] = encoder_times(path, lengths=LENGTHS, repeat=args.n)
        if args.candidate:
            data = args.data_dir or corpora.shared_data_dir()
            model = LinearModel.load(args.candidate / "candidate")
            window = int(model.meta["encoder"]["max_tokens"])
            dev, _ = corpora.c3_split(corpora.c3_comments(data))
            picked = sorted(random.Random("quantise").sample(range(len(dev)), args.texts))
            comments = [dev[i] for i in picked]
            labels = np.asarray([c.uncivil for c in comments], dtype=int)
            civility: dict[str, np.ndarray] = {}
            for name, path in forms.items():
                encoder = enc.Encoder(
                    model_path=path,
                    tokenizer_path=args.run / "encoder" / "tokenizer.json",
                    max_tokens=window,
                    threads=1,
                )
                scores = []
                for i, comment in enumerate(comments):
                    (states,) = encoder.encode([comment.text])
                    logits = model.chunk_scores(comment.text, states).logits
                    scores.append(float(np.max(sigmoid(logits))))
                    if i % 200 == 0:
                        print(f"  {name}: {i}/{len(comments)} comments", flush=True)
                civility[name] = np.asarray(scores)
            for name, scores in civility.items():
                gap = np.abs(scores - civility["float32"])
                results["scores"][name] = {
                    "mean_gap": float(gap.mean()),
                    "p99_gap": float(np.percentile(gap, 99)),
                    "max_gap": float(gap.max()),
                    "c3_dev_roc_auc": metrics.roc_auc(labels, scores),
                }

    print(f"\n{'form':<28}" + "".join(f"{n:>16}" for n in LENGTHS) + "   (median / p99 ms)")
    base = results["timings"]["float32"]
    for name, row in results["timings"].items():
        cells = "".join(f"{m:>8.2f}/{p:<7.2f}" for m, p in row.values())
        ratio = base[92][0] / row[92][0]
        print(f"{name:<28}{cells}   {ratio:.2f}x float32's speed at 92")
    for name, row in results["scores"].items():
        print(
            f"{name:<28} score gap to float32: mean {row['mean_gap']:.4f}, p99 "
            f"{row['p99_gap']:.4f}, max {row['max_gap']:.4f}; C3 dev ROC-AUC "
            f"{row['c3_dev_roc_auc']:.4f}"
        )
    out = REPO / "bench" / "results" / "civility_quantise.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    _plot(results, out.with_suffix(".png"))
    print(f"wrote {out} and {out.with_suffix('.png')}")


def _plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    for name, row in results["timings"].items():
        ax.plot(list(LENGTHS), [row[n][0] for n in LENGTHS], marker="o", label=name)
    ax.set_xlabel("word pieces")
    ax.set_ylabel("median ms, one thread")
    ax.set_title("The civility encoder, one text per run")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


if __name__ == "__main__":
    main()
