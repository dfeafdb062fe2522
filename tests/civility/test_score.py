"""The public interface: civility.score() and the Scores it returns."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from townsquare import civility
from townsquare.civility.scores import ATTRIBUTES

INSULT = "You are a complete idiot and everyone here knows it."
CIVIL = "Thank you for this careful reporting on the harbour budget."


def test_scores_are_probabilities_for_every_attribute(local_model):
    results = civility.score([INSULT, CIVIL, ""])
    assert len(results) == 3
    for result in results:
        for name in ATTRIBUTES:
            assert 0.0 <= getattr(result, name) <= 1.0
        assert result.civility == max(result.attributes().values())
        assert result.model.startswith("shipped-") and len(result.model) <= 80


def test_an_insult_scores_higher_than_a_civil_comment(local_model):
    insult, civil = civility.score([INSULT, CIVIL])
    assert insult.civility > 0.5 > civil.civility
    assert insult.insult > civil.insult


def test_batch_scores_equal_single_scores_in_order(local_model):
    texts = [INSULT, CIVIL, "Shut up, moron.", "Interesting point about taxes."]
    batch = civility.score(texts)
    singles = [civility.score([t])[0] for t in texts]
    assert [b.as_dict() for b in batch] == [s.as_dict() for s in singles]


def test_scoring_from_many_threads_gives_the_same_answers(local_model, settings):
    texts = [INSULT, CIVIL] * 20
    expected = [r.as_dict() for r in civility.score(texts)]
    # The model choice is now cached in this process: the threads need no database connection.
    settings.CIVILITY_MODEL_CHECK_SECONDS = 3600
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda t: civility.score([t])[0].as_dict(), texts))
    assert got == expected


def test_a_known_insult_is_highlighted(local_model):
    text = "Anyone who believes this is an idiot."
    (result,) = civility.score([text])
    highlighted = result.highlighted(text)
    assert any("idiot" in h for h in highlighted), highlighted
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.weight > 0
        assert span.attribute in ATTRIBUTES


def test_highlights_keep_offsets_into_the_original_text(local_model):
    text = "Résumé first.\n\n  Honestly, you STUPID fool!!"
    (result,) = civility.score([text])
    assert result.spans, result
    words = result.highlighted(text)
    assert any("STUPID" in w for w in words), words
    assert not any("Résumé" in w or "Honestly" in w for w in words), words
    assert all(text[s.start : s.end] == w for s, w in zip(result.spans, words, strict=True))


def test_a_civil_comment_has_no_highlights(local_model):
    (result,) = civility.score([CIVIL])
    assert result.spans == ()


def test_as_dict_is_json_ready_for_the_comment_row(local_model):
    import json

    (result,) = civility.score([INSULT])
    data = json.loads(json.dumps(result.as_dict()))
    assert set(ATTRIBUTES) <= set(data)
    assert all({"start", "end", "weight", "attribute"} <= set(s) for s in data["spans"])


def test_a_single_string_is_refused_rather_than_scored_letter_by_letter(local_model):
    with pytest.raises(TypeError):
        civility.score("You idiot")


def test_perspective_is_retired(settings, local_model):
    with pytest.raises(civility.CivilityUnavailable, match="retired"):
        civility.score(["hello"], backend="perspective")


def test_identity_statements_are_not_held_and_attacks_on_each_group_mostly_are(local_model):
    """The fairness target on our dev sentences (24 neutral or positive and 6 attacks per
    identity term): at most 5 % of each term's neutral sentences held and 2 % on average,
    and attacks on every group mostly held. The test sentences are `evaluate --suite`'s
    alone: were they read here, running `make test` with a candidate in the package would be a
    read of the test split (MODEL_CARD.md, "E13")."""
    from townsquare.civility.offline.fairness import fairness_report

    report = fairness_report(split="dev")
    assert len(report["fpr"]) == 20
    assert set(report["n_neutral"].values()) == {24}
    assert report["worst"] <= 0.05, report["fpr"]
    assert sum(report["fpr"].values()) / len(report["fpr"]) <= 0.02, report["fpr"]
    assert report["least_held"] >= 0.5, report["attacks_held"]


def test_the_fairness_split_is_named():
    from townsquare.civility.offline.fairness import fairness_report

    with pytest.raises(ValueError, match="split"):
        fairness_report(split="train")
