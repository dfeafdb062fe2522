"""Reader reports: "this comment breaks the guidelines", and the e-mail that tells moderators.

A reader reports a comment once; the comment then appears in the moderators' Reported queue.
Reports never remove a comment: a moderator decides. When ``report_hide_threshold`` *independent*
readers have reported a published comment — different browsers on different networks, so one
person clearing their cookies counts once — it is hidden (status pending) until a moderator has
read it. Reports are rate-limited per reader and, loosely, per network.

Moderators hear about a reported comment at ``MODERATION_EMAIL``: one mail for its first open
report (and one more if reports hide it), or — when ``REPORT_EMAIL_BATCH_MINUTES`` is above 0 —
one digest per window of that many minutes listing every report, sent by the task worker when
the window closes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest
from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from townsquare.comments.models import Comment
from townsquare.comments.services import comment_status_changed
from townsquare.lib.client import client_ip, device_id_for, network_hash
from townsquare.lib.events import REPORT_CREATED, event_publish
from townsquare.lib.i18n import installation_language, language_for
from townsquare.lib.identity import keyed_hash
from townsquare.lib.locks import advisory_locks
from townsquare.moderation.models import AuditEntry, Report
from townsquare.moderation.policy import policy_for_site
from townsquare.moderation.services import audit_record, decision_publish
from townsquare.stories.models import Story

logger = logging.getLogger(__name__)

DETAILS_MAX_LENGTH = 500
# A digest waits this long after its window closes, so a report saved in the window's last
# moment, whose transaction commits a moment later, still makes it into that window's digest.
DIGEST_GRACE = timedelta(seconds=30)


class ReportRefused(Exception):
    """A report that cannot be accepted, with a message for the reader and the field at fault.

    ``code`` says why ("invalid", "duplicate", "unavailable", "rate_limited"), so each interface
    can answer with the right status.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


# --- Who is reporting, and what can be reported -------------------------------------------------


@dataclass(frozen=True)
class Reporter:
    """Who is reporting: ``key`` names the reader, ``network_key`` the network they are on."""

    key: str
    network_key: str = ""


def reporter_key_for(request: HttpRequest) -> str:
    """A keyed hash naming this reader for "one report per reader per comment".

    A signed-in user is named by their account; anyone else by their browser's signed device
    cookie (``ts_device``; the view sets it when ``device_cookie_is_new``).
    Hashed with the server's secret so the stored key reveals neither.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        value = f"user:{user.pk}"
    else:
        return reporter_key_for_device(device_id_for(request))
    return keyed_hash(value, secret=settings.SECRET_KEY, purpose="reporter")


def reporter_key_for_device(device_id: str) -> str:
    """The reader key of a browser known by its device id (the cookie's, or an embed's token)."""
    return keyed_hash(f"device:{device_id}", secret=settings.SECRET_KEY, purpose="reporter")


def reporter_for(request: HttpRequest) -> Reporter:
    """The :class:`Reporter` behind a web request: its reader key and its network's hash."""
    return Reporter(key=reporter_key_for(request), network_key=network_hash(client_ip(request)))


def independent_reporters(*, comment: Comment) -> int:
    """How many independent readers have open reports on ``comment``.

    Readers on one network count once (an office, a household, one person with several browsers
    or cleared cookies); a report with no known network counts by its reader.
    """
    return (
        Report.objects.filter(comment=comment, resolved_at__isnull=True).aggregate(
            n=Count(Coalesce(NullIf("network_key", Value("")), "reporter_key"), distinct=True)
        )["n"]
        or 0
    )


def comment_for_reporting(*, comment_id: int) -> Comment | None:
    """A published comment on a published story, which any reader may report; else None."""
    return (
        Comment.objects.filter(
            pk=comment_id,
            status=Comment.Status.PUBLISHED,
            story__in=Story.objects.published(),
        )
        .select_related("story")
        .first()
    )


def report_exists(*, comment: Comment, reporter_key: str) -> bool:
    return Report.objects.filter(comment=comment, reporter_key=reporter_key).exists()


# --- Reporting ----------------------------------------------------------------------------------


