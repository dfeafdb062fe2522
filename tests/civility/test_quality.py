"""Regression guard on real news comments: a slice of the held-out C3 articles."""

from __future__ import annotations

import pytest

from townsquare.civility import corpora, metrics
from townsquare.civility.backends import ShippedBackend


def test_shipped_model_ranks_held_out_c3_comments_better_than_the_profanity_peer(shared_data):
    _, test = corpora.c3_split(corpora.c3_comments(shared_data))
    sample = test[:1200]
    labels = [c.uncivil for c in sample]
    assert 50 < sum(labels) < len(sample)
    ours = [s.civility for s in ShippedBackend().score([c.text for c in sample])]
    auc = metrics.roc_auc(labels, ours)
    assert auc >= 0.70, auc
    profanity_check = pytest.importorskip("profanity_check", reason="peer is in the train extra")
    peer = metrics.roc_auc(labels, profanity_check.predict_prob([c.text for c in sample]))
    assert auc > peer, (auc, peer)
