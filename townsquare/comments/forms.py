"""The reply form, with WordPress's field names so existing themes and habits carry over."""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing


class CommentForm(forms.Form):
    author = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={
            "required": "Please enter your name.",
            "max_length": "Please keep your name under 100 characters.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        error_messages={
            "required": "Please enter your email address. It will not be published.",
            "invalid": "That doesn't look like an email address; please check it.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    url = forms.URLField(
        label="Website",
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={"invalid": "Please enter a full web address, like https://example.org."},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    comment = forms.CharField(
        label="Comment",
        max_length=settings.COMMENTS_MAX_LENGTH,
        error_messages={
            "required": "Please write a comment.",
            "max_length": "Comments can be at most %(limit_value)d characters "
            "(yours has %(show_value)d).",
        },
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=True,
    )
    comment_parent = forms.CharField(required=False, widget=forms.HiddenInput)
    tos_version = forms.CharField(required=False, widget=forms.HiddenInput)
    # Spam traps (django-contrib-comments style): a field people never see, and a signed time
    # the form was shown, so a post a second after the page loaded is recognised as a robot.
    phone = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)
    nudge_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    remember = forms.BooleanField(
        label="Save my name, email, and website in this browser for the next time I comment.",
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_started"] = form_started_token()
        for name in ("author", "email", "comment"):
            widget = self.fields[name].widget
            widget.attrs.update({"required": True, "aria-required": "true"})
        for name, field in self.fields.items():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("aria-describedby", f"{name}-error")

    # Hidden fields are filled by the page, not the reader: a tampered or stale value must not
    # cost the reader their comment, so anything that isn't a positive id counts as absent.
    def clean_comment_parent(self) -> int | None:
        return _positive_int(self.cleaned_data.get("comment_parent"))

    def clean_tos_version(self) -> int | None:
        return _positive_int(self.cleaned_data.get("tos_version"))


_FORM_SALT = "townsquare.comments.form-started"


def form_started_token() -> str:
    return signing.dumps(time.time(), salt=_FORM_SALT)


def form_age_seconds(token: str) -> float:
    """Seconds since the form carrying ``token`` was rendered; 0 when the token is not ours."""
    try:
        started = float(signing.loads(token, salt=_FORM_SALT, max_age=7 * 24 * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return 0.0
    return max(0.0, time.time() - started)


def _positive_int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None
