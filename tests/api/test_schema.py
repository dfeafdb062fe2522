"""A property-based run of the OpenAPI schema (schemathesis): no input makes a server error.

Schemathesis generates requests from /api/openapi.json and sends them to the Django app through
its WSGI interface, in process, on the test database with a site, a thread and a comment to
find; each operation gets a bounded number of examples so the run stays well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.api.conftest import ORIGIN, PAGE
from tests.factories import make_comment, make_site, make_story
from townsquare.accounts.models import ApiToken
from townsquare.accounts.services import api_token_create, moderator_create
from townsquare.wsgi import application

EXAMPLES = 25


# Building the schema needs no database: it is the API's own description of itself.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI app directly sends request_started/finished, whose handler closes the
    database connection, and with it the test's transaction; Django's test client disconnects
    it for the same reason."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, terms) -> str:
    """A thread and a comment to find, and a staff token so the staff API is reached too."""
    site = make_site(origins=[ORIGIN])
    story = make_story(site=site, canonical_url=PAGE)
    make_comment(story=story)
    make_comment(story=story, status="pending")
    user = moderator_create(username="fuzz", email="fuzz@example.org", password="tide-charts-9981")
    return api_token_create(user=user, name="schemathesis", scopes=list(ApiToken.Scope.values))[1]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_request_makes_a_server_error(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[not_a_server_error])
