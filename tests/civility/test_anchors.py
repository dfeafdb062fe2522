"""The anchored block: a change of the heads over the word pieces from the first group a comment
names (anchors.py, model.py, ``civility residual --pooling anchored``; model card "E30")."""

from __future__ import annotations

import numpy as np
import pytest

from townsquare.civility.anchors import PIECES, anchor_pieces, group_named
from townsquare.civility.encoder import ARTIFACTS_DIR, DIM, encoder_for
from townsquare.civility.model import LinearModel
from townsquare.civility.scores import ATTRIBUTES


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Honestly, immigrants are ruining this town.", "immigrants"),
        ("I stand with our Muslim neighbours.", "Muslim"),
        ("Those Scientologist people again.", "Scientologist people"),
        ("Women deserve better pay.", "Women"),
        ("The council vote is on Tuesday.", None),
        ("A mangrove at the harbour.", None),  # "man" inside a word names nobody
    ],
)
def test_the_first_group_named_is_found(text, group):
    start = group_named(text)
    if group is None:
        assert start is None
    else:
        assert text[start : start + len(group)] == group


def _model() -> LinearModel:
    return LinearModel.load(ARTIFACTS_DIR / "shipped")


def _with_block(model: LinearModel, seed: int = 1) -> LinearModel:
    rng = np.random.default_rng(seed)
    arrays = model.arrays()
    arrays["anchor_weights"] = rng.normal(0, 0.05, (DIM, len(model.heads))).astype(np.float32)
    arrays["anchor_bias"] = rng.normal(0, 0.5, len(model.heads)).astype(np.float32)
    return LinearModel(arrays=arrays, meta=dict(model.meta))


def test_the_block_adds_to_the_pieces_after_the_group_and_shares_stay_exact():
    model = _model()
    encoder = encoder_for(model.meta, ARTIFACTS_DIR)
    blocked = _with_block(model)
    text = "I read the whole piece twice, and honestly immigrants are not the problem here at all."
    encoded = encoder.encode([text])[0]
    near = anchor_pieces(text, encoded)
    start = group_named(text)
    assert 0 < len(near) <= PIECES
    assert all(encoded.offsets[i][0] >= start for i in near)
    assert not encoded.special[near].any()
    before = model.chunk_scores(text, encoded)
    after = blocked.chunk_scores(text, encoded)
    expected = (encoded.states[near] @ blocked.anchor_weights + blocked.anchor_bias).sum(
        axis=0
    ) / len(near)
    np.testing.assert_allclose(
        after.linear_logits - before.linear_logits, expected, rtol=1e-4, atol=1e-4
    )
    # the logit is still the sum of its parts, and only chunks from the group on moved
    per_token_special = (encoded.states @ model.dense_weights)[encoded.special].sum(axis=0)
    np.testing.assert_allclose(
        after.linear_logits,
        model.bias + per_token_special / len(encoded.states) + after.contributions.sum(axis=0),
        rtol=1e-4,
        atol=1e-4,
    )
    moved = np.flatnonzero(np.abs(after.contributions - before.contributions).sum(axis=1) > 1e-7)
    chunks = after.features.chunks
    assert len(moved) and all(chunks[i].end > start for i in moved)


def test_a_comment_that_names_no_group_scores_as_without_the_block():
    model = _model()
    encoder = encoder_for(model.meta, ARTIFACTS_DIR)
    text = "The ferry timetable changes on Monday, and the council should say so sooner."
    encoded = encoder.encode([text])[0]
    assert not len(anchor_pieces(text, encoded))
    np.testing.assert_array_equal(
        _with_block(model).chunk_scores(text, encoded).logits,
        model.chunk_scores(text, encoded).logits,
    )


def test_the_block_is_saved_versioned_and_folded_into_a_site_model(tmp_path):
    from townsquare.civility.offline import training
    from townsquare.civility.site_learning import build_site_model

    model = _model()
    blocked = _with_block(model)
    blocked.save(tmp_path / "m")
    loaded = LinearModel.load(tmp_path / "m")
    np.testing.assert_array_equal(loaded.anchor_weights, blocked.anchor_weights)
    np.testing.assert_array_equal(loaded.anchor_bias, blocked.anchor_bias)
    later = {**blocked.meta, "anchor": {"reading": 99, "pieces": 16}}
    with pytest.raises(ValueError, match="anchor reading 99"):
        LinearModel(arrays=blocked.arrays(), meta=later)
    meta = {**blocked.meta, "created": "2026-12-07T00:00:00Z"}
    versioned = LinearModel(arrays=blocked.arrays(), meta=meta)
    plain = LinearModel(arrays=model.arrays(), meta=meta)
    assert training.shipped_version(versioned) != training.shipped_version(plain)
    n = model.sparse_weights.shape[0]
    alphas = np.arange(1.0, len(model.heads) + 1.0)
    coef = np.zeros(n + DIM + len(model.heads))
    coef[n + DIM :] = alphas
    site = build_site_model(blocked, coef, 0.0, n_examples=2, source="test", cv={})
    np.testing.assert_allclose(
        site.anchor_weights[:, 0], blocked.anchor_weights @ alphas, rtol=1e-5
    )
    assert site.anchor_bias[0] == pytest.approx(float(blocked.anchor_bias @ alphas), rel=1e-5)
    # the site model scores a group-naming comment as the shipped logits it folds
    encoder = encoder_for(model.meta, ARTIFACTS_DIR)
    text = "Honestly, refugees are welcome on our street."
    encoded = encoder.encode([text])[0]
    shipped = blocked.chunk_scores(text, encoded).linear_logits
    folded = site.chunk_scores(text, encoded).linear_logits[0]
    assert folded == pytest.approx(float(shipped @ alphas), rel=1e-4, abs=1e-3)


