"""Moderation's shared vocabulary: reasons, which statuses a decision may start from, names.

Plain constants that the policy, the queue, the services and the mail all read, kept here so that
no module has to import another for them (and the modules form no loop).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_noop

from townsquare.comments.models import Comment


class RejectionReason(models.TextChoices):
    """Why a moderator rejected or removed a comment; the label is what the author is told.

    The codes in ``INCIVILITY_REASONS`` (below) are the ones the site's civility model learns
    from, so a new code for incivility must be added there as well.
    """

    INCIVILITY = "incivility", gettext_noop("Uncivil: insults, name-calling or contempt")
    PERSONAL_ATTACK = "personal_attack", gettext_noop("A personal attack on another person")
    HARASSMENT = "harassment", gettext_noop("Harassment")
    HATE = "hate", gettext_noop("Hate, or an attack on people for who they are")
    THREAT = "threat", gettext_noop("A threat of violence")
    OBSCENE = "obscene", gettext_noop("Obscene or sexually explicit")
    SPAM = "spam", gettext_noop("Spam or advertising")
    OFF_TOPIC = "off_topic", gettext_noop("Off-topic for this story")
    PRIVATE_INFORMATION = (
        "private_information",
        gettext_noop("Shares someone's private information"),
    )
    OTHER = "other", gettext_noop("Breaks the community guidelines")


# Statuses a decision may start from. Author-deleted comments are the author's; moderators leave
# them alone.
APPROVABLE = (
    Comment.Status.PENDING,
    Comment.Status.REJECTED,
    Comment.Status.SPAM,
    Comment.Status.REMOVED,
)
REJECTABLE = (Comment.Status.PENDING, Comment.Status.SPAM)
REMOVABLE = (Comment.Status.PUBLISHED,)

BULK_LIMIT = 100
SUSPENSION_MAX = timedelta(days=365)

# Rejection reasons that mean "this broke the civility rule", as opposed to spam or off-topic.
# A site model learns only from these, so it learns civility rather than topicality.
INCIVILITY_REASONS = frozenset(
    {"incivility", "personal_attack", "harassment", "hate", "threat", "obscene"}
)

# The cache key of the banned and suspect word lists (WordRule rows); edits delete it.
WORD_RULES_CACHE_KEY = "townsquare:word-rules"

# Signs the link a warned commenter follows to acknowledge a warning.
WARNING_TOKEN_SALT = "townsquare.moderation.warning-ack"
