"""The API object: routers, versions, OpenAPI and docs, and the error answers."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from townsquare.api import public, reader, sso, staff
from townsquare.lib.apierrors import ApiError, error_response
from townsquare.lib.csp import csp_override

DESCRIPTION = """Townsquare's comments for any page: threads, posting, reports and counts (public,
for the embed and any client), and the staff moderation API (a token from the admin).
Errors are JSON: `{"code", "field", "message", "errors"}`. See docs/api.md."""

api = NinjaAPI(
    title="Townsquare API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI sets inline styles; its page (staff-facing documentation) may use them.
    docs_decorator=csp_override(
        style_src=["'self'", "'unsafe-inline'"], img_src=["'self'", "data:"]
    ),
)
api.add_router("/v1", public.router)
api.add_router("/v1/staff", staff.router)
api.add_router("/v1/reader", reader.router)
api.add_router("/v1/sso", sso.router)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, error: ApiError):
    return error_response(
        error.status,
        code=error.code,
        message=error.message,
        field=error.field,
        **({"errors": error.errors} if error.errors else {}),
        **error.extra,
    )


def _field(location) -> str | None:
    names = [str(part) for part in location if not isinstance(part, int)]
    names = [n for n in names if n not in ("body", "query", "path", "payload", "header")]
    return names[-1] if names else None


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError):
    errors: dict[str, str] = {}
    for item in error.errors:
        field = _field(item.get("loc", ())) or "body"
        errors.setdefault(field, str(item.get("msg", "Invalid value."))[:300])
    field, message = next(iter(errors.items()), ("body", "The request could not be read."))
    return error_response(400, code="invalid", message=message, field=field, errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError):
    return error_response(
        401,
        code="unauthorized",
        field="authorization",
        message="Send a live staff API token: Authorization: Bearer ts_…",
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError):
    return error_response(error.status_code, code="error", message=str(error))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404):
    return error_response(404, code="not_found", message="Nothing here.")
