"""Readers' data rights: ask for a link, confirm it, then download or erase; and the moderators'
page for requests received by mail. Every page works without JavaScript."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from townsquare.lib.client import DEVICE_COOKIE
from townsquare.moderation.reporting import reporter_key_for
from townsquare.moderation.views import moderator_required
from townsquare.readers import selectors, services
from townsquare.readers.forms import AddressForm, DataRequestForm, EraseForm
from townsquare.readers.models import EmailVerification
from townsquare.readers.session import verified_email, verified_forget, verified_remember

DATA_RIGHTS = EmailVerification.Purpose.DATA_RIGHTS
# Where each purpose's link leads once confirmed.
LANDING = {DATA_RIGHTS: "readers:data_manage"}


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
            services.verification_send(email=form.cleaned_data["email"], purpose=DATA_RIGHTS)
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
            verified_remember(request, verified)
            return HttpResponseRedirect(reverse(LANDING[verified.purpose]), status=303)
        verification = services.verification_check(token=token)
    except services.VerificationRefused as refused:
        return render(request, "readers/verify.html", {"refusal": refused.message}, status=400)
    return render(request, "readers/verify.html", {"purpose": verification.purpose})


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
