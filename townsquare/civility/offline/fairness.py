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


def _fill(template: str, identity: str) -> str:
    return template.replace("{Identity}", identity[:1].upper() + identity[1:]).replace(
        "{identity}", identity
    )


def fairness_sentences() -> list[tuple[str, str]]:
    """(identity term, neutral or positive sentence) for every identity and template."""
    return [(i, _fill(t, i)) for i in FAIRNESS_IDENTITIES for t in FAIRNESS_TEMPLATES]


def attack_sentences() -> list[tuple[str, str]]:
    """(identity term, attack on that group) for every identity and attack template."""
    return [(i, _fill(t, i)) for i in FAIRNESS_IDENTITIES for t in ATTACK_TEMPLATES]


def identity_in(text: str) -> str | None:
    """The first of our identity terms that a sentence names (for the Conversation AI set)."""
    for identity in FAIRNESS_IDENTITIES:
        if re.search(rf"\b{re.escape(identity)}\b", text, re.I):
            return identity
    return None
