"""Cue reading 2 (model card "E45"): what is said of a group, and threat idioms.

Our own sentences. Each pair is one claim and a reader's sentence that names the same words to
quote, report, negate or rebut them: the cue must read the first and leave the second alone.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from townsquare.civility import cues
from townsquare.civility.encoder import ARTIFACTS_DIR, encoder_for
from townsquare.civility.features import chunks_of
from townsquare.civility.model import LinearModel

CLAIMS = [
    "Albanians are all thieves, every last one.",
    "Honestly, disabled people are a drain on everyone else.",
    "I have nothing against Sikhs, but they should all be sent back.",
    "I'm not racist, but Roma families don't belong on this estate.",
    "We should get rid of the refugees before winter.",
    "I hate Catholics and I always will.",
    "Muslims are vermin.",
    "Transgender people can't be trusted near children.",
    "Those immigrants breed like rabbits.",
]
REBUTTALS = [
    "Albanians are not thieves, and the court said so.",
    "Nobody in this town thinks disabled people are a drain on anyone.",
    "My neighbour said Sikhs should all be sent back; I told him to stop.",
    "The leaflet claimed Roma families don't belong here. It is hateful rubbish.",
    "Calling refugees 'vermin' is exactly the hatred the article describes.",
    "I used to think Catholics were all hypocrites. Then I met my wife's family.",
    "The myth that Muslims are violent is repeated without evidence.",
    "Transgender people are our neighbours, teachers and friends.",
    "The council says immigrants are welcome in the new housing scheme.",
]
IDIOMS = [
    "Keep writing, Mr. Hale. Your days are numbered.",
    "There is a crowbar in my shed with your name on it.",
    "You had better pray we never meet in the car park.",
    "Lovely family you have. Be a shame if something happened to them.",
    "I know where your kids go to school.",
]
NOT_IDIOMS = [
    'The villain in the film growls "your days are numbered" and it is the best line.',
    "Police said the note read: be a shame if something happened.",
    "My days of commuting by car are numbered, thank goodness.",
    "I'm coming for you at the chess club on Thursday, Tom.",
]


@pytest.mark.parametrize("text", CLAIMS)
def test_a_claim_said_of_a_group_is_read(text):
    spans = cues.group_claims(text)
    assert spans, text
    start, end = spans[0]
    assert 0 <= start < end <= len(text)


@pytest.mark.parametrize("text", REBUTTALS)
def test_a_claim_quoted_reported_negated_or_rebutted_is_left_alone(text):
    assert cues.group_claims(text) == [], text


def test_they_stands_for_a_group_only_after_one_is_named():
    assert cues.group_claims("We let a flat to Kurds once. They are filthy.")
    assert cues.group_claims("They are filthy.") == []  # "they" names no group here
    assert cues.group_claims("Some people are idiots.") == []  # "some people" is no group


@pytest.mark.parametrize("text", IDIOMS)
def test_a_threat_said_without_a_violent_verb_is_read(text):
    assert cues.threat_idioms(text), text


@pytest.mark.parametrize("text", NOT_IDIOMS)
def test_a_quoted_reported_or_harmless_idiom_is_left_alone(text):
    assert cues.threat_idioms(text) == [], text


def _hits(text: str, params: dict[str, float]) -> cues.CueHits:
    return cues.find_cues(text, chunks_of(text), params)


def test_reading_two_boosts_only_where_the_artifact_names_it():
    params = dict(cues.DEFAULT_CUES)
    text = "Honestly, Albanians are all thieves. Your days are numbered."
    before = _hits(text, params)
    assert not [b for b in before.boosts if b[1] == "identity_attack"]
    assert not [b for b in before.boosts if b[1] == "threat"]  # no violent verb, no old cue
    after = _hits(text, {**params, "group_logit": 3.0, "threat_idioms": 1.0})
    group = [b for b in after.boosts if b[1] == "identity_attack"]
    threat = [b for b in after.boosts if b[1] == "threat"]
    assert group and sum(b[2] for b in group) == pytest.approx(3.0)
    assert threat and sum(b[2] for b in threat) == pytest.approx(params["threat_logit"])
    chunks = chunks_of(text)
    owned = " ".join(text[chunks[i].start : chunks[i].end] for i, _, _ in group)
    assert "thieves" in owned and "Honestly" not in owned  # the claim owns it, not the comment
    # a group claim is aimed at people: the ceiling does not squeeze it
    plain = _hits("Albanians are all thieves.", {**params, "group_logit": 3.0})
    assert plain.directed and not _hits("Albanians are all thieves.", params).directed


def test_the_cue_model_changes_the_cues_only_and_scores_a_claim_higher(tmp_path):
    from townsquare.civility.offline.cues_run import cue_model

    base = LinearModel.load(ARTIFACTS_DIR / "shipped")
    out = cue_model(
        ARTIFACTS_DIR / "shipped", tmp_path / "cues", group_logit=3.0, idioms=True, record={}
    )
    model = LinearModel.load(out / "candidate")
    assert model.cues["group_logit"] == 3.0 and model.cues["threat_idioms"] == 1.0
    assert {k: v for k, v in model.cues.items() if k in base.cues} == base.cues
    assert model.meta["cue_reading"]["base"] == base.version
    assert model.version.startswith("cues2-") and model.version != base.version
    np.testing.assert_array_equal(model.dense_weights, base.dense_weights)
    encoder = encoder_for(model.meta, out)
    text, civil = "Albanians are all thieves.", "Albanians are not thieves."
    new = [model.chunk_scores(t, encoder.encode([t])[0]).logits for t in (text, civil)]
    old = [base.chunk_scores(t, encoder.encode([t])[0]).logits for t in (text, civil)]
    i = model.heads.index("identity_attack")
    assert new[0][i] == pytest.approx(old[0][i] + 3.0, abs=1e-4)
    assert new[1][i] == pytest.approx(old[1][i], abs=1e-6)  # the rebuttal is left alone
    # a dodged spelling is read as the encoder reads it ("cr1minals" as "criminals")
    dodged = "Albanians are all cr1minals."
    assert cues.group_claims(dodged) == []  # as typed, no claim
    encoded = encoder.encode([dodged])[0]
    assert encoded.reading is not None and "criminals" in encoded.reading.text
    claim = model.chunk_scores(dodged, encoded)
    assert claim.logits[i] == pytest.approx(base.chunk_scores(dodged, encoded).logits[i] + 3.0)
    owned = [c for c in range(len(claim.features.chunks)) if claim.contributions[c, i] != 0]
    assert any(
        "cr1minals" in dodged[claim.features.chunks[c].start : claim.features.chunks[c].end]
        for c in owned
    )
    with pytest.raises(ValueError, match="at least 0"):
        cue_model(ARTIFACTS_DIR / "shipped", tmp_path / "x", group_logit=-1, idioms=True, record={})
    with pytest.raises(ValueError, match="nothing to add"):
        cue_model(ARTIFACTS_DIR / "shipped", tmp_path / "x", group_logit=0, idioms=False, record={})


def test_civility_cues_writes_a_candidate_and_its_dev_check(tmp_path, shared_data):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from townsquare.civility.offline import pipeline

    out = tmp_path / "cues"
    printed = StringIO()
    call_command(
        "civility", "cues", "--data-dir", str(shared_data), "--out", str(out),
        "--group-logit", "2", "--per-pattern", "1", "--c3", "300",
        verbosity=0, stdout=printed,
    )  # fmt: skip
    record = json.loads((out / "dev.json").read_text())
    assert record["base"]["n_c3"] == record["cues"]["n_c3"] == 300
    assert record["refused"] == pipeline.release_check(record["cues"], record["base"])
    verdict = "is refused on dev" if record["refused"] else "passes the release rule"
    assert verdict in printed.getvalue().splitlines()[-1]
    meta = json.loads((out / "candidate.json").read_text())
    assert meta["cues"]["group_logit"] == 2.0 and meta["cues"]["threat_idioms"] == 1.0
    patterns = record["train_patterns"]  # the rules' check on patterns not read to write them
    assert patterns["group-hate"]["label"] == 1 and patterns["negation"]["label"] == 0
    assert all(0.0 <= row["plain"] <= 1.0 for row in patterns.values())
    assert "on the contrast train split's patterns" in printed.getvalue()
    with pytest.raises(CommandError, match="nothing to add"):
        call_command(
            "civility", "cues", "--out", str(out), "--group-logit", "0", "--no-idioms",
            "--data-dir", str(shared_data),
        )  # fmt: skip


def test_the_train_pattern_check_counts_where_the_rules_fire_kind_by_kind(tmp_path):
    from types import SimpleNamespace

    from townsquare.civility.offline.cues_run import cue_model, train_pattern_check

    out = cue_model(
        ARTIFACTS_DIR / "shipped", tmp_path / "cues", group_logit=3.0, idioms=False, record={}
    )

    def item(text: str, kind: str, label: int, split: str = "train", obfuscated: bool = False):
        return SimpleNamespace(
            text=text, kind=kind, label=label, split=split, obfuscated=obfuscated
        )

    items = [
        item("Albanians are all thieves.", "group-hate", 1),
        item("Albanians work hard.", "group-hate", 1),  # a miss
        item("Albanians are all thi3ves.", "group-hate", 1, obfuscated=True),  # read through
        item("Nobody thinks Albanians are thieves.", "negation", 0),
        item("Albanians are thieves, he said.", "report", 0),
        item("Albanians are all thieves.", "group-hate", 1, split="dev"),  # not train: not read
        item("Your days are numbered.", "threat-directed", 1),  # idioms are off here
    ]
    check = train_pattern_check(out / "candidate", items, spelling_dir=out)
    assert check["group-hate"] == {"label": 1, "plain": 0.5, "obfuscated": 1.0}
    assert check["negation"]["plain"] == 0.0 and check["report"]["plain"] == 0.0
    assert check["threat-directed"]["plain"] == 0.0
    assert check["negation"]["obfuscated"] is None  # no such item
