"""``townsquare civility score|evaluate|learn|use|status|train|eval-sets``."""

from __future__ import annotations

import csv
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from townsquare.civility import evaluation, sites
from townsquare.civility.scores import ATTRIBUTES

csv.field_size_limit(sys.maxsize)


class Command(BaseCommand):
    help = "Score, evaluate, train and adapt the civility model."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)

        p = sub.add_parser("score", help="append the five attribute scores to each CSV row")
        p.add_argument("--csv", required=True, type=Path)
        p.add_argument("--text-column", default="text")
        p.add_argument("--out", required=True, type=Path)
        p.add_argument("--backend", default=None)
        p.add_argument("--batch-size", type=int, default=256)

        p = sub.add_parser("evaluate", help="ROC-AUC, AP, P/R/F1 at thresholds, curves PNG")
        p.add_argument("--csv", required=True, type=Path)
        p.add_argument("--text-column", default="text")
        p.add_argument("--label-column", default="label")
        p.add_argument(
            "--attack-column",
            default=None,
            help="optional 0/1 personal-attack column, scored by the insult attribute",
        )
        p.add_argument("--backend", default=None)
        p.add_argument("--png", type=Path, default=None)
        p.add_argument(
            "--compare",
            action="store_true",
            help="also score with alt-profanity-check (train extra) in the same run",
        )

        p = sub.add_parser("learn", help="train a site model; activate it if it beats shipped")
        src = p.add_mutually_exclusive_group(required=True)
        src.add_argument("--csv", type=Path)
        src.add_argument("--from-decisions", action="store_true")
        p.add_argument("--text-column", default="text")
        p.add_argument("--label-column", default="label")
        p.add_argument("--folds", type=int, default=5)
        p.add_argument("--limit", type=int, default=None, help="max examples per class")
        p.add_argument("--force", action="store_true", help="activate even if not better")

        p = sub.add_parser("use", help="switch the local backend between shipped and site")
        p.add_argument("which", choices=["shipped", "site"])
        p.add_argument("--version", default=None, help="a site model version (default newest)")

        p = sub.add_parser("train", help="retrain the shipped model from ../shared/data")
        p.add_argument("--data-dir", type=Path, default=None)
        p.add_argument("--out-dir", type=Path, default=None)

        p = sub.add_parser(
            "eval-sets", help="write C3 (article-grouped split) and OLID level-A train/test CSVs"
        )
        p.add_argument("--data-dir", type=Path, default=None)
        p.add_argument("--out-dir", type=Path, required=True)

        sub.add_parser("status", help="which model is in use, and the site versions on disk")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        getattr(self, f"do_{action}")(options)

    # -- score --------------------------------------------------------------------------------
    def do_score(self, options: dict[str, Any]) -> None:
        rows, fields = _read_csv(options["csv"], options["text_column"])
        texts = [row[options["text_column"]] for row in rows]
        scores = evaluation.score_texts(
            texts, backend=options["backend"], batch_size=options["batch_size"]
        )
        options["out"].parent.mkdir(parents=True, exist_ok=True)
        with options["out"].open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[*fields, *ATTRIBUTES])
            writer.writeheader()
            for row, result in zip(rows, scores, strict=True):
                writer.writerow({**row, **{a: f"{getattr(result, a):.4f}" for a in ATTRIBUTES}})
        model = scores[0].model if scores else "-"
        self.stdout.write(f"scored {len(rows)} rows with {model}; wrote {options['out']}")

    # -- evaluate -----------------------------------------------------------------------------
    def do_evaluate(self, options: dict[str, Any]) -> None:
        rows, _ = _read_csv(options["csv"], options["text_column"], options["label_column"])
        texts = [row[options["text_column"]] for row in rows]
        labels = [_label(row[options["label_column"]]) for row in rows]
        attack = None
        if options["attack_column"]:
            attack = [_label(row[options["attack_column"]]) for row in rows]
        png = options["png"] or options["csv"].with_name(options["csv"].stem + "-civility.png")
        report = evaluation.evaluate(
            texts,
            labels,
            attack_labels=attack,
            backend=options["backend"],
            png=png,
            compare=options["compare"],
        )
        self.stdout.write(evaluation.format_report(report))

    # -- learn --------------------------------------------------------------------------------
    def do_learn(self, options: dict[str, Any]) -> None:
        if options["from_decisions"]:
            # The civility app knows nothing of moderation: the site's decisions come from the
            # function the settings name (moderation's, in Townsquare).
            from django.conf import settings
            from django.utils.module_loading import import_string

            decisions = import_string(settings.CIVILITY_DECISIONS_SOURCE)
            pairs = decisions(limit=options["limit"])
            source = "decisions"
        else:
            text_col, label_col = options["text_column"], options["label_column"]
            rows, _ = _read_csv(options["csv"], text_col, label_col)
            pairs = [(row[text_col], _label(row[label_col])) for row in rows]
            source = str(options["csv"])
        try:
            outcome = evaluation.learn(
                pairs, folds=options["folds"], force=options["force"], source=source
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(evaluation.format_learn(outcome))

    # -- use / status -------------------------------------------------------------------------
    def do_use(self, options: dict[str, Any]) -> None:
        try:
            active = sites.activate(options["which"], options["version"])
        except sites.NoSiteModel as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"civility model in use: {active['use']} {active.get('site') or ''}")

    def do_status(self, options: dict[str, Any]) -> None:
        from townsquare.civility.api import active_model_version

        active = sites.read_active()
        self.stdout.write(f"in use: {active['use']} ({active_model_version()})")
        for version in sites.site_versions():
            self.stdout.write(f"  site model on disk: {version}")

    # -- train / c3-split ---------------------------------------------------------------------
    def do_train(self, options: dict[str, Any]) -> None:
        try:
            path = evaluation.train_shipped_artifact(
                data_dir=options["data_dir"], out_dir=options["out_dir"]
            )
        except ImportError as exc:
            raise CommandError(
                f"{exc}: install the training extra: pip install '.[train]'"
            ) from exc
        self.stdout.write(f"wrote {path}.npz and .json; update MODEL_CARD.md with `evaluate`")

    def do_eval_sets(self, options: dict[str, Any]) -> None:
        for path in evaluation.write_eval_sets(options["data_dir"], options["out_dir"]):
            self.stdout.write(f"wrote {path}")


def _read_csv(path: Path, *required: str) -> tuple[list[dict[str, str]], list[str]]:
    if not path.exists():
        raise CommandError(f"no such file: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        missing = [c for c in required if c not in fields]
        if missing:
            raise CommandError(f"{path} has no column {', '.join(missing)} (columns: {fields})")
        return list(reader), fields


def _label(value: str) -> int:
    value = value.strip().lower()
    if value in {"1", "1.0", "true", "yes", "off", "toxic", "uncivil"}:
        return 1
    if value in {"0", "0.0", "false", "no", "not", "civil", ""}:
        return 0
    raise CommandError(f"label {value!r} is not 0/1")
