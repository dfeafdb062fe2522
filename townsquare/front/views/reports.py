"""The reader's "Report" form for one comment, and its thank-you page."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from townsquare.comments.models import Comment
from townsquare.front.script_strings import plural_forms
from townsquare.lib.client import device_cookie_is_new, device_cookie_set, device_id_for
from townsquare.lib.i18n import language_activate_for
from townsquare.moderation.models import Report
from townsquare.moderation.reporting import (
    DETAILS_MAX_LENGTH,
    ReportRefused,
    comment_for_reporting,
    report_create,
    report_exists,
    reporter_for,
)
from townsquare.stories.models import Story


class _MultilineField(forms.CharField):
    """Counts a line break as one character, as the page's counter does (browsers send CRLF)."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        # Translated when the form is shown, in the story's language (the labels are marked).
        choices=lambda: [(value, gettext(label)) for value, label in Report.Reason.choices],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose a reason for your report."),
            "invalid_choice": gettext_lazy("Choose one of the reasons listed."),
        },
    )
    details = _MultilineField(
        required=False,
        max_length=DETAILS_MAX_LENGTH,
        error_messages={
            "max_length": gettext_lazy(
                "Keep the details to %(limit_value)d characters or fewer (this has %(show_value)d)."
            )
        },
    )


def report_script_strings() -> dict:
    """What ``report.js``'s counter says, in the story's language (``front.script_strings``)."""
    return {
        "left": plural_forms(
            lambda n: ngettext("%(count)s character left.", "%(count)s characters left.", n)
        ),
        "over": plural_forms(
            lambda n: ngettext(
                "%(count)s character over the limit of %(limit)s.",
                "%(count)s characters over the limit of %(limit)s.",
                n,
            )
        ),
    }


def _respond(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Give a reader without a device cookie one, so their next visit counts as the same reader."""
    if not request.user.is_authenticated and device_cookie_is_new(request):
        device_cookie_set(response, device_id_for(request))
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """GET: the report form for a published comment. POST: file the report.

    Bad input gets the form back (status 400) with what was chosen and typed; a second report by
    the same reader gets a clear refusal (409). A comment that is not published — never was, or
    already hidden, removed or deleted — cannot be reported (404).
    """
    comment = comment_for_reporting(comment_id=comment_id)
    if comment is None:
        return render(request, "reports/unavailable.html", status=404)
    language_activate_for(request, story=comment.story)
    reporter = reporter_for(request)
    status = 200
    already_reported = False
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                report_create(
                    comment=comment,
                    reporter_key=reporter.key,
                    network_key=reporter.network_key,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                )
            except ReportRefused as refusal:
                form.add_error(refusal.field, refusal.message)
                status = {"duplicate": 409, "rate_limited": 429, "unavailable": 409}.get(
                    refusal.code, 400
                )
            else:
                thanks = reverse("reports:thanks", kwargs={"comment_id": comment.pk})
                return _respond(request, HttpResponseRedirect(thanks, status=303))
        else:
            status = 400
    else:
        form = ReportForm()
        already_reported = report_exists(comment=comment, reporter_key=reporter.key)
    context = {
        "comment": comment,
        "form": form,
        "already_reported": already_reported,
        "details_max_length": DETAILS_MAX_LENGTH,
        "comment_url": f"{comment.story.get_absolute_url()}#comment-{comment.pk}",
        "script_strings": report_script_strings(),
    }
    return _respond(request, render(request, "reports/report_form.html", context, status=status))


@require_http_methods(["GET"])
def report_thanks(request: HttpRequest, comment_id: int) -> HttpResponse:
    """After a report: thank the reader and link back to where they were."""
    comment = (
        Comment.objects.filter(pk=comment_id, story__in=Story.objects.published())
        .select_related("story")
        .only("pk", "status", "story__slug", "story__language", "story__site_id")
        .first()
    )
    if comment is None:
        return render(request, "reports/unavailable.html", status=404)
    language_activate_for(request, story=comment.story)
    anchor = f"comment-{comment.pk}" if comment.status == Comment.Status.PUBLISHED else "comments"
    back_url = f"{comment.story.get_absolute_url()}#{anchor}"
    return render(request, "reports/thanks.html", {"back_url": back_url})
