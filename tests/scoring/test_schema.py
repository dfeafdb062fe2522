"""Schemathesis over the Perspective-compatible routes: no request makes a server error.

The routes are plain Django views, so their description is ``scoring.openapi.schema()`` rather
than django-ninja's; requests go through the WSGI app in process, with a live key (and, half the
time, schemathesis' own wrong ones).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.factories import make_site
from townsquare.scoring.openapi import schema as perspective_schema
from townsquare.scoring.services import analysis_key_create
from townsquare.wsgi import application

schema = schemathesis.openapi.from_dict(perspective_schema())
schema.app = application


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI app directly would close the test's database connection (see
    tests/api/test_schema.py)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def key(db, settings) -> str:
    settings.SCORING_TIMEOUT = 30.0
    return analysis_key_create(site=make_site(), name="fuzz", rate_per_minute=1_000_000)[1]


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_makes_a_server_error(case, key):
    response = case.call(params={"key": key})
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"code", "message", "status", "details"}
