"""The v3 stack (offline/stack.py): per-attribute logistic regression over models' logits."""

from __future__ import annotations

import numpy as np
import pytest

from townsquare.civility.metrics import roc_auc
from townsquare.civility.offline.stack import Stack, fit_logistic, fit_stack
from townsquare.civility.scores import ATTRIBUTES


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_fit_logistic_recovers_the_coefficients_that_made_the_labels():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(20_000, 2))
    y = (rng.random(20_000) < _sigmoid(2.0 * x[:, 0] - 1.0 * x[:, 1] + 0.5)).astype(float)
    coef, intercept = fit_logistic(x, y, np.ones(len(y)), C=1e6)
    assert coef == pytest.approx([2.0, -1.0], abs=0.1)
    assert intercept == pytest.approx(0.5, abs=0.1)


def test_a_soft_target_is_the_same_as_its_two_weighted_hard_rows():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(300, 2))
    t = rng.random(300)
    soft = fit_logistic(x, t, np.ones(300), C=1e6)
    hard = fit_logistic(
        np.vstack([x, x]), np.r_[np.ones(300), np.zeros(300)], np.r_[t, 1 - t], C=1e6
    )
    assert soft[0] == pytest.approx(hard[0], abs=1e-6)
    assert soft[1] == pytest.approx(hard[1], abs=1e-6)


def test_rows_of_weight_zero_change_nothing():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, 2))
    t = (x[:, 0] + rng.normal(size=400) > 0).astype(float)
    w = np.r_[np.ones(300), np.zeros(100)]
    before = fit_logistic(x, t, w)
    x2, t2 = x.copy(), t.copy()
    x2[300:] = 50.0
    t2[300:] = 1 - t2[300:]
    after = fit_logistic(x2, t2, w)
    assert before[0] == pytest.approx(after[0])
    assert before[1] == pytest.approx(after[1])


def _two_halves(rng, n):
    """Labels from two independent signals; block a sees one, block b the other."""
    s1, s2 = rng.normal(size=(2, n, len(ATTRIBUTES)))
    y = (rng.random((n, len(ATTRIBUTES))) < _sigmoid(1.5 * s1 + 1.5 * s2)).astype(float)
    a = s1 + 0.3 * rng.normal(size=s1.shape)
    b = 3.0 * s2 + 0.3 * rng.normal(size=s2.shape) - 2.0  # other scale and offset
    return a, b, y


def test_the_stack_beats_each_block_on_held_out_items_and_weights_them_by_their_signal():
    rng = np.random.default_rng(4)
    a, b, y = _two_halves(rng, 3000)
    stack = fit_stack([a, b], y, np.ones_like(y), names=("a", "b"))
    assert stack.coef.shape == (len(ATTRIBUTES), 2)
    # b's scale is three times a's: its coefficient is about a third of a's.
    assert np.all(stack.coef[:, 0] > 2 * stack.coef[:, 1])
    assert np.all(stack.coef > 0)
    a2, b2, y2 = _two_halves(rng, 3000)
    stacked = stack.logits([a2, b2])
    for h in range(len(ATTRIBUTES)):
        alone = max(roc_auc(y2[:, h], a2[:, h]), roc_auc(y2[:, h], b2[:, h]))
        assert roc_auc(y2[:, h], stacked[:, h]) > alone + 0.05


def test_a_noise_block_gets_a_small_coefficient():
    rng = np.random.default_rng(5)
    signal = rng.normal(size=(2000, len(ATTRIBUTES)))
    noise = rng.normal(size=signal.shape)
    y = (rng.random(signal.shape) < _sigmoid(2 * signal)).astype(float)
    stack = fit_stack([noise, signal], y, np.ones_like(y), names=("noise", "signal"))
    assert np.all(np.abs(stack.coef[:, 0]) < 0.2)
    assert np.all(stack.coef[:, 1] > 1.5)


def test_a_head_no_item_speaks_to_keeps_the_first_block_and_json_round_trips():
    rng = np.random.default_rng(6)
    a, b, y = _two_halves(rng, 500)
    w = np.ones_like(y)
    w[:, 3] = 0.0
    stack = fit_stack([a, b], y, w, names=("a", "b"))
    assert list(stack.coef[3]) == [1.0, 0.0] and stack.intercept[3] == 0.0
    again = Stack.from_json(stack.to_json())
    assert again.names == ("a", "b") and again.heads == ATTRIBUTES
    np.testing.assert_allclose(again.logits([a, b]), stack.logits([a, b]))
    np.testing.assert_allclose(stack.logits([a, b])[:, 3], a[:, 3])


def test_bad_input_is_refused_with_a_clear_error():
    x = np.zeros((4, 2))
    with pytest.raises(ValueError, match="shapes"):
        fit_logistic(x, np.zeros(3), np.ones(4))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        fit_logistic(x, np.full(4, 2.0), np.ones(4))
    with pytest.raises(ValueError, match="positive weight"):
        fit_logistic(x, np.zeros(4), np.zeros(4))
    block = np.zeros((4, len(ATTRIBUTES)))
    with pytest.raises(ValueError, match="blocks"):
        fit_stack([block, block[:3]], block, block + 1, names=("a", "b"))
    with pytest.raises(ValueError, match="expected 2 blocks"):
        fit_stack([block], block, block + 1, names=("a", "b"))


def _base_with_encoder_block():
    """A v2-shaped base: the tiny lexical model plus heads over the package's encoder states."""
    from townsquare.civility.encoder import DIM
    from townsquare.civility.model import LinearModel

    lexical, _ = _tiny_models()
    rng = np.random.default_rng(8)
    arrays = {**lexical.arrays(), "dense_weights": rng.normal(size=(DIM, 5)).astype(np.float32)}
    meta = {**lexical.meta, "version": "v2-base-test", "encoder": {"max_tokens": 64}}
    return LinearModel(arrays=arrays, meta=meta)


