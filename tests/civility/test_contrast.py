"""Our contrast set: split by pattern, obfuscation on both labels, the same set for a seed."""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from townsquare.civility.offline import contrast
from townsquare.civility.offline.obfuscate import WORD_EDITS, obfuscate, obfuscate_word

SMALL = {"per_pattern": 12}
LATER_WAVES = (contrast.WAVE3, contrast.WAVE4, contrast.WAVE5, contrast.WAVE6, contrast.WAVE7)


def test_each_pattern_is_on_one_side_and_every_kind_on_all_three():
    items = contrast.generate(**SMALL)
    sides: dict[str, set[str]] = {}
    for item in items:
        sides.setdefault(item.pattern, set()).add(item.split)
    assert all(len(s) == 1 for s in sides.values())
    by_kind: dict[str, set[str]] = {}
    for item in items:
        by_kind.setdefault(item.kind, set()).add(item.split)
    assert all(s == {"train", "dev", "test"} for s in by_kind.values()), by_kind
    # Test patterns are patterns never trained on: no wording of theirs in train.
    train_patterns = {i.pattern for i in items if i.split == "train"}
    assert not train_patterns & {i.pattern for i in items if i.split == "test"}
    assert not {i.text for i in items if i.split == "train"} & {
        i.text for i in items if i.split != "train"
    }


def _wave1_split_the_old_way(seed: int) -> dict[str, str]:
    """The split as it was before wave 2: per kind, over that kind's wave-1 ids only."""
    out = {}
    for kind, (_label, _targets, wave1) in contrast.KINDS.items():
        ids = sorted(f"{kind}-{n:02d}" for n in range(1, len(wave1) + 1))
        random.Random(f"{seed}:{kind}").shuffle(ids)
        n_test = max(1, round(len(ids) * 0.17))
        n_dev = max(1, round(len(ids) * 0.17))
        for i, pid in enumerate(ids):
            out[pid] = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
    return out


def test_wave_one_patterns_keep_their_side_and_wave_two_is_split_among_itself():
    for seed in (contrast.SEED, 7):
        split = contrast.split_patterns(contrast.patterns(), seed=seed)
        old = _wave1_split_the_old_way(seed)
        assert {pid: split[pid] for pid in old} == old
    # The default seed's wave-1 sides, pinned as they stood when wave 2 was added (a reordered
    # or edited wave-1 list would move patterns and must fail here).
    old = _wave1_split_the_old_way(contrast.SEED)
    lines = "\n".join(f"{pid}:{side}" for pid, side in sorted(old.items()))
    assert len(old) == 124
    assert hashlib.sha256(lines.encode()).hexdigest()[:16] == "0d70d09dd1a0a887"
    # Wave 2 keeps wave 1's ids and continues each kind's numbering.
    pats = contrast.patterns()
    for kind, (_label, _targets, wave1) in contrast.KINDS.items():
        mine = [p for p in pats if p.kind == kind]
        waves = [1] * len(wave1) + [2] * len(contrast.WAVE2[kind])
        for wave, table in enumerate(LATER_WAVES, start=3):
            waves += [wave] * len(table.get(kind, []))
        assert [p.wave for p in mine] == waves
        assert [p.id for p in mine] == [f"{kind}-{n:02d}" for n in range(1, len(mine) + 1)]
    # Every kind now has at least two patterns in dev and two in test, one of each per wave.
    split = contrast.split_patterns(pats)
    for kind in contrast.KINDS:
        for side in ("dev", "test"):
            waves = [p.wave for p in pats if p.kind == kind and split[p.id] == side]
            assert len(waves) >= 2 and {1, 2} <= set(waves), (kind, side)
            for wave, table in enumerate(LATER_WAVES, start=3):
                if kind in table:
                    assert wave in waves, (kind, side, wave)


