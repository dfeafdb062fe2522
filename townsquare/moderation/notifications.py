"""E-mails to commenters about moderators' decisions: plain text, short, with the reason.

Sent by the tasks in ``townsquare.moderation.tasks``, which the services enqueue on commit, so a
decision that rolls back sends nothing and a slow or broken mail server never reaches the
moderator's request. A sending error is raised, so the task that ran it is recorded as failed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from townsquare.comments.models import Comment
from townsquare.lib.i18n import language_for
from townsquare.moderation.models import Sanction
from townsquare.moderation.rules import RejectionReason
from townsquare.moderation.sanctions import sanction_language, warning_ack_url


def _guidelines_url() -> str:
    return f"{settings.SITE_URL}/guidelines/"


def _send(*, subject: str, body: str, to: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def _excerpt(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rejection_notice_send(*, comment: Comment, reason: str) -> None:
    """Tell an author why their comment was not published, or was taken down.

    In the language of the comment's story (its own, or its site's: docs/translating.md).
    """
    with translation.override(language_for(story=comment.story)):
        subject, body = _rejection_notice(comment=comment, reason=reason)
    _send(subject=subject, body=body, to=comment.commenter.email)


def _rejection_notice(*, comment: Comment, reason: str) -> tuple[str, str]:
    removed = comment.status == Comment.Status.REMOVED
    headline = comment.story.headline_shown
    if removed:
        subject = _("Your comment on “%(headline)s” was removed") % {"headline": headline}
        what = _("Your comment on “%(headline)s” was removed by a moderator.")
    else:
        subject = _("Your comment on “%(headline)s” was not published") % {"headline": headline}
        what = _("Your comment on “%(headline)s” was read by a moderator and was not published.")
    label = _(RejectionReason(reason).label) if reason in RejectionReason.values else reason
    body = (
        _("Hello %(name)s,") % {"name": comment.author_name}
        + "\n\n"
        + what % {"headline": headline}
        + "\n\n"
        + _("Reason: %(reason)s") % {"reason": label}
        + "\n\n"
        + _("What you wrote:")
        + f"\n{_excerpt(comment.body)}\n\n"
        + _("You are welcome to comment again within our community guidelines:")
        + f"\n{_guidelines_url()}\n\n— "
        + _("The moderators of %(site)s") % {"site": settings.SITE_NAME}
        + "\n"
    )
    return subject, body


def sanction_notice_send(*, sanction: Sanction) -> None:
    """Tell a commenter they were warned, suspended or banned, why, and what happens next.

    In the language of the story they commented on (``sanctions.sanction_language``).
    """
    with translation.override(sanction_language(sanction)):
        notice = _sanction_notice(sanction=sanction)
    if notice is not None:
        subject, body = notice
        _send(subject=subject, body=body, to=sanction.commenter.email)


def _sanction_notice(*, sanction: Sanction) -> tuple[str, str] | None:
    site = settings.SITE_NAME
    if sanction.kind == Sanction.Kind.WARNING:
        subject = _("A warning from the moderators of %(site)s") % {"site": site}
        what = (
            _("The moderators have warned you about your comments.")
            + "\n\n"
            + _(
                "Before your next comment can be accepted, please read the guidelines and "
                "confirm that you have read this warning here:"
            )
            + f"\n{settings.SITE_URL}{warning_ack_url(sanction)}"
        )
    elif sanction.kind == Sanction.Kind.SUSPENSION:
        until = dateformat.format(
            timezone.localtime(sanction.ends_at), get_format("DATETIME_FORMAT") + " T"
        )
        subject = _("You cannot comment on %(site)s until %(until)s") % {
            "site": site,
            "until": until,
        }
        what = (
            _("The moderators have suspended you from commenting until %(until)s.")
            % {"until": until}
            + "\n"
            + _("After that you can comment again.")
        )
    elif sanction.kind == Sanction.Kind.BAN:
        subject = _("You can no longer comment on %(site)s") % {"site": site}
        what = (
            _("The moderators have banned you from commenting on %(site)s.") % {"site": site}
            + "\n"
            + _("If you think this is a mistake, write to %(address)s.")
            % {"address": settings.MODERATION_EMAIL}
        )
    else:
        return None
    body = (
        _("Hello %(name)s,") % {"name": sanction.commenter.display_name}
        + f"\n\n{what}\n\n"
        + _("Reason: %(reason)s") % {"reason": sanction.reason}
        + "\n\n"
        + _("Our community guidelines:")
        + f"\n{_guidelines_url()}\n\n— "
        + _("The moderators of %(site)s") % {"site": site}
        + "\n"
    )
    return subject, body