def _identity_residual(data, out, tmp_path, **options):
    """``heads.residual_model`` on the shipped model's identity_attack head, λ 0.01, quietly."""
    from townsquare.civility.offline import heads

    return heads.residual_model(
        ARTIFACTS_DIR / "shipped",
        data,
        out,
        heads=["identity_attack"],
        lam=0.01,
        cache_dir=tmp_path / "cache",
        progress=False,
        log=lambda _: None,
        **options,
    )


def test_an_anchored_residual_changes_the_block_and_not_the_mean_head(tmp_path):
    from townsquare.civility.offline.finetune import Data

    groups = [
        "Immigrants are vermin and should be thrown out.",
        "Muslims are a disease on this town.",
        "Refugees are parasites, every one of them.",
        "Women are too stupid to vote.",
    ]
    defence = [
        "Immigrants built half of this town.",
        "Our Muslim neighbours ran the food bank all winter.",
        "Refugees are welcome here.",
        "Women deserve equal pay.",
    ]
    texts = defence * 2 + groups * 2
    targets = np.zeros((len(texts), len(ATTRIBUTES)), dtype=np.float32)
    targets[len(defence) * 2 :, ATTRIBUTES.index("identity_attack")] = 1.0
    data = Data(
        texts=texts, targets=targets, weights=np.ones_like(targets), counts={"ours": len(texts)}
    )
    out = _identity_residual(data, tmp_path / "anchored", tmp_path, pooling="anchored")
    base = _model()
    after = LinearModel.load(out / "candidate")
    k = base.heads.index("identity_attack")
    np.testing.assert_array_equal(after.dense_weights, base.dense_weights)
    assert after.anchor_weights.shape == (DIM, len(base.heads))
    others = [i for i in range(len(base.heads)) if i != k]
    assert not after.anchor_weights[:, others].any() and not after.anchor_bias[others].any()
    assert after.anchor_weights[:, k].any()
    # no bias for every comment: only the block's own, for comments that name a group
    np.testing.assert_array_equal(after.bias, base.bias)
    assert after.anchor_bias[k] != 0.0
    assert after.meta["residual"]["pooling"] == "anchored" and after.meta["anchor"]["pieces"] == 16
    assert list((tmp_path / "cache").glob("anchored-*.npy"))
    with pytest.raises(ValueError, match="pooling is one of"):
        _identity_residual(data, tmp_path / "x", tmp_path, pooling="max")


def test_the_balancing_weight_takes_the_label_off_naming_a_group():
    from townsquare.civility.offline import finetune

    named = np.array([True] * 6 + [False] * 10)
    # group-naming texts: 3 uncivil, 3 civil (odds 1); the rest: 1 uncivil, 9 civil (odds 1/9)
    targets = np.array([1, 1, 1, 0, 0, 0] + [1] + [0] * 9, dtype=np.float32)
    weights = np.ones(16, dtype=np.float32)
    factor = finetune.balancing_weight(named, targets, weights)
    assert factor == pytest.approx(9.0)
    balanced = finetune.civil_group_weights(named, targets, weights, factor)
    np.testing.assert_array_equal(balanced[:3], 1.0)  # uncivil texts keep their weight
    np.testing.assert_array_equal(balanced[3:6], 9.0)  # civil texts that name a group
    np.testing.assert_array_equal(balanced[6:], 1.0)  # texts that name none are untouched
    odds = lambda m: balanced[m & (targets >= 0.5)].sum() / balanced[m & (targets < 0.5)].sum()  # noqa: E731
    assert odds(named) == pytest.approx(odds(~named))
    # naming a group already the milder side, or one side without both labels: no weighting
    assert finetune.balancing_weight(~named, targets, weights) == 1.0
    assert finetune.balancing_weight(named, np.zeros(16, dtype=np.float32), weights) == 1.0
    # unlabelled texts (weight 0) count on neither side
    assert finetune.balancing_weight(named, targets, np.r_[np.zeros(3), np.ones(13)]) == 1.0
    with pytest.raises(ValueError, match="above 0"):
        finetune.civil_group_weights(named, targets, weights, 0.0)


