"""Reading through dodged spellings (civility/spelling.py), the encoder that does it, and the
``civility spelling`` command that makes such a candidate."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from townsquare.civility.encoder import ARTIFACTS_DIR, Encoder, encoder_for
from townsquare.civility.model import LinearModel
from townsquare.civility.spelling import (
    SPELLING_FILE,
    Lexicon,
    find_rewrites,
    normalise,
    read_word,
)

# Our own sentences: the words a small lexicon knows, each seen often enough to count.
KNOWN = (
    "you are an idiot and a moron , stop this nonsense . the council should fix the road . "
    "i will stab you . what a lovely harbour walk , thanks for the article about the ferry . "
    "our neighbours are welcome here . shit happens . kiss my ass . fuck off . "
    "email us about the school budget . she is as good as it gets . "
)
LEXICON = Lexicon.build([KNOWN] * 3, min_count=3)


def read(text: str) -> str:
    return normalise(text, LEXICON).text


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("You are an 1d10t.", "You are an idiot."),  # look-alike digits
        ("what a m0r0n", "what a moron"),
        ("f*ck off", "fuck off"),  # a masked vowel
        ("kiss my @ss", "kiss my ass"),  # a symbol for a letter
        ("sh!t happens", "shit happens"),
        ("I will st@b you", "I will stab you"),
        ("you id-iot", "you idiot"),  # a separator inside the word
        ("you i.d.i.o.t!", "you idiot!"),
        ("you are an i d i o t", "you are an idiot"),  # letters spread out
        ("you idi ot", "you idiot"),  # one word split in two
        ("you idiiot", "you idiot"),  # a doubled letter
        ("you idoit", "you idiot"),  # two letters swapped
        ("you idot", "you idiot"),  # one left out
        ("our nieghbours are welcome", "our neighbours are welcome"),  # civil words too
    ],
)
def test_a_dodged_word_is_read_as_the_known_word_it_stands_for(typed, meant):
    assert read(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "I was 1 of 3 people at 5pm on the 10th, in the 1990s.",  # numbers stay numbers
        "Email me at john@example.com or see https://example.com/a-b_c.",
        "The U.S. and the U.K. signed at 9 a.m.",  # abbreviations are not "us" or "uk"
        "a b c",  # a list of letters spells no known word
        "The council should fix the road.",  # known words are left alone
        "Zbigniew wrote #localnews",  # an unknown name with no known word one edit away
        "It cost $1.4 billion, $10.8 a head, 700+ of them, h8 or not.",  # prices, counts, too short
    ],
)
def test_ordinary_text_is_left_as_typed(text):
    reading = normalise(text, LEXICON)
    assert reading.text == text and reading.rewrites == ()
    assert reading.span(3, 7) == (3, 7)  # no rewrite, no map: every span is itself


def test_a_huge_word_is_not_read_and_only_the_first_words_are():
    from townsquare.civility.spelling import MAX_WORDS

    # a 20 KB "aaaa…" has half a million one-letter neighbours: it is left as typed
    assert normalise("a" * 20_000, LEXICON).rewrites == ()
    # the encoder reads only the first word pieces; words past MAX_WORDS are not looked at
    reading = normalise(" ".join(["1d10t"] * (MAX_WORDS + 100)), LEXICON)
    assert len(reading.rewrites) == MAX_WORDS
    assert reading.text.startswith("idiot idiot") and reading.text.endswith("1d10t 1d10t")


def test_every_character_of_the_reading_points_back_into_the_text_typed():
    text = "So, you 1d10t: i d i o t and idi ot!"
    reading = normalise(text, LEXICON)
    assert reading.text == "So, you idiot: idiot and idiot!"
    start = reading.text.index("idiot")
    assert text[slice(*reading.span(start, start + 5))] == "1d10t"
    second = reading.text.index("idiot", start + 1)
    assert text[slice(*reading.span(second, second + 5))] == "i d i o t"
    third = reading.text.rindex("idiot")
    assert text[slice(*reading.span(third, third + 5))] == "idi ot"
    assert text[slice(*reading.span(0, 3))] == "So,"  # untouched text maps onto itself
    assert reading.span(0, 0) == (0, 0)  # [CLS] and [SEP] offsets stay empty
    assert [text[s:e] for s, e, _ in reading.rewrites] == ["1d10t", "i d i o t", "idi ot"]


def test_the_most_frequent_known_word_wins_and_nothing_is_read_into_a_known_word():
    lexicon = Lexicon({"bin": 2, "bit": 9, "it": 5})
    assert read_word("b1t", lexicon) == "bit"  # "1" reads as i or l: only "bit" is known
    assert read_word("bin", lexicon) is None  # known as typed
    assert read_word("b!n", lexicon) == "bin"
    assert find_rewrites("b i t", lexicon) == [(0, 5, "bit")]


def test_a_lexicon_keeps_words_seen_often_enough_and_saves_to_the_same_bytes(tmp_path):
    lexicon = Lexicon.build(["Moron moron MORON idiot", "idiot, 1d10t"], min_count=2)
    assert lexicon.counts == {"moron": 3, "idiot": 2}  # letters only, lower case
    first, second = tmp_path / "a.txt.gz", tmp_path / "b.txt.gz"
    lexicon.save(first)
    Lexicon.load(first).save(second)
    assert first.read_bytes() == second.read_bytes()
    assert Lexicon.load(first).digest() == lexicon.digest()
    assert Lexicon({"moron": 3}).digest() != lexicon.digest()
    # dictionary words are known however rarely seen; the corpus count is kept where there is one
    fuller = Lexicon.build(["Moron moron MORON idiot", "idiot, 1d10t"], words=["idiot", "searing"])
    assert fuller.counts == {"moron": 3, "idiot": 2, "searing": 1}


def test_dictionaries_and_the_encoder_vocabulary_give_lower_case_words(tmp_path):
    from townsquare.civility.offline import spelling_run

    wordlist = tmp_path / "words"
    wordlist.write_text("Adam's\nMoran\nnaïve\nsearing\n\nco-op\n", encoding="utf-8")
    assert spelling_run.dictionary_words([wordlist]) == ["moran", "searing"]
    vocabulary = spelling_run.vocabulary_words(ARTIFACTS_DIR / "tokenizer.json")
    assert "idiot" in vocabulary and "the" in vocabulary
    assert all(len(w) >= 3 and w.isalpha() and w.islower() for w in vocabulary)
    assert spelling_run.vocabulary_words(None) == []


def test_the_encoder_reads_a_dodged_word_as_the_word_and_points_at_what_was_typed():
    plain = Encoder(max_tokens=96, threads=1)
    reading = Encoder(max_tokens=96, threads=1, spelling=LEXICON)
    (dodged,) = reading.encode(["You are an 1d10t."])
    (spelt,) = plain.encode(["You are an idiot."])
    # the same word pieces, so the same states ...
    np.testing.assert_array_equal(dodged.states, spelt.states)
    # ... but the token offsets lie in the text as typed
    text = "You are an 1d10t."
    assert any(text[s:e] == "1d10t" for s, e in dodged.offsets)
    assert reading.states_key != plain.states_key  # caches keep the two readings apart
    (same,) = reading.encode(["The council should fix the road."])
    (as_typed,) = plain.encode(["The council should fix the road."])
    np.testing.assert_array_equal(same.states, as_typed.states)


def test_a_word_read_from_several_chunks_shares_its_score_between_them_exactly():
    model = LinearModel.load(ARTIFACTS_DIR / "shipped")
    text = "you are an i d i o t"
    encoded = Encoder(max_tokens=96, threads=1, spelling=LEXICON).encode([text])[0]
    result = model.chunk_scores(text, encoded)
    per_token = (encoded.states @ model.dense_weights) / len(encoded.states)
    joined = [t for t, (s, e) in enumerate(encoded.offsets) if text[s:e] == "i d i o t"]
    assert len(joined) == 1
    # the five letter chunks each hold a fifth of the joined token's share ...
    lexical = model.lexical_part(text)[1]
    letters = range(3, 8)
    share = per_token[joined[0]] / 5
    np.testing.assert_allclose(
        result.contributions[list(letters)] - lexical[3:8],
        share[None, :].repeat(5, axis=0),
        rtol=1e-5,
        atol=1e-6,
    )
    # ... and the logit is still the sum of its parts
    specials = per_token[encoded.special].sum(axis=0)
    np.testing.assert_allclose(
        result.linear_logits, model.bias + specials + result.contributions.sum(axis=0), rtol=1e-5
    )


def test_a_model_names_its_lexicon_and_the_encoder_for_it_reads_through_spelling(tmp_path):
    from townsquare.civility.offline import spelling_run

    out = spelling_run.spelling_model(
        ARTIFACTS_DIR / "shipped", LEXICON, tmp_path / "spelling", record={"min_count": 3}
    )
    model = LinearModel.load(out / "candidate")
    base = LinearModel.load(ARTIFACTS_DIR / "shipped")
    assert model.meta["encoder"]["spelling"] == SPELLING_FILE
    assert model.meta["encoder"]["spelling_digest"] == LEXICON.digest()
    assert model.meta["spelling"]["base"] == base.version
    assert model.version.startswith("spelling-") and model.version != base.version
    np.testing.assert_array_equal(model.dense_weights, base.dense_weights)  # heads unchanged
    assert Lexicon.load(out / SPELLING_FILE).counts == LEXICON.counts
    encoder = encoder_for(model.meta, out)
    assert encoder.spelling is not None and encoder.max_tokens == base.meta["encoder"]["max_tokens"]
    as_typed = {**base.meta, "encoder": {"max_tokens": base.meta["encoder"]["max_tokens"]}}
    assert encoder_for(as_typed, ARTIFACTS_DIR).spelling is None  # a model that names none
    text = "You are an 1d10t."
    dodged = model.chunk_scores(text, encoder.encode([text])[0]).logits
    typed = model.chunk_scores(text, encoder_for(as_typed, ARTIFACTS_DIR).encode([text])[0])
    assert dodged.max() > typed.logits.max()  # read as "idiot", it scores as an insult does


def test_shipping_a_spelling_model_ships_its_lexicon_and_versions_it(
    tmp_path, shared_data, restore_encoder
):
    from townsquare.civility.offline import spelling_run, training
    from townsquare.civility.offline.ship import ship_candidate

    candidate = spelling_run.spelling_model(
        ARTIFACTS_DIR / "shipped", LEXICON, tmp_path / "spelling", record={}
    )
    out = tmp_path / "artifacts"
    out.mkdir()
    (out / SPELLING_FILE).write_text("stale")  # shipping a model that names none removes it
    stem = ship_candidate(candidate, data_dir=shared_data, out_dir=out, log=lambda _: None)
    meta = json.loads(stem.with_suffix(".json").read_text())
    assert meta["encoder"]["spelling"] == SPELLING_FILE
    assert Lexicon.load(out / SPELLING_FILE).digest() == meta["encoder"]["spelling_digest"]
    model = LinearModel.load(stem)
    without = LinearModel(arrays=model.arrays(), meta=json.loads(json.dumps(model.meta)))
    del without.meta["encoder"]["spelling_digest"]
    assert training.shipped_version(model) != training.shipped_version(without)


def test_civility_spelling_writes_a_candidate_and_its_dev_check(tmp_path, shared_data):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from townsquare.civility.offline import pipeline

    out = tmp_path / "spelling"
    printed = StringIO()
    call_command(
        "civility",
        "spelling",
        "--data-dir",
        str(shared_data),
        "--out",
        str(out),
        "--per-pattern",
        "1",
        "--c3",
        "300",
        verbosity=0,
        stdout=printed,
    )
    record = json.loads((out / "dev.json").read_text())
    assert record["base"]["n_c3"] == record["spelling"]["n_c3"] == 300
    assert record["base"]["n_contrast"] == record["spelling"]["n_contrast"] > 0
    assert record["refused"] == pipeline.release_check(record["spelling"], record["base"])
    verdict = "is refused on dev" if record["refused"] else "passes the release rule"
    assert verdict in printed.getvalue().splitlines()[-1]
    meta = json.loads((out / "candidate.json").read_text())
    shipped = json.loads((ARTIFACTS_DIR / "shipped.json").read_text())
    assert meta["spelling"]["base"] == shipped["version"]  # the package's model by default
    assert meta["spelling"]["min_count"] == 3 and meta["spelling"]["words"] > 10_000
    assert (out / SPELLING_FILE).exists()
    with pytest.raises(CommandError, match="no word list at"):
        call_command(
            "civility", "spelling", "--out", str(out), "--dictionary", str(tmp_path / "none"),
            "--data-dir", str(shared_data),
        )  # fmt: skip
    with pytest.raises(CommandError, match="min-count"):
        call_command(
            "civility", "spelling", "--out", str(out), "--min-count", "0",
            "--data-dir", str(shared_data),
        )  # fmt: skip


def test_the_lexicon_is_built_from_the_train_splits_of_the_shipped_sets_only(shared_data):
    from townsquare.civility.offline import corpora, spelling_run

    lexicon = spelling_run.lexicon_from_training_sets(shared_data, min_count=3)
    dev_only = Lexicon.build(
        (e.text for e in corpora.shipped_examples(shared_data) if e.split != "train"), min_count=1
    )
    assert "idiot" in lexicon and "1d10t" not in lexicon
    # some word seen only outside the train splits is not known
    assert any(w not in lexicon for w in dev_only.counts)
    assert all(w.isalpha() and w == w.lower() for w in list(lexicon.counts)[:1000])


def test_a_base_without_an_encoder_is_refused(tmp_path):
    from townsquare.civility.offline import spelling_run

    with pytest.raises(ValueError, match="no model"):
        spelling_run.spelling_run(tmp_path, tmp_path / "out", data_dir=Path("."))
