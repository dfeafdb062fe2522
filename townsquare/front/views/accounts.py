"""Staff sign-in and sign-out, on the site and on a scorer-only deployment's admin."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse

from townsquare.accounts.services import (
    STAFF_DEVICE_COOKIE,
    STAFF_DEVICE_MAX_AGE,
    LoginAttempt,
    LoginThrottled,
    login_attempt_finish,
    login_attempt_start,
    staff_device_token,
)
from townsquare.lib.client import client_ip

MODERATION_HOME = "/moderate/"


class StaffLoginView(auth_views.LoginView):
    """Django's sign-in form, each attempt counted before the password is checked.

    A locked-out username, browser or network gets the form back (status 429) with what was typed
    in the username field, and the password is never checked, so guessing stops being useful.
    After signing in, staff go to ``next`` when it points to this site, else to the moderation
    queue, and the browser gets a staff-device cookie so its own attempts are counted apart from
    strangers' (``accounts.services``).
    """

    template_name = "accounts/login.html"
    next_page = MODERATION_HOME
    attempt: LoginAttempt | None = None

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = self.get_form()
        username = str(form.data.get("username", ""))
        if username and form.data.get("password"):
            # Only a submitted username and password is an attempt at guessing; an empty field
            # never reaches the password check.
            try:
                self.attempt = login_attempt_start(
                    username=username,
                    ip=client_ip(request),
                    device_token=request.COOKIES.get(STAFF_DEVICE_COOKIE, ""),
                )
            except LoginThrottled as throttled:
                # Set the errors directly: asking the bound form for them would validate it, and
                # validating an AuthenticationForm checks the password.
                form._errors, form.cleaned_data = ErrorDict(), {}
                form.add_error(None, throttled.message)
                response = self.render_to_response(self.get_context_data(form=form), status=429)
                response["Retry-After"] = str(throttled.retry_after_seconds)
                return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        if self.attempt:
            login_attempt_finish(attempt=self.attempt, succeeded=True)
        response = super().form_valid(form)
        response.set_cookie(
            STAFF_DEVICE_COOKIE,
            staff_device_token(username=form.get_user().get_username()),
            max_age=STAFF_DEVICE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    def form_invalid(self, form) -> HttpResponse:
        if self.attempt:
            login_attempt_finish(attempt=self.attempt, succeeded=False)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StaffLogoutView(auth_views.LogoutView):
    """Sign out (POST only, so a link or image elsewhere cannot sign staff out)."""

    next_page = "accounts:login"


class ScorerLoginView(StaffLoginView):
    """The same throttled sign-in, in the admin's own page (no reader pages to link to)."""

    template_name = "admin/login.html"
    next_page = "/admin/"

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}
