"""Logging helpers for the settings' ``LOGGING``: what reaches the console, and how much of it.

Django logs a refused request ("Forbidden (Permission denied): /admin/sites/site/") with the
exception that refused it, so the console printed a whole traceback whenever a staff member
opened a page their role does not allow, or a client sent a malformed request. A 4xx answer is
the client's business, not a fault of ours: its one line is kept, its traceback dropped.
Server errors (5xx) keep theirs.
"""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """Drop the traceback from a request's log record when its answer was a 4xx."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
