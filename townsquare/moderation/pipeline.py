"""The policy pipeline every new comment goes through.

An ordered list of checks. Each check looks at a ``Candidate`` and either stays silent (returns
``None``) or fires a ``Marker``. A marker that *decides* ends the run with its action; markers that
don't decide are kept, so a published comment still records, say, a civility score that was
noted but under every threshold. The full list is stored on the comment so a moderator can see
why it is where it is.

The order is documented in docs/moderation.md; tests pin it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models


class Action(models.TextChoices):
    PUBLISH = "publish", "Publish"
    HOLD = "hold", "Hold for review"
    REJECT = "reject", "Reject"
    REFUSE = "refuse", "Refuse (nothing saved)"


@dataclass(frozen=True)
class Marker:
    check: str
    action: Action | None
    reason: str
    scores: dict[str, float] | None = None

    @property
    def decides(self) -> bool:
        return self.action is not None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["action"] = str(self.action) if self.action else None
        return data


@dataclass
class Candidate:
    """What the checks may look at: the comment as submitted and who submitted it."""

    story: Any
    author_name: str
    email: str
    body: str
    parent: Any = None
    user: Any = None
    commenter: Any = None


@dataclass
class Decision:
    action: Action
    markers: list[Marker] = field(default_factory=list)

    @property
    def deciding_marker(self) -> Marker | None:
        return next((m for m in self.markers if m.decides), None)

    @property
    def message(self) -> str:
        marker = self.deciding_marker
        return marker.reason if marker else ""

    def markers_json(self) -> list[dict[str, Any]]:
        return [marker.as_json() for marker in self.markers]


Check = Callable[[Candidate], Marker | None]


def check_staff_author(candidate: Candidate) -> Marker | None:
    user = candidate.user
    if user is not None and user.is_authenticated and user.is_staff:
        return Marker("staff_author", Action.PUBLISH, "Written by a member of staff.")
    return None


def check_story_closed(candidate: Candidate) -> Marker | None:
    if not candidate.story.comments_open:
        return Marker("story_closed", Action.REFUSE, "Comments are closed on this story.")
    return None


def check_story_premoderation(candidate: Candidate) -> Marker | None:
    if candidate.story.premoderate:
        return Marker(
            "premoderation_story",
            Action.HOLD,
            "Every comment on this story is read by a moderator before it appears.",
        )
    return None


CHECKS: list[Check] = [
    check_staff_author,
    check_story_closed,
    check_story_premoderation,
]


def policy_decide(candidate: Candidate, *, checks: list[Check] | None = None) -> Decision:
    """Run the checks in order; the first marker that decides ends the run."""
    markers: list[Marker] = []
    for check in CHECKS if checks is None else checks:
        marker = check(candidate)
        if marker is None:
            continue
        markers.append(marker)
        if marker.decides:
            return Decision(action=marker.action, markers=markers)
    return Decision(action=Action.PUBLISH, markers=markers)
