"""Fixtures for the API: a newsroom site on its own origin, and JSON helpers."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_site

ORIGIN = "https://news.example.org"
PAGE = f"{ORIGIN}/2026/ferry-timetable"


@pytest.fixture
def site(db):
    return make_site(origins=[ORIGIN])


def post_json(client, url: str, data: dict, *, origin: str | None = ORIGIN, **extra):
    if origin is not None:
        extra["HTTP_ORIGIN"] = origin
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def thread(client, url: str = PAGE, **params):
    origin = params.pop("origin", ORIGIN)
    extra = {k: params.pop(k) for k in list(params) if k.startswith("HTTP_")}
    if origin:
        extra["HTTP_ORIGIN"] = origin
    return client.get("/api/v1/threads", {"url": url, **params}, **extra)


def form(client, token: str, **data):
    return post_json(client, "/api/v1/forms", {"thread_token": token, **data}).json()


def submit(client, token: str, *, comment: str, **fields):
    started = form(client, token)
    data = {
        "thread_token": token,
        "author": "Api Reader",
        "email": "api.reader@example.org",
        "comment": comment,
        "form_started": started["form_started"],
        "device_token": started["device_token"],
        **fields,
    }
    return post_json(client, "/api/v1/comments", data)
