"""Read-side queries for reply e-mails: what an address asked for, for its data download."""

from __future__ import annotations

from typing import Any

from townsquare.lib.identity import normalise_email
from townsquare.notifications.models import ReaderPreference, ReplySubscription


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def notifications_data_for(*, email: str) -> dict[str, Any]:
    """The address's reply e-mail subscriptions and delivery choice: sections of the reader's
    data download, registered with ``readers.registry`` in ``apps.py`` (erasure's counterpart:
    ``services.notifications_erase``)."""
    address = normalise_email(email)
    subscriptions = ReplySubscription.objects.filter(email=address).order_by("created_at", "pk")
    preference = ReaderPreference.objects.filter(email=address).first()
    return {
        "reply_subscriptions": [
            {
                "comment_id": s.comment_id,
                "status": s.status,
                "status_label": s.get_status_display(),
                "created_at": _iso(s.created_at),
                "confirmed_at": _iso(s.confirmed_at),
                "cancelled_at": _iso(s.cancelled_at),
            }
            for s in subscriptions
        ],
        "reply_emails": None
        if preference is None
        else {
            "delivery": preference.delivery,
            "delivery_label": preference.get_delivery_display(),
            "last_digest_at": _iso(preference.last_digest_at),
        },
    }
