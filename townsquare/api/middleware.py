"""What every API and embed request gets, before and after its view.

- A body over ``API_MAX_BODY_BYTES`` is refused (413) before anything reads it; a body or query
  string carrying a NUL character is refused (400): no field of ours takes one (PostgreSQL
  cannot store it).
- CORS: a preflight (``OPTIONS``) is answered for origins some site allows, on the public API
  and the embed; an actual response carries ``Access-Control-Allow-Origin`` only when its view
  found the browser's origin allowed for *that* page's site (``request.townsquare_cors_origin``).
  The staff API answers no browser: it takes a token, not cookies, and has no CORS at all.
- Django's own answers under /api/ (404, 405, a 400 for a malformed body) become JSON errors.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from townsquare.lib.apierrors import error_response
from townsquare.sites.selectors import origin_allowed_anywhere

API_MAX_BODY_BYTES = 64 * 1024
PUBLIC_PREFIXES = ("/api/v1/", "/embed/")
STAFF_PREFIX = "/api/v1/staff/"
PREFLIGHT_MAX_AGE = 600


def _is_public(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES) and not path.startswith(STAFF_PREFIX)


class ApiMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if not path.startswith(("/api/", "/embed/")):
            return self.get_response(request)
        refused = self._refuse(request)
        if refused is not None:
            return refused
        origin = request.headers.get("Origin")
        if request.method == "OPTIONS" and origin is not None:
            return self._preflight(request, origin)
        response = self.get_response(request)
        if _is_public(path):
            patch_vary_headers(response, ["Origin"])
            allowed = getattr(request, "townsquare_cors_origin", None)
            if allowed and allowed == origin:
                response["Access-Control-Allow-Origin"] = origin
                response["Access-Control-Expose-Headers"] = "ETag"
        if path.startswith("/api/") and response.status_code >= 400:
            response = self._as_json(response)
        return response

    def _refuse(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(400, code="invalid", message="Content-Length is not a number.")
        if length > API_MAX_BODY_BYTES:
            return error_response(
                413,
                code="too_large",
                message=f"Request bodies can be at most {API_MAX_BODY_BYTES // 1024} KB.",
            )
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            return error_response(400, code="invalid", message="NUL characters are not accepted.")
        if length and request.method in ("POST", "PUT", "PATCH"):
            body = request.body
            if b"\x00" in body or b"\\u0000" in body:
                return error_response(
                    400, code="invalid", message="NUL characters are not accepted."
                )
        return None

    def _preflight(self, request: HttpRequest, origin: str) -> HttpResponse:
        if not _is_public(request.path) or not origin_allowed_anywhere(value=origin):
            return error_response(
                403, code="origin_not_allowed", field="origin", message="Origin not allowed."
            )
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = (
            "Content-Type, If-None-Match, X-Townsquare-Reader"
        )
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        patch_vary_headers(response, ["Origin"])
        return response

    def _as_json(self, response: HttpResponse) -> HttpResponse:
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        messages = {
            400: ("invalid", "The request could not be read."),
            401: ("unauthorized", "An API token is needed."),
            403: ("forbidden", "Not allowed."),
            404: ("not_found", "Nothing here."),
            405: ("method_not_allowed", "That method is not allowed here."),
            413: ("too_large", "The request is too large."),
        }
        code, message = messages.get(response.status_code, ("error", "The request failed."))
        answer = error_response(response.status_code, code=code, message=message)
        for header in ("Allow", "Access-Control-Allow-Origin", "Vary"):
            if header in response:
                answer[header] = response[header]
        return answer