def _check_wave_moves_nothing_before_it(monkeypatch, wave, *, n_before, sides_hash):
    """Wave ``wave`` leaves the earlier waves' sides (``n_before`` patterns, pinned by
    ``sides_hash`` as they stood before it) and items as they were: the items of
    ``generate(waves=wave)`` from earlier patterns are those of ``generate(waves=wave - 1)``
    and of the set without the wave at all."""
    pats = contrast.patterns()
    split = contrast.split_patterns(pats)
    early = {p.id for p in pats if p.wave < wave}
    lines = "\n".join(f"{pid}:{split[pid]}" for pid in sorted(early))
    assert len(early) == n_before
    assert hashlib.sha256(lines.encode()).hexdigest()[:16] == sides_hash
    with_it = contrast.generate(waves=wave, **SMALL)
    before = contrast.generate(waves=wave - 1, **SMALL)
    monkeypatch.setattr(contrast, f"WAVE{wave}", {})
    without = contrast.generate(waves=wave, **SMALL)
    assert [i for i in with_it if i.pattern in early] == without == before
    assert len(with_it) > len(without)


# Each wave N pins the sides of waves 1 to N-1 as they stood before it (patterns, hash) and the
# waves 1 to N-1 set (24 a pattern, no lexicon), byte for byte:
# - before 3: the set v3 and v2's encoder tier were trained on;
# - before 4: the split candidates E3 and E4 of the model card were trained and chosen on;
# - before 5: the split and set v3.2 (shipped) was trained and chosen on;
# - before 6: E10 and E11; before 7: E12.
PINS = [
    (3, 279, "bb295999ac707a59", "f0e2902355ba"),
    (4, 566, "de6d070e967cd97e", "1cee5d13003c"),
    (5, 666, "f7e00ec1046656ea", "7c8d921a85e6"),
    (6, 720, "5c0a2c0084a37e57", "2ce6337059eb"),
    (7, 750, "5411223d1648ed11", "bc927893a091"),
]


@pytest.mark.parametrize(("wave", "n_before", "sides_hash", "set_digest"), PINS)
def test_a_wave_moves_no_earlier_pattern_and_changes_no_earlier_item(
    monkeypatch, wave, n_before, sides_hash, set_digest
):
    _check_wave_moves_nothing_before_it(monkeypatch, wave, n_before=n_before, sides_hash=sides_hash)
    assert contrast.digest(contrast.generate(per_pattern=24, waves=wave - 1)) == set_digest


def test_every_wave_is_pinned_and_the_wave_count_is_checked():
    assert [pin[0] for pin in PINS] == list(range(3, contrast.WAVES + 1))
    assert {p.wave for p in contrast.patterns(1)} == {1}
    with pytest.raises(ValueError, match="waves must be between 1 and 7"):
        contrast.patterns(0)


def test_wave_seven_is_uncivil_twins_of_what_wave_six_made_harmless():
    wave7 = [p for p in contrast.patterns() if p.wave == 7]
    assert {p.kind: p.label for p in wave7} == {"threat-directed": 1, "threat-group": 1}
    assert all(len(p.templates) == 3 for p in wave7)
    by_kind = {
        k: [t for p in wave7 if p.kind == k for t in p.templates]
        for k in ("threat-directed", "threat-group")
    }
    assert len(by_kind["threat-directed"]) >= 45 and len(by_kind["threat-group"]) >= 24
    # Menace, not violent verbs: no {threat} slot and no killing verb.
    wordings = [t for ts in by_kind.values() for t in ts]
    assert not any("{threat}" in t.lower() for t in wordings)
    assert not any(re.search(r"(?:kill|murder|stab|shoot)", t, re.I) for t in wordings)
    # The directed ones are aimed at the person, mostly by name, like wave 6's civil twins.
    directed = by_kind["threat-directed"]
    assert all(re.search(r"\{(?:name|figure)\}|\byou|\bur?\b", t, re.I) for t in directed)
    assert sum("{name}" in t.lower() for t in directed) >= 40
    assert all(re.search(r"\{(?:group|desc|desc_a)\}", t, re.I) for t in by_kind["threat-group"])
    # Held-out product checks stay out of the training patterns.
    held_out = ("find out where you live", "where your family lives", "watch your back")
    assert not any(h in t.lower() for t in wordings for h in held_out)
    _assert_new_and_fillable(wordings, wave=7)


