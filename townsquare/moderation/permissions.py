"""Who may moderate. The one place that answers the question, so no view invents its own rule."""

from __future__ import annotations

MODERATOR_GROUPS = ("Moderator", "Administrator")


def is_moderator(user) -> bool:
    """True for superusers and members of the Moderator or Administrator group.

    The answer is cached on the user object for the request, because a queue page asks once per
    fetcher and the group lookup is a query.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_townsquare_is_moderator", None)
    if cached is None:
        cached = user.groups.filter(name__in=MODERATOR_GROUPS).exists()
        user._townsquare_is_moderator = cached
    return cached
