"""Signing in on the hosted pages with the site's OpenID provider (``/sign-in/oidc/<site>/…``),
against a real OpenID provider on loopback (tests/oidc_provider.py): the reader it signs in is a
verified, signed-in reader with the provider's badges; and what must be refused is refused with
a clear message and nothing created — a state this browser did not start, a replayed answer or
code, a nonce of another sign-in, a tampered, expired or misaddressed ID token, a missing or
unconfirmed address, an unreachable provider."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import make_story
from tests.oidc_provider import provider_running
from tests.sso import make_secret, mint
from townsquare.comments.models import Comment
from townsquare.readers.models import OIDCProvider, ReaderSession, SSOIdentity
from townsquare.readers.session import READER_COOKIE
from townsquare.sites.models import Commenting
from townsquare.sites.selectors import site_default

pytestmark = pytest.mark.django_db
MARTA = "marta.subscriber@example.org"


@pytest.fixture(scope="module")
def op():
    with provider_running() as running:
        yield running


@pytest.fixture
def provider(db, op, settings, terms):
    settings.SITE_URL = "http://testserver"
    site = site_default()
    client_id, secret = op.register(f"http://testserver/sign-in/oidc/{site.slug}/callback")
    return OIDCProvider.objects.create(
        site=site,
        name="Harbour ID",
        issuer=op.issuer,
        client_id=client_id,
        client_secret=secret,
        scopes="openid email profile groups",
        subscriber_claim="groups",
        subscriber_value="subscriber",
    )


@pytest.fixture
def story(provider):
    return make_story()


def start(client: Client, provider: OIDCProvider, next_path: str = "/"):
    answer = client.get(f"/sign-in/oidc/{provider.site.slug}/start", {"next": next_path})
    assert answer.status_code == 302, answer.content.decode()[:600]
    return answer["Location"]


def back(client: Client, address: str):
    """Follow the provider's redirect to our callback in ``client``."""
    parts = urlsplit(address)
    return client.get(parts.path, dict(parse_qsl(parts.query)))


def sign_in(client, op, provider, *, login="marta", next_path="/"):
    return back(client, op.sign_in(start(client, provider, next_path), login=login))


def nothing_created():
    return not SSOIdentity.objects.exists() and not ReaderSession.objects.exists()


def refused(answer, status=400) -> str:
    text = answer.content.decode()
    assert answer.status_code == status, text[:600]
    assert READER_COOKIE not in answer.cookies
    assert "You could not be signed in" in text
    return text


def test_the_authorization_request_uses_pkce_state_and_nonce(client, provider, op):
    query = dict(parse_qsl(urlsplit(start(client, provider)).query))
    assert query["response_type"] == "code" and query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43 and query["state"] and query["nonce"]
    assert query["redirect_uri"] == "http://testserver/sign-in/oidc/default/callback"
    assert query["scope"] == "openid email profile groups"


def test_signing_in_makes_a_signed_in_reader_who_posts_with_the_badge(client, provider, op):
    story = make_story(commenting=Commenting.SUBSCRIBERS)
    answer = sign_in(client, op, provider, next_path=f"/stories/{story.slug}/")
    assert answer.status_code == 303 and answer["Location"] == f"/stories/{story.slug}/"
    assert answer.cookies[READER_COOKIE]["httponly"]
    identity = SSOIdentity.objects.get()
    assert (identity.issuer, identity.subject) == (op.issuer, "marta")
    assert identity.email == MARTA and identity.username == "Marta Quill"
    assert identity.badges == ["subscriber"]
    assert ReaderSession.objects.get().sso_identity == identity
    posted = client.post(
        f"/stories/{story.slug}/comments/",
        {"comment": "Signed in with Harbour ID.", "author": "Marta", "email": MARTA},
    )
    assert posted.status_code == 303, posted.content.decode()[:600]
    comment = Comment.objects.get()
    assert comment.author_name == "Marta Quill" and comment.commenter.email == MARTA
    assert comment.author_badges == ["subscriber"]
    assert "Signed in with Harbour ID." in client.get("/your-comments/").content.decode()


