"""One offset per head's bias, chosen on dev for the decision (offline/offsets.py,
``civility offsets``). Runs on the package's own model and encoder."""

from __future__ import annotations

import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from townsquare.civility.encoder import ARTIFACTS_DIR
from townsquare.civility.model import LinearModel
from townsquare.civility.offline import offsets, pipeline
from townsquare.civility.offline.heads import write_candidate
from townsquare.civility.scores import ATTRIBUTES

TEXTS = [
    "The ferry timetable changes on Monday.",
    "This whole plan is dumb.",  # blunt, undirected: the ceiling squeezes it
    "You are an idiot and everyone on this street knows it.",  # directed: no ceiling
    "I will find out where you live.",
    "Those people are all the same, lazy and dishonest.",
    "What a load of crap this council budget is.",
]
SHIFT = np.array([0.0, 0.5, 0.25, -0.25, 1.5])  # ATTRIBUTES order


def _vector(**by_head: float) -> np.ndarray:
    return np.array([by_head.get(a, 0.0) for a in ATTRIBUTES])


def test_the_offset_scorer_is_the_run_time_path_with_and_without_offsets(tmp_path):
    """The search measures offsets from one scoring pass; it must give what the model with
    those offsets in its biases (and the ceiling it carries) scores at run time."""
    base = ARTIFACTS_DIR / "shipped"
    scorer = offsets.OffsetScorer(base)
    np.testing.assert_allclose(scorer(TEXTS), pipeline.model_scorer(base)(TEXTS), atol=1e-5)

    model = offsets.offsets_model(base, SHIFT, ceiling=0.8)
    write_candidate(model, ARTIFACTS_DIR, tmp_path / "cand")
    scorer.offsets, scorer.ceiling = SHIFT, 0.8
    run_time = pipeline.model_scorer(tmp_path / "cand" / "candidate")(TEXTS)
    np.testing.assert_allclose(scorer(TEXTS), run_time, atol=1e-5)
    # and the ceiling did something: the blunt sentence's insult is squeezed under it
    blunt = TEXTS.index("This whole plan is dumb.")
    unceiled = scorer.model.chunk_scores(TEXTS[blunt], scorer.encoder.encode([TEXTS[blunt]])[0])
    insult = ATTRIBUTES.index("insult")
    raw = unceiled.logits[scorer.model.heads.index("insult")] + SHIFT[insult]
    assert run_time[blunt, insult] < min(raw, np.log(0.8 / 0.2))


def test_an_offsets_model_moves_only_the_biases_and_records_them():
    base = LinearModel.load(ARTIFACTS_DIR / "shipped")
    model = offsets.offsets_model(ARTIFACTS_DIR / "shipped", SHIFT, ceiling=0.8, command="x")
    for a, shift in zip(ATTRIBUTES, SHIFT, strict=True):
        k = base.heads.index(a)
        assert model.bias[k] == pytest.approx(base.bias[k] + shift, abs=1e-6)
    np.testing.assert_array_equal(model.dense_weights, base.dense_weights)
    np.testing.assert_array_equal(model.sparse_weights, base.sparse_weights)
    assert model.cues["ceiling"] == 0.8 and model.cues["threat_logit"] == base.cues["threat_logit"]
    assert model.meta["offsets"]["base"] == base.version
    assert model.meta["offsets"]["offsets"]["obscene"] == 1.5
    assert model.version.startswith("offsets-") and model.version != base.version


def test_ship_levels_round_as_ship_does_and_keep_reject_above_hold():
    assert offsets.ship_levels({"nudge": 0.46349, "hold": 0.62251, "reject": 0.8414}) == {
        "nudge": 0.463,
        "hold": 0.623,
        "reject": 0.841,
    }
    assert offsets.ship_levels({"nudge": 0.5, "hold": 0.7, "reject": 0.71})["reject"] == (
        pytest.approx(0.75)
    )


