"""``pipeline.release_check``: the dev rule a new model must pass to replace the shipped one.

Plain figures, no training: the chain's own use of the rule (a model that cannot beat itself
ships nothing) is in ``test_pipeline.py``, which needs the ``train`` extra.
"""

from __future__ import annotations

import copy

from townsquare.civility.offline import pipeline


def _figures(criterion=0.72, auc=0.71, civil=0.03, **kinds):
    rows = {
        "threat-directed": {"label": 1, "plain": 0.6, "obfuscated": 0.6},
        "identity-neutral": {"label": 0, "plain": 0.01, "obfuscated": 0.0},
        "negation": {"label": 0, "plain": 0.15, "obfuscated": 0.10},
    }
    for kind, plain in kinds.items():
        rows[kind.replace("_", "-")]["plain"] = plain
    return {
        "criterion": criterion,
        "c3_dev_roc_auc": auc,
        "contrast_dev_civil_held": civil,
        "kinds": rows,
    }


def test_a_better_model_that_holds_no_more_civil_readers_may_ship():
    shipped = _figures()
    better = _figures(criterion=0.76, threat_directed=0.9, identity_neutral=0.09, negation=0.19)
    assert pipeline.release_check(better, shipped) == []


def test_each_rule_refuses_on_its_own():
    shipped = _figures()
    # E4 of the model card: more threats held, and neutral mentions of groups held 13 %.
    e4 = _figures(criterion=0.759, civil=0.062, identity_neutral=0.13)
    reasons = pipeline.release_check(e4, shipped)
    assert len(reasons) == 2
    assert reasons[0].startswith("civil kind identity-neutral held 13.0% (was 1.0%, limit 10.0%)")
    assert reasons[1].startswith("civil items held 6.2% (was 3.0%, limit 4.0%)")
    # A kind the shipped model already held often may rise by 5 points, no more.
    assert pipeline.release_check(_figures(criterion=0.8, negation=0.20), shipped) == []
    assert (
        "negation held 21.0%"
        in pipeline.release_check(_figures(criterion=0.8, negation=0.21), shipped)[0]
    )
    # Uncivil kinds held less is the criterion's business, not a civil-kind refusal.
    assert pipeline.release_check(_figures(criterion=0.8, threat_directed=0.1), shipped) == []
    assert pipeline.release_check(_figures(criterion=0.72), shipped) == [
        "criterion 0.7200 does not beat 0.7200"
    ]
    assert pipeline.release_check(_figures(criterion=0.8, auc=0.699), shipped) == [
        "C3 dev ROC-AUC 0.6990 below 0.7000 (was 0.7100)"
    ]


def test_a_kind_the_shipped_model_never_saw_counts_from_zero():
    shipped = _figures()
    new = copy.deepcopy(_figures(criterion=0.8))
    new["kinds"]["report"] = {"label": 0, "plain": 0.11, "obfuscated": 0.0}
    assert pipeline.release_check(new, shipped) == [
        "civil kind report held 11.0% (was 0.0%, limit 10.0%)"
    ]
