from __future__ import annotations

import math

from townsquare.civility import metrics


def test_roc_auc_counts_ties_as_half():
    assert metrics.roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    assert metrics.roc_auc([0, 1], [0.5, 0.5]) == 0.5
    assert math.isnan(metrics.roc_auc([1, 1], [0.2, 0.3]))


def test_average_precision_and_threshold_metrics():
    labels, scores = [1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]
    assert abs(metrics.average_precision(labels, scores) - (1 + 2 / 3) / 2) < 1e-9
    at = metrics.at_threshold(labels, scores, 0.75)
    assert at["precision"] == 0.5 and at["recall"] == 0.5 and at["flagged"] == 0.5


def test_macro_f1():
    assert metrics.macro_f1([0, 1, 1, 0], [0, 1, 1, 0]) == 1.0
    assert metrics.macro_f1([0, 1], [1, 0]) == 0.0
