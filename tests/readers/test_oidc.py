"""Mapping an OpenID provider's claims to a sign-on account (``readers.oidc``), by the provider's
claim settings, as the providers newsrooms use spell them; and the admin's checks of a
provider's settings. The protocol itself is tested against a real provider in
tests/front/test_oidc_views.py."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError

from townsquare.readers.models import OIDCProvider
from townsquare.readers.oidc import OIDCRefused, oidc_account_claims, oidc_provider_check

ISSUER = "https://id.news.example.org/realms/readers"


def provider(**claims) -> OIDCProvider:
    return OIDCProvider(name="Harbour ID", issuer=ISSUER, client_id="townsquare", **claims)


def token_claims(**extra) -> dict:
    now = int(time.time())
    return {
        "iss": ISSUER,
        "sub": "f3b1c2",
        "aud": "townsquare",
        "iat": now,
        "exp": now + 300,
        "email": "Marta.Quill@Example.org",
        "email_verified": True,
        "name": "Marta Quill",
        **extra,
    }


def mapped(settings: OIDCProvider, claims: dict):
    return oidc_account_claims(provider=settings, claims=claims, badge_for_subscribers="subscriber")


def test_the_standard_claims_make_the_account():
    account = mapped(provider(), token_claims(picture="https://cdn.example.org/m.png"))
    assert (account.issuer, account.subject) == (ISSUER, "f3b1c2")
    assert account.email == "marta.quill@example.org" and account.username == "Marta Quill"
    assert account.badges == [] and account.role == "COMMENTER"
    assert account.avatar_url == "https://cdn.example.org/m.png"


def test_keycloak_roles_by_a_dotted_path_make_a_subscriber():
    settings = provider(subscriber_claim="realm_access.roles", subscriber_value="subscriber")
    claims = token_claims(realm_access={"roles": ["offline_access", "subscriber"]})
    assert mapped(settings, claims).badges == ["subscriber"]
    claims["realm_access"]["roles"] = ["offline_access"]
    assert mapped(settings, claims).badges == []


def test_an_auth0_namespaced_claim_is_found_by_its_whole_name():
    roles = "https://news.example.org/roles"
    settings = provider(badges_claim=roles, badges_allowed="reporter, staff")
    claims = token_claims(**{roles: ["reporter", "internal-billing", "staff"]})
    assert mapped(settings, claims).badges == ["reporter", "staff"]


def test_a_boolean_claim_makes_a_subscriber_by_its_value():
    settings = provider(subscriber_claim="subscription_active", subscriber_value="true")
    assert mapped(settings, token_claims(subscription_active=True)).badges == ["subscriber"]
    assert mapped(settings, token_claims(subscription_active=False)).badges == []


def test_azure_ad_b2c_gives_a_list_of_addresses_and_no_email_verified():
    settings = provider(email_claim="emails", email_verified_required=False)
    claims = token_claims(emails=["first@example.org", "second@example.org"])
    del claims["email"], claims["email_verified"]
    assert mapped(settings, claims).email == "first@example.org"


@pytest.mark.parametrize("verified", [False, "false", None])
def test_an_address_not_marked_verified_is_refused(verified):
    claims = token_claims(email_verified=verified)
    if verified is None:
        del claims["email_verified"]
    with pytest.raises(OIDCRefused) as refused:
        mapped(provider(), claims)
    assert refused.value.code == "email_unverified"


def test_a_string_email_verified_is_taken_as_cognito_sends_it():
    assert mapped(provider(), token_claims(email_verified="true")).email


def test_the_name_falls_back_to_the_preferred_username_and_else_is_refused():
    claims = token_claims(preferred_username="mquill")
    del claims["name"]
    assert mapped(provider(), claims).username == "mquill"
    del claims["preferred_username"]
    with pytest.raises(OIDCRefused, match="did not give a name"):
        mapped(provider(), claims)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"issuer": "http://id.news.example.org"}, "issuer"),
        ({"issuer": "ftp://id.news.example.org"}, "issuer"),
        ({"scopes": "email profile"}, "scopes"),
        ({"subscriber_claim": "groups"}, "subscriber_value"),
    ],
)
def test_settings_that_cannot_work_are_refused(fields, field):
    values = {
        "issuer": ISSUER,
        "scopes": "openid email",
        "subscriber_claim": "",
        "subscriber_value": "",
        **fields,
    }
    with pytest.raises(ValidationError) as refused:
        oidc_provider_check(**values)
    assert field in refused.value.message_dict


def test_a_loopback_provider_may_be_http_for_tests():
    oidc_provider_check(
        issuer="http://127.0.0.1:9010",
        scopes="openid email",
        subscriber_claim="groups",
        subscriber_value="subscriber",
    )