def test_v2_blocks_score_the_base_they_are_given_never_the_shipped_model(tmp_path):
    import shutil

    from townsquare.civility.backends import shipped_model
    from townsquare.civility.encoder import ARTIFACTS_DIR
    from townsquare.civility.model import LinearModel
    from townsquare.civility.offline.stack import load_base, v2_blocks

    texts = [
        "Thanks for the careful reporting on the council budget.",
        "You are a pathetic idiot and everyone knows it.",
        "I will find you and hurt you.",
    ]
    base = _base_with_encoder_block()
    base.save(tmp_path / "shipped")
    for name in ("encoder-int8.onnx", "tokenizer.json"):
        shutil.copy(ARTIFACTS_DIR / name, tmp_path / name)
    loaded, encoder = load_base(tmp_path)
    assert loaded.version == "v2-base-test" and encoder.max_tokens == 64
    full, lexical = v2_blocks(texts, base=loaded, encoder=encoder)
    index = [base.heads.index(a) for a in ATTRIBUTES]
    lexical_tier = LinearModel(
        arrays={k: v for k, v in base.arrays().items() if k != "dense_weights"}, meta=base.meta
    )
    for i, (text, enc) in enumerate(zip(texts, encoder.encode(texts), strict=True)):
        # The full block is the base through its own encoder; the lexical one, its n-grams,
        # bias and cues alone.
        np.testing.assert_allclose(full[i], base.chunk_scores(text, enc).logits[index], rtol=1e-5)
        expected = lexical_tier.chunk_scores(text, None).logits[index]
        np.testing.assert_allclose(lexical[i], expected, rtol=1e-5, atol=1e-6)
    assert not np.allclose(full, lexical)
    # Not what the package's shipped model (v3 now, a folded stack) would give.
    shipped = shipped_model()
    _, shipped_lexical = v2_blocks(texts, base=shipped, full=False)
    assert not np.allclose(lexical, shipped_lexical, atol=0.1)
    with pytest.raises(ValueError, match="give its encoder"):
        v2_blocks(texts, base=base)
    with pytest.raises(ValueError, match="no v2 base model"):
        load_base(tmp_path / "nothing")


def _tiny_models():
    from townsquare.civility.encoder import DIM
    from townsquare.civility.model import LinearModel

    rng = np.random.default_rng(7)
    n_buckets = 4096
    heads = list(ATTRIBUTES)
    common = {"heads": heads, "n_buckets": n_buckets}
    lexical = LinearModel(
        arrays={
            "sparse_weights": rng.normal(size=(n_buckets, 5)).astype(np.float32),
            "bias": rng.normal(size=5).astype(np.float32),
            "idf": np.ones(n_buckets, dtype=np.float32),
        },
        meta={**common, "version": "lex", "cues": {"attack_logit": 3.0, "threat_logit": 6.0}},
    )
    candidate = LinearModel(
        arrays={
            "sparse_weights": np.zeros((n_buckets, 5), dtype=np.float32),
            "dense_weights": rng.normal(size=(DIM, 5)).astype(np.float32) / 10,
            "bias": rng.normal(size=5).astype(np.float32),
            "idf": np.ones(n_buckets, dtype=np.float32),
        },
        meta={**common, "version": "cand", "cues": None, "encoder": {"max_tokens": 128}},
    )
    return lexical, candidate


def _encoded(text):
    import re

    from townsquare.civility.encoder import DIM, Encoded

    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    offsets = [(0, 0), *words, (0, 0)]
    special = np.asarray([True] + [False] * len(words) + [True])
    states = np.random.default_rng(len(text)).normal(size=(len(offsets), DIM)).astype(np.float32)
    return Encoded(states=states, offsets=offsets, special=special)


def test_a_folded_lexical_stack_scores_as_the_stack_of_its_two_blocks():
    from townsquare.civility.offline.stack import fold_lexical_stack

    lexical, candidate = _tiny_models()
    stack = Stack(
        names=("lexical", "candidate"),
        coef=np.asarray([[0.4, 0.8], [0.5, 0.7], [0.6, 0.5], [0.75, 0.55], [0.9, 0.4]]),
        intercept=np.asarray([-0.3, 0.1, 0.2, -0.5, 0.05]),
    )
    folded = fold_lexical_stack(lexical, candidate, stack, version="v3-test")
    assert folded.meta["encoder"] == {"max_tokens": 128}
    assert "highlights" not in folded.meta  # both tiers' shares are highlighted
    # Threatening and aimed at "you": the cues fire, and their boosts are scaled per head.
    for text in ("The harbour plan is late again.", "I will hurt you, you idiot."):
        enc = _encoded(text)
        lex = lexical.chunk_scores(text, None).logits
        cand = candidate.chunk_scores(text, enc).logits
        got = folded.chunk_scores(text, enc)
        np.testing.assert_allclose(
            got.logits, stack.logits([lex[None, :], cand[None, :]])[0], rtol=1e-4, atol=1e-4
        )
        # Still exact shares: the bias, the specials' shares and the chunks' add up to it.
        per_token = enc.states @ folded.dense_weights / len(enc.states)
        np.testing.assert_allclose(
            folded.bias + per_token[enc.special].sum(0) + got.contributions.sum(0),
            got.logits,
            rtol=1e-4,
            atol=1e-4,
        )
    with pytest.raises(ValueError, match="lexical, candidate"):
        fold_lexical_stack(
            lexical,
            candidate,
            Stack(names=("v2", "x"), coef=stack.coef, intercept=stack.intercept),
            version="x",
        )
