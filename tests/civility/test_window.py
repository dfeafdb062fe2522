"""``townsquare civility window``: the shipped model reading another number of word pieces."""

from __future__ import annotations

import json

import numpy as np
import pytest

from townsquare.civility.encoder import ARTIFACTS_DIR, encoder_for
from townsquare.civility.model import LinearModel

# Our own long comment: more than 128 word pieces, the uncivil words past the 96th piece.
LONG = (
    "I have read every word of the council's report on the bypass, the consultation responses, "
    "the traffic counts from both junctions, the noise survey, the cost estimates from the "
    "first and second rounds of tendering and the minutes of all four planning meetings, and "
    "I still cannot see why the route through the allotments was preferred to the one along "
    "the railway, which the engineers themselves called cheaper. And to the councillor who "
    "keeps defending it here: you are a lying idiot and a disgrace to this town."
)


def test_the_window_model_changes_the_window_only_and_reads_further(tmp_path):
    from townsquare.civility.offline.window_run import window_model

    base = LinearModel.load(ARTIFACTS_DIR / "shipped")
    before = base.meta["encoder"]["max_tokens"]
    tokens = 64 if before != 64 else 96
    out = window_model(ARTIFACTS_DIR / "shipped", tmp_path / "w", tokens=tokens, record={})
    model = LinearModel.load(out / "candidate")
    assert model.meta["encoder"]["max_tokens"] == tokens
    assert model.meta["window"] == {"base": base.version, "from": before, "tokens": tokens}
    assert model.version.startswith("window-") and model.version.endswith(f"-w{tokens}")
    np.testing.assert_array_equal(model.dense_weights, base.dense_weights)
    assert model.cues == base.cues and model.meta["thresholds"] == base.meta["thresholds"]
    short, long = encoder_for(model.meta, out), encoder_for(base.meta, ARTIFACTS_DIR)
    assert short.max_tokens == tokens and long.max_tokens == before
    # the encoder reads no further than its window: the shorter one stops earlier
    assert len(short.encode([LONG])[0].states) < len(long.encode([LONG])[0].states)


def test_a_window_out_of_range_or_unchanged_is_refused(tmp_path):
    from townsquare.civility.offline.window_run import window_model

    before = LinearModel.load(ARTIFACTS_DIR / "shipped").meta["encoder"]["max_tokens"]
    for tokens, message in ((4, "between 8 and 512"), (600, "between 8 and 512")):
        with pytest.raises(ValueError, match=message):
            window_model(ARTIFACTS_DIR / "shipped", tmp_path / "w", tokens=tokens, record={})
    with pytest.raises(ValueError, match="already reads"):
        window_model(ARTIFACTS_DIR / "shipped", tmp_path / "w", tokens=before, record={})
    assert not (tmp_path / "w").exists()  # nothing written


def test_the_shipped_version_names_the_window():
    from townsquare.civility.offline import training

    model = LinearModel.load(ARTIFACTS_DIR / "shipped")
    other = LinearModel(arrays=model.arrays(), meta=json.loads(json.dumps(model.meta)))
    other.meta["encoder"]["max_tokens"] = model.meta["encoder"]["max_tokens"] // 2
    assert training.shipped_version(model) != training.shipped_version(other)


def test_the_shipped_model_reads_the_window_it_was_fine_tuned_on():
    model = LinearModel.load(ARTIFACTS_DIR / "shipped")
    trained = model.meta["finetune"]["config"]["max_tokens"]
    assert model.meta["encoder"]["max_tokens"] == trained  # v3.6: 128 (model card "E46")


def test_civility_window_writes_a_candidate_and_its_dev_check(tmp_path, shared_data):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from townsquare.civility.offline import pipeline

    out = tmp_path / "window"
    printed = StringIO()
    call_command(
        "civility", "window", "--data-dir", str(shared_data), "--out", str(out),
        "--tokens", "64", "--per-pattern", "1", "--c3", "300",
        verbosity=0, stdout=printed,
    )  # fmt: skip
    record = json.loads((out / "dev.json").read_text())
    assert record["base"]["n_c3"] == record["window"]["n_c3"] == 300
    assert record["refused"] == pipeline.release_check(record["window"], record["base"])
    verdict = "is refused on dev" if record["refused"] else "passes the release rule"
    assert verdict in printed.getvalue().splitlines()[-1]
    assert json.loads((out / "candidate.json").read_text())["encoder"]["max_tokens"] == 64
    with pytest.raises(CommandError, match="between 8 and 512"):
        call_command(
            "civility", "window", "--out", str(out), "--tokens", "2",
            "--data-dir", str(shared_data),
        )  # fmt: skip
