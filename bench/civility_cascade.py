"""Could a post skip the encoder? What the civility model's semantic tier costs, and whether the
lexical tier alone could clear most comments before it runs.

Two measurements, both about issue 8's posting target (see docs/benchmarks.md):

1. **The encoder's time** for one comment of 16, 32 and 64 word pieces (64 is the cap), on one
   thread as a web worker runs it: the shipped int8 graph and, when ``torch`` is installed (the
   ``train`` extra), the same weights exported in float32, so quantisation can be ruled in or out.
2. **A cascade**: the model's logit is the lexical tier's part plus the semantic tier's part
   (``w · mean(token states)``) per head. If the lexical part plus an upper bound on the semantic
   part stays under the nudge threshold on every head, the comment would publish whatever the
   encoder said. The bound is a quantile of the semantic part over C3's *dev* articles; the
   share of comments cleared (and any the full model would have flagged) is reported on dev and
   on C3's *test* articles.

    .venv/bin/python bench/civility_cascade.py [--threshold 0.508]

Prints the tables and writes bench/results/civility_cascade.png.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
QUANTILES = (0.95, 0.99, 0.995, 0.999, 1.0)


def encoder_times(
    path: Path, *, lengths: tuple[int, ...] = (16, 32, 64), repeat: int = 30
) -> dict[int, tuple[float, float]]:
    """Per length, the median and p99 ms of one ``session.run`` of the graph at ``path``, run
    by the project's own ``Encoder`` session (one thread, as a web worker runs it)."""
    from townsquare.civility.encoder import Encoder

    session = Encoder(model_path=path, threads=1).session
    times = {}
    for n in lengths:
        ids = np.random.default_rng(n).integers(1000, 20000, size=(1, n), dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        for _ in range(10):
            session.run(None, feed)
        runs = []
        for _ in range(repeat):
            began = time.perf_counter()
            session.run(None, feed)
            runs.append(time.perf_counter() - began)
        times[n] = (statistics.median(runs) * 1000, float(np.percentile(runs, 99)) * 1000)
    return times


def fp32_export(tmp: Path) -> Path | None:
    """The shipped encoder's source weights in float32 (``None`` without the train extra)."""
    try:
        from townsquare.civility.encoder import export_float32

        return export_float32(tmp / "encoder-fp32.onnx")
    except ImportError:
        return None


def parts(texts: list[str], desc: str):
    """Per text: (lexical logits with the cue boosts, semantic part, the full model's logits)."""
    from tqdm import tqdm

    from townsquare.civility import cues
    from townsquare.civility.backends import shipped_model
    from townsquare.civility.encoder import shipped_encoder

    model, encoder = shipped_model(), shipped_encoder()
    lexical, semantic, full = [], [], []
    for start in tqdm(range(0, len(texts), 64), desc=desc, unit="batch"):
        batch = texts[start : start + 64]
        for text, encoded in zip(batch, encoder.encode(batch), strict=True):
            feats, contributions = model.lexical_part(text)
            logits = model.bias + contributions.sum(axis=0)
            for _chunk, head, boost in cues.find_cues(text, feats.chunks, model.cues).boosts:
                if head in model.heads:
                    logits[model.heads.index(head)] += boost
            lexical.append(logits)
            semantic.append(encoded.states.mean(axis=0) @ model.dense_weights)
            full.append(model.chunk_scores(text, encoded).logits)
    return np.stack(lexical), np.stack(semantic), np.stack(full)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=0.508, help="the nudge threshold")
    args = parser.parse_args()
    import django

    django.setup()
    from townsquare.civility.encoder import ENCODER_PATH
    from townsquare.civility.offline import corpora

    print("encoder, one comment, one thread (median of 30 runs):")
    with tempfile.TemporaryDirectory() as tmp:
        graphs = [("int8 (shipped)", ENCODER_PATH)]
        fp32 = fp32_export(Path(tmp))
        if fp32 is not None:
            graphs.append(("float32, same weights", fp32))
        for name, path in graphs:
            times = encoder_times(path)
            cells = ", ".join(f"{n} pieces {ms:.1f} ms" for n, (ms, _) in times.items())
            print(f"  {name:24} {cells}")
        if fp32 is None:
            print("  (float32 not measured: torch is not installed)")

    dev, test = corpora.c3_split(corpora.c3_comments(corpora.shared_data_dir()))
    dev_parts = parts([c.text for c in dev], "C3 dev")
    test_parts = parts([c.text for c in test], "C3 test")
    cut = np.log(args.threshold / (1 - args.threshold))
    semantic_dev = dev_parts[1]
    print(
        f"\nsemantic part of the logit on C3 dev, per head: min {semantic_dev.min(0).round(2)}, "
        f"max {semantic_dev.max(0).round(2)}"
    )
    print(
        f"cascade at nudge threshold {args.threshold}: bound = quantile of the semantic part on dev"
    )
    print(
        f"{'quantile':>9} {'dev cleared':>12} {'test cleared':>13} {'test flagged':>13} "
        f"{'of them cleared':>16}"
    )
    curve = []
    for q in QUANTILES:
        bound = np.quantile(semantic_dev, q, axis=0)
        row = []
        for lexical, _semantic, full in (dev_parts, test_parts):
            cleared = np.all(lexical + bound < cut, axis=1)
            flagged = (full >= cut).any(axis=1)
            row.append((cleared.mean(), int(flagged.sum()), int((cleared & flagged).sum())))
        curve.append((q, row[0][0], row[1][0]))
        print(f"{q:>9} {row[0][0]:>11.1%} {row[1][0]:>12.1%} {row[1][1]:>13} {row[1][2]:>16}")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot([str(q) for q, _, _ in curve], [d * 100 for _, d, _ in curve], marker="o", label="dev")
    ax.plot([str(q) for q, _, _ in curve], [t * 100 for _, _, t in curve], marker="s", label="test")
    ax.set_xlabel("bound on the semantic part (quantile on dev)")
    ax.set_ylabel("comments that could skip the encoder (%)")
    ax.set_title("A lexical-first cascade on C3")
    ax.legend()
    fig.tight_layout()
    out = ROOT / "bench" / "results" / "civility_cascade.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    print(f"plot: {out}")


if __name__ == "__main__":
    main()