def _reports_rate_check(*, reporter_key: str, network_key: str) -> None:
    hour_ago = timezone.now() - timedelta(hours=1)
    for field, value, limit in (
        ("reporter_key", reporter_key, settings.REPORTS_PER_HOUR),
        ("network_key", network_key, settings.NETWORK_REPORTS_PER_HOUR),
    ):
        if not value:
            continue
        recent = Report.objects.filter(**{field: value}, created_at__gte=hour_ago)
        if recent.order_by()[:limit].count() >= limit:
            raise ReportRefused(
                _(
                    "You have sent a lot of reports in the last hour. Our moderators are reading "
                    "them; please try again later."
                ),
                code="rate_limited",
            )


@transaction.atomic
def report_create(
    *,
    comment: Comment,
    reporter_key: str,
    reason: str,
    details: str = "",
    network_key: str = "",
) -> Report:
    """Record a reader's report, hide the comment at the threshold, and e-mail the moderators.

    ``reporter_key`` names the reader (see ``reporter_for``), ``network_key`` their network.
    Raises ``ReportRefused`` for an unknown reason, over-long details, a comment that is not
    published, a reader or network over its hourly report limit, or a second report by the same
    reader on the same comment (the database's unique constraint decides that, so two
    simultaneous clicks still make one report).
    """
    details = details.strip()
    if reason not in Report.Reason.values:
        raise ReportRefused(_("Choose one of the reasons listed."), field="reason")
    if len(details) > DETAILS_MAX_LENGTH:
        raise ReportRefused(
            _("Keep the details to %(limit)d characters or fewer (this has %(count)d).")
            % {"limit": DETAILS_MAX_LENGTH, "count": len(details)},
            field="details",
        )
    if not reporter_key:
        raise ReportRefused(_("We could not tell who is reporting; please enable cookies."))

    # One reader's reports are counted one after another, so the hourly limit holds even for
    # simultaneous clicks (SQLite's write transaction already serialises them).
    advisory_locks(f"reporter:{reporter_key}")
    # Lock the comment row so that simultaneous reports are counted one after another and the
    # report that reaches the threshold sees all the others.
    locked = Comment.objects.select_for_update().filter(pk=comment.pk).values("status").first()
    if locked is None or locked["status"] != Comment.Status.PUBLISHED:
        raise ReportRefused(
            _("This comment is no longer published, so it cannot be reported."), code="unavailable"
        )
    _reports_rate_check(reporter_key=reporter_key, network_key=network_key)

    try:
        with transaction.atomic():  # a savepoint, so the outer transaction survives the refusal
            report = Report.objects.create(
                comment=comment,
                reporter_key=reporter_key,
                network_key=network_key,
                reason=reason,
                details=details,
            )
    except IntegrityError:
        raise ReportRefused(
            _("You have already reported this comment."), code="duplicate"
        ) from None

    audit_record(
        action="report",
        actor_kind=AuditEntry.ActorKind.READER,
        comment=comment,
        reason=reason,
        details={"report_id": report.pk},
    )
    event_publish(
        name=REPORT_CREATED,
        site_id=comment.story.site_id,
        data={
            "comment_id": comment.pk,
            "report_id": report.pk,
            "reason": reason,
            "details": details,
        },
    )
    open_reports = Report.objects.filter(comment=comment, resolved_at__isnull=True).count()
    threshold = policy_for_site(site=comment.story.site).report_hide_threshold
    hidden = False
    if threshold:
        independent = independent_reporters(comment=comment)
        if independent >= threshold:
            hidden = _hide_pending_review(
                comment=comment,
                open_reports=open_reports,
                independent=independent,
                threshold=threshold,
            )

    if settings.REPORT_EMAIL_BATCH_MINUTES > 0:
        transaction.on_commit(lambda: report_digest_schedule(report=report), robust=True)
    elif open_reports == 1 or hidden:
        # One mail when a comment is first reported (and when reports hide it): further reports
        # show in the queue's tally rather than as a mail each.
        transaction.on_commit(lambda: report_email_task.enqueue(report_id=report.pk), robust=True)
    return report