def test_a_reader_without_the_subscriber_claim_may_not_post_on_a_subscribers_story(
    client, provider, op
):
    story = make_story(commenting=Commenting.SUBSCRIBERS)
    site = provider.site
    site.commenting_url = "https://news.example.org/subscribe"
    site.save()
    assert sign_in(client, op, provider, login="ben").status_code == 303
    assert SSOIdentity.objects.get().badges == []
    posted = client.post(
        f"/stories/{story.slug}/comments/",
        {"comment": "May I?", "author": "Ben", "email": "ben.reader@example.org"},
    )
    assert "Subscribers comment here. Subscribe at https://news.example.org/subscribe" in (
        posted.content.decode()
    )
    assert not Comment.objects.exists()


def test_signing_in_again_updates_the_account(client, provider, op):
    sign_in(client, op, provider)
    provider.subscriber_value = "founders"
    provider.save()
    time.sleep(1)  # a newer iat
    sign_in(Client(), op, provider)
    identity = SSOIdentity.objects.get()
    assert identity.badges == [] and ReaderSession.objects.count() == 2


def test_a_public_client_signs_in_with_pkce_alone(client, provider, op):
    provider.client_id, provider.client_secret = op.register(
        "http://testserver/sign-in/oidc/default/callback", public=True
    )
    provider.save()
    assert provider.client_secret == ""
    assert sign_in(client, op, provider).status_code == 303
    assert SSOIdentity.objects.get().subject == "marta"


def test_next_never_leaves_the_site(client, provider, op):
    answer = sign_in(client, op, provider, next_path="https://evil.example/")
    assert answer.status_code == 303 and answer["Location"] == "/"


def test_a_state_this_browser_did_not_start_is_refused(client, provider, op):
    address = op.sign_in(start(client, provider), login="marta")
    text = refused(back(Client(), address))  # another browser: an attacker's answer
    assert "its `state` is unknown" in text
    assert nothing_created()


def test_the_same_answer_twice_is_refused_the_second_time(client, provider, op):
    address = op.sign_in(start(client, provider), login="marta")
    assert back(client, address).status_code == 303
    text = refused(back(client, address))
    assert "already finished" in text
    assert ReaderSession.objects.count() == 1


def test_a_code_replayed_under_another_sign_in_is_refused_by_the_provider(client, provider, op):
    first = op.sign_in(start(client, provider), login="marta")
    second = op.sign_in(start(client, provider), login="marta")
    assert back(client, first).status_code == 303
    code = dict(parse_qsl(urlsplit(first).query))["code"]
    state = dict(parse_qsl(urlsplit(second).query))["state"]
    replay = f"{urlsplit(second).path}?{urlencode({'code': code, 'state': state})}"
    text = refused(back(client, replay))
    assert "Harbour ID refused the sign-in code" in text
    assert ReaderSession.objects.count() == 1


def test_an_id_token_for_another_nonce_is_refused(client, provider, op):
    url = start(client, provider)
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query["nonce"] = "a-nonce-of-another-sign-in"
    text = refused(
        back(client, op.sign_in(parts._replace(query=urlencode(query)).geturl(), login="marta"))
    )
    assert "its `nonce` differs" in text
    assert nothing_created()


def test_an_answer_naming_another_issuer_is_refused(client, provider, op):
    address = op.sign_in(start(client, provider), login="marta")
    assert dict(parse_qsl(urlsplit(address).query))["iss"] == op.issuer  # RFC 9207
    mixed_up = address.replace("iss=", "iss=https%3A%2F%2Fother.example.org&was=")
    text = refused(back(client, mixed_up))
    assert "came from another provider" in text
    assert nothing_created()


def test_a_tampered_id_token_is_refused(client, provider, op):
    op.next_token({"tamper": "email"})
    text = refused(sign_in(client, op, provider))
    assert "signature does not match" in text
    assert nothing_created()


def test_an_id_token_for_another_audience_is_refused(client, provider, op):
    op.next_token({"claims": {"aud": "another-application"}})
    text = refused(sign_in(client, op, provider))
    assert "meant for another application" in text
    assert nothing_created()


