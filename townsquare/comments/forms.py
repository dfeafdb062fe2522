"""The reply form, with WordPress's field names so existing themes and habits carry over.

The form renders the fields and reads what was posted; the rules for what a comment may contain
live in ``comments.services.comment_fields_clean``, which ``comment_submit`` applies to every
interface. The form calls the same function, so the reader sees the service's own messages
next to each field, all at once.
"""

from __future__ import annotations

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from townsquare.comments.services import (
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    URL_MAX_LENGTH,
    CommentInvalid,
    comment_fields_clean,
)
from townsquare.lib.counters import spend_once
from townsquare.lib.params import positive_int

# How long a rendered form stays good for posting. Older (or signed with a previous key), the
# reader is asked to post again with a fresh form; their text is kept.
FORM_MAX_AGE_SECONDS = 7 * 24 * 3600
STALE_FORM_MESSAGE = gettext_noop(
    "This page was open for a long time, so we could not accept the comment yet. Nothing you "
    "typed has been lost: please check it and post again."
)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": settings.COMMENTS_MAX_LENGTH}),
    )
    author = forms.CharField(
        label=gettext_lazy("Name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH}),
    )
    email = forms.CharField(
        label=gettext_lazy("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": EMAIL_MAX_LENGTH}),
    )
    url = forms.CharField(
        label=gettext_lazy("Website"),
        required=False,
        widget=forms.URLInput(attrs={"autocomplete": "url", "maxlength": URL_MAX_LENGTH}),
    )
    comment_parent = forms.CharField(required=False, widget=forms.HiddenInput)
    tos_version = forms.CharField(required=False, widget=forms.HiddenInput)
    # Spam traps (django-contrib-comments style): a field people never see, and a signed time
    # the form was shown, so a post a second after the page loaded is recognised as a robot.
    phone = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)
    nudge_token = forms.CharField(required=False, widget=forms.HiddenInput)
    remember = forms.BooleanField(
        label=gettext_lazy(
            "Save my name, email, and website in this browser for the next time I comment."
        ),
        required=False,
    )
    notify_replies = forms.BooleanField(
        label=gettext_lazy("Email me replies to this comment"), required=False
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
        return positive_int(self.cleaned_data.get("comment_parent"))

    def clean_tos_version(self) -> int | None:
        return positive_int(self.cleaned_data.get("tos_version"))

    def clean_phone(self) -> str:
        return (self.cleaned_data.get("phone") or "")[:200]

    def clean_nudge_token(self) -> str:
        return (self.cleaned_data.get("nudge_token") or "")[:64]

    def clean(self) -> dict:
        data = super().clean()
        try:
            fields = comment_fields_clean(
                author_name=data.get("author", ""),
                email=data.get("email", ""),
                url=data.get("url", ""),
                body=data.get("comment", ""),
            )
        except CommentInvalid as invalid:
            for field, message in invalid.errors.items():
                self.add_error(field, message)
        else:
            data.update(
                author=fields.author_name, email=fields.email, url=fields.url, comment=fields.body
            )
        if not self.errors and form_age_seconds(data.get("form_started", "")) is None:
            self.add_error(None, _(STALE_FORM_MESSAGE))
        return data

    @property
    def is_stale(self) -> bool:
        """The only error is an expired form: show it again with a fresh timestamp."""
        return self.errors.get("__all__") == [_(STALE_FORM_MESSAGE)] and len(self.errors) == 1


_FORM_SALT = "townsquare.comments.form-started"
USED_FORM_MESSAGE = gettext_noop(
    "This form has already been used to post a comment, so we could not accept this one yet. "
    "Nothing you typed has been lost: please check it and post again."
)


def form_started_token() -> str:
    """A signed form timestamp with a random nonce: good for one post (``form_token_spend``)."""
    return signing.dumps({"t": time.time(), "n": secrets.token_urlsafe(12)}, salt=_FORM_SALT)


def _form_token_read(token: str) -> tuple[float, str] | None:
    try:
        data = signing.loads(token, salt=_FORM_SALT, max_age=FORM_MAX_AGE_SECONDS)
        started, nonce = float(data["t"]), str(data["n"])
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        return None  # also a token from before nonces (a bare number): stale, so renewed
    return started, nonce


def form_age_seconds(token: str) -> float | None:
    """Seconds since the form carrying ``token`` was rendered; None for a stale or foreign token.

    None covers a token older than ``FORM_MAX_AGE_SECONDS``, one signed with another secret key
    and a mangled one: a person may have left the page open, so they are asked to post again. A
    post without the field at all did not come from our page; it counts as 0 seconds, which the
    spam trap catches. Reads only: ``form_token_spend`` uses the token up.
    """
    if not token:
        return 0.0
    read = _form_token_read(token)
    return None if read is None else max(0.0, time.time() - read[0])


class FormTokenRefused(Exception):
    """A form token that cannot post: ``message`` says why, the reader posts again."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def form_token_spend(token: str) -> float:
    """Use a form token for one post: the form's age in seconds.

    Each token posts once: its nonce is marked spent in the shared cache, atomically
    (``lib.counters.spend_once``), so the same form replayed — by one script or by many
    processes at once — meets ``FormTokenRefused`` after the first. Raises it too for a stale or
    foreign token. A missing token is 0 seconds (the spam trap's to judge), as before.
    """
    if not token:
        return 0.0
    read = _form_token_read(token)
    if read is None:
        raise FormTokenRefused(_(STALE_FORM_MESSAGE), code="stale_form")
    started, nonce = read
    if not spend_once(f"townsquare:form-spent:{nonce}", timeout=FORM_MAX_AGE_SECONDS + 60):
        raise FormTokenRefused(_(USED_FORM_MESSAGE), code="used_form")
    return max(0.0, time.time() - started)
