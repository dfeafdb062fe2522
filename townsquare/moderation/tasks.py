"""Background tasks that e-mail commenters about moderators' decisions.

Thin, as tasks are here: fetch by id, check the decision still stands, call the e-mail function
in ``notifications``. The services enqueue them on commit, so a decision that rolls back sends
nothing, and the mail server's speed (bounded by ``EMAIL_TIMEOUT``) never holds up a moderator.
By the time a task runs the comment or sanction may have been deleted, or the decision undone
(a rejected comment approved after all, a ban lifted); then there is nothing to say, and the
task returns False without sending. A mail server error fails the task, which records it.
"""

from __future__ import annotations

import logging

from django_tasks import task

from townsquare.comments.models import Comment
from townsquare.moderation import notifications
from townsquare.moderation.models import Sanction

logger = logging.getLogger(__name__)

NOTIFIED_STATUSES = (Comment.Status.REJECTED, Comment.Status.REMOVED)


@task()
def rejection_notice_task(*, comment_id: int, reason: str) -> bool:
    """E-mail the author why their comment was rejected or removed, if it still is."""
    comment = Comment.objects.select_related("story", "commenter").filter(pk=comment_id).first()
    if comment is None or comment.status not in NOTIFIED_STATUSES:
        logger.info("No rejection notice for comment %s: gone or no longer rejected", comment_id)
        return False
    notifications.rejection_notice_send(comment=comment, reason=reason)
    return True


@task()
def sanction_notice_task(*, sanction_id: int) -> bool:
    """E-mail a commenter about a warning, suspension or ban, unless it was lifted meanwhile."""
    sanction = Sanction.objects.select_related("commenter").filter(pk=sanction_id).first()
    if sanction is None or sanction.lifted_at is not None:
        logger.info("No notice for sanction %s: gone or lifted", sanction_id)
        return False
    notifications.sanction_notice_send(sanction=sanction)
    return True
