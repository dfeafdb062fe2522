"""Refitting the five heads over a frozen encoder (offline/heads.py, ``train --refit-heads``).

Runs on the package's own encoder (int8 ONNX, no torch), with a few dozen of our sentences.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from townsquare.civility.encoder import ARTIFACTS_DIR, file_digest
from townsquare.civility.offline import heads, pipeline
from townsquare.civility.offline.export import Candidate
from townsquare.civility.offline.finetune import Data
from townsquare.civility.scores import ATTRIBUTES

pytest.importorskip("sklearn")

CIVIL = [
    "The bus timetable changes on Monday, check the council site.",
    "I enjoyed the piece on the lighthouse restoration.",
    "Thanks for covering the school budget so clearly.",
    "The market moves to the harbour car park in spring.",
    "Our library's opening hours are longer this winter.",
    "Good to see the footbridge finally repaired.",
    "The new cycle lane is busy at rush hour.",
    "My daughter's choir sings at the town hall on Friday.",
    "Is the ferry running during the storm warnings?",
    "Well written and fair to both sides of the debate.",
    "The bakery on Mill Street has reopened.",
    "The council should publish the full traffic survey.",
]
THREATS = [
    "I will smash your face in when I find you.",
    "You deserve a beating and I will give it to you.",
    "Keep writing this and I will burn your house down.",
    "I am going to hurt you and your whole family.",
    "Someone should put a bullet in you.",
    "I will break every bone in your body.",
    "Watch yourself, I am coming for you tonight.",
    "I'll make sure you bleed for this article.",
    "You will be sorry when I get my hands on you.",
    "I hope someone stabs you on the way home.",
    "I will find you and kill you.",
    "Your car will be on fire by morning.",
]


def _data(texts_civil=CIVIL, texts_threat=THREATS) -> Data:
    texts = list(texts_civil) + list(texts_threat)
    n = len(texts)
    targets = np.zeros((n, len(ATTRIBUTES)), dtype=np.float32)
    threat, toxicity = ATTRIBUTES.index("threat"), ATTRIBUTES.index("toxicity")
    targets[len(texts_civil) :, threat] = 1.0
    targets[len(texts_civil) :, toxicity] = 1.0
    weights = np.ones_like(targets)
    weights[::2, ATTRIBUTES.index("obscene")] = 0.0  # a set that does not label an attribute
    return Data(texts=texts, targets=targets, weights=weights, counts={"ours": n})


def test_refitted_heads_score_through_the_run_time_encoder_and_keep_its_file(tmp_path):
    out = heads.refit_heads(
        ARTIFACTS_DIR,
        _data(),
        tmp_path / "refit-w32",
        window=32,
        C=1.0,
        seed=5,
        cache_dir=tmp_path / "cache",
        progress=False,
        log=lambda _: None,
    )
    digest = file_digest(ARTIFACTS_DIR / "encoder-int8.onnx")
    assert file_digest(out / "encoder-int8.onnx") == digest
    candidate = Candidate(out)
    logits = candidate.score(
        ["I am going to find you and hurt you.", "The ferry timetable changes in March."]
    )
    threat = ATTRIBUTES.index("threat")
    assert logits[0, threat] > logits[1, threat] + 1.0, logits
    # the heads are linear over the mean state, so the highlights' token shares stay exact
    assert candidate.model.sparse_weights is not None and not candidate.model.sparse_weights.any()
    meta = json.loads((out / "candidate.json").read_text())
    assert meta["encoder"] == {
        "file": "encoder-int8.onnx",
        "digest": digest,
        "max_tokens": 32,
    }
    refit = meta["finetune"]["heads_refit"]
    assert refit["C"] == 1.0 and refit["seed"] == 5 and refit["texts"] == 24
    assert refit["labelled"]["obscene"] == 12 and refit["labelled"]["threat"] == 24
    assert refit["data"]["digest"] == _data().digest()
    # the source's own fine-tuning record is kept beside the refit
    shipped = json.loads((ARTIFACTS_DIR / "shipped.json").read_text())
    assert meta["finetune"]["command"] == shipped["finetune"]["command"]
    assert meta["version"].startswith("refit-") and meta["version"].endswith("-w32")


def test_the_states_are_cached_so_a_second_refit_encodes_nothing(tmp_path, monkeypatch):
    kwargs = dict(window=16, C=1.0, seed=1, cache_dir=tmp_path / "cache", progress=False)
    first = heads.refit_heads(ARTIFACTS_DIR, _data(), tmp_path / "a", log=lambda _: None, **kwargs)
    assert list((tmp_path / "cache").glob("means-*-16.npz"))

    from townsquare.civility.encoder import Encoder

    def refuse(self, texts):
        raise AssertionError(f"encoded {len(texts)} texts again")

    monkeypatch.setattr(Encoder, "means", refuse)
    second = heads.refit_heads(
        ARTIFACTS_DIR, _data(), tmp_path / "b", log=lambda _: None, **{**kwargs, "C": 0.1}
    )
    a = json.loads((first / "candidate.json").read_text())
    b = json.loads((second / "candidate.json").read_text())
    assert a["version"] != b["version"]  # other weights: C changes the heads


def test_a_source_without_an_encoder_or_a_bad_c_is_refused(tmp_path):
    def refit(data, C):
        heads.refit_heads(
            ARTIFACTS_DIR,
            data,
            tmp_path / "x",
            window=16,
            C=C,
            seed=1,
            cache_dir=tmp_path,
            log=lambda _: None,
        )

    with pytest.raises(ValueError, match="no encoder to refit heads over"):
        heads.check_source(tmp_path)
    with pytest.raises(ValueError, match="C must be above 0"):
        refit(_data(), 0.0)
    unlabelled = _data()
    unlabelled.weights[:, ATTRIBUTES.index("insult")] = 0.0
    with pytest.raises(ValueError, match="no training text is labelled for insult"):
        refit(unlabelled, 1.0)
    assert not (tmp_path / "x").exists()


def test_a_refit_plan_is_decided_by_the_encoder_and_refuses_what_it_cannot_use(
    tmp_path, shared_data
):
    plan = pipeline.Plan(
        work_dir=tmp_path / "work", data_dir=shared_data, refit_heads=ARTIFACTS_DIR
    )
    plan.check()
    identity = plan.identity()
    assert identity["refit_heads"] == {"encoder": file_digest(ARTIFACTS_DIR / "encoder-int8.onnx")}
    assert identity["head_c"] == 1.0
    # a plan without the option keeps the identity of work directories made before it
    assert "refit_heads" not in pipeline.Plan().identity()
    assert "head_c" not in pipeline.Plan().identity()
    for bad, message in (
        ({"source": "var/run"}, "takes no --source or --soup"),
        ({"head_c": -1.0}, "--head-c must be above 0"),
        ({"refit_heads": Path(tmp_path)}, "no encoder"),
    ):
        with pytest.raises(ValueError, match=message):
            settings = {"refit_heads": ARTIFACTS_DIR, **bad}
            pipeline.Plan(work_dir=tmp_path / "work", data_dir=shared_data, **settings).check()


def test_train_refits_heads_per_seed_then_stacks_chooses_and_ships_as_for_fine_tuned_seeds(
    tmp_path, shared_data, restore_encoder
):
    from .bases import tiny_base

    plan = pipeline.Plan(
        work_dir=tmp_path / "work",
        data_dir=shared_data,
        out_dir=tmp_path / "out",
        seeds=(1, 2),
        per_pattern=1,
        texts=60,
        window=16,
        stack_fit=12,
        c3=300,
        refit_heads=ARTIFACTS_DIR,
        head_c=0.5,
        stack_drop_unknown=True,
    )
    tiny_base(plan.work_dir / "v2-base")
    lines: list[str] = []
    stem = pipeline.train_v3(plan, log=lines.append, progress=False)
    stages = [line for line in lines if line.startswith("stage 3/6")]
    assert stages == [
        f"stage 3/6: refitting the heads of seed {s} ({s} of 2) over {ARTIFACTS_DIR}'s encoder"
        for s in (1, 2)
    ]
    assert not (plan.work_dir / "runs").exists()  # nothing was fine-tuned
    metas = [
        json.loads((plan.work_dir / "candidates" / f"{s}-w16" / "candidate.json").read_text())
        for s in (1, 2)
    ]
    # each seed draws its own training texts, so the two candidates differ
    refits = [m["finetune"]["heads_refit"] for m in metas]
    assert refits[0]["data"] != refits[1]["data"]
    assert {r["C"] for r in refits} == {0.5}
    shipped = json.loads((tmp_path / "out" / "shipped.json").read_text())
    assert stem == (tmp_path / "out" / "shipped").resolve()
    assert shipped["encoder"]["digest"] == file_digest(ARTIFACTS_DIR / "encoder-int8.onnx")
    assert shipped["finetune"]["heads_refit"]["seed"] in (1, 2)
    # a second run finds every stage done
    lines = []
    pipeline.train_v3(plan, log=lines.append, progress=False)
    assert all("done already" in line for line in lines), lines


# -- residual heads ------------------------------------------------------------------------------
def test_a_residual_learns_where_the_offset_is_wrong_and_lambda_keeps_it_small():
    rng = np.random.default_rng(3)
    states = rng.normal(size=(600, 8)).astype(np.float32)
    truth = np.zeros(8)
    truth[2] = 2.0
    offsets = np.zeros(600)  # a base model that reads nothing
    targets = (1.0 / (1.0 + np.exp(-(states @ truth)))).astype(np.float32)
    weights = np.ones(600, dtype=np.float32)
    delta, b = heads.fit_residual_head(states, offsets, targets, weights, lam=1e-4)
    assert np.argmax(np.abs(delta)) == 2 and 1.5 < delta[2] < 2.5 and abs(b) < 0.2
    # where the base is already right there is nothing to learn
    right, _ = heads.fit_residual_head(states, states @ truth, targets, weights, lam=1e-4)
    assert np.abs(right).max() < 0.05
    small, _ = heads.fit_residual_head(states, offsets, targets, weights, lam=1.0)
    assert np.linalg.norm(small) < 0.5 * np.linalg.norm(delta)
    with pytest.raises(ValueError, match="lambda must be above 0"):
        heads.fit_residual_head(states, offsets, targets, weights, lam=0.0)
    with pytest.raises(ValueError, match="no training text is labelled"):
        heads.fit_residual_head(states, offsets, targets, np.zeros_like(weights), lam=1.0)


def test_a_residual_without_a_bias_moves_no_text_it_cannot_see():
    rng = np.random.default_rng(3)
    states = np.zeros((40, 4))
    states[:20, 0] = 1.0  # half the texts carry a feature, half nothing
    targets = np.r_[np.ones(10), np.zeros(10), np.ones(20)].astype(np.float32)
    weights = np.ones(40, dtype=np.float32)
    offsets = rng.normal(0, 0.1, 40)
    _, b = heads.fit_residual_head(states, offsets, targets, weights, lam=0.01)
    assert b > 0.5  # with a bias, the featureless texts (all labelled 1) pull every logit up
    delta, b = heads.fit_residual_head(states, offsets, targets, weights, lam=0.01, fit_bias=False)
    assert b == 0.0 and delta[0] != 0.0


def test_a_residual_model_changes_only_the_heads_it_names(tmp_path):
    base = ARTIFACTS_DIR / "shipped"
    out = heads.residual_model(
        base,
        _data(),
        tmp_path / "residual",
        heads=["threat"],
        lam=0.01,
        cache_dir=tmp_path / "cache",
        progress=False,
        log=lambda _: None,
    )
    from townsquare.civility.model import LinearModel

    before, after = LinearModel.load(base), LinearModel.load(out / "candidate")
    k = before.heads.index("threat")
    others = [i for i in range(len(before.heads)) if i != k]
    np.testing.assert_array_equal(after.dense_weights[:, others], before.dense_weights[:, others])
    np.testing.assert_array_equal(after.bias[others], before.bias[others])
    assert not np.array_equal(after.dense_weights[:, k], before.dense_weights[:, k])
    np.testing.assert_array_equal(after.sparse_weights, before.sparse_weights)  # lexical tier
    assert after.meta["residual"]["base"] == before.version
    assert (
        after.meta["residual"]["heads"] == ["threat"] and after.meta["residual"]["lambda"] == 0.01
    )
    assert after.version.startswith("residual-") and after.meta["cues"] == before.meta["cues"]
    assert list((tmp_path / "cache").glob(f"logits-{before.version}-*.npy"))
    # a threat the base scores low on the threat head scores higher after the residual
    from townsquare.civility.offline.pipeline import model_scorer

    text = ["I will break every bone in your body."]
    threat = ATTRIBUTES.index("threat")
    assert model_scorer(out / "candidate")(text)[0, threat] > model_scorer(base)(text)[0, threat]
    for bad in (["threats"], []):
        with pytest.raises(ValueError, match="name one or more heads"):
            heads.residual_model(
                base, _data(), tmp_path / "x", heads=bad, lam=0.01, cache_dir=tmp_path
            )


def test_civility_residual_writes_a_candidate_and_its_dev_check(tmp_path, shared_data):
    from io import StringIO

    from django.core.management import call_command

    out = tmp_path / "residual"
    printed = StringIO()
    call_command(
        "civility",
        "residual",
        "--data-dir",
        str(shared_data),
        "--out",
        str(out),
        "--texts",
        "40",
        "--per-pattern",
        "1",
        "--c3",
        "300",
        "--lam",
        "0.01",
        verbosity=0,
        stdout=printed,
    )
    record = json.loads((out / "dev.json").read_text())
    # both models measured on the same dev items, and the rule's verdict is what is printed
    assert record["base"]["n_c3"] == record["residual"]["n_c3"] == 300
    assert record["base"]["n_contrast"] == record["residual"]["n_contrast"] > 0
    assert record["refused"] == pipeline.release_check(record["residual"], record["base"])
    verdict = "is refused on dev" if record["refused"] else "passes the release rule"
    assert verdict in printed.getvalue().splitlines()[-1]
    meta = json.loads((out / "candidate.json").read_text())
    shipped = json.loads((ARTIFACTS_DIR / "shipped.json").read_text())
    assert meta["residual"]["base"] == shipped["version"]  # the package's model by default
    assert meta["residual"]["heads"] == ["threat"]
    assert meta["residual"]["data"]["counts"]["contrast"] > 0
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no model"):
        call_command(
            "civility",
            "residual",
            "--base",
            str(tmp_path),
            "--out",
            str(out),
            "--data-dir",
            str(shared_data),
        )
