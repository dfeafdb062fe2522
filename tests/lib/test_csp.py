"""Every response carries a Content-Security-Policy that forbids inline script and style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from tests.factories import make_comment
from townsquare.lib.csp import ContentSecurityPolicyMiddleware, csp_override

TEMPLATES = Path(__file__).resolve().parents[2] / "townsquare" / "templates"


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "STORY", "/guidelines/", "/admin/login/", "/static/townsquare/site.css", "/nope/"]
)
def test_every_response_forbids_inline_script_and_framing(client, story, url):
    make_comment(story=story)
    response = client.get(story.get_absolute_url() if url == "STORY" else url)
    policy = policy_of(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_newsroom_adds_its_ad_network_and_framers_from_settings(client, settings, story):
    settings.CSP_SCRIPT_SRC = ["https://ads.example https://cdn.ads.example"]
    settings.CSP_IMG_SRC = ["https://pixels.ads.example", "data:"]
    settings.CSP_FRAME_SRC = ["https://frames.ads.example"]
    settings.CSP_FRAME_ANCESTORS = ["'self'", "https://news.example"]
    response = client.get(story.get_absolute_url())
    policy = policy_of(response)
    assert policy["script-src"] == ["'self'", "https://ads.example", "https://cdn.ads.example"]
    assert policy["img-src"] == ["'self'", "https://pixels.ads.example", "data:"]
    assert policy["frame-src"] == ["'self'", "https://frames.ads.example"]
    assert policy["frame-ancestors"] == ["'self'", "https://news.example"]
    assert "X-Frame-Options" not in response.headers, "DENY would contradict the allowed framers"


@pytest.mark.django_db
def test_keywords_work_with_or_without_their_quotes(client, settings, story):
    settings.CSP_FRAME_ANCESTORS = ["self https://news.example"]
    policy = policy_of(client.get(story.get_absolute_url()))
    assert policy["frame-ancestors"] == ["'self'", "https://news.example"]


@pytest.mark.django_db
def test_without_allowed_framers_x_frame_options_stays(client, story):
    assert client.get(story.get_absolute_url()).headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_report_only_mode(client, settings, story):
    settings.CSP_REPORT_ONLY = True
    response = client.get(story.get_absolute_url())
    assert "Content-Security-Policy" not in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy-Report-Only"]


@pytest.mark.parametrize("bad", ["https://ads.example;script-src *", "'self", "ads.example'x"])
def test_a_malformed_source_stops_the_server_naming_the_setting(settings, bad):
    settings.CSP_SCRIPT_SRC = [bad]
    with pytest.raises(ImproperlyConfigured, match="CSP_SCRIPT_SRC"):
        ContentSecurityPolicyMiddleware(lambda request: HttpResponse())


def test_a_view_overrides_directives_for_its_own_responses():
    @csp_override(frame_ancestors=["https://news.example"])
    def embed(request):
        return HttpResponse("embedded")

    middleware = ContentSecurityPolicyMiddleware(embed)
    response = middleware(RequestFactory().get("/embed/"))
    assert policy_of(response)["frame-ancestors"] == ["https://news.example"]
    assert policy_of(response)["script-src"] == ["'self'"]


def test_templates_have_no_inline_script_handlers_or_style_attributes():
    offences = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",  # a script element without src is inline script
            r"<style\b",
            r"\sstyle\s*=",
            r"\son[a-z]+\s*=",
            r"javascript:",
        ):
            offences += [
                f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for m in re.finditer(pattern, text)
            ]
    assert not offences, offences
