"""Filters that show moderation's stored codes in the page's language.

The rows keep codes (``personal_attack``, ``pending``, ``ban``) and the models' choices keep
English labels (they are part of the migrations); these filters give the translated label.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from townsquare.comments.models import status_label
from townsquare.moderation.models import sanction_kind_label
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
def comment_status(code: str) -> str:
    """A comment status code as the interface shows it (``comments.models.STATUS_LABELS``)."""
    return status_label(code)


@register.filter
def sanction_kind(code: str) -> str:
    """A sanction kind code as the interface shows it (``moderation.models``)."""
    return sanction_kind_label(code)
