"""Property-based: no signed body, however odd, makes the phase answer with a server error.

The schemathesis run (tests/api/test_schema.py) covers the routes in the OpenAPI schema; this
route is not an API route, so hypothesis drives it directly: JSON of any shape, and Coral's
request with any values in its fields, each signed with the site's live secret.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.coral.conftest import SECRET, coral_post, coral_signature

pytestmark = pytest.mark.django_db

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
coral_shaped = st.fixed_dictionaries(
    {
        "action": st.sampled_from(["NEW", "EDIT"]) | json_values,
        "comment": st.fixed_dictionaries(
            {"body": st.text(max_size=300) | json_values, "parentID": st.none() | json_values}
        )
        | json_values,
        "author": st.fixed_dictionaries(
            {
                "id": st.text(max_size=20),
                "role": st.sampled_from(["COMMENTER", "STAFF"]) | st.text(),
            }
        )
        | json_values,
        "story": st.fixed_dictionaries({"id": st.text(max_size=10), "url": st.text(max_size=40)}),
        "site": st.fixed_dictionaries({"id": st.text(max_size=10)}) | json_values,
        "tenantID": st.text(max_size=10) | json_values,
        "tenantDomain": st.text(max_size=20) | json_values,
    }
)
bodies = (
    coral_shaped.map(lambda d: json.dumps(d, indent=2).encode())
    | json_values.map(lambda v: json.dumps(v).encode())
    | st.binary(max_size=200)
)


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(body=bodies)
def test_no_signed_body_makes_a_server_error(client, coral_site, live_secret, body):
    response = coral_post(client, coral_site.slug, body, coral_signature(body, SECRET))
    assert response.status_code in (200, 204, 400, 409, 413), response.content[:300]
