"""Who may comment on a story, checked on the one posting path (docs/identity.md).

A site — or one of its stories — lets anyone comment (name and address, as ever), or only
verified readers (a reader session: an e-mailed link or single sign-on), only readers signed in
with the newsroom's account (``SSOIdentity``), or only those of them with the site's subscriber
badge. ``commenting_check`` is called by the posting use case before the moderation pipeline,
so the hosted form, the embed and the API refuse alike, with the rule's message and link.

A reader is signed in when their browser's reader session is for the address they post with
(or they leave the address out); a guest typing somebody's address is that somebody for
nothing here: no badges, no sign-in, no subscription.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from townsquare.comments.models import Commenter
from townsquare.comments.services import CommentRefused
from townsquare.lib.identity import normalise_email
from townsquare.moderation.permissions import is_moderator
from townsquare.moderation.sanctions import blocking_sanction
from townsquare.readers.models import SSOIdentity, StoryReporter
from townsquare.sites.models import Commenting
from townsquare.stories.models import Story

SANCTION_MESSAGE = gettext_noop(
    "Comments from this account are not being accepted at the moment. If our moderators have "
    "written to you, their e-mail explains why."
)


@dataclass(frozen=True)
class Poster:
    """Who posts: the name and address to post with, whether they are the story's reporter
    (``StoryReporter``: published without moderation, marked "author"), and the marks their
    comment carries (the sign-on account's public badges, and "author" for the reporter)."""

    author: str
    email: str
    story_author: bool = False
    badges: tuple[str, ...] = ()


def commenting_check(
    *, story: Story, author: str, email: str, session_email: str | None, user=None
) -> Poster:
    """Refuse (``CommentRefused``, code ``commenting_restricted`` or ``sanction``) a poster the
    story's rule leaves out; otherwise who posts.

    A reader signed in with the site's sign-on account posts under the account's name and
    address, whatever the form says; a ban on any address the account had holds. Staff signed
    in here, and the story's reporters, may always comment.
    """
    rule = story.commenting_rule
    typed = normalise_email(email or "")
    signed_in_as = session_email if session_email and typed in ("", session_email) else None
    identity = (
        SSOIdentity.objects.filter(site_id=story.site_id, email=signed_in_as).first()
        if signed_in_as
        else None
    )
    if identity is not None and identity.previous_emails:
        for commenter in Commenter.objects.filter(email__in=identity.previous_emails):
            if blocking_sanction(commenter=commenter) is not None:
                raise CommentRefused(_(SANCTION_MESSAGE), code="sanction")
    reporter = (
        identity is not None
        and StoryReporter.objects.filter(story=story, identity=identity).exists()
    )
    staff = user is not None and user.is_authenticated and (user.is_staff or is_moderator(user))
    allowed = (
        reporter
        or staff
        or {
            Commenting.VERIFIED: signed_in_as is not None,
            Commenting.SIGNED_IN: identity is not None,
            Commenting.SUBSCRIBERS: identity is not None and rule.badge in (identity.badges or []),
        }.get(rule.who, True)
    )
    if not allowed:
        raise CommentRefused(rule.message, code="commenting_restricted", field="email")
    if identity is not None:
        badges = identity.public_badges
        if reporter and "author" not in badges:
            badges = [*badges, "author"]
        return Poster(
            author=identity.username,
            email=identity.email,
            story_author=reporter,
            badges=tuple(badges),
        )
    return Poster(author=author, email=signed_in_as or email)


@dataclass(frozen=True)
class CommentingViewer:
    """What a reader is told before they type: whether the story's rule lets them post, and the
    newsroom account they are signed in with (None: a guest, or a reader verified by link)."""

    may_comment: bool
    identity: SSOIdentity | None


def commenting_viewer(*, story: Story, session_email: str | None, user=None) -> CommentingViewer:
    """Whether this reader (their reader session's address, and a signed-in user) may post on
    ``story``, by the same ``commenting_check`` a post meets; a sanction is not told here (the
    post says so)."""
    identity = (
        SSOIdentity.objects.filter(site_id=story.site_id, email=session_email).first()
        if session_email
        else None
    )
    try:
        commenting_check(story=story, author="", email="", session_email=session_email, user=user)
    except CommentRefused as refusal:
        if refusal.code == "commenting_restricted":
            return CommentingViewer(may_comment=False, identity=identity)
    return CommentingViewer(may_comment=True, identity=identity)
