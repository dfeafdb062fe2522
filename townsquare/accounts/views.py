"""Staff sign-in and sign-out."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse

from townsquare.accounts.services import (
    LoginThrottled,
    login_attempt_check,
    login_attempt_record,
)
from townsquare.lib.client import client_ip

MODERATION_HOME = "/moderate/"


class StaffLoginView(auth_views.LoginView):
    """Django's sign-in form with throttling checked before the password is.

    A locked-out username or IP gets the form back (status 429) with what was typed in the
    username field, and the password is never checked, so guessing stops being useful. After
    signing in, staff go to ``next`` when it points to this site, else to the moderation queue.
    """

    template_name = "accounts/login.html"
    next_page = MODERATION_HOME

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = self.get_form()
        username = str(form.data.get("username", ""))
        try:
            login_attempt_check(username=username, ip=client_ip(request))
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
        login_attempt_record(
            username=form.get_user().get_username(), ip=client_ip(self.request), succeeded=True
        )
        return super().form_valid(form)

    def form_invalid(self, form) -> HttpResponse:
        username = str(form.data.get("username", ""))
        if username and form.data.get("password"):
            # Only a submitted username and password is an attempt at guessing; an empty field
            # never reaches the password check.
            login_attempt_record(username=username, ip=client_ip(self.request), succeeded=False)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StaffLogoutView(auth_views.LogoutView):
    """Sign out (POST only, so a link or image elsewhere cannot sign staff out)."""

    next_page = "accounts:login"
