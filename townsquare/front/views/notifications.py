"""The unsubscribe link in every notification mail (RFC 8058).

GET shows what the link is for and a button: mail scanners and link previews open links, and
that must change nothing. POST unsubscribes, with no cookie and no CSRF token (a mail client's
one-click unsubscribe sends neither): the unguessable token in the address is the authority,
and all it can do is stop mail.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from townsquare.lib.i18n import language_activate_for
from townsquare.notifications import services
from townsquare.notifications.models import ReaderPreference, ReplySubscription


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        target = services.unsubscribe(token=token)
        done = True
    else:
        target = services.unsubscribe_target(token=token)
        done = False
    if target is None:
        return render(request, "notifications/unsubscribe.html", {"unknown": True}, status=404)
    if isinstance(target, ReplySubscription):
        # The page speaks the language the reply e-mails came in (the story's or its site's).
        language_activate_for(request, story=target.comment.story)
    context = {
        "done": done,
        "subscription": target if isinstance(target, ReplySubscription) else None,
        "digest": isinstance(target, ReaderPreference),
        "already": (
            not done
            and (
                (
                    isinstance(target, ReplySubscription)
                    and target.status == ReplySubscription.Status.CANCELLED
                )
                or (
                    isinstance(target, ReaderPreference)
                    and target.delivery == ReaderPreference.Delivery.NONE
                )
            )
        ),
    }
    return render(request, "notifications/unsubscribe.html", context)
