"""The one error shape of our JSON endpoints: ``{"code", "field", "message", "errors"}``, never a
bare page.

The API answers with it, and so do the machine endpoints outside the API (Coral's phase), so it
lives here, below every app.
"""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse


class ApiError(Exception):
    """Answer with ``status`` and the error shape; ``extra`` adds fields (a fresh token, say)."""

    def __init__(
        self,
        status: int,
        *,
        code: str,
        message: str,
        field: str | None = None,
        errors: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.errors = errors or ({field: message} if field else {})
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "field": self.field,
            "message": self.message,
            "errors": self.errors,
            **self.extra,
        }


def error_response(status: int, *, code: str, message: str, field: str | None = None, **extra):
    return JsonResponse(
        ApiError(status, code=code, message=message, field=field, **extra).body(), status=status
    )
