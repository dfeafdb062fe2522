"""Tells the lower layers who a verified reader is, without their importing the readers app.

The comments app decides whether a comment is the viewer's own (``comments.authorship``); one
of its reasons is a verified reader session for the comment's address. It reads that address
from ``request.townsquare_reader_email()``, which this middleware puts on every request: looked
up (one query) only when asked, and only when the browser carries the reader cookie.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from townsquare.readers.session import reader_session_email


class ReaderSessionMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.townsquare_reader_email = lambda: reader_session_email(request)
        return self.get_response(request)