def test_wave_six_is_civil_twins_of_what_wave_five_taught():
    wave6 = [p for p in contrast.patterns() if p.wave == 6]
    assert {p.kind for p in wave6} == {"violent-idiom", "report", "identity-neutral"}
    assert {p.label for p in wave6} == {0} and all(len(p.templates) == 3 for p in wave6)
    by_kind = {
        k: [t for p in wave6 if p.kind == k for t in p.templates]
        for k in ("violent-idiom", "report", "identity-neutral")
    }
    # names are addressed in harmless menace-shaped sentences; threats are quoted in reports
    assert sum("{name}" in t.lower() for t in by_kind["violent-idiom"]) >= 12
    assert sum("{threat}" in t or "{when}" in t for t in by_kind["report"]) >= 6
    uncivil_slot = re.compile(r"\{(?:claim|dehum|threat|insult|profanity)(?:_cap)?\}", re.I)
    neutral = by_kind["identity-neutral"]
    assert all(re.search(r"\{(?:group|desc|desc_a)\}", t, re.I) for t in neutral)
    assert not any(uncivil_slot.search(t) for t in neutral)
    _assert_new_and_fillable([t for ts in by_kind.values() for t in ts], wave=6)


def test_wave_five_pairs_every_uncivil_shape_with_civil_twins():
    wave5 = [p for p in contrast.patterns() if p.wave == 5]
    kinds = {p.kind: p.label for p in wave5}
    assert kinds == {
        "threat-directed": 1,
        "threat-group": 1,
        "group-hate": 1,
        "violent-idiom": 0,
        "report": 0,
        "negation": 0,
    }
    wordings = {p.kind: [t for q in wave5 if q.kind == p.kind for t in q.templates] for p in wave5}
    assert all(len(p.templates) == 3 for p in wave5)
    # The threats are veiled (no killing verb in most of them) and each names its target.
    directed = wordings["threat-directed"]
    assert all(re.search(r"\{(?:name|figure)\}|you|ur?", t, re.I) for t in directed)
    assert sum(bool(re.search(r"(?:kill|murder|stab|shoot)", t)) for t in directed) <= 3
    # The civil twins reuse the devices and the sayings, with names and claims in them.
    assert sum("{name}" in t.lower() for t in wordings["violent-idiom"]) >= 12
    civil_claims = wordings["report"] + wordings["negation"]
    assert sum("{claim}" in t for t in civil_claims) >= 18
    for kind in ("threat-group", "group-hate", "report", "negation"):
        assert all(re.search(r"\{(?:group|desc|desc_a)\}", t, re.I) for t in wordings[kind])
    _assert_new_and_fillable([t for ts in wordings.values() for t in ts], wave=5)


def _assert_new_and_fillable(wordings, *, wave):
    """No wording repeats one of an earlier wave or of its own, and each fills (no unknown
    slot) with our vocabulary alone."""
    earlier = {t for p in contrast.patterns(wave - 1) for t in p.templates}
    assert not earlier & set(wordings) and len(set(wordings)) == len(wordings)
    vocab = contrast.Vocabulary.load(None)
    for n, t in enumerate(wordings):
        text, _ = contrast._fill(t, random.Random(n), vocab)
        assert "{" not in text and "}" not in text, t


def test_wave_four_names_a_group_in_every_civil_wording_and_no_uncivil_slot_word():
    wave4 = [p for p in contrast.patterns() if p.wave == 4]
    assert len(wave4) >= 90 and {p.label for p in wave4} == {0}
    assert {p.kind for p in wave4} == {
        "identity-neutral",
        "identity-positive",
        "defence",
        "negation",
        "report",
    }
    uncivil_slot = re.compile(
        r"\{(?:claim|dehum|threat|insult|insult_adj|profanity|when|action)(?:_cap)?\}", re.I
    )
    wordings = [t for p in wave4 for t in p.templates]
    assert all(len(p.templates) == 3 for p in wave4)
    assert all(re.search(r"\{(?:group|desc|desc_a)\}", t, re.I) for t in wordings)
    assert not any(uncivil_slot.search(t) for t in wordings)
    _assert_new_and_fillable(wordings, wave=4)


