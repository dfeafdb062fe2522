"""The moderators' queue and the commenter's warning page.

Every action is a plain form POST that redirects back to the same place in the queue, so the
queue works with JavaScript off. The queue's script posts the same forms with the header
``X-Requested-With: townsquare`` and gets JSON back, so it can swap one card without a reload.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from townsquare.comments.models import Comment, status_label
from townsquare.front.forms.moderation import (
    SUSPENSION_CHOICES,
    BulkForm,
    CommentActionForm,
    LiftForm,
    QueueFilterForm,
    SanctionForm,
)
from townsquare.front.script_strings import plural_forms
from townsquare.lib.i18n import language_supported
from townsquare.moderation import commenters, permissions, sanctions, services
from townsquare.moderation import queue as moderation_queue
from townsquare.moderation.models import Sanction
from townsquare.moderation.permissions import is_moderator
from townsquare.moderation.queue import QueueTab
from townsquare.moderation.rules import RejectionReason
from townsquare.moderation.services import ModerationError
from townsquare.readers.selectors import verification_marks

# What each action says when it is done, marked for the catalogs and translated when said.
COMMENT_ACTIONS = {
    "approve": (services.comment_approve, gettext_noop("Approved. Comment by %(name)s.")),
    "reject": (services.comment_reject, gettext_noop("Rejected. Comment by %(name)s.")),
    "remove": (
        services.comment_remove,
        gettext_noop("Removed; replies stay under a tombstone. Comment by %(name)s."),
    ),
    "feature": (services.comment_feature, gettext_noop("Featured. Comment by %(name)s.")),
    "unfeature": (
        services.comment_unfeature,
        gettext_noop("No longer featured. Comment by %(name)s."),
    ),
}
SANCTION_ACTIONS = {
    "warn": (services.commenter_warn, gettext_noop("Warned %(name)s.")),
    "suspend": (services.commenter_suspend, gettext_noop("Suspended %(name)s.")),
    "ban": (services.ban_commenter, gettext_noop("Banned %(name)s.")),
    "premoderate": (
        services.commenter_premoderate,
        gettext_noop("Every comment now held for %(name)s."),
    ),
}


def moderate_script_strings() -> dict:
    """What ``moderate.js`` says itself, in the moderator's language (``front.script_strings``)."""
    return {
        "unavailable": gettext("That action is not available for this comment."),
        "failed": gettext("That did not work; please try again."),
        "empty": gettext("Nothing left on this page."),
        "selected": plural_forms(lambda n: ngettext("%(count)s selected", "%(count)s selected", n)),
    }


