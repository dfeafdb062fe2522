from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from townsquare.lib.markdown import render_document
from townsquare.lib.params import positive_int
from townsquare.terms.models import TermsVersion
from townsquare.terms.selectors import terms_current, terms_version


def _page(request: HttpRequest, kind: str) -> HttpResponse:
    requested = positive_int(request.GET.get("version"))
    if requested is not None:
        document = terms_version(kind=kind, version=requested)
    else:
        document = terms_current(kind=kind)
    if document is None:
        raise Http404("Not published yet")
    latest = terms_current(kind=kind)
    return render(
        request,
        "terms/document.html",
        {
            "document": document,
            "body_html": mark_safe(render_document(document.body)),  # sanitised by nh3
            "is_latest": latest is not None and latest.pk == document.pk,
            "latest": latest,
        },
    )


def terms(request: HttpRequest) -> HttpResponse:
    return _page(request, TermsVersion.Kind.TERMS)


def guidelines(request: HttpRequest) -> HttpResponse:
    return _page(request, TermsVersion.Kind.GUIDELINES)
