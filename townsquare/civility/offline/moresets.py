"""Readers for the permissive sets that ``corpora.py`` does not read yet (fine-tuning only).

- ``hatemoji-build`` (CC BY 4.0): adversarial hateful / not-hateful statements, each original
  paired with a minimal contrast perturbation. The set's own train / validation / test files
  are our train / dev / test (a pair is never split: the set keeps pairs inside one file).
  Hateful: toxicity = identity_attack = 1, threat = 1 for its "threatening language" type;
  not hateful: all five 0.
- ``wiki-toxicity-identity-fuzzed`` (data CC BY 4.0, text CC BY-SA 3.0): Wikipedia talk
  comments and the same comments with identity terms swapped, label unchanged. Split by
  revision id with ``corpora.split_of`` (a comment and its swapped copy stay together); rows
  whose text is also in ``wikipedia-cat`` are dropped. Toxic: toxicity 1, insult / threat /
  obscene by the same weak cues as ``wikipedia-cat``, identity_attack unlabelled; not toxic:
  all five 0.
"""

from __future__ import annotations

import csv
from pathlib import Path

from townsquare.civility.offline import corpora
from townsquare.civility.offline.corpora import Example
from townsquare.civility.scores import ATTRIBUTES

HATEMOJI_SPLITS = {"train": "train", "validation": "dev", "test": "test"}


def hatemoji_examples(data_dir: Path) -> list[Example]:
    out = []
    for name, split in HATEMOJI_SPLITS.items():
        path = data_dir / "hatemoji-build" / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                hateful = row["label_gold"] == "1"
                if hateful:
                    threat = 1.0 if "threat" in row["type"] else 0.0
                    targets = {"toxicity": 1.0, "identity_attack": 1.0, "threat": threat}
                    weights = dict.fromkeys(targets, 1.0)
                    kind = "threat" if threat else "hate"
                else:
                    targets = dict.fromkeys(ATTRIBUTES, 0.0)
                    weights = dict.fromkeys(ATTRIBUTES, 1.0)
                    kind = "neutral"
                out.append(
                    Example(
                        text=row["text"],
                        source="hatemoji-build",
                        targets={a: targets.get(a, 0.0) for a in ATTRIBUTES},
                        weights={a: weights.get(a, 0.0) for a in ATTRIBUTES},
                        group=row.get("matched_id") or row["entry_id"],
                        split=split,
                        kind=kind,
                    )
                )
    return out


def wiki_fuzzed_examples(data_dir: Path, *, exclude: set[str] | None = None) -> list[Example]:
    folder = data_dir / "wiki-toxicity-identity-fuzzed"
    exclude = exclude or set()
    out = []
    seen: set[str] = set()
    for name in ("toxicity_nonfuzzed_testset.csv", "toxicity_fuzzed_testset.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = row["comment"].strip()
                if not text or text in exclude or text in seen:
                    continue
                seen.add(text)
                toxic = row["toxic"] == "True"
                if toxic:
                    targets = corpora._attribute_targets(text, 1.0)
                    weights = {"toxicity": 1.0, "insult": 0.3, "threat": 0.3, "obscene": 0.3}
                else:
                    targets = dict.fromkeys(ATTRIBUTES, 0.0)
                    weights = dict.fromkeys(ATTRIBUTES, 1.0)
                out.append(
                    Example(
                        text=text,
                        source="wiki-toxicity-identity-fuzzed",
                        targets={a: float(targets.get(a, 0.0)) for a in ATTRIBUTES},
                        weights={a: float(weights.get(a, 0.0)) for a in ATTRIBUTES},
                        group=row["rev_id"],
                        split=corpora.split_of("wiki-toxicity-identity-fuzzed", row["rev_id"]),
                        kind="toxic" if toxic else "civil",
                    )
                )
    return out


FINETUNE_EXTRA_SETS = ("hatemoji-build", "wiki-toxicity-identity-fuzzed")


def extra_examples(data_dir: Path, known: list[Example]) -> list[Example]:
    """Both sets, the fuzzed comments deduplicated against ``wikipedia-cat`` by text."""
    wiki = {e.text.strip() for e in known if e.source == "wikipedia-cat"}
    return hatemoji_examples(data_dir) + wiki_fuzzed_examples(data_dir, exclude=wiki)
