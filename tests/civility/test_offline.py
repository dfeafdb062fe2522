"""The shipped model loads from the installed package, offline, fast, with numpy alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from townsquare.civility.backends import ARTIFACTS_DIR

SCRIPT = """
import json, sys, time
t = time.perf_counter()
from townsquare.civility.backends import shipped_model, ShippedBackend
model = shipped_model()
load = time.perf_counter() - t
(result,) = ShippedBackend().score(["You are an idiot."])
heavy = sorted(m for m in ("torch", "sklearn", "scipy", "transformers", "tensorflow",
                          "model2vec", "sentence_transformers") if m in sys.modules)
print(json.dumps({"load": load, "toxicity": result.toxicity, "heavy": heavy,
                  "version": result.model}))
"""


def test_scoring_works_offline_with_numpy_only_and_loads_fast(tmp_path):
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
        timeout=60,
        cwd=tmp_path,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["heavy"] == []
    assert data["load"] <= 2.0
    assert data["toxicity"] > 0.5
    assert data["version"].startswith("shipped-")


def test_artifacts_fit_the_size_budget():
    total = sum(p.stat().st_size for p in Path(ARTIFACTS_DIR).iterdir() if p.is_file())
    assert total <= 50 * 1024 * 1024
    meta = json.loads((ARTIFACTS_DIR / "shipped.json").read_text())
    assert set(meta["trained_on"]) <= {"wikipedia-gn", "wikipedia-gc", "davidson"}
