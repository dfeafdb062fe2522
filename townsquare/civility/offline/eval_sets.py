"""``civility eval-sets``: the C3 and OLID train/test halves written as CSV files."""

from __future__ import annotations

import csv
from pathlib import Path

from townsquare.civility.offline import corpora


def write_eval_sets(data_dir: Path | None, out_dir: Path) -> list[Path]:
    """C3 train/test (seeded article split) and OLID level-A train/test, as text,label CSVs."""
    data_dir = data_dir or corpora.shared_data_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    train, test = corpora.c3_split(corpora.c3_comments(data_dir))
    paths = []
    for name, part in (("c3-train.csv", train), ("c3-test.csv", test)):
        path = out_dir / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["article_id", "text", "label", "personal_attack", "toxicity_level"])
            for c in part:
                writer.writerow(
                    [c.article_id, c.text, c.uncivil, c.personal_attack, c.toxicity_level]
                )
        paths.append(path)
    olid_train, olid_test = corpora.olid_level_a(data_dir)
    for name, pairs in (("olid-train.csv", olid_train), ("olid-test.csv", olid_test)):
        path = out_dir / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", "label"])
            writer.writerows(pairs)
        paths.append(path)
    return paths
