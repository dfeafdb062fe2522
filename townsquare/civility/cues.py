"""Phrase cues over the shipped heads: who an insult is aimed at, threats, and a ceiling.

The heads learnt from talk pages and tweets score blunt words, not what they are aimed at: "This
is stupid" scored 0.999 and "The mayor is a liar and a crook" 0.29, and threats such as "I will
find where you live" (0.25) hardly occur in the data we may train on. Three hand-written rules,
whose strengths travel in the artifact's metadata (``cues``), fix the order a newsroom needs:

- **Directed attacks** ("you are an idiot", "the mayor is a liar and a crook", "you stupid
  fool") add ``attack_logit`` to ``insult``, owned by the insulting words, so they are also
  what is highlighted.
- **Threat phrasing** ("I will find where you live", "watch your back") adds ``threat_logit``
  to ``threat``, owned by the words of the phrase.
- **The ceiling.** A comment with none of those cues, no name-calling noun ("idiot", "liar":
  words that only ever name people) and no obscenity aimed at someone ("f*** you") is criticism
  of a thing, however blunt: its ``toxicity``, ``insult`` and ``obscene`` logits are squeezed
  smoothly under ``ceiling`` (a probability just below the hold threshold), so it can be nudged
  but never held or rejected on bluntness alone. The squeeze is monotone, so it keeps the
  order among such comments. ``identity_attack`` (slurs) and ``threat`` have no ceiling.

Boosts belong to chunks, so ``logit = bias + sum of chunk contributions`` stays exact before
the ceiling; the ceiling lowers a probability and never moves a highlight.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from townsquare.civility.features import Chunk

# Defaults written into the artifact by ``townsquare civility train``; LinearModel reads the
# artifact's copy, so an older artifact keeps scoring as it did. Values chosen on the product
# sentences in tests/civility/test_cues.py and checked on C3's training articles only.
DEFAULT_CUES: dict[str, float] = {"attack_logit": 3.0, "threat_logit": 6.0, "ceiling": 0.69}
CEILED_HEADS = ("toxicity", "insult", "obscene")
CEILING_SHARPNESS = 3.0  # how close to the ceiling a very blunt comment may get

# Nouns that only ever name a person: using one is name-calling whatever it is aimed at.
_NOUNS = (
    r"idiots?|morons?|imbeciles?|fools?|liars?|crooks?|clowns?|losers?|scum(bags?)?|jerks?|"
    r"hypocrites?|cowards?|trolls?|shills?|buffoons?|halfwits?|nitwits?|dimwits?|twits?|dopes?|"
    r"bigots?|retards?|assholes?|a\*+holes?|bastards?|dumbass(es)?|dunces?|lowlifes?|creeps?|"
    r"sleazebags?|cretins?|numbskulls?|bozos?|clowns?|racists?|thugs?|crooks?"
)
# Adjectives that insult a person when said of one, but only criticise when said of a thing.
_ADJECTIVES = (
    r"stupid|dumb|idiotic|moronic|pathetic|ignorant|brainless|clueless|dishonest|retarded|"
    r"useless|worthless|disgusting|delusional|deranged|spineless|gutless|corrupt|crooked"
)
_FILL = r"(?:(?:such|so|a|an|the|just|really|truly|complete|total|utter|absolute|nothing but|"
_FILL += r"one|big|bunch of|pack of|f\w*ing|damn(?:ed)?|bloody|lying|stupid|dumb)\s+)*"
_NOUN_RE = re.compile(rf"\b(?:{_NOUNS})\b", re.I)
# "you are an idiot", "you're so stupid", "you stupid fool", "u r dumb"
_YOU_RE = re.compile(
    rf"\b(?:you|u|ya)(?:\s+(?:are|r|were|sound|look|seem)|'re|re)?\s+{_FILL}"
    rf"(?P<core>(?:(?:{_ADJECTIVES})\s+)*(?:{_ADJECTIVES}|{_NOUNS}))\b",
    re.I,
)
# "the mayor is a liar and a crook", "he's a moron", "they are complete idiots"
_COPULA_RE = re.compile(
    rf"\b(?:is|are|was|were|'s|be|being|been)\s+{_FILL}"
    rf"(?P<core>(?:(?:{_ADJECTIVES})\s+)*(?:{_NOUNS})"
    rf"(?:\s*,?\s*(?:and|&|or)\s+{_FILL}(?:(?:{_ADJECTIVES})\s+)*(?:{_NOUNS}))*)\b",
    re.I,
)
# "he/she/they/the mayor is stupid": a person subject with an insulting adjective.
_PERSON_ADJ_RE = re.compile(
    rf"\b(?:he|she|they|him|her|them)(?:\s+(?:is|are|was|were|sounds?|looks?|seems?)|'s|'re)\s+"
    rf"{_FILL}(?P<core>{_ADJECTIVES})\b",
    re.I,
)
# "Shut up, moron.", "Get lost, you fool!": a name-calling noun said to someone, at the end of
# a clause (added in v2, chosen on the dev half of our probes).
_VOCATIVE_RE = re.compile(
    rf"(?:^|[,;:!?.]\s*)(?:(?:you|u)\s+)?{_FILL}"
    rf"(?P<core>(?:(?:{_ADJECTIVES})\s+)*(?:{_NOUNS}))\s*(?:[.!?]+|$)",
    re.I,
)
_DIRECTED_OBSCENITY_RE = re.compile(
    r"\b(?:fuck|f\*+k|f\*+|screw|stfu|piss)\w*(?:\s+(?:off|you|u|yourself|ya))\b|"
    r"\bgo\s+(?:to\s+hell|die|kill\s+yourself)\b|\bshut\s+(?:the\s+\w+\s+)?up\b",
    re.I,
)
_THREAT_RE = re.compile(
    r"\b(?:i|we)(?:'ll|\s+will|\s+am\s+going\s+to|'m\s+going\s+to|\s+(?:know|found|find))\s+"
    r"(?:\w+\s+){0,2}(?:find|know|track|hunt|come|visit|get|hurt|kill|shoot|beat|burn|make)\b"
    r"[^.!?]{0,40}?\b(?:you|your|ya|u|him|her|them)\b[^.!?]{0,30}|"
    r"\b(?:i|we)\s+know\s+where\s+(?:you|your\s+\w+|he|she|they)\s+(?:\w+\s+){0,3}"
    r"(?:live|lives|work|works|sleep|sleeps|go|goes|park|parks)\b|"
    r"\bwatch\s+(?:your|ur|his|her|their)\s+back\b|"
    r"\b(?:you|u)(?:'ll|\s+will)\s+(?:regret|pay\s+for|be\s+sorry)\b|"
    r"\b(?:you|u)(?:'re|\s+are)\s+(?:so\s+)?(?:dead|done\s+for|next)\b|"
    r"\b(?:someone|somebody|people)\s+(?:should|ought\s+to|needs?\s+to|will|is\s+going\s+to)\s+"
    r"(?:\w+\s+){0,2}(?:shoot|kill|hang|stab|beat|hurt|burn|lynch|take\s+out|put\s+a\s+bullet)\b"
    r"[^.!?]{0,30}|"
    r"\bput\s+a\s+bullet\s+in\b[^.!?]{0,20}|"
    # Passive calls for violence against people (v2): "people like you should be shot".
    r"\b(?:someone|somebody|people(?:\s+like\s+(?:you|them|him|her|that))?|you|they|he|she)"
    r"\s+(?:should|ought\s+to|needs?\s+to|deserves?\s+to|must)\s+(?:all\s+)?be\s+"
    r"(?:shot|killed|hanged|hung|lynched|beaten|stabbed|burned|gassed|executed|put\s+down)\b|"
    r"\b(?:i|we)(?:'ll|\s+will|'d|\s+would)\s+(?:\w+\s+)?(?:kill|shoot|stab|hurt|beat|strangle)"
    r"\s+(?:you|u|him|her|them)\b",
    re.I,
)


@dataclass(frozen=True)
class CueHits:
    """What the cues found in one text: logit boosts per (chunk, head), and the ceiling flag."""

    boosts: list[tuple[int, str, float]]
    directed: bool


def _owning_chunks(chunks: Sequence[Chunk], start: int, end: int) -> list[int]:
    return [i for i, c in enumerate(chunks) if c.start < end and c.end > start]


def find_cues(text: str, chunks: Sequence[Chunk], params: dict[str, float]) -> CueHits:
    """Boosts for directed attacks and threats, and whether the text is aimed at someone."""
    boosts: list[tuple[int, str, float]] = []
    attack_spans: list[tuple[int, int]] = []
    for pattern in (_YOU_RE, _COPULA_RE, _PERSON_ADJ_RE, _VOCATIVE_RE):
        for match in pattern.finditer(text):
            core = match.group("core")
            # Only the insulting words own the boost: "idiot" is the attack, "You" is not.
            offset = match.start("core")
            for word in re.finditer(rf"\b(?:{_ADJECTIVES}|{_NOUNS})\b", core, re.I):
                attack_spans.append((offset + word.start(), offset + word.end()))
    owners = sorted({i for s, e in attack_spans for i in _owning_chunks(chunks, s, e)})
    for i in owners:
        boosts.append((i, "insult", params["attack_logit"] / len(owners)))
    threat_owners: list[int] = []
    for match in _THREAT_RE.finditer(text):
        threat_owners.extend(_owning_chunks(chunks, match.start(), match.end()))
    threat_owners = sorted(set(threat_owners))
    for i in threat_owners:
        boosts.append((i, "threat", params["threat_logit"] / len(threat_owners)))
    directed = bool(
        owners or threat_owners or _NOUN_RE.search(text) or _DIRECTED_OBSCENITY_RE.search(text)
    )
    return CueHits(boosts=boosts, directed=directed)


def ceiling_logit(logit: float, ceiling: float) -> float:
    """Squeeze a logit smoothly under ``logit(ceiling)``: unchanged far below it, never above."""
    cap = math.log(ceiling / (1.0 - ceiling))
    gap = CEILING_SHARPNESS * (cap - logit)
    # softplus, written to stay finite for very large gaps either way
    softplus = gap + math.log1p(math.exp(-gap)) if gap > 0 else math.log1p(math.exp(gap))
    return cap - softplus / CEILING_SHARPNESS


def ceiling_logits(logits: np.ndarray, ceiling: float) -> np.ndarray:
    """``ceiling_logit`` over an array of logits at once (offline: ``offsets`` measures many
    texts with many ceilings)."""
    cap = math.log(ceiling / (1.0 - ceiling))
    gap = CEILING_SHARPNESS * (cap - np.asarray(logits, dtype=np.float64))
    return cap - np.logaddexp(0.0, gap) / CEILING_SHARPNESS


def apply_ceiling(logits: np.ndarray, heads: Sequence[str], ceiling: float) -> np.ndarray:
    out = logits.astype(np.float64)  # float32 would tie the very bluntest comments
    for i, head in enumerate(heads):
        if head in CEILED_HEADS:
            out[i] = ceiling_logit(float(logits[i]), ceiling)
    return out
