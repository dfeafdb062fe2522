"""The evaluation suite's parts: splits, sets, rows, span F1 (the full run: `evaluate --suite`)."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from townsquare.civility.offline import corpora, probes, suite
from townsquare.civility.offline.spans import span_f1

LEVELS = {"nudge": 0.5, "hold": 0.7, "reject": 0.9}


def test_splits_are_seeded_grouped_and_seventy_fifteen_fifteen():
    assert corpora.split_of("foxnews", "thread A") == corpora.split_of("foxnews", "thread A")
    parts = [corpora.split_of("toxigen", f"statement {n}") for n in range(4000)]
    shares = {s: parts.count(s) / len(parts) for s in corpora.SPLITS}
    assert abs(shares["train"] - 0.70) < 0.03 and abs(shares["test"] - 0.15) < 0.03
    # Another seed, another split: the seed is what fixes it.
    other = [corpora.split_of("toxigen", f"statement {n}", seed=1) for n in range(4000)]
    assert other != parts


def test_every_set_is_split_by_its_group_and_never_mixes_groups(shared_data):
    examples = corpora.foxnews_examples(shared_data) + corpora.stormfront_examples(shared_data)
    by_group: dict[tuple[str, str], set[str]] = {}
    for e in examples:
        by_group.setdefault((e.source, e.group), set()).add(e.split)
    assert all(len(splits) == 1 for splits in by_group.values())
    assert {e.split for e in examples} == set(corpora.SPLITS)


def test_each_set_supervises_only_the_attributes_it_labels(shared_data):
    for e in corpora.stormfront_examples(shared_data)[:500]:
        if e.kind == "hate":
            assert e.weights["identity_attack"] == 1.0 and e.weights["obscene"] == 0.0
        else:
            assert all(w == 1.0 for w in e.weights.values())  # a negative for every attribute
    spans = corpora.toxic_spans_examples(shared_data)[:500]
    assert all(all(w == 1.0 for w in e.weights.values()) for e in spans)


def test_the_probe_halves_are_distinct_and_balanced():
    dev, test = probes.product_sets("dev"), probes.product_sets("test")
    for name in ("directed", "group", "criticism"):
        assert len(dev[name]) == len(test[name]) == 16
        assert not {p.text for p in dev[name]} & {p.text for p in test[name]}
    functional = probes.functional("test")
    assert {p.category for p in functional} >= {
        "dehumanisation",
        "threat",
        "slur",
        "derogation",
        "counter",
        "negation",
        "reclaimed",
        "neutral",
    }
    assert sum(p.hateful for p in functional) * 2 == len(functional)


def test_dev_sets_never_contain_a_test_text(shared_data):
    examples = corpora.shipped_examples(shared_data, sets=("toxigen", "ethos", "foxnews"))
    dev = suite.eval_sets(shared_data, "dev", examples=examples)
    test = suite.eval_sets(shared_data, "test", examples=examples)
    names = {s.name for s in test}
    assert {"c3", "olid", "hold-pool", "functional", "directed", "group", "criticism"} <= names
    dev_texts = {t for s in dev if s.name not in {"c3", "c3-attack"} for t in s.texts}
    test_texts = {t for s in test if s.name in {"toxigen", "ethos", "foxnews"} for t in s.texts}
    assert not dev_texts & test_texts


def test_a_row_has_the_figures_the_table_prints():
    evalset = suite.EvalSet("hold-pool", ["a", "b", "c", "d"], [1, 1, 0, 0])
    row = suite.row_for(evalset, np.array([0.95, 0.6, 0.75, 0.1]), LEVELS)
    assert row["roc_auc"] == 0.75
    assert row["hold_recall"] == 0.5 and row["hold_precision"] == 0.5
    assert row["hateful_held"] == 0.5 and row["civil_held"] == 0.5
    assert row["accuracy_at_hold"] == 0.5
    text = suite.format_rows([row], LEVELS)
    assert "hold-pool" in text and "civil C3 50.0%" in text


def test_the_contrast_row_says_what_share_of_each_kind_is_held():
    evalset = suite.EvalSet(
        "contrast",
        ["a", "b", "c", "d"],
        [1, 1, 0, 0],
        extra={
            "categories": ["uncivil plain", "uncivil obfuscated", "civil plain", "civil plain"],
            "kinds": ["group-hate", "group-hate (obfuscated)", "report", "report"],
        },
    )
    row = suite.row_for(evalset, np.array([0.95, 0.2, 0.9, 0.1]), LEVELS)
    assert row["held_per_kind"] == {
        "group-hate": 1.0,
        "group-hate (obfuscated)": 0.0,
        "report": 0.5,
    }
    # Accuracy at hold: held for the uncivil, let through for the civil.
    assert row["per_category"] == {
        "civil plain": 0.5,
        "uncivil obfuscated": 0.0,
        "uncivil plain": 1.0,
    }
    assert "report 50%" in suite.format_rows([row], LEVELS)


def test_the_contrast_set_is_also_reported_for_the_waves_before_waves_three_and_four():
    from townsquare.civility.offline import contrast

    pats = contrast.patterns()
    waves = {p.id: p.wave for p in pats}
    items = [i for i in contrast.generate(per_pattern=2) if i.split == "test"]
    sets = {s.name: s for s in suite.contrast_sets(items, waves)}
    assert set(sets) == {"contrast", "contrast waves 1-2", "contrast waves 1-3"}
    assert len(sets["contrast"].texts) == len(items)
    earlier = [i.text for i in items if waves[i.pattern] < 3]
    assert sets["contrast waves 1-2"].texts == earlier and 0 < len(earlier) < len(items)
    assert len(sets["contrast waves 1-2"].extra["kinds"]) == len(earlier)
    three = [i.text for i in items if waves[i.pattern] < 4]
    assert sets["contrast waves 1-3"].texts == three and len(earlier) < len(three) < len(items)
    # Before wave 3 existed there is one set only; before wave 4, two.
    assert [s.name for s in suite.contrast_sets(items, dict.fromkeys(waves, 1))] == ["contrast"]
    three_waves = {pid: min(w, 3) for pid, w in waves.items()}
    assert [s.name for s in suite.contrast_sets(items, three_waves)] == [
        "contrast",
        "contrast waves 1-2",
    ]


@pytest.mark.parametrize(
    "predicted,gold,expected",
    [
        (set(), set(), 1.0),
        ({1, 2}, set(), 0.0),
        (set(), {1, 2}, 0.0),
        ({1, 2, 3, 4}, {3, 4}, 2 * 0.5 * 1.0 / 1.5),
        ({5, 6}, {5, 6}, 1.0),
    ],
)
def test_span_f1_follows_the_semeval_definition(predicted, gold, expected):
    assert span_f1(predicted, gold) == pytest.approx(expected)


def test_gold_spans_are_the_characters_half_the_raters_marked():
    comment = corpora.SpanComment(
        comment_id="1",
        text="x" * 20,
        raters=4,
        not_toxic=0.0,
        shares={},
        rater_spans=[{1, 2, 3}, {2, 3}, {3}, set()],
    )
    assert corpora.gold_span(comment) == {2, 3}


@pytest.mark.django_db  # evaluate asks the database which model is in use before anything else
def test_evaluate_suite_without_data_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no data sets"):
        call_command("civility", "evaluate", "--suite", "--data-dir", str(tmp_path / "none"))


def test_the_gab_half_counts_hate_and_calls_for_violence_not_vulgarity(tmp_path):
    import json

    folder = tmp_path / "gab-hate-corpus"
    folder.mkdir()
    rows = [
        {"Text": "an assault on dignity", "hd": 1, "cv": 0, "vo": 0},
        {"Text": "a call for violence", "hd": 0, "cv": 1, "vo": 0},
        {"Text": "merely vulgar", "hd": 0, "cv": 0, "vo": 1},
        {"Text": "nothing", "hd": 0, "cv": 0, "vo": 0},
    ]
    (folder / "test.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    evalset = suite.gab_eval_set(tmp_path, "test")
    assert evalset.labels == [1, 1, 0, 0] and evalset.texts[2] == "merely vulgar"
    assert suite.gab_eval_set(tmp_path, "dev") is None  # a half that is not there


def test_the_suite_warns_when_the_settings_hold_elsewhere_than_ship_chose():
    from townsquare.civility.api import thresholds
    from townsquare.civility.backends import shipped_model

    model = shipped_model()
    chosen = model.meta["thresholds"]
    # the settings shipped with the package are the ones `ship` chose for the shipped model
    assert suite.levels_mismatch(model.version, thresholds()) is None
    moved = {**chosen, "hold": chosen["hold"] - 0.012}
    warning = suite.levels_mismatch(model.version, moved)
    assert warning is not None and "hold" in warning and "nudge" not in warning
    assert suite.levels_mismatch("site-0123abcd", moved) is None  # a site model has its own scale


def test_a_dev_suite_reads_the_dev_fairness_sentences_only(monkeypatch, tmp_path):
    """`evaluate --suite --half dev` once read the test fairness sentences (model card, E43):
    the fairness report follows the suite's half, scored by the real shipped model."""
    from townsquare.civility.offline import fairness

    # the data sets are not what this asks about: no set, no spans
    monkeypatch.setattr(suite, "eval_sets", lambda *args, **kwargs: [])
    monkeypatch.setattr(suite, "spans_report", lambda **kwargs: {})
    dev = suite.suite_report(backend="shipped", data_dir=tmp_path, half="dev", compare=False)
    assert set(dev["fairness"]["n_neutral"].values()) == {len(fairness.DEV_FAIRNESS_TEMPLATES)}
    assert set(dev["fairness"]["n_attacks"].values()) == {len(fairness.DEV_ATTACK_TEMPLATES)}
    test = suite.suite_report(backend="shipped", data_dir=tmp_path, half="test", compare=False)
    assert set(test["fairness"]["n_neutral"].values()) == {len(fairness.FAIRNESS_TEMPLATES)}
    assert len(fairness.FAIRNESS_TEMPLATES) != len(fairness.DEV_FAIRNESS_TEMPLATES)