def _translated(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Choices whose labels are marked (``gettext_noop``), in the moderator's language."""
    return [(value, gettext(label)) for value, label in choices]


def moderator_required(view):
    """Anonymous visitors go to the sign-in page; signed-in non-moderators get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            raise PermissionDenied(gettext("Only moderators can use the moderation queue."))
        return view(request, *args, **kwargs)

    return wrapped


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "townsquare"


def _queue_url(params: dict | None = None) -> str:
    base = reverse("moderation:queue")
    params = {k: v for k, v in (params or {}).items() if v not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


def _filter_params(filters: dict) -> dict:
    return {
        "tab": filters["tab"],
        "story": filters["story_id"],
        "order": filters["order"],
        "q": filters["query"],
    }


def _safe_next(request: HttpRequest, target: str | None) -> str:
    """Where to go after an action: the page it came from, if that page is ours."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("moderation:queue")


def _redirect_back(request: HttpRequest, target: str | None, card: int | None) -> HttpResponse:
    url = _safe_next(request, target)
    if card:
        url = f"{url.split('#')[0]}#card-{card}"
    return HttpResponseRedirect(url, status=303)


def _queue_context(filters: dict) -> dict:
    """What every card template needs besides the card."""
    return {
        "rejection_reasons": _translated(RejectionReason.choices),
        "suspension_choices": _translated(SUSPENSION_CHOICES),
        "queue_url": _queue_url(_filter_params(filters)),
        "filters": filters,
    }


@require_GET
@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET).filters()
    page = moderation_queue.queue_comments(
        tab=filters["tab"],
        story_id=filters["story_id"],
        order=filters["order"],
        query=filters["query"],
        page=request.GET.get("page", 1),
    )
    counts = moderation_queue.queue_counts(story_id=filters["story_id"], query=filters["query"])
    params = _filter_params(filters)
    tabs = [
        {
            "value": tab.value,
            "label": gettext(tab.label),
            "count": counts[tab.value],
            "url": _queue_url({**params, "tab": tab.value}),
            "current": tab.value == filters["tab"],
        }
        for tab in QueueTab
    ]
    cards = page.cards
    rows = [
        (card, cards[i + 1].comment.pk if i + 1 < len(cards) else None)
        for i, card in enumerate(cards)
    ]
    rate = moderation_queue.nudge_revise_rate(days=30)
    story_choices = moderation_queue.queue_story_choices(selected_id=filters["story_id"])
    context = {
        **_queue_context(filters),
        "verification": verification_marks(comments=[card.comment for card in cards]),
        "rows": rows,
        "page": page.page,
        "tabs": tabs,
        "tab_label": gettext(QueueTab(filters["tab"]).label),
        "stories": story_choices,
        "orders": _translated(moderation_queue.QueueOrder.choices),
        "revise_rate": None if rate is None else round(rate * 100),
        "current_url": request.get_full_path(),
        "script_strings": moderate_script_strings(),
    }
    return render(request, "moderation/queue.html", context)


@require_GET
@moderator_required
def comment_card(request: HttpRequest, comment_id: int) -> HttpResponse:
    """One comment's card on a page of its own: where report e-mails and audit links lead."""
    comment = permissions.comment_for_moderator(request.user, comment_id)
    if comment is None:
        raise Http404("No such comment")
    if "tab" not in request.GET:
        # Judged against the All tab, an approved or rejected card stays on its page (the
        # queue's script drops cards that leave the tab being viewed).
        return HttpResponseRedirect(f"{request.path}?tab={QueueTab.ALL.value}")
    filters = QueueFilterForm(request.GET).filters()
    context = {
        **_queue_context(filters),
        # After an action, come back to this card, so the moderator sees what changed.
        "queue_url": request.get_full_path(),
        "back_url": _queue_url(_filter_params(filters)),
        "card": moderation_queue.queue_card(comment=comment),
        "next_card": None,
        "verification": verification_marks(comments=[comment]),
        "script_strings": moderate_script_strings(),
    }
    return render(request, "moderation/card_page.html", context)


def _card_response(
    request: HttpRequest, *, comment: Comment | None, changed: bool, message: str, next_card
) -> JsonResponse:
    """The JSON the queue's script gets after an action: what happened and the card's new face."""
    filters = QueueFilterForm(request.GET).filters()
    data: dict = {"ok": True, "changed": changed, "message": message}
    if comment is not None:
        in_tab = moderation_queue.comment_in_tab(comment=comment, tab=filters["tab"])
        data["in_tab"] = in_tab
        if in_tab:
            data["card_html"] = render_to_string(
                "moderation/_card.html",
                {
                    **_queue_context(filters),
                    "card": moderation_queue.queue_card(comment=comment),
                    "next_card": next_card,
                    "verification": verification_marks(comments=[comment]),
                },
                request=request,
            )
    counts = moderation_queue.queue_counts(story_id=filters["story_id"], query=filters["query"])
    data["counts"] = {tab: str(count) for tab, count in counts.items()}
    return JsonResponse(data)


def _form_invalid(request: HttpRequest, form, *, title: str, status: int = 400) -> HttpResponse:
    """Bad input: say what is wrong and give the form back with everything that was typed."""
    if _wants_json(request):
        return JsonResponse(
            {"ok": False, "errors": form.errors.get_json_data() if form else {}, "message": title},
            status=status,
        )
    next_url = _safe_next(request, form.data.get("next") if form else None)
    return render(
        request,
        "moderation/action_error.html",
        {"form": form, "title": title, "action_url": request.path, "next_url": next_url},
        status=status,
    )