def _hide_pending_review(
    *, comment: Comment, open_reports: int, independent: int, threshold: int
) -> bool:
    hidden = Comment.objects.filter(pk=comment.pk, status=Comment.Status.PUBLISHED).update(
        status=Comment.Status.PENDING, updated_at=timezone.now()
    )
    if not hidden:
        return False
    comment.status = Comment.Status.PENDING
    comment_status_changed(comment=comment, status_before=Comment.Status.PUBLISHED)
    audit_record(
        action="hidden_by_reports",
        actor_kind=AuditEntry.ActorKind.SYSTEM,
        comment=comment,
        reason=(
            f"Reported by {independent} independent readers ({open_reports} reports; "
            f"threshold {threshold})."
        ),
        status_before=Comment.Status.PUBLISHED,
        status_after=Comment.Status.PENDING,
        details={"open_reports": open_reports, "independent": independent, "threshold": threshold},
    )
    decision_publish(
        comment=comment,
        action="hidden_by_reports",
        status_before=Comment.Status.PUBLISHED,
        by="reports",
    )
    return True


# --- E-mail to the moderators -------------------------------------------------------------------


def moderation_card_url(comment_id: int) -> str:
    """The moderators' page for one comment (served by the moderation queue)."""
    return f"{settings.SITE_URL}/moderate/comments/{comment_id}/"


def _report_summary(report: Report) -> str:
    comment = report.comment
    lines = [
        _("Comment by %(name)s on “%(headline)s”:")
        % {"name": comment.author_name, "headline": comment.story.headline},
        f"  {Truncator(' '.join(comment.body.split())).chars(300)}",
        _("Reason: %(reason)s") % {"reason": _(report.get_reason_display())},
    ]
    if report.details:
        lines.append(_("Reader's details: %(details)s") % {"details": report.details})
    lines += [
        _("Open reports on this comment: %(count)d") % {"count": report.open_report_count}
        + (" " + _("(hidden pending review)") if comment.status == Comment.Status.PENDING else ""),
        _("Review it: %(url)s") % {"url": moderation_card_url(comment.pk)},
    ]
    return "\n".join(lines)


def _moderators_language(reports: list[Report]) -> str:
    """The language of the moderators' mail about ``reports``: their sites' when the sites
    share one, else the installation's (``MODERATION_EMAIL`` serves every site)."""
    languages = {language_for(site=report.comment.story.site) for report in reports}
    return languages.pop() if len(languages) == 1 else installation_language()


def _reports_for_mail(reports: QuerySet[Report]) -> list[Report]:
    reports = list(reports.select_related("comment__story__site").order_by("created_at", "pk"))
    counts: dict[int, int] = {}
    for comment_id in Report.objects.filter(
        comment_id__in={report.comment_id for report in reports}, resolved_at__isnull=True
    ).values_list("comment_id", flat=True):
        counts[comment_id] = counts.get(comment_id, 0) + 1
    for report in reports:
        report.open_report_count = counts.get(report.comment_id, 0)
    return reports


def _subject(text: str) -> str:
    # Headlines are typed by editors; a line break in a subject would be refused by Django.
    return " ".join(f"[{settings.SITE_NAME}] {text}".split())[:200]


def report_email_send(*, report_id: int) -> bool:
    """E-mail ``MODERATION_EMAIL`` about one report; False when there is no address or report."""
    if not settings.MODERATION_EMAIL:
        return False
    reports = _reports_for_mail(Report.objects.filter(pk=report_id))
    if not reports:
        return False
    report = reports[0]
    with translation.override(_moderators_language(reports)):
        subject = _("Comment reported: %(reason)s") % {"reason": _(report.get_reason_display())}
        message = (
            _("A reader reported a comment.")
            + "\n\n"
            + _report_summary(report)
            + "\n\n"
            + _("You receive this because this address is the site's MODERATION_EMAIL.")
            + "\n"
        )
    send_mail(
        subject=_subject(subject),
        message=message,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[settings.MODERATION_EMAIL],
    )
    return True


# --- Batched e-mail: one digest per window ------------------------------------------------------
#
# Windows are aligned to whole multiples of REPORT_EMAIL_BATCH_MINUTES since the Unix epoch, so
# every web process agrees which window a report falls in. The first report of a window enqueues
# report_digest_task with run_after = the window's end; it mails every report created in the
# window. The cache keeps a window from being enqueued or sent twice (exactly with Redis; with the
# per-process memory cache, web processes may each enqueue one, and the single task worker still
# sends once).