def _figures(criterion: float, *, defence: float = 0.05, idiom: float = 0.2) -> dict:
    """Just what the release rule reads of ``dev_figures``."""
    return {
        "criterion": criterion,
        "c3_dev_roc_auc": 0.70,
        "contrast_dev_civil_held": 0.05,
        "kinds": {
            "defence": {"label": 0, "plain": defence, "obfuscated": defence},
            "violent-idiom": {"label": 0, "plain": idiom, "obfuscated": idiom},
            "group-hate": {"label": 1, "plain": 0.3, "obfuscated": 0.3},
        },
    }


def test_acceptable_keeps_civil_kinds_under_the_margin_or_the_base_share():
    base = _figures(0.70)
    assert offsets.acceptable(_figures(0.71, defence=0.079), base, civil_kind_limit=0.08) == []
    reasons = offsets.acceptable(_figures(0.71, defence=0.09), base, civil_kind_limit=0.08)
    assert any("civil kind defence (plain) held 9.0%" in r for r in reasons)
    # a kind the base already holds more of than the margin may stay, but not rise
    assert offsets.acceptable(_figures(0.71, idiom=0.2), base, civil_kind_limit=0.08) == []
    reasons = offsets.acceptable(_figures(0.71, idiom=0.21), base, civil_kind_limit=0.08)
    assert any("violent-idiom (plain) held 21.0% (limit 20.0%)" in r for r in reasons)
    # and the release rule itself: the criterion must beat the base's
    assert any("does not beat" in r for r in offsets.acceptable(base, base, civil_kind_limit=0.08))


def test_acceptable_can_forbid_lowering_an_uncivil_kind():
    base = _figures(0.70)
    lower = _figures(0.71)
    lower["kinds"]["group-hate"]["plain"] = 0.285
    assert offsets.acceptable(lower, base, civil_kind_limit=0.08) == []  # off by default
    assert offsets.acceptable(lower, base, civil_kind_limit=0.08, uncivil_kind_slack=0.02) == []
    reasons = offsets.acceptable(lower, base, civil_kind_limit=0.08, uncivil_kind_slack=0.01)
    assert reasons == ["uncivil kind group-hate (plain) held 28.5% (was 30.0%)"]


def test_the_search_climbs_the_criterion_but_stops_where_a_civil_kind_goes_over():
    """Criterion peaks at threat +0.5 and rises with identity_attack, but identity_attack over
    +0.25 holds too much defence of a group: the search takes threat +0.5, identity +0.25."""
    threat, identity = ATTRIBUTES.index("threat"), ATTRIBUTES.index("identity_attack")
    seen = []

    def measure(o: np.ndarray) -> dict:
        seen.append(o.copy())
        criterion = 0.70 - (o[threat] - 0.5) ** 2 + 0.01 * o[identity]
        return _figures(criterion, defence=0.05 + 0.1 * max(0.0, o[identity]))

    chosen, best, base = offsets.search(measure, log=lambda _: None)
    np.testing.assert_array_equal(chosen, _vector(threat=0.5, identity_attack=0.25))
    assert best["criterion"] == pytest.approx(0.70 + 0.0025)
    assert base["criterion"] == pytest.approx(0.70 - 0.25)
    np.testing.assert_array_equal(seen[0], np.zeros(len(ATTRIBUTES)))  # the base first
    assert all(-1.0 <= v <= 1.5 for o in seen for v in o)