def test_an_expired_id_token_is_refused(client, provider, op):
    now = int(time.time())
    op.next_token({"claims": {"iat": now - 7200, "exp": now - 3600}})
    text = refused(sign_in(client, op, provider))
    assert "The ID token has expired" in text
    assert nothing_created()


def test_an_account_without_an_address_is_refused(client, provider, op):
    text = refused(sign_in(client, op, provider, login="nomail"))
    assert "did not give your e-mail address" in text
    assert nothing_created()


def test_an_address_the_provider_did_not_confirm_is_refused(client, provider, op):
    text = refused(sign_in(client, op, provider, login="unverified"))
    assert "has not confirmed your e-mail address" in text
    assert nothing_created()


def test_an_address_of_a_newsroom_token_account_is_refused(client, provider, op):
    make_secret(provider.site)
    assert client.get("/sso/callback/", {"token": mint()}).status_code == 303  # Marta's token
    text = refused(sign_in(Client(), op, provider))
    assert "already belongs to another account" in text
    assert SSOIdentity.objects.count() == 1 and ReaderSession.objects.count() == 1


def test_the_provider_sending_an_error_back_shows_it(client, provider, op):
    state = dict(parse_qsl(urlsplit(start(client, provider)).query))["state"]
    answer = client.get(
        "/sign-in/oidc/default/callback",
        {
            "error": "access_denied",
            "error_description": "End-User aborted interaction",
            "state": state,
        },
    )
    assert "Harbour ID did not sign you in: End-User aborted interaction" in refused(answer)
    assert nothing_created()


@pytest.mark.parametrize("issuer_path", ["", "/nowhere"])
def test_an_unreachable_provider_is_a_clear_error_never_a_500(client, provider, issuer_path):
    if issuer_path:
        provider.issuer += issuer_path  # its discovery document: 404
    else:
        provider.issuer = "http://127.0.0.1:9"  # nothing listens on the discard port
    provider.save()
    answer = client.get("/sign-in/oidc/default/start", {"next": "/"})
    text = refused(answer, status=502)
    assert "Signing in with Harbour ID is not possible right now" in text
    assert "discovery document" in text


def test_a_discovery_document_elsewhere_must_still_name_the_issuer(client, provider, op):
    provider.discovery_url = op.issuer + "/.well-known/openid-configuration"
    provider.save()
    assert sign_in(client, op, provider).status_code == 303
    provider.issuer = "https://id.news.example.org/realms/readers"
    provider.save()
    cache.clear()
    text = refused(client.get("/sign-in/oidc/default/start"), status=502)
    assert "its discovery document names another issuer" in text


def test_a_site_without_a_provider_answers_404(client, provider):
    provider.enabled = False
    provider.save()
    assert client.get("/sign-in/oidc/default/start").status_code == 404
    assert client.get("/sign-in/oidc/no-such-site/callback").status_code == 404


def test_the_sign_in_page_offers_the_provider_and_comes_back_to_the_story(client, story):
    page = client.get(
        "/your-comments/sign-in/", HTTP_REFERER=f"http://testserver/stories/{story.slug}/"
    ).content.decode()
    assert "Sign in with Harbour ID" in page
    assert f"/sign-in/oidc/default/start?next=/stories/{story.slug}/" in page
    OIDCProvider.objects.update(enabled=False)
    assert "Sign in with" not in client.get("/your-comments/sign-in/").content.decode()


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("start", {"next": "/\x00"}),
        ("start", {"next": "/" + "9" * 3000}),
        ("callback", {"state": "\x00", "code": "\x00"}),
        ("callback", {"state": "9" * 5000}),
        ("callback", {"code": "x" * 5000, "state": ""}),
    ],
)
def test_odd_requests_get_an_answer_never_a_500(client, provider, op, path, query):
    answer = client.get(f"/sign-in/oidc/default/{path}", query)
    assert answer.status_code in (302, 400)


def test_an_odd_code_under_a_real_state_is_refused(client, provider, op):
    state = dict(parse_qsl(urlsplit(start(client, provider)).query))["state"]
    answer = client.get("/sign-in/oidc/default/callback", {"state": state, "code": "x" * 5000})
    assert "sent no sign-in code back" in refused(answer)
    assert nothing_created()
