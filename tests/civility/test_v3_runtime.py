"""Run-time support for a v3 artifact: the encoder window comes with the heads."""

from __future__ import annotations

import json


def test_the_shipped_encoder_window_comes_from_the_artifact_metadata(tmp_path):
    from townsquare.civility.encoder import MAX_TOKENS, artifact_window

    meta = tmp_path / "shipped.json"
    meta.write_text(json.dumps({"encoder": {"max_tokens": 128}}))
    assert artifact_window(meta) == 128
    meta.write_text(json.dumps({"version": "x"}))
    assert artifact_window(meta) == MAX_TOKENS
    assert artifact_window(tmp_path / "missing.json") == MAX_TOKENS
    # v3.6 reads the window its encoder was fine-tuned on (MODEL_CARD.md "E46"; v3-v3.5 read 96)
    assert artifact_window() == 128


def test_pieces_the_vocabulary_cannot_spell_never_reach_the_encoder():
    """An emoji reads as [UNK], which the fine-tuned encoder learned to take for hate: it is
    dropped, so "Great 👍" is read exactly as "Great" and "👍👍" as the empty text."""
    import numpy as np

    from townsquare.civility.encoder import shipped_encoder

    encoder = shipped_encoder()
    thumbs, empty, great_thumbs, great = encoder.encode(["👍👍", "", "Great 👍", "Great"])
    assert thumbs.special.all() and len(thumbs.states) == 2
    np.testing.assert_array_equal(thumbs.states, empty.states)
    np.testing.assert_array_equal(great_thumbs.states, great.states)
    assert great_thumbs.offsets == great.offsets  # no token points into the emoji
    # Without an [UNK] the pieces are the tokenizer's own.
    (plain,) = encoder.tokenizer.encode_batch(["Nobody should say that."])
    assert encoder._pieces(plain)[0] == plain.ids


def test_an_emoji_only_comment_is_not_nudged(local_model, settings):
    """With [UNK] fed to the encoder these scored 0.46-0.48, over nudge (0.45)."""
    from townsquare.civility.api import score

    reactions = ["👍", "😂😂😂", "❤️❤️", "🙄"]
    assert max(s.civility for s in score(reactions)) < settings.CIVILITY_NUDGE_THRESHOLD - 0.1
