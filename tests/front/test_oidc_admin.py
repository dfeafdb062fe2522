"""A site's OpenID provider in the admin: the settings checked before they are saved, and the
redirect URI to register at the provider shown on its page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.factories import make_site
from townsquare.readers.models import OIDCProvider

pytestmark = pytest.mark.django_db
ADD = "/admin/readers/oidcprovider/add/"


@pytest.fixture
def root(client) -> User:
    user = User.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return user


def fields(site, **changes) -> dict:
    return {
        "site": site.pk,
        "name": "Harbour ID",
        "enabled": "on",
        "issuer": "https://id.news.example.org/realms/readers",
        "discovery_url": "",
        "client_id": "townsquare",
        "client_secret": "a-secret-from-the-provider",
        "scopes": "openid email profile groups",
        "name_claim": "name",
        "email_claim": "email",
        "email_verified_required": "on",
        "badges_claim": "",
        "badges_allowed": "",
        "subscriber_claim": "groups",
        "subscriber_value": "subscriber",
        **changes,
    }


def test_a_provider_is_added_and_its_page_shows_the_redirect_uri(client, root, settings):
    settings.SITE_URL = "https://comments.news.example.org"
    site = make_site(slug="gazette")
    assert client.post(ADD, fields(site)).status_code == 302
    provider = OIDCProvider.objects.get(site=site)
    assert provider.client_secret == "a-secret-from-the-provider"  # stored as set
    page = client.get(f"/admin/readers/oidcprovider/{provider.pk}/change/").content.decode()
    assert "https://comments.news.example.org/sign-in/oidc/gazette/callback" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"issuer": "http://id.news.example.org"}, "An https URL"),
        ({"scopes": "email profile"}, "The scopes must include openid."),
        ({"subscriber_value": ""}, "Give both the subscriber claim and its value"),
    ],
)
def test_settings_that_cannot_work_are_refused(client, root, changes, message):
    site = make_site()
    answer = client.post(ADD, fields(site, **changes))
    assert answer.status_code == 200 and message in answer.content.decode()
    assert not OIDCProvider.objects.exists()
