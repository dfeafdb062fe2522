"""Readers' pages: data rights (ask for a link, confirm it, then download or erase), the
moderators' page for requests received by mail, and verified readers' "Your comments" (sign in
by e-mailed link, their comments with status, reply e-mails, signing out). Every page works
without JavaScript."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from townsquare.front.forms.readers import AddressForm, DataRequestForm, DeliveryForm, EraseForm
from townsquare.front.views.moderation import moderator_required
from townsquare.lib.client import DEVICE_COOKIE, client_info
from townsquare.lib.params import MAX_DB_INT
from townsquare.moderation.reporting import reporter_key_for
from townsquare.notifications import services as notifications
from townsquare.notifications.models import ReplySubscription
from townsquare.readers import selectors, services
from townsquare.readers.models import EmailVerification
from townsquare.readers.oidc import oidc_provider_for
from townsquare.readers.session import (
    reader_cookie_delete,
    reader_cookie_set,
    reader_session,
    reader_session_email,
    verified_email,
    verified_forget,
    verified_remember,
)
from townsquare.sites.models import Site
from townsquare.sites.selectors import site_default
from townsquare.stories.selectors import story_for_reader

DATA_RIGHTS = EmailVerification.Purpose.DATA_RIGHTS
READER_SIGN_IN = EmailVerification.Purpose.READER_SIGN_IN
REPLY_OPT_IN = EmailVerification.Purpose.REPLY_OPT_IN
# Where each purpose's link leads once confirmed.
LANDING = {
    DATA_RIGHTS: "readers:data_manage",
    READER_SIGN_IN: "readers:your_comments",
    REPLY_OPT_IN: "readers:your_comments",
}


def _reporter_key(request: HttpRequest) -> str:
    """This browser's reporter key, only if it already has a device cookie (or an account)."""
    if request.user.is_authenticated or request.COOKIES.get(DEVICE_COOKIE):
        return reporter_key_for(request)
    return ""


