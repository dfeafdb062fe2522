"""The sign-on secrets in the admin: added with a length check, rotated with an overlap."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.factories import make_site
from tests.sso import make_secret
from townsquare.readers.models import SSOSecret

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client) -> User:
    user = User.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return user


def test_rotate_gives_a_new_secret_and_ends_the_old_after_the_overlap(client, root):
    site = make_site()
    old = make_secret(site)
    response = client.post(
        "/admin/readers/ssosecret/",
        {"action": "rotate", "_selected_action": [old.pk], "overlap_hours": "6"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    ends = timezone.now() + timedelta(hours=6)
    assert abs((old.expires_at - ends).total_seconds()) < 60
    new = SSOSecret.objects.exclude(pk=old.pk).get(site=site)
    assert new.expires_at is None and len(new.secret) >= 32 and new.kid != old.kid


def test_a_short_secret_is_refused(client, root):
    site = make_site()
    response = client.post(
        "/admin/readers/ssosecret/add/",
        {"site": site.pk, "kid": "k1", "secret": "too-short"},
    )
    assert response.status_code == 200 and "at least 32 characters" in response.content.decode()
    assert not SSOSecret.objects.exists()


def test_the_pages_load(client, root):
    make_secret(make_site())
    for path in ["/admin/readers/ssosecret/", "/admin/readers/ssoidentity/"]:
        assert client.get(path).status_code == 200
