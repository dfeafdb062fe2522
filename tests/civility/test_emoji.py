"""Emoji read as the words of their names, for the encoder (spelling.read_emoji, E27)."""

from __future__ import annotations

import numpy as np
import pytest

from townsquare.civility.encoder import ARTIFACTS_DIR, Encoder, encoder_for
from townsquare.civility.model import LinearModel
from townsquare.civility.spelling import EMOJI_READING, emoji_words, normalise, read_emoji


def read(text: str) -> str:
    return " ".join(normalise(text, None, emoji=True).text.split())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("They are all 🐀", "They are all rat"),
        ("I will 🔪 you", "I will knife you"),  # HOCHO
        ("Great save 😂👍", "Great save tears joy thumbs up"),
        ("❤️ this town", "heart this town"),  # HEAVY BLACK HEART: no colour
        ("⭐⭐⭐", "star star star"),  # WHITE MEDIUM STAR: no colour, no size
        ("Go team 🇨🇦", "Go team flag"),
        ("👍🏿👍🏻", "thumbs up thumbs up"),  # skin tones are never read
        ("🤦‍♀️", "palm female"),  # a joined sequence reads as its parts
        ("well done🎉", "well done party popper"),  # glued to a word
    ],
)
def test_an_emoji_is_read_as_the_words_of_its_name(typed, meant):
    assert read(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "The council meets at 7pm, £4.50 entry, 25°C outside © 2026 → page 2 ½ price",
        "Café crème and naïve jalapeño",
        "The vote was 7–3 (“a landslide”).",
    ],
)
def test_text_without_emoji_is_left_as_typed(text):
    assert normalise(text, None, emoji=True).text == text
    assert not read_emoji(text)


def test_no_skin_tone_or_colour_word_reaches_the_encoder():
    for emoji in ("👋🏻", "👋🏿", "❤️", "🖤", "🤍", "⬛", "⚪"):
        words = read(emoji).split()
        assert not {"black", "white", "type", "fitzpatrick"} & set(words), (emoji, words)
    assert read("👋🏿") == read("👋🏻") == "waving hand"
    assert emoji_words("\u2764") == "heart"  # HEAVY BLACK HEART
    assert emoji_words("\ue000") == ""  # a code point with no name reads nothing


def test_every_character_of_an_emoji_reading_points_back_at_the_emoji():
    text = "Those people are 🐒🐒, send them back"
    reading = normalise(text, None, emoji=True)
    at = reading.text.index("monkey")
    start, end = reading.span(at, at + len("monkey"))
    assert text[start:end] == "🐒"
    tail = reading.text.index("send")
    assert text[slice(*reading.span(tail, tail + 4))] == "send"


def test_a_wall_of_emoji_is_read_only_so_far():
    reading = normalise("🐀" * 5000, None, emoji=True)
    assert reading.text.count("rat") == 200


def test_the_encoder_reads_an_emoji_as_its_words_and_points_at_the_emoji():
    reading = Encoder(max_tokens=96, threads=1, emoji=True)
    plain = Encoder(max_tokens=96, threads=1)
    (emoji,) = reading.encode(["I will 🔪 you"])
    (words,) = plain.encode(["I will  knife  you"])
    np.testing.assert_array_equal(emoji.states, words.states)
    assert any("I will 🔪 you"[s:e] == "🔪" for s, e in emoji.offsets)
    assert reading.states_key.endswith(f"-emoji{EMOJI_READING}")
    assert reading.states_key != plain.states_key
    (same,) = reading.encode(["The ferry runs at noon."])
    (typed,) = plain.encode(["The ferry runs at noon."])
    np.testing.assert_array_equal(same.states, typed.states)


def test_a_model_that_names_the_emoji_reading_gets_an_encoder_that_reads_them(tmp_path):
    from townsquare.civility.offline import spelling_run, training
    from townsquare.civility.spelling import Lexicon

    lexicon = Lexicon.build(["the council should fix the road"] * 3, min_count=3)
    out = spelling_run.spelling_model(
        ARTIFACTS_DIR / "shipped", lexicon, tmp_path / "emoji", record={}, emoji=True
    )
    model = LinearModel.load(out / "candidate")
    assert model.meta["encoder"]["emoji"] == EMOJI_READING
    assert model.version.endswith(f"-emoji{EMOJI_READING}")
    encoder = encoder_for(model.meta, out)
    assert encoder.emoji and encoder.spelling is not None
    text = "Those people are 🐀🐀"
    with_emoji = model.chunk_scores(text, encoder.encode([text])[0]).logits
    without = {
        **model.meta,
        "encoder": {k: v for k, v in model.meta["encoder"].items() if k != "emoji"},
    }
    blind = encoder_for(without, out)
    assert not blind.emoji
    as_unknown = model.chunk_scores(text, blind.encode([text])[0]).logits
    identity = model.heads.index("identity_attack")
    assert with_emoji[identity] > as_unknown[identity]  # read as "rat", it reads as hate does
    # the shipped version names the reading; a reading this package lacks is refused
    model.meta["created"] = "2026-12-07T00:00:00Z"
    other = LinearModel(arrays=model.arrays(), meta={**model.meta, "encoder": without["encoder"]})
    assert training.shipped_version(model) != training.shipped_version(other)
    future = {**model.meta, "encoder": {**model.meta["encoder"], "emoji": EMOJI_READING + 1}}
    with pytest.raises(ValueError, match="reads emoji with reading"):
        encoder_for(future, out)


def test_the_emoji_probes_are_split_by_pattern_half_and_half_and_balanced():
    from townsquare.civility.offline import emoji_probes

    items = emoji_probes.generate()
    assert items == emoji_probes.generate()  # deterministic
    sides: dict[str, set[str]] = {}
    for item in items:
        sides.setdefault(item.pattern, set()).add(item.split)
        assert read_emoji(item.text), item.text  # every probe carries an emoji
    assert all(len(s) == 1 for s in sides.values())  # a pattern lies on one side only
    for kind, (label, pats) in emoji_probes.KINDS.items():
        dev = {p for p, s in sides.items() if p.startswith(f"{kind}-") and s == {"dev"}}
        test = {p for p, s in sides.items() if p.startswith(f"{kind}-") and s == {"test"}}
        assert len(dev) == len(test) == len(pats) // 2
        assert {i.label for i in items if i.kind == kind} == {label}
    labels = [i.label for i in items]
    assert labels.count(0) == labels.count(1)
    with pytest.raises(ValueError, match="per-pattern"):
        emoji_probes.generate(per_pattern=0)


def test_the_suite_reports_each_emoji_kind_held():
    from townsquare.civility.offline import suite

    evalset = suite.emoji_probe_set(None, "test")
    assert evalset.name == "emoji probes" and len(evalset.texts) == 144
    scores = np.asarray([0.9 if label else 0.1 for label in evalset.labels])
    row = suite.row_for(evalset, scores, {"nudge": 0.4, "hold": 0.6, "reject": 0.9})
    assert row["held_per_kind"]["emoji-threat"] == 1.0
    assert row["held_per_kind"]["emoji-warm"] == 0.0