def _json_download(document: dict, *, name: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _file_name() -> str:
    return f"townsquare-data-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"


@never_cache
@require_http_methods(["GET", "POST"])
def data_request(request: HttpRequest) -> HttpResponse:
    """ "Send me a link": the answer is the same whether or not the address has comments here."""
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verification_send(
                email=form.cleaned_data["email"], purpose=DATA_RIGHTS, client=client_info(request)
            )
        except services.VerificationRefused as refused:
            form.add_error("email", refused.message)
        else:
            return render(request, "readers/link_sent.html")
    return render(
        request,
        "readers/data_request.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The page an e-mailed link opens. Confirming is a button: mail scanners follow links."""
    try:
        if request.method == "POST":
            verified = services.verification_confirm(token=token)
            response = HttpResponseRedirect(reverse(LANDING[verified.purpose]), status=303)
            if verified.purpose == DATA_RIGHTS:
                verified_remember(request, verified)
            else:
                _reader_signed_in(request, response, verified)
            return response
        verification = services.verification_check(token=token)
    except services.VerificationRefused as refused:
        return render(
            request,
            "readers/verify.html",
            {"refusal": refused.message, "purpose": refused.purpose},
            status=400,
        )
    return render(request, "readers/verify.html", {"purpose": verification.purpose})


def _reader_signed_in(request: HttpRequest, response: HttpResponse, verified) -> None:
    """A sign-in or reply opt-in link was confirmed: the address is verified, this browser gets
    a reader session, and an opt-in's subscriptions start."""
    _, token = services.reader_session_start(email=verified.email)
    reader_cookie_set(request, response, token)
    if verified.purpose == REPLY_OPT_IN:
        notifications.subscriptions_confirm(
            verification_id=verified.verification_id, email=verified.email
        )
        messages.success(
            request,
            gettext("Thank you: you will get an e-mail when someone replies to your comment."),
        )
    else:
        messages.success(request, gettext("You are signed in. Here are your comments."))


def _verified_or_redirect(request: HttpRequest) -> str | HttpResponse:
    email = verified_email(request, DATA_RIGHTS)
    if email is None:
        return HttpResponseRedirect(reverse("readers:data_request"))
    return email


@never_cache
def data_manage(request: HttpRequest) -> HttpResponse:
    email = _verified_or_redirect(request)
    if isinstance(email, HttpResponse):
        return email
    summary = selectors.reader_data_summary(email=email, reporter_key=_reporter_key(request))
    return render(
        request,
        "readers/data_manage.html",
        {"email": email, "summary": summary, "form": EraseForm()},
    )


@never_cache
def data_download(request: HttpRequest) -> HttpResponse:
    email = _verified_or_redirect(request)
    if isinstance(email, HttpResponse):
        return email
    document = selectors.reader_data_for(email=email, reporter_key=_reporter_key(request))
    return _json_download(document, name=_file_name())


@never_cache
@require_POST
def data_erase(request: HttpRequest) -> HttpResponse:
    email = _verified_or_redirect(request)
    if isinstance(email, HttpResponse):
        return email
    form = EraseForm(request.POST)
    if not form.is_valid():
        summary = selectors.reader_data_summary(email=email, reporter_key=_reporter_key(request))
        return render(
            request,
            "readers/data_manage.html",
            {"email": email, "summary": summary, "form": form},
            status=400,
        )
    result = services.reader_data_erase(email=email, reporter_key=_reporter_key(request))
    verified_forget(request, DATA_RIGHTS)
    return render(request, "readers/erased.html", {"result": result})


@never_cache
@require_http_methods(["GET", "POST"])
@moderator_required
def moderator_data_request(request: HttpRequest) -> HttpResponse:
    """A moderator downloads or erases an address's data on a request received by mail."""
    form = DataRequestForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["action"] == "download":
            document = selectors.reader_data_for(email=data["email"])
            services.reader_data_export_audit(
                email=data["email"], actor=request.user, note=data["note"]
            )
            return _json_download(document, name=_file_name())
        result = services.reader_data_erase(
            email=data["email"], actor=request.user, note=data["note"]
        )
        form = DataRequestForm()
    return render(
        request,
        "readers/moderator_data_request.html",
        {"form": form, "result": result},
        status=400 if form.errors else 200,
    )


# --- Verified readers: sign in, "Your comments", reply e-mails, sign out -------------------------


def masked_address(email: str) -> str:
    """Enough of the address for its owner to recognise it, on a page that is only theirs."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """ "Verify your email": a link that signs this browser in (the same answer for any address)."""
    if request.method == "GET" and reader_session_email(request):
        return HttpResponseRedirect(reverse("readers:your_comments"))
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verification_send(
                email=form.cleaned_data["email"],
                purpose=READER_SIGN_IN,
                client=client_info(request),
            )
        except services.VerificationRefused as refused:
            form.add_error("email", refused.message)
        else:
            return render(request, "readers/link_sent.html", {"purpose": READER_SIGN_IN})
    came_from = _came_from(request)
    return render(
        request,
        "readers/sign_in.html",
        {
            "form": form,
            "oidc_provider": oidc_provider_for(site=_site_of_page(came_from)),
            "came_from": came_from,
        },
        status=400 if form.errors else 200,
    )


def _came_from(request: HttpRequest) -> str:
    """The page of this site the reader came from (``next``, else the Referer), to go back to
    after signing in with the site's OpenID provider; checked again when that sign-in starts."""
    target = request.GET.get("next", "") or request.headers.get("Referer", "")
    parts = urlsplit(target[:2000])
    if parts.netloc and parts.netloc != request.get_host():
        return ""
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/") and not path.startswith("//") else ""


def _site_of_page(path: str) -> Site:
    """The site of the story at ``path`` (a hosted article), else the default site."""
    try:
        match = resolve(urlsplit(path).path) if path else None
    except Resolver404:
        match = None
    if match is not None and match.view_name == "stories:detail":
        story = story_for_reader(slug=match.kwargs["slug"])
        if story is not None:
            return story.site
    return site_default()


def _reader_or_redirect(request: HttpRequest) -> str | HttpResponse:
    email = reader_session_email(request)
    if email is None:
        return HttpResponseRedirect(reverse("readers:sign_in"))
    return email


def _subscriptions_for(comments) -> dict[int, ReplySubscription]:
    return {
        s.comment_id: s
        for s in ReplySubscription.objects.filter(comment_id__in=[c.pk for c in comments])
    }


def your_comments_context(request: HttpRequest, email: str, *, form=None) -> dict:
    page = selectors.reader_comments(email=email, before=request.GET.get("before", "")[:100])
    subscriptions = _subscriptions_for(page.comments)
    for comment in page.comments:
        comment.subscription = subscriptions.get(comment.pk)
    preference = notifications.preference_for(email=email)
    return {
        "address": masked_address(email),
        "page": page,
        "first_page": not request.GET.get("before"),
        "form": form or DeliveryForm(initial={"delivery": preference.delivery}),
    }


@never_cache
def your_comments(request: HttpRequest) -> HttpResponse:
    """Every comment of the signed-in reader, newest first, with status and reply e-mails."""
    email = _reader_or_redirect(request)
    if isinstance(email, HttpResponse):
        return email
    return render(request, "readers/your_comments.html", your_comments_context(request, email))


def _back_to_your_comments(request: HttpRequest) -> HttpResponse:
    before = request.POST.get("before", "")[:100]
    url = reverse("readers:your_comments")
    return HttpResponseRedirect(f"{url}?before={before}" if before else url, status=303)


@never_cache
@require_POST
def delivery_set(request: HttpRequest) -> HttpResponse:
    email = _reader_or_redirect(request)
    if isinstance(email, HttpResponse):
        return email
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        context = your_comments_context(request, email, form=form)
        return render(request, "readers/your_comments.html", context, status=400)
    notifications.preference_set(email=email, delivery=form.cleaned_data["delivery"])
    messages.success(request, gettext("Your choice for reply e-mails is saved."))
    return _back_to_your_comments(request)


@never_cache
@require_POST
def replies_switch(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Turn the e-mails about replies to one of the reader's own comments on or off."""
    email = _reader_or_redirect(request)
    if isinstance(email, HttpResponse):
        return email
    comment = None
    if comment_id <= MAX_DB_INT:
        comment = selectors.reader_comments_queryset(email=email).filter(pk=comment_id).first()
    if comment is None:
        raise Http404("Not one of your comments")
    if request.POST.get("replies") == "on":
        notifications.reader_subscribe(comment=comment, email=email)
        messages.success(
            request, gettext("You will get an e-mail when someone replies to that comment.")
        )
    else:
        subscription = ReplySubscription.objects.filter(comment=comment).first()
        if subscription is not None:
            notifications.subscription_cancel(subscription=subscription)
        messages.success(request, gettext("No more e-mails about replies to that comment."))
    return _back_to_your_comments(request)


@never_cache
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign this browser out; with ``everywhere``, every browser signed in with the address."""
    session = reader_session(request)
    if session is not None:
        if request.POST.get("everywhere"):
            services.reader_sessions_revoke_all(email=session.email)
        else:
            services.reader_session_revoke(session=session)
    response = render(
        request, "readers/signed_out.html", {"everywhere": bool(request.POST.get("everywhere"))}
    )
    reader_cookie_delete(response)
    return response
