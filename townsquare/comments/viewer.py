"""A reader's own parts of a thread, which public pages leave out: one reading for every client.

The API's ``POST /forms`` (the script's, on the article page and in the embed) answers with it,
and the article page's private copy is marked with it for readers without JavaScript: the
reader's comments awaiting moderation, which of theirs they may still edit (until when, from
which Markdown) and delete, and which comments they respect.
"""

from __future__ import annotations

from dataclasses import dataclass

from townsquare.comments.authorship import Viewer, ViewerActions, viewer_actions
from townsquare.comments.models import Comment
from townsquare.comments.respects import respected_comment_ids
from townsquare.stories.models import Story


@dataclass(frozen=True)
class ViewerParts:
    pending: list[Comment]
    actions: ViewerActions
    respected: list[int]

    def as_json(self) -> dict:
        """The parts every client reads the same way (the pending comments aside, whose HTML
        each client renders for its own markup)."""
        return {
            "editable": {str(pk): until.isoformat() for pk, until in self.actions.editable.items()},
            "deletable": sorted(self.actions.deletable),
            "respected": self.respected,
            "sources": {str(pk): body for pk, body in self.actions.sources.items()},
        }


def viewer_parts(*, viewer: Viewer, story: Story) -> ViewerParts:
    """This viewer's own parts of ``story``'s thread. Three queries (none for pending without
    comment ids)."""
    pending: list[Comment] = []
    if viewer.session_comment_ids:
        pending = list(
            Comment.objects.filter(
                pk__in=viewer.session_comment_ids, story=story, status=Comment.Status.PENDING
            )
            .select_related("commenter", "reply_to")
            .order_by("created_at", "id")
        )
    return ViewerParts(
        pending=pending,
        actions=viewer_actions(viewer=viewer, story=story),
        respected=respected_comment_ids(viewer=viewer, story=story),
    )
