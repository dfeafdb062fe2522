"""Product behaviour of the shipped model on known sentences and on real news comments.

Thresholds come from settings (the defaults chosen on dev); sentences are from our probes' dev
half or written here, never from a test split.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from townsquare import civility
from townsquare.civility import metrics
from townsquare.civility.backends import ShippedBackend
from townsquare.civility.offline import corpora, probes
from townsquare.civility.offline.expectations import HATEFUL, IDENTITY_MENTIONS, NEUTRAL


def test_a_known_hateful_sentence_is_held_and_a_neutral_one_is_not(local_model):
    hateful, neutral = civility.score([HATEFUL, NEUTRAL])
    assert hateful.civility >= settings.CIVILITY_HOLD_THRESHOLD, hateful.attributes()
    assert hateful.identity_attack >= settings.CIVILITY_HOLD_THRESHOLD, hateful.attributes()
    assert neutral.civility < settings.CIVILITY_NUDGE_THRESHOLD, neutral.attributes()
    # Same group, same words around it: the attack is what moved the score, not the word.
    assert hateful.identity_attack - neutral.identity_attack > 0.5


def test_identity_words_alone_do_not_raise_a_score_to_nudge(local_model):
    sentences = list(IDENTITY_MENTIONS)
    for text, result in zip(sentences, civility.score(sentences), strict=True):
        assert result.civility < settings.CIVILITY_NUDGE_THRESHOLD, (text, result.attributes())


def test_most_dev_probes_of_each_product_set_land_on_the_right_side_of_hold(local_model):
    hold = settings.CIVILITY_HOLD_THRESHOLD
    sets = probes.product_sets("dev")
    held = {
        name: sum(r.civility >= hold for r in civility.score([p.text for p in rows]))
        for name, rows in sets.items()
    }
    assert held["directed"] >= 12 and held["group"] >= 12, held
    assert held["criticism"] <= 1, held


def test_shipped_model_ranks_dev_c3_comments_better_than_the_profanity_peer(shared_data):
    dev, _ = corpora.c3_split(corpora.c3_comments(shared_data))
    sample = dev[:800]
    labels = [c.uncivil for c in sample]
    assert 30 < sum(labels) < len(sample)
    ours = [s.civility for s in ShippedBackend().score([c.text for c in sample])]
    auc = metrics.roc_auc(labels, ours)
    # A regression floor, not the target: the model measures about 0.70 on all 6,823 dev
    # comments and 0.68 on these 800 (the target, 0.75 on unseen articles, is missed).
    assert auc >= 0.66, auc
    profanity_check = pytest.importorskip("profanity_check", reason="peer is in the eval extra")
    peer = metrics.roc_auc(labels, profanity_check.predict_prob([c.text for c in sample]))
    assert auc > peer, (auc, peer)


def test_the_shipped_model_meets_every_product_expectation_at_the_configured_thresholds(
    local_model,
):
    # The same check train's release rule makes of a candidate on dev (rule 6).
    from townsquare.civility.offline import expectations
    from townsquare.civility.scores import ATTRIBUTES

    texts = expectations.texts()
    probs = [[getattr(r, a) for a in ATTRIBUTES] for r in civility.score(texts)]
    levels = {
        "nudge": settings.CIVILITY_NUDGE_THRESHOLD,
        "hold": settings.CIVILITY_HOLD_THRESHOLD,
        "reject": settings.CIVILITY_REJECT_THRESHOLD,
    }
    assert expectations.failures(probs, levels) == {}