def test_weighing_civil_group_mentions_more_lowers_the_blocks_bias(tmp_path):
    from townsquare.civility.offline.finetune import Data

    texts = [
        "Immigrants are vermin and should be thrown out.",
        "Muslims are a disease on this town.",
        "Immigrants built half of this town.",
        "Our Muslim neighbours ran the food bank all winter.",
        "The council vote is on Tuesday.",
        "The bus timetable changes next week.",
    ]
    targets = np.zeros((len(texts), len(ATTRIBUTES)), dtype=np.float32)
    targets[:2, ATTRIBUTES.index("identity_attack")] = 1.0
    data = Data(
        texts=texts, targets=targets, weights=np.ones_like(targets), counts={"ours": len(texts)}
    )
    k = _model().heads.index("identity_attack")
    block_bias = {}
    for weight in (1.0, 4.0, "balanced"):
        out = _identity_residual(
            data, tmp_path / f"w{weight}", tmp_path, pooling="anchored", civil_group_weight=weight
        )
        model = LinearModel.load(out / "candidate")
        block_bias[weight] = float(model.anchor_bias[k])
        assert model.meta["residual"]["civil_group_weight"] == weight
    assert block_bias[4.0] < block_bias[1.0]
    # half the group-naming texts are uncivil and none of the others: no finite odds to match
    assert block_bias["balanced"] == pytest.approx(block_bias[1.0])
    for bad, match in ((0.0, "above 0"), ("lots", "above 0")):
        with pytest.raises(ValueError, match=match):
            _identity_residual(
                data, tmp_path / "x", tmp_path, pooling="anchored", civil_group_weight=bad
            )
    with pytest.raises(ValueError, match="needs anchored pooling"):
        _identity_residual(data, tmp_path / "x", tmp_path, civil_group_weight=2.0)


def test_fine_tuning_data_weighs_civil_group_mentions_on_every_head():
    from townsquare.civility.offline import finetune

    texts = [
        "Immigrants are vermin.",
        "Immigrants built this town.",
        "You are an idiot.",
        "The bus is late again.",
        "The bus is late.",
        "The tram is late.",
    ]
    targets = np.zeros((len(texts), len(ATTRIBUTES)), dtype=np.float32)
    targets[[0, 2], :] = 1.0
    weights = np.ones_like(targets)
    weights[:, ATTRIBUTES.index("obscene")] = 0.0  # a head no text is labelled for
    data = finetune.Data(texts=texts, targets=targets, weights=weights, counts={"ours": 6})
    weighed, factors = finetune.weigh_civil_group_mentions(data, "balanced")
    # naming a group: odds 1 (1 to 1); naming none: 1 uncivil to 3 civil; the civil mention x3
    assert factors["insult"] == pytest.approx(3.0) and factors["obscene"] == 1.0
    labelled = [ATTRIBUTES.index(a) for a in ATTRIBUTES if a != "obscene"]
    np.testing.assert_array_equal(weighed.weights[1, labelled], 3.0)
    np.testing.assert_array_equal(np.delete(weighed.weights, 1, axis=0)[:, labelled], 1.0)
    assert not weighed.weights[:, ATTRIBUTES.index("obscene")].any()
    assert weighed.digest() != data.digest()  # the weights are part of what decides a run
    fixed, factors = finetune.weigh_civil_group_mentions(data, 2.0)
    assert set(factors.values()) == {2.0} and fixed.weights[1, 0] == 2.0
    with pytest.raises(ValueError, match="civil-group-weight"):
        finetune.weigh_civil_group_mentions(data, 0)


def test_the_civil_group_weight_is_part_of_a_runs_identity():
    from townsquare.civility.offline import finetune, pipeline

    with pytest.raises(ValueError, match="civil-group-weight"):
        finetune.Config(civil_group_weight="lots").check()
    with pytest.raises(ValueError, match="civil-group-weight"):
        finetune.Config(civil_group_weight=True).check()
    finetune.Config(civil_group_weight="balanced").check()
    # runs and work directories made before the option resume as they were
    assert "civil_group_weight" not in finetune.Config().identity()
    assert "civil_group_weight" not in pipeline.Plan().identity()
    plan = pipeline.Plan(civil_group_weight="balanced")
    assert plan.identity()["civil_group_weight"] == "balanced"
    assert plan.config(7).civil_group_weight == "balanced"
    assert finetune.Config(civil_group_weight=2.0).identity()["civil_group_weight"] == 2.0
