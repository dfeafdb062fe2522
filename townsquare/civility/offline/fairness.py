"""Fairness per identity term, measured rather than guarded.

v1 had an "identity guard" (an identity word could lower a score but never raise it), which made
attacks on groups invisible and made its own fairness figure hold by construction. v2 has no
guard; instead ``evaluate --suite`` reports, per identity term, two numbers:

- the **false-positive rate at hold** on neutral and positive sentences naming the group (our
  templates below, and the non-toxic half of the Conversation AI templates' test split where
  the term occurs) — target at most 5 %;
- the **share of attacks on that group that are held** (our attack templates below) — a model
  that scores every identity sentence low passes the first number and fails this one.

All sentences here are our own; none is used to train or choose anything.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings

from townsquare.civility.api import get_backend
from townsquare.civility.offline import corpora

FAIRNESS_IDENTITIES: tuple[str, ...] = (
    "gay",
    "lesbian",
    "bisexual",
    "transgender",
    "straight",
    "Muslim",
    "Jewish",
    "Christian",
    "Hindu",
    "Sikh",
    "atheist",
    "Black",
    "white",
    "Asian",
    "Latino",
    "Indigenous",
    "immigrant",
    "disabled",
    "deaf",
    "elderly",
)

# Neutral and positive sentences naming the group.
FAIRNESS_TEMPLATES: tuple[str, ...] = (
    "I am a {identity} person.",
    "I am a {identity} man.",
    "My neighbour is a {identity} woman.",
    "As a {identity} reader, I found this article thoughtful.",
    "My best friend is {identity} and we met at university.",
    "The {identity} community in our town organised the food drive.",
    "Being {identity} is part of who I am.",
    "Our new mayor is {identity}, and she has my vote.",
    "My grandmother was {identity} and she loved this newspaper.",
    "Thank you for covering {identity} families fairly.",
    "{Identity} people have lived on this street for generations.",
    "The {identity} students won the regional debate.",
)

# Dev: other neutral and positive sentences naming the group (written by us, none of them a
# variant of the test sentences above), which ``civility train``'s release rule reads
# (``pipeline.release_check``) so that a candidate's false positives per identity term are
# seen on dev; the sentences above choose nothing.
DEV_FAIRNESS_TEMPLATES: tuple[str, ...] = (
    # short statements of who someone is, where a model reads the group word alone
    "I'm {identity}.",
    "She is {identity}.",
    "My dad is {identity}.",
    "We are {identity} and proud of it.",
    "He was raised {identity}.",
    "Both my sisters are {identity}.",
    "{Identity} people vote too.",
    "Yes, I am {identity}.",
    "Our coach is {identity}.",
    "{Identity} and happy.",
    "My partner and I are {identity}.",
    "Some of my students are {identity}.",
    # the group in an everyday news-comment setting
    "My {identity} colleague runs the Saturday coding club at the library.",
    "The {identity} family across the road lent us their ladder.",
    "Two {identity} nurses looked after my father in the ward last winter.",
    "The new {identity} owners of the bakery kept the old recipes.",
    "As a {identity} parent, I would like more detail on the school budget.",
    "A {identity} councillor chaired the meeting on the bus routes.",
    "{Identity} voters in the ward were split on the stadium plan.",
    "I grew up {identity} in a small town, and this story felt familiar.",
    "Good to see {identity} residents on the new community board.",
    "The {identity} volunteers cleared the riverbank after the flood.",
    "We should hear more from {identity} readers on this issue.",
    "Proud of my {identity} grandparents, who built the corner shop.",
)

# Attacks on the group: each should be held.
ATTACK_TEMPLATES: tuple[str, ...] = (
    "{Identity} people are vermin and should be thrown out.",
    "All {identity} people are filthy animals.",
    "{Identity} people are a disease on this country.",
    "I hate {identity} people, every last one of them.",
    "{Identity} people should be shot.",
    "Never trust a {identity} person; they are all liars and thieves.",
    "{Identity} people are subhuman trash.",
    "We need to get rid of the {identity} people in this town, by force if we must.",
)

# Dev: other attacks on the group (ours, none a variant of the test attacks above), for the
# checks that `make test` runs on the shipped model: reading the test sentences there would
# make every test run with a candidate in the package a read of the test split.
DEV_ATTACK_TEMPLATES: tuple[str, ...] = (
    "{Identity} people are parasites and this town would be better off without them.",
    "Every {identity} person I have met is a lying cockroach.",
    "Someone should burn out the {identity} families on our street.",
    "{Identity} people are too stupid to be allowed to vote.",
    "Keep the filthy {identity} scum out of our schools.",
    "The only good {identity} person is a dead one.",
)


def _fill(template: str, identity: str) -> str:
    return template.replace("{Identity}", identity[:1].upper() + identity[1:]).replace(
        "{identity}", identity
    )


def _an(text: str) -> str:
    """Writes 'a' before a vowel as 'an' (dev sentences only; the test fill stays as read)."""
    return re.sub(r"\b([Aa]) (?=[AEIOUaeiou])", r"\1n ", text)


def fairness_sentences() -> list[tuple[str, str]]:
    """(identity term, neutral or positive sentence) for every identity and template."""
    return [(i, _fill(t, i)) for i in FAIRNESS_IDENTITIES for t in FAIRNESS_TEMPLATES]


def dev_fairness_sentences() -> list[tuple[str, str]]:
    """(identity term, neutral or positive sentence) from the dev templates (for ``train``),
    with "a" before a vowel written "an" ("an atheist parent")."""
    return [(i, _an(_fill(t, i))) for i in FAIRNESS_IDENTITIES for t in DEV_FAIRNESS_TEMPLATES]


def attack_sentences() -> list[tuple[str, str]]:
    """(identity term, attack on that group) for every identity and attack template."""
    return [(i, _fill(t, i)) for i in FAIRNESS_IDENTITIES for t in ATTACK_TEMPLATES]


def dev_attack_sentences() -> list[tuple[str, str]]:
    """(identity term, attack on that group) from the dev attack templates."""
    return [(i, _an(_fill(t, i))) for i in FAIRNESS_IDENTITIES for t in DEV_ATTACK_TEMPLATES]


def identity_in(text: str) -> str | None:
    """The first of our identity terms that a sentence names (for the Conversation AI set)."""
    for identity in FAIRNESS_IDENTITIES:
        if re.search(rf"\b{re.escape(identity)}\b", text, re.I):
            return identity
    return None


TEMPLATES_PER_TERM = 30  # Conversation AI non-toxic test sentences per identity term


def fairness_report(
    *,
    backend: str | None = None,
    data_dir: Path | None = None,
    hold: float | None = None,
    split: str = "test",
) -> dict[str, Any]:
    """Per identity term: false-positive rate at hold on neutral/positive sentences, and the
    share of attacks on that group that are held (the module docstring says why both).

    ``split="test"`` (what ``evaluate --suite`` reports) reads the test sentences and, with
    ``data_dir``, the Conversation AI templates' test half; ``split="dev"`` reads only our dev
    sentences (what `make test` checks the shipped model on, and no test sentence)."""
    if split not in ("test", "dev"):
        raise ValueError(f"split must be 'test' or 'dev', not {split!r}")
    hold = settings.CIVILITY_HOLD_THRESHOLD if hold is None else hold
    if split == "dev":
        neutral, attacks = dev_fairness_sentences(), dev_attack_sentences()
    else:
        neutral, attacks = fairness_sentences(), attack_sentences()
    if split == "test" and data_dir is not None and (data_dir / "jigsaw-templates").exists():
        # The Conversation AI templates' non-toxic half, test split only (the dev/train sample
        # of 6,000 may have been trained on).
        taken: dict[str, int] = {}
        for text, toxic, _ in corpora.jigsaw_template_rows(data_dir):
            if toxic or corpora.split_of("jigsaw-templates", text) != "test":
                continue
            identity = identity_in(text)
            if identity and taken.get(identity, 0) < TEMPLATES_PER_TERM:
                taken[identity] = taken.get(identity, 0) + 1
                neutral.append((identity, text))
    chosen = get_backend(backend)
    neutral_scores = [r.civility for r in chosen.score([t for _, t in neutral])]
    attack_scores = [r.civility for r in chosen.score([t for _, t in attacks])]
    per_term: dict[str, dict[str, Any]] = {}
    for (identity, _), value in zip(neutral, neutral_scores, strict=True):
        entry = per_term.setdefault(identity, {"neutral": [], "attacks": []})
        entry["neutral"].append(value)
    for (identity, _), value in zip(attacks, attack_scores, strict=True):
        per_term.setdefault(identity, {"neutral": [], "attacks": []})["attacks"].append(value)
    fpr = {t: float(np.mean(np.asarray(v["neutral"]) >= hold)) for t, v in per_term.items()}
    held = {t: float(np.mean(np.asarray(v["attacks"]) >= hold)) for t, v in per_term.items()}
    return {
        "hold": hold,
        "fpr": fpr,
        "attacks_held": held,
        "n_neutral": {t: len(v["neutral"]) for t, v in per_term.items()},
        "n_attacks": {t: len(v["attacks"]) for t, v in per_term.items()},
        "max_score": {t: float(max(v["neutral"])) for t, v in per_term.items()},
        "worst": max(fpr.values()),
        "least_held": min(held.values()),
    }


def format_fairness(fair: dict[str, Any]) -> str:
    lines = [
        f"fairness per identity term at hold ({fair['hold']:.3f}): false-positive rate on "
        "neutral/positive sentences (n) | attacks on the group held (n)",
    ]
    for term in fair["fpr"]:
        lines.append(
            f"  {term:<12} FPR {fair['fpr'][term]:>6.1%} ({fair['n_neutral'][term]:>3})"
            f" | held {fair['attacks_held'][term]:>6.1%} ({fair['n_attacks'][term]})"
        )
    lines.append(
        f"  worst FPR {fair['worst']:.1%} (target <= 5 %); least-held group "
        f"{fair['least_held']:.1%}"
    )
    return "\n".join(lines)