def test_the_service_refuses_settings_that_cannot_make_a_set():
    # Validated in generate() itself, so the command, train and any caller get the same answer
    # (per_pattern=0 used to return an empty set without a word).
    with pytest.raises(ValueError, match="per-pattern must be at least 1"):
        contrast.generate(per_pattern=0)
    with pytest.raises(ValueError, match="waves must be between 1 and 7"):
        contrast.generate(waves=8)


def test_wave_three_is_new_wording_in_every_part():
    wordings = [w for pats in contrast.WAVE3.values() for p in pats for w in p]
    assert len(wordings) >= 600 and all(
        len(p) == 3 for pats in contrast.WAVE3.values() for p in pats
    )
    earlier = {w for pats in contrast.KINDS.values() for p in pats[2] for w in p}
    earlier |= {w for pats in contrast.WAVE2.values() for p in pats for w in p}
    assert not earlier & set(wordings) and len(set(wordings)) == len(wordings)
    for kind in ("threat-directed", "group-hate", "report", "profanity-untargeted"):
        assert len(contrast.WAVE3[kind]) >= 14, kind


SLOT_WORDS = ("claim", "dehum", "threat", "insult", "name", "when")
LEAN = 2.25


def _slot_use(slot: str) -> dict[int, float]:
    """Patterns using ``slot`` per label (a pattern counts as the share of its wordings)."""
    use = {0: 0.0, 1: 0.0}
    for p in contrast.patterns():
        hits = sum(bool(re.search(r"\{" + slot + r"(?:_cap)?\}", t, re.I)) for t in p.templates)
        use[p.label] += hits / len(p.templates)
    return use


def test_no_slot_word_leans_far_on_one_label():
    # The shared slot words must not carry the label: each is used on both sides, and neither
    # side has more than LEAN times the other's patterns (before wave 3, {claim} was 23 civil
    # to 3 uncivil and {name} 0.5 to 17.5).
    for slot in SLOT_WORDS:
        use = _slot_use(slot)
        assert min(use.values()) * LEAN >= max(use.values()), (slot, use)


def test_wave_two_is_large_enough_for_every_kind():
    assert set(contrast.WAVE2) == set(contrast.KINDS)
    thin = {"report", "defence", "counter-quote", "negation", "group-hate", "dehumanisation"}
    thin |= {"threat-group", "threat-directed"}
    for kind, pats in contrast.WAVE2.items():
        assert len(pats) >= (10 if kind in thin else 6), kind
        assert all(2 <= len(p) <= 3 for p in pats), kind
    wordings = [w for pats in contrast.WAVE2.values() for p in pats for w in p]
    first = {w for pats in contrast.KINDS.values() for p in pats[2] for w in p}
    assert not first & set(wordings) and len(set(wordings)) == len(wordings)
    # About a third are news-comment length: two sentences or more.
    long = [w for w in wordings if len(re.findall(r"[.!?](?:\s|$)", w.strip())) >= 2]
    assert len(long) >= len(wordings) // 4


def test_both_labels_are_obfuscated_at_similar_rates():
    items = contrast.generate(per_pattern=30)
    rates = {}
    for label in (0, 1):
        part = [i for i in items if i.label == label]
        rates[label] = sum(i.obfuscated for i in part) / len(part)
    assert 0.1 < rates[0] < 0.35 and 0.1 < rates[1] < 0.35
    assert abs(rates[0] - rates[1]) < 0.08
    # An obfuscated copy keeps its original's label, kind and split.
    originals = {i.pattern: (i.label, i.kind, i.split) for i in items if not i.obfuscated}
    for item in items:
        if item.obfuscated:
            assert originals[item.pattern] == (item.label, item.kind, item.split)


def test_the_same_seed_gives_the_same_set_and_another_seed_another():
    a = contrast.generate(seed=7, **SMALL)
    b = contrast.generate(seed=7, **SMALL)
    c = contrast.generate(seed=8, **SMALL)
    assert contrast.digest(a) == contrast.digest(b)
    assert contrast.digest(a) != contrast.digest(c)
    split_a = contrast.split_patterns(contrast.patterns(), seed=7)
    assert split_a == contrast.split_patterns(contrast.patterns(), seed=7)


