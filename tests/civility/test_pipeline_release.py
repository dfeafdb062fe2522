"""``pipeline.release_check``: the dev rule a new model must pass to replace the shipped one.

Plain figures, no training: the chain's own use of the rule (a model that cannot beat itself
ships nothing) is in ``test_pipeline.py``, which needs the ``train`` extra.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from townsquare.civility.offline import contrast, pipeline


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


def test_the_rule_also_holds_on_the_waves_before_the_newest():
    # As E5 of the model card: it passed on waves 1-4 dev and failed on waves 1-3 dev, where the
    # new wave's easy items no longer dilute a civil kind held more.
    shipped = {**_figures(), "earlier_waves": {"waves": "1-3", **_figures(civil=0.048)}}
    e5 = {
        **_figures(criterion=0.759, civil=0.034, identity_neutral=0.05),
        "earlier_waves": {
            "waves": "1-3",
            **_figures(criterion=0.756, civil=0.046, identity_neutral=0.111),
        },
    }
    assert pipeline.release_check(e5, shipped) == [
        "on waves 1-3: civil kind identity-neutral held 11.1% (was 1.0%, limit 10.0%)"
    ]
    # Figures for other waves (a baseline measured on another set) are not compared.
    other = {**shipped, "earlier_waves": {**shipped["earlier_waves"], "waves": "1-2"}}
    assert pipeline.release_check(e5, other) == []


def _item(text, label, kind, pattern, obfuscated=False):
    return contrast.Item(
        text=text, label=label, kind=kind, pattern=pattern, split="dev", obfuscated=obfuscated
    )


def test_dev_figures_measure_each_kind_and_the_earlier_waves_apart():
    def score(texts):
        # a stand-in scorer over text: "vermin" and "hurt" are uncivil, all else civil
        return np.array([[4.0 if ("vermin" in t or "hurt" in t) else -4.0] * 5 for t in texts])

    # 30 civil C3 comments, two of them scored uncivil, so the hold (4 % of civil held) lies
    # between the two scores
    c3 = ["a fine point", "thanks for this", "well argued"] * 9 + ["it hurt to read"] * 2
    c3 += ["a fine point", "you vermin", "go hurt yourself"]
    labels = [0] * 30 + [1, 1]
    items = [
        _item("they are vermin", 1, "group-hate", "group-hate-01"),
        _item("I will hurt you", 1, "threat-directed", "threat-directed-30"),
        _item("the 22 bus is late", 0, "identity-neutral", "identity-neutral-01"),
        _item("nobody calls them vermin", 0, "negation", "negation-40"),
        _item("n0body calls them vermin", 0, "negation", "negation-40", obfuscated=True),
    ]
    waves = {
        "group-hate-01": 1,
        "threat-directed-30": 3,
        "identity-neutral-01": 1,
        "negation-40": 4,
    }
    figures = pipeline.dev_figures(score, c3, labels, items, waves)
    assert figures["n_contrast"] == 5 and figures["contrast_dev_uncivil_held"] == 1.0
    assert figures["kinds"]["negation"] == {
        "label": 0,
        "plain": 1.0,
        "obfuscated": 1.0,
        "n_plain": 1,
        "n_obfuscated": 1,
    }
    assert figures["contrast_dev_civil_held"] == 2 / 3
    earlier = figures["earlier_waves"]
    assert earlier["waves"] == "1-3" and earlier["n_contrast"] == 3
    assert "negation" not in earlier["kinds"] and earlier["contrast_dev_civil_held"] == 0.0
    assert earlier["criterion"] > figures["criterion"]
    # One wave: nothing earlier to measure.
    one = pipeline.dev_figures(score, c3, labels, items, dict.fromkeys(waves, 1))
    assert "earlier_waves" not in one


def test_each_identity_terms_dev_sentences_are_held_at_most_five_percent_or_as_before():
    # The v3.3 candidate passed every other rule on dev and then held one of the 12 test
    # sentences naming atheists (8.3 %): the rule now reads the dev sentences per term.
    shipped = {**_figures(), "identity_terms": {"atheist": 0.0, "gay": 0.0625, "deaf": 0.0}}
    ok = {
        **_figures(criterion=0.8),
        "identity_terms": {"atheist": 0.05, "gay": 0.0625, "deaf": 0.0},
    }
    assert pipeline.release_check(ok, shipped) == []
    bad = {**ok, "identity_terms": {"atheist": 0.0833, "gay": 0.125, "deaf": 0.0}}
    assert pipeline.release_check(bad, shipped) == [
        "identity term atheist: 8.3% of its neutral and positive dev sentences held "
        "(was 0.0%, limit 5.0%)",
        "identity term gay: 12.5% of its neutral and positive dev sentences held "
        "(was 6.2%, limit 6.2%)",
    ]
    # A baseline measured before the figure existed is not compared (train measures it again).
    assert pipeline.release_check(bad, _figures()) == []


def test_dev_figures_hold_identity_sentences_at_the_same_hold():
    from townsquare.civility.offline import fairness

    def score(texts):
        def one(t):
            low = t.lower()
            return 4.0 if "atheist" in low or "vermin" in low else 0.0 if "so so" in t else -4.0

        return np.array([[one(t)] * 5 for t in texts])

    # two civil comments scored in between put the hold above the plain civil score
    c3 = ["a fine point"] * 28 + ["so so"] * 2 + ["you vermin"]
    items = [
        _item("they are vermin", 1, "group-hate", "group-hate-01"),
        _item("the 22 bus is late", 0, "identity-neutral", "identity-neutral-01"),
    ]
    sentences = fairness.dev_fairness_sentences()
    figures = pipeline.dev_figures(score, c3, [0] * 30 + [1], items, None, sentences)
    terms = figures["identity_terms"]
    assert list(terms) == list(fairness.FAIRNESS_IDENTITIES)
    assert terms["atheist"] == 1.0 and terms["Muslim"] == 0.0
    # the dev sentences are ours, none of them one of the test's, two dozen a term
    test = {text for _, text in fairness.fairness_sentences()}
    assert not test & {text for _, text in sentences}
    assert len(sentences) == 24 * len(fairness.FAIRNESS_IDENTITIES)
    assert "an atheist parent" in " ".join(text for _, text in sentences)


def test_a_candidate_that_misses_a_product_expectation_the_shipped_meets_is_refused():
    # E12 passed rules 1-5 and the fairness target on test, then let "We know where your
    # family lives." through: rule 7 refuses it on dev.
    key = "We know where your family lives. | threat >= hold"
    miss = '"We know where your family lives.": threat 0.616, expected at least hold (0.676)'
    shipped = {**_figures(), "expectations": {}}
    e12 = {**_figures(criterion=0.75), "expectations": {key: miss}}
    assert pipeline.release_check(e12, shipped) == [f"product expectation missed: {miss}"]
    assert pipeline.release_check({**e12, "expectations": {}}, shipped) == []
    # a baseline measured before the figure existed: every miss counts
    assert pipeline.release_check(e12, _figures()) == [f"product expectation missed: {miss}"]
    # one the shipped model misses at its own sample's levels too is no regression (a reject
    # at 0.5 % of a sample moves; v3.2 misses this one on dev and meets it as shipped)
    blunt = "That proposal is stupid. | civility < reject"
    assert (
        pipeline.release_check(
            {**e12, "expectations": {blunt: "0.824 over 0.820"}},
            {**shipped, "expectations": {blunt: "0.802 over 0.795"}},
        )
        == []
    )


def test_dev_figures_check_the_expectations_at_the_candidates_own_levels():
    from townsquare.civility.offline import expectations

    def score(texts):
        # threats score 1.0 on threat, except one that scores under any hold; everything
        # uncivil-looking 3.0 on insult and identity attack; the rest by the C3 ladder below
        out = []
        for t in texts:
            row = [-4.0] * 5
            if t in expectations.THREATS:
                row[3] = -3.0 if "family" in t else 3.0
            elif t in expectations.DIRECTED or t == expectations.HATEFUL:
                row[1] = row[2] = 3.0
            elif t == expectations.ACCUSATION:
                row[1] = 0.5
            elif t.startswith("civil "):
                row[0] = float(t.split()[1])
            out.append(row)
        return np.array(out)

    # 200 civil comments on a ladder of logits from -4 to 0: nudge, hold and reject are its
    # 88th, 96th and 99.5th percentiles
    c3 = [f"civil {-4 + 4 * i / 199:.4f}" for i in range(200)] + ["you vermin"]
    items = [
        _item("they are vermin", 1, "group-hate", "group-hate-01"),
        _item("the 22 bus is late", 0, "identity-neutral", "identity-neutral-01"),
    ]
    figures = pipeline.dev_figures(score, c3, [0] * 200 + [1], items)
    levels = figures["levels"]
    assert levels["hold"] == figures["hold"]
    assert levels["nudge"] < levels["hold"] < levels["reject"] < 0.5
    (miss,) = figures["expectations"].values()
    assert miss.startswith('"We know where your family lives.": threat 0.047, expected at least')


def _pools(hateful=0.93, implicit=0.84):
    return {
        "hateful": {"roc_auc": hateful, "held": 0.7, "n": 1500},
        "implicit": {"roc_auc": implicit, "held": 0.45, "n": 800},
    }


def test_a_candidate_that_ranks_public_hate_worse_is_refused():
    # E35 of the model card beat v3.5 on C3 and on our contrast items, and its test read then
    # showed implicit hate falling from 0.844 to 0.735: the same fall was on dev (0.838 to
    # 0.746), where rule 6 now reads it.
    shipped = {**_figures(), "pools": _pools()}
    e35 = {**_figures(criterion=0.75), "pools": _pools(hateful=0.906, implicit=0.735)}
    assert pipeline.release_check(e35, shipped) == [
        "public dev pool hateful ROC-AUC 0.9060 below 0.9200 (was 0.9300)",
        "public dev pool implicit ROC-AUC 0.7350 below 0.8300 (was 0.8400)",
    ]
    # within the slack, or better, passes
    near = {**_figures(criterion=0.75), "pools": _pools(hateful=0.921, implicit=0.95)}
    assert pipeline.release_check(near, shipped) == []
    # a baseline measured before the figure existed is not compared (train measures it again)
    assert pipeline.release_check(e35, _figures()) == []
    assert pipeline.release_check({**_figures(criterion=0.75)}, shipped) == []


def test_dev_figures_rank_each_public_pool_against_the_civil_c3_comments():
    def score(texts):
        def one(t):
            return 4.0 if "vermin" in t else 1.0 if "coded" in t else 0.0 if "so so" in t else -4.0

        return np.array([[one(t)] * 5 for t in texts])

    c3 = ["a fine point"] * 28 + ["so so"] * 2 + ["you vermin"]
    items = [
        _item("they are vermin", 1, "group-hate", "group-hate-01"),
        _item("the 22 bus is late", 0, "identity-neutral", "identity-neutral-01"),
    ]
    pools = {
        "hateful": ["vermin, all of them", "they are vermin"],
        # one coded text over the hold, one scored as the plainest civil comment
        "implicit": ["coded words", "a fine point indeed"],
        "empty": [],
    }
    figures = pipeline.dev_figures(score, c3, [0] * 30 + [1], items, None, None, pools)
    assert set(figures["pools"]) == {"hateful", "implicit"}
    assert figures["pools"]["hateful"] == {"roc_auc": 1.0, "held": 1.0, "n": 2}
    implicit = figures["pools"]["implicit"]
    assert implicit["held"] == 0.5 and implicit["n"] == 2
    # "coded words" outranks all 30 civil comments; "a fine point indeed" ties the 28 plain
    # ones (half a win each) and loses to the two in between
    assert implicit["roc_auc"] == pytest.approx((30 + 28 / 2) / 60)
    assert "pools" not in pipeline.dev_figures(score, c3, [0] * 30 + [1], items)


def test_the_public_pools_are_dev_hate_from_the_training_sets_sampled_once():
    from townsquare.civility.offline.corpora import Example

    rows = [Example(f"hate {i}", "davidson", split="dev", kind="hate") for i in range(5)]
    rows += [Example("hate 0", "ethos", split="dev", kind="hate")]  # the same text, twice
    rows += [Example("a threat", "convabuse", split="dev", kind="threat")]
    rows += [Example("coded", "toxigen", split="dev", kind="implicit")]
    rows += [Example("hate in train", "davidson", split="train", kind="hate")]
    rows += [Example("hate in test", "davidson", split="test", kind="hate")]
    rows += [Example("civil", "davidson", split="dev", kind="civil")]
    pools = pipeline.dev_pools(Path("unused"), rows, sizes={"hateful": 4, "implicit": 10})
    assert pools["implicit"] == ["coded"]
    assert len(pools["hateful"]) == 4 and len(set(pools["hateful"])) == 4
    assert set(pools["hateful"]) <= {f"hate {i}" for i in range(5)} | {"a threat"}
    again = pipeline.dev_pools(Path("unused"), rows, sizes={"hateful": 4, "implicit": 10})
    assert again == pools