def _window(moment: datetime) -> tuple[datetime, datetime]:
    length = settings.REPORT_EMAIL_BATCH_MINUTES * 60
    start = int(moment.timestamp()) // length * length
    return (
        datetime.fromtimestamp(start, tz=UTC),
        datetime.fromtimestamp(start + length, tz=UTC),
    )


def report_digest_schedule(*, report: Report) -> None:
    """Make sure the digest for this report's window is queued to run when the window closes."""
    start, end = _window(report.created_at)
    if not cache.add(f"townsquare:report-digest:queued:{start.isoformat()}", True, None):
        return
    backend_defers = report_digest_task.get_backend().supports_defer
    if not backend_defers:
        # A task backend that cannot wait (the immediate backend) would send the digest before
        # the window's other reports exist; send this report on its own instead.
        cache.delete(f"townsquare:report-digest:queued:{start.isoformat()}")
        report_email_task.enqueue(report_id=report.pk)
        return
    report_digest_task.using(run_after=end + DIGEST_GRACE).enqueue(
        window_start=start.isoformat(), window_minutes=settings.REPORT_EMAIL_BATCH_MINUTES
    )


def report_digest_send(*, window_start: datetime, window_minutes: int) -> int:
    """Mail one digest of the reports created in this window; return how many it listed.

    Sends nothing for an empty window, or for a window already sent (so a duplicate task is
    harmless).
    """
    window_end = window_start + timedelta(minutes=window_minutes)
    if not settings.MODERATION_EMAIL:
        return 0
    reports = _reports_for_mail(
        Report.objects.filter(created_at__gte=window_start, created_at__lt=window_end)
    )
    if not reports:
        return 0
    sent_key = f"townsquare:report-digest:sent:{window_start.isoformat()}"
    if not cache.add(sent_key, True, timeout=7 * 24 * 3600):
        return 0
    local_start = timezone.localtime(window_start)
    local_end = timezone.localtime(window_end)
    count = len(reports)
    with translation.override(_moderators_language(reports)):
        body = "\n\n".join(
            f"{number}. " + _report_summary(report) for number, report in enumerate(reports, 1)
        )
        subject = ngettext(
            "%(count)d comment report %(start)s–%(end)s",
            "%(count)d comment reports %(start)s–%(end)s",
            count,
        ) % {"count": count, "start": f"{local_start:%H:%M}", "end": f"{local_end:%H:%M}"}
        message = (
            ngettext(
                "Readers made %(count)d report between %(start)s and %(end)s.",
                "Readers made %(count)d reports between %(start)s and %(end)s.",
                count,
            )
            % {
                "count": count,
                "start": dateformat.format(local_start, get_format("SHORT_DATETIME_FORMAT")),
                "end": f"{local_end:%H:%M}",
            }
            + "\n\n"
            + body
            + "\n\n"
            + ngettext(
                "You receive this because this address is the site's MODERATION_EMAIL "
                "(digests every %(minutes)d minute: REPORT_EMAIL_BATCH_MINUTES).",
                "You receive this because this address is the site's MODERATION_EMAIL "
                "(digests every %(minutes)d minutes: REPORT_EMAIL_BATCH_MINUTES).",
                window_minutes,
            )
            % {"minutes": window_minutes}
            + "\n"
        )
    try:
        send_mail(
            subject=_subject(subject),
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[settings.MODERATION_EMAIL],
        )
    except Exception:
        cache.delete(sent_key)  # let a retry send it
        raise
    return len(reports)


@task()
def report_email_task(*, report_id: int) -> bool:
    """Task wrapper: mail one report; False (nothing sent) if it was deleted meanwhile."""
    return report_email_send(report_id=report_id)


@task()
def report_digest_task(*, window_start: str, window_minutes: int) -> int:
    """Task wrapper: send the digest for the window starting at ``window_start`` (ISO 8601)."""
    return report_digest_send(
        window_start=datetime.fromisoformat(window_start), window_minutes=window_minutes
    )
