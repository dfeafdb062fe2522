"""Run-time support for a v3 artifact: the encoder window comes with the heads."""

from __future__ import annotations

import json


def test_the_shipped_encoder_window_comes_from_the_artifact_metadata(tmp_path):
    from townsquare.civility.encoder import MAX_TOKENS, artifact_window

    meta = tmp_path / "shipped.json"
    meta.write_text(json.dumps({"encoder": {"max_tokens": 128}}))
    assert artifact_window(meta) == 128
    meta.write_text(json.dumps({"version": "x"}))
    assert artifact_window(meta) == MAX_TOKENS
    assert artifact_window(tmp_path / "missing.json") == MAX_TOKENS
    assert artifact_window() == 96  # v3, as shipped (MODEL_CARD.md: chosen on dev for its cost)