def test_civil_and_uncivil_items_share_their_surface_words():
    items = [i for i in contrast.generate(**SMALL) if not i.obfuscated]
    words = {0: Counter(), 1: Counter()}
    for item in items:
        words[item.label].update(set(re.findall(r"[a-z]+", item.text.lower())))
    for word in ("vermin", "queer", "bitch", "idiot", "stab", "shoot", "immigrants"):
        assert words[0][word.lower()] and words[1][word.lower()], word


def test_contrast_examples_supervise_only_their_listed_attributes():
    items = contrast.generate(**SMALL)
    civil = next(i for i in items if i.kind == "negation").example()
    assert civil.source == "contrast" and civil.kind == "civil"
    assert set(civil.weights.values()) == {1.0} and set(civil.targets.values()) == {0.0}
    threat = next(i for i in items if i.kind == "threat-directed").example()
    assert threat.targets["threat"] == 1.0 and threat.weights["insult"] == 0.0
    assert threat.kind == "threat" and threat.split in {"train", "dev", "test"}


def test_obfuscation_changes_the_spelling_and_is_seeded():
    for edit in WORD_EDITS:
        assert edit("terrible", random.Random(3)) != "terrible", edit.__name__
    assert obfuscate_word("idiot", random.Random(1)) != "idiot"
    text = "Your neighbours are lovely people"
    outs = {obfuscate(text, random.Random(s)) for s in range(20)}
    assert text not in outs and len(outs) > 10
    assert obfuscate(text, random.Random(5)) == obfuscate(text, random.Random(5))
    # The preferred word is picked when present (most of the time).
    hits = sum(
        "lovely" not in obfuscate(text, random.Random(s), prefer=["lovely"]) for s in range(40)
    )
    assert hits >= 20


def test_contrast_command_writes_jsonl(tmp_path):
    out = tmp_path / "contrast.jsonl"
    call_command("civility", "contrast", "--out", str(out), "--per-pattern", "5")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {"text", "label", "kind", "pattern", "split", "obfuscated", "targets"} <= set(rows[0])
    assert {r["split"] for r in rows} == {"train", "dev", "test"}
    assert contrast.read(out)[0].text == rows[0]["text"]
    two = tmp_path / "two.jsonl"
    call_command("civility", "contrast", "--out", str(two), "--per-pattern", "5", "--waves", "2")
    waves = {p.id: p.wave for p in contrast.patterns()}
    assert {waves[i.pattern] for i in contrast.read(two)} == {1, 2}
    assert {waves[r["pattern"]] for r in rows} == {1, 2, 3, 4, 5, 6, 7}
    with pytest.raises(CommandError, match="waves must be between 1 and 7"):
        call_command("civility", "contrast", "--out", str(two), "--waves", "8")
    with pytest.raises(CommandError, match="per-pattern must be at least 1"):
        call_command("civility", "contrast", "--out", str(two), "--per-pattern", "0")


def test_finetune_command_refuses_bad_options_before_loading_anything(tmp_path):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no data sets"):
        call_command("civility", "finetune", "--data-dir", str(tmp_path / "none"))
    with pytest.raises(CommandError, match="texts must be at least 1"):
        call_command("civility", "finetune", "--data-dir", str(tmp_path), "--texts", "0")
    with pytest.raises(CommandError, match=r"epochs must be in \(0, 100\]"):
        call_command("civility", "finetune", "--data-dir", str(tmp_path), "--epochs", "0")
    with pytest.raises(CommandError, match="no checkpoint"):
        call_command(
            "civility", "finetune", "--from-checkpoint", "--run-dir", str(tmp_path / "run")
        )
    with pytest.raises(CommandError, match="no such file"):
        call_command(
            "civility",
            "finetune",
            "--data-dir",
            str(tmp_path),
            "--contrast",
            str(tmp_path / "missing.jsonl"),
        )
