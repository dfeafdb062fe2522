"""Comment counts for many pages at once (``count.js``): one request for every count on a page."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Query

from townsquare.api.public.base import (
    ERRORS,
    OPERATION,
    router,
)
from townsquare.api.schemas import (
    CountsIn,
    CountsOut,
)
from townsquare.embed.counts import comment_counts_for_urls
from townsquare.lib import http_cache
from townsquare.lib.apierrors import ApiError
from townsquare.sites.selectors import origin_allowed_anywhere


def _counts(request: HttpRequest, urls: list[str]) -> HttpResponse:
    if len(urls) > 100:
        raise ApiError(400, code="too_many", field="urls", message="At most 100 URLs at a time.")
    origin = request.headers.get("Origin")
    if origin is not None:
        if not origin_allowed_anywhere(value=origin):
            raise ApiError(
                403, code="origin_not_allowed", field="origin", message="Origin not allowed."
            )
        request.townsquare_cors_origin = origin
    try:
        counts = comment_counts_for_urls(urls=urls)
    except ValueError as error:
        raise ApiError(400, code="invalid", field="urls", message=str(error)) from None
    body = json.dumps({"counts": counts})
    etag = hashlib.sha256(body.encode()).hexdigest()[:32]  # the counts themselves name it
    response = http_cache.not_modified(request, etag=etag, last_modified=None)
    if response is None:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["ETag"] = f'"{etag}"'
    # Counts change with every comment on any of the pages: browsers revalidate each time (a
    # 304 when nothing changed), shared caches keep them as long as they keep pages.
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.PAGE_SHARED_MAX_AGE}"
    return response


@router.get(
    "/counts",
    response={200: CountsOut, **ERRORS},
    summary="Comment counts (query)",
    operation_id=OPERATION + "counts_get",
)
def counts_get(
    request: HttpRequest,
    url: list[str] = Query(..., description="Repeat for each page (at most 100)."),
):
    """Published comments per page: one request for every count on a page (``count.js``)."""
    return _counts(request, url)


@router.post(
    "/counts",
    response={200: CountsOut, **ERRORS},
    summary="Comment counts (body)",
    operation_id=OPERATION + "counts_post",
)
def counts_post(request: HttpRequest, payload: CountsIn):
    """As ``GET /counts``, with the URLs in a JSON body (for long lists)."""
    return _counts(request, payload.urls)
