"""``townsquare scoring-calibrate``: fit and ship the map onto Perspective's scale.

Scores wikipedia-cat's dev and test splits with the shipped model (progress on stderr), fits the
monotone map on dev, reports on test, and writes ``townsquare/scoring/artifacts/
perspective-map.json`` (the shipped artifact) and ``perspective-map.png``.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from townsquare import civility
from townsquare.civility.offline import corpora
from townsquare.scoring import calibrate, scale


class Command(BaseCommand):
    help = "Fit the map from our scores onto Perspective's scale (wikipedia-cat) and ship it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=None, help="default ../shared/data")
        parser.add_argument(
            "--out",
            type=Path,
            default=scale.MAP_PATH,
            help="where to write the map (default: the one the package ships)",
        )
        parser.add_argument("--png", type=Path, default=None, help="default next to --out")

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = options["data_dir"] or corpora.shared_data_dir()
        if not (data_dir / calibrate.DATASET).is_dir():
            raise CommandError(f"{data_dir / calibrate.DATASET} not found: pass --data-dir")
        out: Path = options["out"]
        png = options["png"] or out.with_suffix(".png")
        version = civility.active_model_version(backend="shipped")

        def score(texts: list[str]) -> list[float]:
            return [s.civility for s in civility.score(texts, backend="shipped")]

        artifact = calibrate.fit(
            data_dir,
            score=score,
            model_version=version,
            progress=lambda line: self.stderr.write(line),
            png=png,
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(artifact, indent=1) + "\n")
        scale.perspective_map.cache_clear()
        test = artifact["test"]
        self.stdout.write(f"map written to {out} (plot: {png}); model {version}")
        self.stdout.write(
            f"test split, {test['n']} comments: MAE raw {test['mae_raw']} -> mapped "
            f"{test['mae_mapped']}; Spearman {test['spearman']}"
        )
        self.stdout.write("threshold  Perspective  ours raw  ours mapped  recall  precision")
        for t, row in test["shares"].items():
            self.stdout.write(
                f"{t:>9}  {row['perspective']:>11.4f}  {row['ours_raw']:>8.4f}  "
                f"{row['ours_mapped']:>11.4f}  {row['recall_of_perspective']:>6.3f}  "
                f"{row['precision_vs_perspective']:>9.3f}"
            )
