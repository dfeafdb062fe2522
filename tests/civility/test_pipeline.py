"""``civility train`` (offline/pipeline.py): the v3 chain, stage by stage, resumable.

The chain runs end to end on the shared data sets' real files with small settings: a tiny
random BERT (``test_finetune._tiny_bert``) fine-tuned for a few steps per seed, two seeds, a few
dev items a set for the stack, a few hundred C3 comments for the choice. The v2 base (stage 1)
is put in the work directory beforehand, as a finished stage 1 leaves it: building v2 for real
exports the 6-layer MiniLM and encodes about 100,000 texts (35-45 minutes on two cores), and a
tiny base whose lexical weights are unlike any shipped model's is what shows that the stack is
built on the work directory's base. Needs the ``train`` extra and the data sets (skipped
without them).
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("onnx")

from townsquare.civility.model import LinearModel  # noqa: E402
from townsquare.civility.offline import pipeline  # noqa: E402

from .bases import tiny_base as _tiny_base  # noqa: E402
from .test_finetune import _tiny_bert  # noqa: E402


class Stop(Exception):
    pass


def _plan(tmp_path, shared_data, source, **extra):
    return pipeline.Plan(
        work_dir=tmp_path / "work",
        data_dir=shared_data,
        out_dir=tmp_path / "out",
        seeds=(1, 2),
        per_pattern=1,
        texts=40,
        epochs=0.2,
        max_tokens=24,
        layers=0,
        window=16,
        checkpoint_every=2,
        source=str(source),
        stack_fit=12,
        c3=300,
        extra={"batch": 8, "lr": 1e-3},
        **extra,
    )


def test_train_runs_the_chain_on_the_work_dirs_v2_base_and_resumes_after_each_stage(
    tmp_path, shared_data, restore_encoder
):
    source = _tiny_bert(tmp_path / "tiny")
    plan = _plan(tmp_path, shared_data, source)
    base = _tiny_base(plan.work_dir / "v2-base")

    # Interrupted once the first seed is fine-tuned, exported and windowed.
    def stop_after_first_seed(name):
        if name == "finetune:1":
            raise Stop

    lines: list[str] = []
    with pytest.raises(Stop):
        pipeline.train_v3(plan, log=lines.append, progress=False, on_stage=stop_after_first_seed)
    assert lines[0].startswith("stage 1/6: v2 base: done already")
    assert (plan.work_dir / "contrast.jsonl").exists()
    assert (plan.work_dir / "candidates" / "1-w16" / "candidate.json").exists()
    assert not (plan.work_dir / "runs" / "2").exists()

    # The next run resumes with the next seed: nothing before it is done again.
    lines = []
    stem = pipeline.train_v3(plan, log=lines.append, progress=False)
    stages = [line for line in lines if line.startswith("stage ")]
    assert stages[:3] == [
        f"stage 1/6: v2 base: done already ({plan.work_dir / 'v2-base'})",
        f"stage 2/6: contrast set: done already ({plan.work_dir / 'contrast.jsonl'})",
        "stage 3/6: fine-tuning seed 1 (1 of 2): done already "
        f"({plan.work_dir / 'candidates' / '1-w16'})",
    ]
    assert stages[3] == f"stage 3/6: fine-tuning seed 2 (2 of 2) in {plan.work_dir / 'runs' / '2'}"
    assert not any("resuming" in line for line in lines)  # seed 2 started afresh
    assert [s.split(":")[0] for s in stages[4:]] == ["stage 4/6"] * 2 + ["stage 5/6", "stage 6/6"]

    # The shipped artifact: its lexical block is the work dir's v2 base, scaled per head by
    # the stack's coefficient, and its encoder the chosen seed's (windowed) candidate's.
    assert stem == (tmp_path / "out" / "shipped").resolve()
    shipped = LinearModel.load(stem)
    choice = json.loads((plan.work_dir / "choice.json").read_text())
    assert set(choice["seeds"]) == {"1", "2"} and choice["chosen"] in (1, 2)
    for figures in choice["seeds"].values():
        assert 0 <= figures["contrast_dev_balanced_accuracy"] <= 1 and figures["n_c3"] == 300
        # each contrast kind's held share, plain and obfuscated apart, for the release rule
        assert figures["kinds"]["identity-neutral"]["label"] == 0
        # and the same for the waves before the newest (wave 1 of the two), on the same hold
        earlier = figures["earlier_waves"]
        assert earlier["waves"] == "1-1" and 0 < earlier["n_contrast"] < figures["n_contrast"]
        assert (
            sum(row["n_plain"] + row["n_obfuscated"] for row in figures["kinds"].values())
            == (figures["n_contrast"])
        )
    assert choice["release_rule"] == "none"  # the output directory held no model yet
    assert shipped.meta["stack_base"]["version"] == "v2-tiny-base"
    assert shipped.meta["encoder"]["max_tokens"] == 16
    coef = shipped.meta["stack"]["heads"]
    a = np.asarray([coef[h]["coef"]["lexical"] for h in shipped.heads], dtype=np.float32)
    assert np.all(np.abs(a) > 1e-3)
    # (the shipped weights are stored at half precision)
    np.testing.assert_allclose(
        shipped.sparse_weights, base.sparse_weights * a, rtol=2e-3, atol=1e-3
    )
    folded = LinearModel.load(plan.work_dir / "folded" / str(choice["chosen"]) / "candidate")
    np.testing.assert_allclose(shipped.dense_weights, folded.dense_weights)
    assert set(shipped.meta["thresholds"]) == {"nudge", "hold", "reject"}

    # Everything in place: a third run does no stage again and rewrites nothing.
    stamp = (tmp_path / "out" / "shipped.npz").stat().st_mtime_ns
    lines = []
    assert pipeline.train_v3(plan, log=lines.append, progress=False) == stem
    assert len(lines) == 8 and all("done already" in line for line in lines), lines
    assert (tmp_path / "out" / "shipped.npz").stat().st_mtime_ns == stamp

    # The release rule: with the record of that ship gone, the model in the output directory
    # is one a new seed must beat on the same dev items; the same model cannot beat itself,
    # so nothing ships, and the reasons are in the error and in choice.json.
    (plan.work_dir / "shipped.json").unlink()
    lines = []
    with pytest.raises(pipeline.NotReleasable, match="does not beat") as refused:
        pipeline.train_v3(plan, log=lines.append, progress=False)
    assert shipped.version in str(refused.value)
    assert (tmp_path / "out" / "shipped.npz").stat().st_mtime_ns == stamp
    baseline = json.loads((plan.work_dir / "baseline.json").read_text())
    assert baseline["version"] == shipped.version and baseline["figures"]["n_c3"] == 300
    choice = json.loads((plan.work_dir / "choice.json").read_text())
    assert choice["chosen"] is None and set(choice["refused"]) == {"1", "2"}
    assert not any(line.startswith("stage 6/6") for line in lines)
    # Without the rule the best seed ships again.
    assert pipeline.train_v3(replace(plan, release_rule=False), progress=False) == stem
    assert (tmp_path / "out" / "shipped.npz").stat().st_mtime_ns != stamp

    # Other settings are refused rather than mixed with these.
    with pytest.raises(ValueError, match="per_pattern: 1 -> 2"):
        pipeline.train_v3(replace(plan, per_pattern=2), log=lines.append, progress=False)


def test_rewindow_copies_an_export_with_another_window(tmp_path):
    from townsquare.civility.offline.export import rewindow

    src = tmp_path / "v3l4-1"
    src.mkdir()
    (src / "encoder-int8.onnx").write_bytes(b"onnx")
    (src / "candidate.json").write_text(
        json.dumps({"version": "finetuned-x", "encoder": {"max_tokens": 128, "file": "e"}})
    )
    out = rewindow(src, 96)
    assert out == tmp_path / "v3l4-1-w96"
    meta = json.loads((out / "candidate.json").read_text())
    assert meta["version"] == "finetuned-x-w96" and meta["encoder"]["max_tokens"] == 96
    assert (out / "encoder-int8.onnx").read_bytes() == b"onnx"
    assert json.loads((src / "candidate.json").read_text())["encoder"]["max_tokens"] == 128
    with pytest.raises(ValueError, match="window"):
        rewindow(src, 0)


def test_train_refuses_bad_settings_before_doing_anything(tmp_path, shared_data):
    plan = pipeline.Plan(work_dir=tmp_path / "work", data_dir=shared_data, window=200)
    with pytest.raises(ValueError, match="window"):
        pipeline.train_v3(plan, progress=False)
    with pytest.raises(ValueError, match="distinct seeds"):
        pipeline.train_v3(
            pipeline.Plan(work_dir=tmp_path / "work", data_dir=shared_data, seeds=(1, 1)),
            progress=False,
        )
    with pytest.raises(ValueError, match="no data sets"):
        pipeline.train_v3(pipeline.Plan(data_dir=tmp_path / "none"), progress=False)
    with pytest.raises(ValueError, match="waves must be between 1 and 7"):
        pipeline.train_v3(
            pipeline.Plan(work_dir=tmp_path / "work", data_dir=shared_data, contrast_waves=8),
            progress=False,
        )
    assert not (tmp_path / "work").exists()


def test_the_contrast_waves_are_a_setting_and_the_shipped_ones_keep_old_work_dirs_valid():
    # The shipped model was trained on waves 1-2: the default; a work directory made before
    # the setting existed has no such key and must still resume.
    assert "contrast_waves" not in pipeline.Plan().identity()
    assert pipeline.Plan(contrast_waves=3).identity()["contrast_waves"] == 3


def test_the_stack_can_read_unknown_pieces_as_v3s_stack_was_fitted():
    from townsquare.civility.encoder import Encoder

    text = "great news 🙂 for the harbour"
    (dropped,) = Encoder(max_tokens=32).encode([text])
    (kept,) = Encoder(max_tokens=32, drop_unknown=False).encode([text])
    assert len(kept.offsets) == len(dropped.offsets) + 1
    assert not np.allclose(kept.mean(), dropped.mean())
    assert pipeline.Plan().stack_drop_unknown is False  # the default reproduces v3's fold


def test_train_weighs_soups_of_the_seeds_and_of_another_recipes_run_as_candidates(
    tmp_path, shared_data, restore_encoder
):
    source = _tiny_bert(tmp_path / "tiny")
    # The model a newsroom ships first: another recipe (another learning rate), one seed.
    first = replace(
        _plan(tmp_path / "first", shared_data, source), seeds=(3,), extra={"batch": 8, "lr": 2e-3}
    )
    _tiny_base(first.work_dir / "v2-base")
    pipeline.train_v3(first, progress=False)
    other = first.work_dir / "runs" / "3"

    plan = replace(
        _plan(tmp_path, shared_data, source),
        soup=(0.0, 0.5),
        soup_with=(other,),
        out_dir=first.out_dir,
        release_rule=False,
    )
    _tiny_base(plan.work_dir / "v2-base")
    lines: list[str] = []
    stem = pipeline.train_v3(plan, log=lines.append, progress=False)
    assert stem == (first.out_dir / "shipped").resolve()
    stages = [line for line in lines if line.startswith("stage 3/6: soup")]
    assert stages == [
        "stage 3/6: soup-0: the seeds' runs at 100%, averaged into "
        f"{plan.work_dir / 'runs' / 'soup-0'}",
        "stage 3/6: soup-50: the seeds' runs at 50%, 1 other run(s) at 50%, averaged into "
        f"{plan.work_dir / 'runs' / 'soup-50'}",
    ]

    def dense(run):
        with np.load(run / "heads.npz") as h:
            return h["dense"].copy()

    runs = plan.work_dir / "runs"
    np.testing.assert_allclose(
        dense(runs / "soup-50"),
        0.25 * dense(runs / "1") + 0.25 * dense(runs / "2") + 0.5 * dense(other),
        atol=1e-6,
    )
    np.testing.assert_allclose(
        dense(runs / "soup-0"), (dense(runs / "1") + dense(runs / "2")) / 2, atol=1e-6
    )
    # Every soup is folded and measured on dev as a seed is, and may be the one that ships.
    choice = json.loads((plan.work_dir / "choice.json").read_text())
    assert set(choice["seeds"]) == {"1", "2", "soup-0", "soup-50"}
    best = max(choice["seeds"], key=lambda c: choice["seeds"][c]["criterion"])
    assert str(choice["chosen"]) == best
    shipped = LinearModel.load(stem)
    folded = LinearModel.load(plan.work_dir / "folded" / best / "candidate")
    np.testing.assert_allclose(shipped.dense_weights, folded.dense_weights)
    assert choice["release_rule"] == "none"  # (its rule is tested with the chain above)
    # Resumed with everything in place, nothing is done again.
    lines = []
    pipeline.train_v3(plan, log=lines.append, progress=False)
    assert all("done already" in line for line in lines), lines
    # The soup's other runs are part of the settings: a soup of other runs is another model.
    with pytest.raises(ValueError, match="soup"):
        pipeline.train_v3(replace(plan, soup=(0.0, 0.25)), progress=False)


def test_soup_settings_are_refused_before_any_work(tmp_path, shared_data):
    def run(name, **config):
        path = tmp_path / name
        path.mkdir()
        settings = {"source": "", "layers": 4, "max_tokens": 128, "seed": 1, **config}
        (path / "run.json").write_text(json.dumps({"config": settings, "data": {"digest": "d"}}))
        np.savez(path / "heads.npz", dense=np.zeros((3, 5)), bias=np.zeros(5))
        return path

    same, wider = run("same", lr=1e-4), run("wider", max_tokens=256)
    plan = pipeline.Plan(work_dir=tmp_path / "work", data_dir=shared_data)
    for settings, message in (
        (dict(soup_with=(same,)), "needs --soup"),
        (dict(soup=(0.5,)), "none were given"),
        (dict(soup=(1.0,), soup_with=(same,)), "below 1"),
        (dict(soup=(0.5, 0.501), soup_with=(same,)), "distinct"),
        (dict(soup=(0.0,), seeds=(1,)), "two or more seeds"),
        (dict(soup=(0.5,), soup_with=(tmp_path,)), "not a finished"),
        (dict(soup=(0.5,), soup_with=(wider,)), "architecture.*max_tokens"),
    ):
        with pytest.raises(ValueError, match=message):
            pipeline.train_v3(replace(plan, **settings), progress=False)
    assert not plan.work_dir.exists()
    # The soups are part of what decides the model (their other runs by what they are, not by
    # where they lie); without soups the settings are as before the option.
    assert "soup" not in plan.identity() and "soup_with" not in plan.identity()
    mixed = replace(plan, soup=(0.0, 0.5), soup_with=(same,)).identity()
    assert mixed["soup"] == [0.0, 0.5]
    assert mixed["soup_with"] == [
        {"config": json.loads((same / "run.json").read_text())["config"], "data": "d"}
    ]
    assert plan.candidates() == list(pipeline.SEEDS)
    assert replace(plan, soup=(0.0, 0.25), soup_with=(same,)).candidates()[-2:] == [
        "soup-0",
        "soup-25",
    ]


def test_a_plan_continuing_a_run_is_decided_by_the_run_and_soups_with_it(tmp_path, shared_data):
    """``--source RUN``: the seeds continue a finished run; the settings keep what that run is
    (not where it lies), a learning rate other than the default, and the run may be a soup
    ingredient (same origin), while a run from another start may not."""

    def run(name, **config):
        path = tmp_path / name
        (path / "encoder").mkdir(parents=True)
        (path / "encoder" / "config.json").write_text("{}")
        settings = {"source": "", "layers": 4, "max_tokens": 128, "seed": 1, **config}
        (path / "run.json").write_text(json.dumps({"config": settings, "data": {"digest": "p"}}))
        np.savez(path / "heads.npz", dense=np.zeros((3, 5)), bias=np.zeros(5))
        return path

    parent = run("parent")
    plan = pipeline.Plan(work_dir=tmp_path / "work", data_dir=shared_data)
    assert "lr" not in plan.identity() and plan.identity()["source"] == ""
    child = replace(plan, source=str(parent), lr=2e-5, epochs=1.0)
    assert child.identity()["lr"] == 2e-5 and child.config(1).lr == 2e-5
    assert child.identity()["source"] == {
        "config": json.loads((parent / "run.json").read_text())["config"],
        "data": "p",
    }
    # The parent's origin is the wheel's encoder, as this plan's seeds' is: they may be souped.
    replace(child, soup=(0.5,), soup_with=(parent,))._check_soup()
    elsewhere = run("elsewhere", source=str(tmp_path / "some-other-encoder"))
    with pytest.raises(ValueError, match="architecture.*source"):
        replace(child, soup=(0.5,), soup_with=(elsewhere,))._check_soup()
