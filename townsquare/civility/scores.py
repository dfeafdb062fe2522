"""What a civility backend returns for one comment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ATTRIBUTES: tuple[str, ...] = ("toxicity", "insult", "identity_attack", "threat", "obscene")


class CivilityUnavailable(RuntimeError):
    """A backend could not score (remote service down, timed out, answered nonsense).

    The moderation pipeline must treat this as "hold for a human", never as "publish": failing
    open is exactly what Coral did when Perspective went away.
    """


@dataclass(frozen=True)
class Span:
    """A stretch of the original text that raised the score, with its share of the raise.

    ``start``/``end`` are character offsets into the text as given (``text[start:end]``);
    ``weight`` is the span's contribution to the logit of ``attribute`` (higher = worse).
    """

    start: int
    end: int
    weight: float
    attribute: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "weight": round(self.weight, 4),
            "attribute": self.attribute,
        }


@dataclass(frozen=True)
class Scores:
    """Probabilities in [0, 1] per attribute, the spans that raised them, and who scored them."""

    toxicity: float
    insult: float
    identity_attack: float
    threat: float
    obscene: float
    spans: tuple[Span, ...] = field(default_factory=tuple)
    model: str = ""

    @property
    def civility(self) -> float:
        """The highest of the five attributes: what the nudge/hold/reject thresholds compare."""
        return max(self.toxicity, self.insult, self.identity_attack, self.threat, self.obscene)

    def max_attribute(self) -> tuple[str, float]:
        """The attribute that scored highest, and its probability."""
        name = max(ATTRIBUTES, key=lambda a: getattr(self, a))
        return name, getattr(self, name)

    def attributes(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in ATTRIBUTES}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for ``Comment.civility_scores``; ``model`` goes in ``civility_model``."""
        data: dict[str, Any] = {name: round(getattr(self, name), 4) for name in ATTRIBUTES}
        data["spans"] = [span.as_dict() for span in self.spans]
        return data

    def highlighted(self, text: str) -> list[str]:
        """The text of each span, for logs and tests."""
        return [text[span.start : span.end] for span in self.spans]
