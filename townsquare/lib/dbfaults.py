"""A dropped database connection answers 503 with what the reader should do, never a bare 500.

When PostgreSQL restarts or fails over, requests in flight lose their connection: queries raise
``OperationalError`` or ``InterfaceError``. The comment services answer precisely where they can
(``moderation.posting``: saved, not saved, or unknown); anything else that meets a dropped
connection gets a 503 with ``Retry-After`` here. A write (POST and the like) may or may not have
been saved, so its answer asks the reader to check before trying again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.html import format_html

logger = logging.getLogger(__name__)

READ_MESSAGE = "The site is briefly unavailable. Please try again in a moment."
WRITE_MESSAGE = (
    "The site is briefly unavailable, and we could not confirm that what you sent was saved. "
    "Please reload the page to check before sending it again."
)
RETRY_AFTER_SECONDS = 10


def connection_lost() -> bool:
    """Whether this request's database connection failed and is now unusable.

    Robust on-commit callbacks swallow their errors, so a connection that died just after a
    commit is found only here: checked (one ping) only when a database error has occurred.
    """
    return bool(connection.errors_occurred) and not connection.is_usable()


def database_lost(request: HttpRequest) -> None:
    """Get the rest of this request through without the database connection that just failed.

    The broken connection is closed (a later query opens a new one, which works once the server
    is back), and the session is not saved: the session middleware would otherwise write it to
    the database after the view, and a failure there would still be a 500.
    """
    connection.close()
    session = getattr(request, "session", None)
    if session is not None:
        session.modified = False


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error(
            "database unavailable during %s %s", request.method, request.path, exc_info=exception
        )
        database_lost(request)
        write = request.method not in ("GET", "HEAD", "OPTIONS")
        message = WRITE_MESSAGE if write else READ_MESSAGE
        code = "outcome_unknown" if write else "unavailable"
        if request.path.startswith(("/api/", "/embed/")):
            response: HttpResponse = JsonResponse(
                {"code": code, "field": None, "message": message, "errors": {}}, status=503
            )
        elif request.headers.get("X-Requested-With"):
            # The page's script shows a failed post's form errors (and never posts it again).
            response = JsonResponse(
                {"errors": {"__all__": [{"message": message, "code": code}]}}, status=503
            )
        else:
            response = HttpResponse(
                format_html(
                    '<!doctype html><html lang="en"><title>Briefly unavailable</title>'
                    "<main><p>{}</p></main></html>",
                    message,
                ),
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