@require_POST
@moderator_required
def comment_action(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    if action not in COMMENT_ACTIONS:
        raise Http404("No such action")
    comment = permissions.comment_for_moderator(request.user, comment_id)
    if comment is None:
        raise Http404("No such comment")
    service, done = COMMENT_ACTIONS[action]
    needs_reason = action in ("reject", "remove")
    form = CommentActionForm(
        request.POST, needs_reason=needs_reason, needs_feature_reason=action == "feature"
    )
    if not form.is_valid():
        return _form_invalid(request, form, title=gettext("Please check the form."))
    data = form.cleaned_data
    kwargs: dict = {"comment": comment, "actor": request.user}
    if action in ("approve", "reject", "remove"):
        kwargs["expected_status"] = data["expected_status"] or None
    if needs_reason:
        kwargs["reason"] = data["reason"]
    if action == "feature":
        kwargs["reason"] = data["featured_reason"]
    try:
        changed = service(**kwargs)
    except ModerationError as error:
        form.add_error(None, error.message)
        return _form_invalid(request, form, title=error.message)
    if not changed:
        comment.refresh_from_db(fields=["status"])  # say what it is now, not what it was
    message = (
        gettext(done) % {"name": comment.author_name}
        if changed
        else gettext(
            "Nothing done: the comment by %(name)s is now %(status)s "
            "(another moderator may have acted on it)."
        )
        % {"name": comment.author_name, "status": status_label(comment.status).lower()}
    )
    if _wants_json(request):
        comment.refresh_from_db()
        return _card_response(
            request, comment=comment, changed=changed, message=message, next_card=data["next_card"]
        )
    (messages.success if changed else messages.warning)(request, message)
    return _redirect_back(request, data["next"], data["next_card"] if changed else comment.pk)


@require_POST
@moderator_required
def commenter_action(request: HttpRequest, commenter_id: int, action: str) -> HttpResponse:
    if action not in SANCTION_ACTIONS:
        raise Http404("No such action")
    commenter = permissions.commenter_for_moderator(request.user, commenter_id)
    if commenter is None:
        raise Http404("No such commenter")
    service, done = SANCTION_ACTIONS[action]
    form = SanctionForm(request.POST, with_duration=action == "suspend")
    if not form.is_valid():
        return _form_invalid(request, form, title=gettext("Please check the form."))
    data = form.cleaned_data
    comment = None
    if data["comment"]:
        comment = permissions.comment_for_moderator(request.user, data["comment"])
    # The reason is what the commenter is told: in their language, not the moderator's.
    with translation.override(sanctions.commenter_language(commenter=commenter, comment=comment)):
        reason = form.reason_text
    kwargs: dict = {
        "commenter": commenter,
        "reason": reason,
        "actor": request.user,
        "comment": comment,
        "comment_reason": form.comment_reason if comment is not None else "",
    }
    if action == "suspend":
        kwargs["duration"] = data["timedelta"]
    try:
        outcome = service(**kwargs)
    except ModerationError as error:
        form.add_error(None, error.message)
        return _form_invalid(request, form, title=error.message)
    message = (
        gettext(done) % {"name": commenter.display_name}
        if outcome.created
        else gettext("Nothing new: %(name)s already has this %(kind)s in force.")
        % {
            "name": commenter.display_name,
            "kind": outcome.sanction.kind_label.lower(),
        }
    )
    if _wants_json(request):
        if comment is not None:
            comment.refresh_from_db()
        return _card_response(
            request,
            comment=comment,
            changed=outcome.created,
            message=message,
            next_card=data["next_card"],
        )
    (messages.success if outcome.created else messages.warning)(request, message)
    gone = comment is not None and comment.status != Comment.Status.PENDING
    card = data["next_card"] if gone else (comment.pk if comment else None)
    return _redirect_back(request, data["next"], card)


@require_POST
@moderator_required
def sanction_lift(request: HttpRequest, sanction_id: int) -> HttpResponse:
    sanction = permissions.sanction_for_moderator(request.user, sanction_id)
    if sanction is None:
        raise Http404("No such sanction")
    form = LiftForm(request.POST)
    if not form.is_valid():
        return _form_invalid(request, form, title=gettext("Please check the form."))
    changed = services.sanction_lift(
        sanction=sanction, actor=request.user, reason=form.cleaned_data["note"]
    )
    message = (
        gettext("Lifted the %(kind)s on %(name)s.")
        % {
            "kind": sanction.kind_label.lower(),
            "name": sanction.commenter.display_name,
        }
        if changed
        else gettext("That sanction was already lifted.")
    )
    if _wants_json(request):
        return JsonResponse({"ok": True, "changed": changed, "message": message})
    (messages.success if changed else messages.warning)(request, message)
    return _redirect_back(request, form.cleaned_data["next"], None)


@require_POST
@moderator_required
def bulk_action(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return _form_invalid(request, form, title=gettext("Please check the selection."))
        # The queue itself is the form: say what was wrong there, with the selection intact in
        # the browser's history.
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _redirect_back(request, form.data.get("next"), None)
    data = form.cleaned_data
    comments = permissions.comments_for_moderator(request.user, data["comment"])
    if data["action"] == "approve":
        changed = services.comments_bulk_approve(comments=comments, actor=request.user)
        message = ngettext("Approved %(count)d comment.", "Approved %(count)d comments.", changed)
    else:
        changed = services.comments_bulk_reject(
            comments=comments, reason=data["reason"], actor=request.user
        )
        message = ngettext(
            "Rejected or removed %(count)d comment.",
            "Rejected or removed %(count)d comments.",
            changed,
        )
    message %= {"count": changed}
    skipped = len(data["comment"]) - changed
    if skipped:
        message += " " + ngettext(
            "%(count)d had already been dealt with or could not be changed.",
            "%(count)d had already been dealt with or could not be changed.",
            skipped,
        ) % {"count": skipped}
    if _wants_json(request):
        return JsonResponse({"ok": True, "changed": changed, "message": message})
    messages.success(request, message)
    return _redirect_back(request, data["next"], None)


@require_GET
@moderator_required
def commenter(request: HttpRequest, commenter_id: int) -> HttpResponse:
    person = permissions.commenter_for_moderator(request.user, commenter_id)
    if person is None:
        raise Http404("No such commenter")
    profile = commenters.commenter_profile(
        commenter=person,
        page=request.GET.get("page", 1),
        audit_page=request.GET.get("audit_page", 1),
    )
    return render(
        request,
        "moderation/commenter.html",
        {
            "profile": profile,
            "verification": verification_marks(
                comments=list(profile.comments), emails=[person.email]
            ),
            "rejection_reasons": _translated(RejectionReason.choices),
            "suspension_choices": _translated(SUSPENSION_CHOICES),
            "current_url": request.get_full_path(),
            "queue_url": _queue_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def warning_ack(request: HttpRequest, token: str) -> HttpResponse:
    """The page a warned commenter reaches from their e-mail, or from the refused comment."""
    sanction = sanctions.warning_for_token(token=token)
    if sanction is None:
        return render(request, "moderation/warning_ack.html", {"sanction": None}, status=404)
    # The language the warning's e-mail came in (a ``lang`` in the address still wins).
    language = language_supported(request.GET.get("lang")) or sanctions.sanction_language(sanction)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    just_acknowledged = False
    if request.method == "POST" and sanction.lifted_at is None:
        just_acknowledged = services.warning_acknowledge(sanction=sanction)
    return render(
        request,
        "moderation/warning_ack.html",
        {
            "sanction": sanction,
            "just_acknowledged": just_acknowledged,
            "lifted": sanction.lifted_at is not None,
            "kind_warning": Sanction.Kind.WARNING,
        },
    )
