"""``townsquare civility spelling``: a folded model that reads through dodged spellings.

The candidate is its base model unchanged (heads, lexical tier, cues) with one addition: its
encoder reads ``1d10t`` as ``idiot`` (``civility/spelling.py``), through a lexicon of the words
in the train splits of the public sets that may train the shipped model. The command builds that
lexicon, writes the candidate (``civility ship`` takes it) and measures it against its base on
the dev items ``train``'s stage 5 reads, with the release rule (``dev.json``). Nothing here reads
a test split, and nothing needs torch.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from townsquare.civility.encoder import file_digest
from townsquare.civility.model import LinearModel, weights_digest
from townsquare.civility.spelling import EMOJI_READING, SPELLING_FILE, Lexicon


def lexicon_from_training_sets(
    data_dir: Path,
    *,
    min_count: int = 3,
    tokenizer: Path | None = None,
    dictionaries: Sequence[Path] = (),
) -> Lexicon:
    """The known words: those of the public sets that may train the shipped model, train splits
    only, that occur at least ``min_count`` times (with their counts, which choose between
    readings); with ``tokenizer`` the whole words of its vocabulary (three letters or more);
    and the words of ``dictionaries`` (word lists, one word a line). Our own contrast sentences
    are left out, so the lexicon knows no word from them alone."""
    from townsquare.civility.offline import corpora

    texts = (e.text for e in corpora.shipped_examples(data_dir) if e.split == "train")
    words = vocabulary_words(tokenizer) + dictionary_words(dictionaries)
    return Lexicon.build(texts, min_count=min_count, words=words)


def dictionary_words(paths: Sequence[Path]) -> list[str]:
    """The words of word lists (such as Debian's ``wamerican``: /usr/share/dict/american-english),
    lower case, letters only: possessives ("Adam's") are left out, names are kept."""
    words: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            word = line.strip().lower()
            if word.isascii() and word.isalpha():
                words.add(word)
    return sorted(words)


def vocabulary_words(tokenizer: Path | None) -> list[str]:
    """The whole words (lower-case letters, three or more) of a WordPiece tokenizer's
    vocabulary: a dictionary of the language the encoder was trained on, names included, so a
    correct word that the comment sets rarely use ("searing") is not read as a neighbour
    ("swearing")."""
    if tokenizer is None:
        return []
    from tokenizers import Tokenizer

    vocab = Tokenizer.from_file(str(tokenizer)).get_vocab()
    return sorted(w for w in vocab if len(w) >= 3 and w.isascii() and w.isalpha() and w.islower())


def spelling_model(
    base_stem: Path, lexicon: Lexicon, out_dir: Path, *, record: dict, emoji: bool = False
) -> Path:
    """Write ``out_dir``: the base's model and encoder with ``lexicon`` beside them, named in
    its metadata (with ``emoji``, and the emoji reading), under a new version."""
    from townsquare.civility.offline.heads import write_candidate

    base = LinearModel.load(base_stem)
    if base.dense_weights is None:
        raise ValueError(f"{base.version} reads no encoder: there is no spelling to read through")
    meta = copy.deepcopy(base.meta)
    meta["encoder"] = {
        **meta.get("encoder", {}),
        "spelling": SPELLING_FILE,
        "spelling_digest": lexicon.digest(),
    }
    meta["encoder"].pop("emoji", None)
    if emoji:
        meta["encoder"]["emoji"] = EMOJI_READING
    meta["spelling"] = {"base": base.version, "words": len(lexicon), "emoji": emoji, **record}
    model = LinearModel(arrays=base.arrays(), meta=meta)
    digest = weights_digest(model.dense_weights, model.bias)
    reads = lexicon.digest()[:8] + (f"-emoji{EMOJI_READING}" if emoji else "")
    model.version = model.meta["version"] = f"spelling-{digest}-{reads}"
    write_candidate(model, base_stem.parent, out_dir, lexicon=lexicon)
    return out_dir


def spelling_run(
    base_dir: Path,
    out_dir: Path,
    *,
    data_dir: Path,
    min_count: int = 3,
    vocabulary: bool = False,
    dictionaries: Sequence[Path] = (),
    emoji: bool = False,
    contrast_waves: int = 7,
    per_pattern: int = 24,
    c3: int = 2500,
    threads: int = 0,
    log: Callable[[str], Any] = print,
    command: str = "",
) -> dict[str, Any]:
    """Build the lexicon, write the candidate, measure it and its base on dev (``dev.json``)."""
    from townsquare.civility.offline.heads import candidate_on_dev

    if min_count < 1:
        raise ValueError(f"--min-count must be at least 1, not {min_count}")

    def write(base_stem: Path) -> None:
        started = time.monotonic()
        log(f"lexicon: words of the shipped sets' train splits seen at least {min_count} times")
        tokenizer = base_stem.parent / "tokenizer.json" if vocabulary else None
        if tokenizer:
            log("  and the whole words of the encoder's vocabulary")
        missing = [str(p) for p in dictionaries if not p.is_file()]
        if missing:
            raise ValueError(
                f"no word list at {', '.join(missing)} (Debian: apt-get install wamerican wbritish "
                "wcanadian)"
            )
        for path in dictionaries:
            log(f"  and the words of {path} ({file_digest(path)})")
        lexicon = lexicon_from_training_sets(
            data_dir, min_count=min_count, tokenizer=tokenizer, dictionaries=dictionaries
        )
        log(f"  {len(lexicon)} words ({lexicon.digest()})")
        record = {
            "min_count": min_count,
            "vocabulary": vocabulary,
            "dictionaries": {str(p): file_digest(p) for p in dictionaries},
            "lexicon": lexicon.digest(),
            "seconds": round(time.monotonic() - started, 1),
            "command": command,
        }
        if emoji:
            log(f"  and emoji read as the words of their names (reading {EMOJI_READING})")
        spelling_model(base_stem, lexicon, out_dir, record=record, emoji=emoji)

    record, _ = candidate_on_dev(
        base_dir,
        out_dir,
        "spelling",
        write,
        data_dir=data_dir,
        contrast_waves=contrast_waves,
        per_pattern=per_pattern,
        c3=c3,
        threads=threads,
        log=log,
    )
    return record
