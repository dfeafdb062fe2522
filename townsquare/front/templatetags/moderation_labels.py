"""Filters that show moderation's stored codes and marked labels in the reader's language.

The models keep codes (``personal_attack``) and English labels marked with ``gettext_noop``
(their choices are part of the migrations); these filters translate them when a page shows them.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from townsquare.moderation.rules import RejectionReason

register = template.Library()


@register.filter
def reason_label(code: str) -> str:
    """A rejection reason's code as its label (``spam`` → "Spam or advertising"), translated.

    Anything that is not a code (a sanction's written reason) is shown as it is.
    """
    if code in RejectionReason.values:
        return gettext(RejectionReason(code).label)
    return code


@register.filter
def translated(label: str) -> str:
    """A label marked with ``gettext_noop`` (a status's or a sanction kind's), translated."""
    return gettext(label) if label else label
