from __future__ import annotations

from django import forms
from django.utils.translation import gettext, gettext_lazy


class AddressForm(forms.Form):
    email = forms.CharField(
        max_length=254,
        error_messages={
            "required": gettext_lazy("Please enter the e-mail address you comment with.")
        },
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        error_messages={
            "required": gettext_lazy("Tick the box to confirm: erasing cannot be undone.")
        }
    )


class DataRequestForm(forms.Form):
    """A moderator acting on a request received by mail."""

    ACTIONS = [
        ("download", gettext_lazy("Download the data (JSON)")),
        ("erase", gettext_lazy("Erase the data")),
    ]

    email = forms.CharField(max_length=254, label=gettext_lazy("E-mail address"))
    action = forms.ChoiceField(
        choices=ACTIONS, widget=forms.RadioSelect, label=gettext_lazy("What to do")
    )
    note = forms.CharField(
        max_length=400,
        required=False,
        label=gettext_lazy("Note"),
        help_text=gettext_lazy(
            "Where the request came from (e.g. the ticket number); kept in the audit log."
        ),
    )
    confirm = forms.BooleanField(
        required=False,
        label=gettext_lazy("I have checked the request comes from this address's owner"),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "erase" and not data.get("confirm"):
            self.add_error("confirm", gettext("Confirm before erasing: it cannot be undone."))
        return data


class DeliveryForm(forms.Form):
    """How a verified reader wants the e-mails about replies to their comments."""

    DELIVERIES = [
        ("each", gettext_lazy("An e-mail for each reply")),
        ("daily", gettext_lazy("One daily digest of the replies")),
        ("none", gettext_lazy("No reply e-mails")),
    ]

    delivery = forms.ChoiceField(
        choices=DELIVERIES,
        widget=forms.RadioSelect,
        label=gettext_lazy("E-mails about replies"),
        error_messages={"required": gettext_lazy("Choose how you want to hear of replies.")},
    )
