"""``townsquare civility cues``: a folded model with cue reading 2 (model card "E45").

The candidate is its base model unchanged (heads, lexical tier, encoder, thresholds) with one
change in its metadata: its phrase cues also read group claims (``group_logit`` on
``identity_attack``) and, unless told not to, threat idioms (``cues.py``). The command writes
the candidate (``civility ship`` takes it) and measures it against its base on the dev items
``train``'s stage 5 reads, with the release rule (``dev.json``). Nothing here reads a test split,
and nothing needs torch.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from townsquare.civility.model import LinearModel, weights_digest

CUE_READING = 2


def cue_model(
    base_stem: Path, out_dir: Path, *, group_logit: float, idioms: bool, record: dict
) -> Path:
    """Write ``out_dir``: the base's model and encoder with cue reading 2 in its metadata,
    under a new version."""
    from townsquare.civility.offline.heads import write_candidate

    if not math.isfinite(group_logit) or group_logit < 0:
        raise ValueError(f"--group-logit must be a number of at least 0, not {group_logit}")
    if group_logit == 0 and not idioms:
        raise ValueError("nothing to add: give --group-logit above 0, or leave the idioms on")
    base = LinearModel.load(base_stem)
    if not base.cues:
        raise ValueError(f"{base.version} has no phrase cues to extend")
    if "identity_attack" not in base.heads or "threat" not in base.heads:
        raise ValueError(f"{base.version} has no identity_attack or threat head")
    meta = copy.deepcopy(base.meta)
    cues = {k: v for k, v in meta["cues"].items() if k not in ("group_logit", "threat_idioms")}
    if group_logit > 0:
        cues["group_logit"] = float(group_logit)
    if idioms:
        cues["threat_idioms"] = 1.0
    meta["cues"] = cues
    meta["cue_reading"] = {
        "reading": CUE_READING,
        "base": base.version,
        "group_logit": float(group_logit),
        "threat_idioms": idioms,
        **record,
    }
    model = LinearModel(arrays=base.arrays(), meta=meta)
    digest = weights_digest(model.dense_weights, model.bias)
    model.version = model.meta["version"] = f"cues{CUE_READING}-{digest}-g{group_logit:g}" + (
        "-idioms" if idioms else ""
    )
    write_candidate(model, base_stem.parent, out_dir)
    return out_dir


def train_pattern_check(
    model_stem: Path, items: Sequence[Any], *, spelling_dir: Path
) -> dict[str, dict[str, Any]]:
    """Where the candidate's cue reading 2 fires on the contrast set's **train** items, kind by
    kind, plain and obfuscated apart: the rules' check on patterns their author did not read.
    Dev figures are in-sample for a hand-written rule (its author reads the dev items to write
    its guards); the train patterns are not (model card "E45"). Rules only, no model: the
    share of each kind's items where a group claim or a threat idiom is read."""
    from townsquare.civility import cues
    from townsquare.civility.spelling import Lexicon, normalise

    model = LinearModel.load(model_stem)
    settings = model.cues or {}
    spelling = (model.meta.get("encoder") or {}).get("spelling")
    lexicon = Lexicon.load(spelling_dir / spelling) if spelling else None
    finders = []
    if settings.get("group_logit"):
        finders.append(cues.group_claims)
    if settings.get("threat_idioms"):
        finders.append(cues.threat_idioms)
    counts: dict[str, dict[str, list[int]]] = {}
    for item in items:
        if item.split != "train":
            continue
        reading = normalise(item.text, lexicon) if lexicon is not None else None
        fired = any(cues.read_spans(find, item.text, reading) for find in finders)
        row = counts.setdefault(
            item.kind, {"label": [int(item.label)], "plain": [0, 0], "obfuscated": [0, 0]}
        )
        form = row["obfuscated" if item.obfuscated else "plain"]
        form[0] += int(fired)
        form[1] += 1
    return {
        kind: {
            "label": row["label"][0],
            **{f: (row[f][0] / row[f][1] if row[f][1] else None) for f in ("plain", "obfuscated")},
        }
        for kind, row in sorted(counts.items())
    }


def cues_run(
    base_dir: Path,
    out_dir: Path,
    *,
    data_dir: Path,
    group_logit: float,
    idioms: bool = True,
    contrast_waves: int = 7,
    per_pattern: int = 24,
    c3: int = 2500,
    threads: int = 0,
    log: Callable[[str], Any] = print,
    command: str = "",
) -> dict[str, Any]:
    """Write the candidate, measure it and its base on dev (``dev.json``), and read where its
    rules fire on the contrast set's train patterns (``train_patterns``)."""
    from townsquare.civility.offline.heads import candidate_on_dev

    def write(base_stem: Path) -> None:
        cue_model(
            base_stem, out_dir, group_logit=group_logit, idioms=idioms, record={"command": command}
        )
        log(
            f"cue reading {CUE_READING}: group claims {group_logit:g} on identity_attack, "
            f"threat idioms {'on' if idioms else 'off'}"
        )

    record, items = candidate_on_dev(
        base_dir,
        out_dir,
        "cues",
        write,
        data_dir=data_dir,
        contrast_waves=contrast_waves,
        per_pattern=per_pattern,
        c3=c3,
        threads=threads,
        log=log,
    )
    record["train_patterns"] = train_pattern_check(
        out_dir / "candidate", items, spelling_dir=out_dir
    )
    civil = {
        k: row["plain"]
        for k, row in record["train_patterns"].items()
        if not row["label"] and row["plain"]
    }
    log(
        "  on the contrast train split's patterns (not read to write the rules), the cues read "
        + (
            ", ".join(f"{k} {v:.1%}" for k, v in sorted(civil.items(), key=lambda x: -x[1]))
            + " of the civil items"
            if civil
            else "no civil item"
        )
    )
    (out_dir / "dev.json").write_text(json.dumps(record, indent=1, sort_keys=True), "utf-8")
    return record
