from __future__ import annotations

from django import forms


class AddressForm(forms.Form):
    email = forms.CharField(
        max_length=254,
        error_messages={"required": "Please enter the e-mail address you comment with."},
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        error_messages={"required": "Tick the box to confirm: erasing cannot be undone."}
    )


class DataRequestForm(forms.Form):
    """A moderator acting on a request received by mail."""

    ACTIONS = [("download", "Download the data (JSON)"), ("erase", "Erase the data")]

    email = forms.CharField(max_length=254)
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        max_length=400,
        required=False,
        help_text="Where the request came from (e.g. the ticket number); kept in the audit log.",
    )
    confirm = forms.BooleanField(
        required=False, label="I have checked the request comes from this address's owner"
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "erase" and not data.get("confirm"):
            self.add_error("confirm", "Confirm before erasing: it cannot be undone.")
        return data


class DeliveryForm(forms.Form):
    """How a verified reader wants the e-mails about replies to their comments."""

    DELIVERIES = [
        ("each", "An e-mail for each reply"),
        ("daily", "One daily digest of the replies"),
        ("none", "No reply e-mails"),
    ]

    delivery = forms.ChoiceField(
        choices=DELIVERIES,
        widget=forms.RadioSelect,
        label="E-mails about replies",
        error_messages={"required": "Choose how you want to hear of replies."},
    )