def test_pairs_find_a_move_that_no_single_head_can_make():
    """Raising insult alone costs group hate, raising threat alone gains nothing: together they
    raise the criterion and keep every kind, and only the search over pairs finds it."""
    insult, threat = ATTRIBUTES.index("insult"), ATTRIBUTES.index("threat")

    def measure(o: np.ndarray) -> dict:
        figures = _figures(0.70 + 0.01 * o[insult])
        figures["kinds"]["group-hate"]["plain"] = 0.3 - 0.05 * o[insult] + 0.05 * o[threat]
        figures["kinds"]["defence"]["plain"] = 0.05 + 0.1 * max(0.0, o[threat] - o[insult])
        return figures

    quiet = {"uncivil_kind_slack": 0.01, "log": lambda _: None}
    alone, _, _ = offsets.search(measure, **quiet)
    assert not alone.any()
    together, best, _ = offsets.search(measure, pairs=True, **quiet)
    np.testing.assert_array_equal(together, _vector(insult=1.5, threat=1.5))
    assert best["criterion"] == pytest.approx(0.715)


def test_against_a_reference_the_search_rebalances_a_model_the_rule_refuses_as_it_is():
    """A new model that beats the reference's criterion but holds too much defence at offsets
    0: judged against the reference, the search lowers identity_attack until defence is under
    the limit, keeping the highest criterion that still beats the reference's."""
    identity = ATTRIBUTES.index("identity_attack")

    def measure(o: np.ndarray) -> dict:
        return _figures(0.75 + 0.02 * o[identity], defence=0.12 + 0.1 * o[identity])

    reference = _figures(0.70)
    quiet = {"log": lambda _: None}
    chosen, best, base = offsets.search(measure, reference=reference, **quiet)
    np.testing.assert_array_equal(chosen, _vector(identity_attack=-0.5))
    assert best["criterion"] == pytest.approx(0.74)
    assert offsets.acceptable(best, reference, civil_kind_limit=offsets.CIVIL_KIND_LIMIT) == []
    assert base["criterion"] == pytest.approx(0.75)  # offsets 0, refused against the reference
    # judged against itself (no reference), the base stays: nothing beats its own criterion
    alone, _, _ = offsets.search(measure, **quiet)
    assert not alone.any()
    # a reference no offsets can beat: the base comes back, and stays refused
    chosen, best, again = offsets.search(measure, reference=_figures(0.80), **quiet)
    assert not chosen.any() and best is again


def test_the_search_keeps_the_base_when_nothing_beats_it():
    chosen, best, base = offsets.search(lambda o: _figures(0.7 - float(np.abs(o).sum())))
    assert not chosen.any() and best is base


def test_civility_offsets_writes_a_candidate_that_the_run_time_path_agrees_with(
    tmp_path, shared_data
):
    out = tmp_path / "offsets"
    printed = StringIO()
    call_command(
        "civility",
        "offsets",
        "--data-dir",
        str(shared_data),
        "--out",
        str(out),
        "--per-pattern",
        "1",
        "--c3",
        "300",
        "--passes",
        "1",
        "--threads",
        "2",
        stdout=printed,
    )
    record = json.loads((out / "dev.json").read_text())
    assert record["base"]["n_c3"] == record["offsets"]["n_c3"] == 300
    assert record["search"]["run_time_gap"] <= offsets.AGREEMENT
    assert record["offsets"]["criterion"] == pytest.approx(record["search"]["criterion"], abs=1e-4)
    verdict = "is refused on dev" if record["refused"] else "passes the release rule"
    assert verdict in printed.getvalue().splitlines()[-1]
    meta = json.loads((out / "candidate.json").read_text())
    shipped = json.loads((ARTIFACTS_DIR / "shipped.json").read_text())
    assert meta["offsets"]["base"] == shipped["version"]  # the package's model by default
    assert meta["offsets"]["offsets"] == record["search"]["offsets"]
    assert (out / "encoder-int8.onnx").exists() and (out / "tokenizer.json").exists()
    with pytest.raises(CommandError, match="--passes"):
        call_command("civility", "offsets", "--out", str(out), "--passes", "0")
    with pytest.raises(CommandError, match="no model"):
        call_command(
            "civility",
            "offsets",
            "--base",
            str(tmp_path),
            "--out",
            str(out),
            "--data-dir",
            str(shared_data),
        )
