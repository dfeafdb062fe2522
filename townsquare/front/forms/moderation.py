"""Forms for the moderators' actions. They read and check input; the services decide."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext

from townsquare.comments.models import Comment
from townsquare.lib.params import MAX_DB_INT
from townsquare.moderation.queue import QueueOrder, QueueTab
from townsquare.moderation.rules import BULK_LIMIT, RejectionReason

SUSPENSION_CHOICES = [
    ("1h", gettext_noop("1 hour")),
    ("24h", gettext_noop("24 hours")),
    ("7d", gettext_noop("7 days")),
    ("custom", gettext_noop("Custom (hours)")),
]
SUSPENSION_DURATIONS = {
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
}
MAX_CUSTOM_HOURS = 365 * 24


def _reason_choices() -> list[tuple[str, str]]:
    """The rejection reasons, labelled in the language of the page the form is shown on."""
    return [(value, gettext(label)) for value, label in RejectionReason.choices]


class QueueFilterForm(forms.Form):
    """The queue's query string. Never invalid: anything unreadable falls back to a default."""

    tab = forms.ChoiceField(choices=QueueTab.choices, required=False)
    story = forms.IntegerField(required=False, min_value=1, max_value=MAX_DB_INT)
    order = forms.ChoiceField(choices=QueueOrder.choices, required=False)
    q = forms.CharField(required=False, max_length=200, strip=True)

    def filters(self) -> dict:
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return {
            "tab": data["tab"] or QueueTab.PENDING,
            "story_id": data["story"],
            "order": data["order"] or QueueOrder.NEWEST,
            # An over-long search is cut rather than refused, so the moderator still gets results.
            "query": (data["q"] or self.data.get("q", "") or "")[:200].strip(),
        }


class CommentActionForm(forms.Form):
    """The hidden fields every action on a card carries, and the reason where one is needed."""

    expected_status = forms.ChoiceField(choices=Comment.Status.choices, required=False)
    next = forms.CharField(required=False, max_length=2000)
    next_card = forms.IntegerField(required=False, min_value=1, max_value=MAX_DB_INT)

    def __init__(
        self, *args, needs_reason: bool = False, needs_feature_reason: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if needs_feature_reason:
            self.fields["featured_reason"] = forms.CharField(
                label=gettext_lazy("Why it is featured (readers see this)"),
                max_length=200,
                strip=True,
                error_messages={
                    "required": gettext_lazy(
                        "Please say why it is featured; readers see the reason."
                    ),
                    "max_length": gettext_lazy(
                        "Please keep the reason under %(limit_value)d characters "
                        "(this has %(show_value)d)."
                    ),
                },
            )
        if needs_reason:
            self.fields["reason"] = forms.ChoiceField(
                label=gettext_lazy("Reason"), choices=_reason_choices
            )


class SanctionForm(forms.Form):
    """Warn, suspend, ban or pre-moderate: a reason from the list, an optional note.

    The reason's label and the note together are what the commenter is told.
    """

    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=_reason_choices)
    note = forms.CharField(
        label=gettext_lazy("Note to the commenter (optional)"),
        required=False,
        max_length=400,
        strip=True,
    )
    comment = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_DB_INT
    )
    also_reject = forms.BooleanField(
        label=gettext_lazy("Also take this comment down"), required=False, initial=True
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    next_card = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_DB_INT, widget=forms.HiddenInput
    )

    def __init__(self, *args, with_duration: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if with_duration:
            self.fields["duration"] = forms.ChoiceField(
                label=gettext_lazy("For"),
                choices=[(value, gettext(label)) for value, label in SUSPENSION_CHOICES],
                initial="24h",
            )
            self.fields["custom_hours"] = forms.IntegerField(
                label=gettext_lazy("Custom length in hours"),
                required=False,
                min_value=1,
                max_value=MAX_CUSTOM_HOURS,
            )

    def clean(self) -> dict:
        data = super().clean()
        if "duration" in self.fields and data.get("duration"):
            if data["duration"] == "custom":
                if not data.get("custom_hours"):
                    self.add_error(
                        "custom_hours", gettext("Give the number of hours for a custom suspension.")
                    )
                else:
                    data["timedelta"] = timedelta(hours=data["custom_hours"])
            else:
                data["timedelta"] = SUSPENSION_DURATIONS[data["duration"]]
        return data

    @property
    def reason_text(self) -> str:
        """The reason's label and the note, in the active language (the commenter's: see the
        view)."""
        label = gettext(RejectionReason(self.cleaned_data["reason"]).label)
        note = self.cleaned_data.get("note")
        return f"{label}. {note}" if note else label

    @property
    def comment_reason(self) -> str:
        """The rejection reason for the comment the sanction came from, if it is to go too."""
        if self.cleaned_data.get("comment") and self.cleaned_data.get("also_reject"):
            return self.cleaned_data["reason"]
        return ""


class LiftForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why (optional)"), required=False, max_length=400, strip=True
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class CommentIdsField(forms.Field):
    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": gettext_lazy("The selection could not be read; please select again.")
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        try:
            ids = sorted({int(v) for v in value})
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(not 0 < i <= MAX_DB_INT for i in ids):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return ids


class BulkForm(forms.Form):
    comment = CommentIdsField(
        error_messages={
            "required": gettext_lazy("Select at least one comment first (x, or the checkboxes).")
        }
    )
    action = forms.ChoiceField(
        label=gettext_lazy("With the selected comments"),
        choices=[
            ("approve", gettext_lazy("Approve")),
            ("reject", gettext_lazy("Reject or remove")),
        ],
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason (for rejecting)"), choices=_reason_choices, required=False
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_comment(self) -> list[int]:
        ids = self.cleaned_data["comment"]
        if len(ids) > BULK_LIMIT:
            raise forms.ValidationError(
                ngettext(
                    "Select at most %(limit)d comment at a time.",
                    "Select at most %(limit)d comments at a time.",
                    BULK_LIMIT,
                )
                % {"limit": BULK_LIMIT}
            )
        return ids

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", gettext("Choose a reason for rejecting."))
        return data
