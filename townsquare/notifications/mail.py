"""The notification e-mails: plain text from templates, sent from tasks, with RFC 8058 headers.

Every reader's mail carries ``List-Unsubscribe: <https://…/unsubscribe/TOKEN/>`` and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click``: a mail client's "unsubscribe" POSTs to
the link and that is enough; opening the link only shows a page with a button.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townsquare.comments.models import Comment
from townsquare.lib.i18n import installation_language, language_for
from townsquare.moderation.permissions import MODERATOR_GROUPS
from townsquare.moderation.queue import QueueTab, queue_counts
from townsquare.notifications.models import ReaderPreference, ReplyDelivery
from townsquare.notifications.services import (
    delivery_still_wanted,
    digest_due,
    preference_for,
    preference_token,
)


def _subject(text: str) -> str:
    # Headlines are typed by editors; a line break in a subject would be refused by Django.
    return " ".join(f"[{settings.SITE_NAME}] {text}".split())[:200]


SUBJECT_NAME_MAX = 40


def _quoted_name(name: str) -> str:
    """A replier's typed name as a subject may show it: one line, at most SUBJECT_NAME_MAX
    characters, in quotation marks.

    The name is whatever the replier typed (or an import brought): unquoted and uncut, a name
    like "Your account will be closed. Sign in at …" reads as the newsroom's own words. Control
    and format characters (line breaks, bidi overrides, zero-width) are dropped, as the form does.
    """
    visible = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf", "Zl", "Zp"})
    visible = " ".join(visible.replace("“", '"').replace("”", '"').split()) or _("Someone")
    if len(visible) > SUBJECT_NAME_MAX:
        visible = visible[: SUBJECT_NAME_MAX - 1].rstrip() + "…"
    return f"“{visible}”"


def unsubscribe_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('notifications:unsubscribe', kwargs={'token': token})}"


def _story_url(story) -> str:
    return story.canonical_url or f"{settings.SITE_URL}{story.get_absolute_url()}"


def _reply_url(reply: Comment) -> str:
    return f"{_story_url(reply.story)}#comment-{reply.pk}"


def _send(*, to: str, subject: str, template: str, context: dict, unsubscribe: str) -> None:
    link = unsubscribe_url(unsubscribe)
    body = render_to_string(template, {**context, "site": settings.SITE_NAME, "unsubscribe": link})
    message = EmailMessage(
        subject=_subject(subject),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()


def _quote(text: str, limit: int = 1200) -> str:
    text = text.strip()
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _reply_context(delivery: ReplyDelivery) -> dict:
    reply = delivery.reply
    return {
        "story": reply.story.headline_shown,
        "story_url": _story_url(reply.story),
        "replier": reply.author_name,
        "quote": _quote(reply.body),
        "yours": _quote(delivery.subscription.comment.body, limit=300),
        "reply_url": _reply_url(reply),
    }


def _deliveries():
    return ReplyDelivery.objects.select_related(
        "reply__story__site", "reply__commenter", "subscription__comment"
    )


def reply_mail_send(*, delivery_id: int) -> bool:
    """Mail one reply to its subscriber, once; False when it is no longer to be sent.

    The delivery is claimed (a conditional UPDATE) in the same transaction as the send: a mail
    server error rolls the claim back so a retry sends it; two workers never both send it.
    """
    delivery = _deliveries().filter(pk=delivery_id, sent_at__isnull=True, skipped="").first()
    if delivery is None:
        return False
    reason = delivery_still_wanted(delivery)
    if reason:
        ReplyDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(skipped=reason)
        return False
    with transaction.atomic():
        claimed = ReplyDelivery.objects.filter(
            pk=delivery.pk, sent_at__isnull=True, skipped=""
        ).update(sent_at=timezone.now())
        if not claimed:
            return False
        context = _reply_context(delivery)
        # In the language of the story's thread (its own, or its site's: docs/translating.md).
        with translation.override(language_for(story=delivery.reply.story)):
            _send(
                to=delivery.subscription.email,
                subject=_("%(name)s replied to your comment on %(story)s")
                % {"name": _quoted_name(delivery.reply.author_name), "story": context["story"]},
                template="notifications/reply.txt",
                context=context,
                unsubscribe=delivery.subscription.token,
            )
    return True


DIGEST_MAX_REPLIES = 50


def reader_digests_send(*, now=None) -> int:
    """One mail per reader who chose the daily digest, gathering the replies waiting for them;
    how many mails went.

    Replies removed or unsubscribed from since are dropped, not sent. A reader already sent a
    digest within the period is left for the next run.
    """
    now = now or timezone.now()
    every = timedelta(seconds=settings.READER_DIGEST_SECONDS or 24 * 3600)
    emails = (
        ReplyDelivery.objects.filter(
            mode=ReplyDelivery.Mode.DIGEST, sent_at__isnull=True, skipped=""
        )
        .values_list("subscription__email", flat=True)
        .distinct()
    )
    sent = 0
    for email in list(emails):
        if _reader_digest_send(email=email, every=every, now=now):
            sent += 1
    return sent


def _reader_digest_send(*, email: str, every: timedelta, now) -> bool:
    preference = preference_for(email=email)
    if preference.pk is not None and not digest_due(preference=preference, every=every, now=now):
        return False
    waiting = list(
        _deliveries()
        .filter(
            mode=ReplyDelivery.Mode.DIGEST,
            sent_at__isnull=True,
            skipped="",
            subscription__email=email,
        )
        .order_by("created_at", "pk")
    )
    wanted = []
    for delivery in waiting:
        reason = delivery_still_wanted(delivery)
        if reason:
            ReplyDelivery.objects.filter(pk=delivery.pk).update(skipped=reason)
        else:
            wanted.append(delivery)
    if not wanted:
        return False
    with transaction.atomic():
        claimed = ReplyDelivery.objects.filter(
            pk__in=[d.pk for d in wanted], sent_at__isnull=True, skipped=""
        ).update(sent_at=now)
        if claimed != len(wanted):
            transaction.set_rollback(True)  # another worker is sending this digest
            return False
        token = preference_token(email=email)
        ReaderPreference.objects.filter(email=email).update(last_digest_at=now)
        shown = wanted[:DIGEST_MAX_REPLIES]
        # One reader, possibly several sites: the language of the oldest reply's thread.
        with translation.override(language_for(story=shown[0].reply.story)):
            _send(
                to=email,
                subject=ngettext(
                    "%(count)d new reply to your comments",
                    "%(count)d new replies to your comments",
                    len(wanted),
                )
                % {"count": len(wanted)},
                template="notifications/digest.txt",
                context={
                    "replies": [_reply_context(d) for d in shown],
                    "more": len(wanted) - len(shown),
                    "your_comments": f"{settings.SITE_URL}{reverse('readers:your_comments')}",
                },
                unsubscribe=token,
            )
    return True


def moderators_to_mail() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(Q(is_superuser=True) | Q(groups__name__in=MODERATOR_GROUPS)).distinct()
    return sorted({u.email for u in users})


WAITING_TABS = (QueueTab.PENDING, QueueTab.REPORTED)


def moderator_digest_send() -> int:
    """Tell every moderator what waits in the queue; how many were mailed (0 when nothing waits)."""
    counts = queue_counts()
    waiting = [(QueueTab(tab).label, counts[tab]) for tab in WAITING_TABS if counts[tab].n]
    if not waiting:
        return 0
    recipients = moderators_to_mail()
    if not recipients:
        return 0
    oldest = (
        Comment.objects.filter(status=Comment.Status.PENDING)
        .select_related("story")
        .order_by("created_at", "pk")
        .first()
    )
    # Moderators keep no language of their own yet: the installation's (docs/translating.md).
    with translation.override(installation_language()):
        return _moderator_digest_mail(waiting=waiting, oldest=oldest, recipients=recipients)


def _moderator_digest_mail(*, waiting: list, oldest: Comment | None, recipients: list[str]) -> int:
    body = render_to_string(
        "notifications/moderator_digest.txt",
        {
            "site": settings.SITE_NAME,
            "waiting": [(_(label), count) for label, count in waiting],
            "oldest": oldest,
            "queue_url": f"{settings.SITE_URL}{reverse('moderation:queue')}",
            "every_hours": round(settings.MODERATOR_DIGEST_SECONDS / 3600, 1),
        },
    )
    total = sum(count.n for _label, count in waiting)
    for address in recipients:
        EmailMessage(
            subject=_subject(
                ngettext(
                    "%(count)d comment waiting in the queue",
                    "%(count)d comments waiting in the queue",
                    total,
                )
                % {"count": total}
            ),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        ).send()
    return len(recipients)
