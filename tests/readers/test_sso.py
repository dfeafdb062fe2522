"""Signing in with the newsroom's token (readers.sso): what is accepted, and every forgery,
expiry, replay and malformed claim refused with its message, with nothing written."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_site
from tests.sso import SECRET, b64, claims, make_secret, mint
from townsquare.comments.models import Comment, Commenter
from townsquare.readers.models import (
    ReaderSession,
    SSOIdentity,
    SSORevokedToken,
    SSOSecret,
    VerifiedAddress,
)
from townsquare.readers.sso import (
    CLOCK_LEEWAY_SECONDS,
    NO_EXP_LIFETIME_SECONDS,
    SSORefused,
    sso_revoked_tokens_expire,
    sso_secret_rotate,
    sso_sign_in,
    sso_sign_out,
    sso_token_read,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    site = make_site(origins=["https://news.example.org"])
    make_secret(site)
    return site


def _rows() -> dict[str, int]:
    return {
        "identities": SSOIdentity.objects.count(),
        "sessions": ReaderSession.objects.count(),
        "verified": VerifiedAddress.objects.count(),
        "commenters": Commenter.objects.count(),
        "comments": Comment.objects.count(),
    }


NOTHING = {"identities": 0, "sessions": 0, "verified": 0, "commenters": 0, "comments": 0}


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512"])
def test_a_good_token_signs_the_reader_in_as_a_verified_reader(site, alg):
    signed_in = sso_sign_in(site=site, token=mint(alg=alg))
    identity = signed_in.identity
    assert (identity.subject, identity.email, identity.username) == (
        "acct-1001",
        "marta.subscriber@example.org",
        "Marta Quill",
    )
    assert identity.badges == ["subscriber"] and identity.public_badges == ["subscriber"]
    assert identity.avatar_url == "https://news.example.org/avatars/1001.png"
    session = signed_in.session
    assert session.email == identity.email and session.sso_identity == identity
    assert session.sso_jti and signed_in.session_token
    assert VerifiedAddress.objects.filter(email=identity.email).exists()


def test_a_staff_role_is_a_public_mark_only(site):
    token = mint(claims(user={"role": "ADMIN", "badges": []}))
    identity = sso_sign_in(site=site, token=token).identity
    assert identity.public_badges == ["staff"]


def test_a_coral_token_without_kid_is_checked_against_the_sites_secret(site):
    assert sso_sign_in(site=site, token=mint(kid=None)).identity.username == "Marta Quill"


def test_a_coral_token_without_exp_works_for_an_hour_after_its_iat(site):
    """Coral takes tokens without ``exp``: a newsroom's Coral code must work unchanged here."""
    fresh = mint(claims(exp=None, iat=_now() - 60))
    assert sso_sign_in(site=site, token=fresh).identity.username == "Marta Quill"


def _forged_payload() -> str:
    good = mint()
    head, _, signature = good.split(".")
    other = claims(user={"id": "acct-9999", "email": "intruder@example.org"})
    import json

    return f"{head}.{b64(json.dumps(other).encode())}.{signature}"


def _now() -> int:
    return int(time.time())


REFUSED = {
    "forged payload": (_forged_payload, "bad_signature", "signature does not match"),
    "wrong secret": (
        lambda: mint(secret="another-secret-of-more-than-thirty-two-characters!"),
        "bad_signature",
        "signature does not match",
    ),
    "alg none": (lambda: mint(alg="none"), "algorithm_refused", "not none"),
    "alg none, no kid": (lambda: mint(alg="none", kid=None), "algorithm_refused", "HS256"),
    # Algorithm confusion: an RS256 (or ES256) header, signed with the HMAC secret as if it
    # were the public key.
    "RS256 with the secret": (
        lambda: mint(alg="RS256", sign_as="256"),
        "algorithm_refused",
        "not RS256",
    ),
    "ES256 with the secret": (
        lambda: mint(alg="ES256", sign_as="256"),
        "algorithm_refused",
        "not ES256",
    ),
    "PS512 with the secret": (
        lambda: mint(alg="PS512", sign_as="512"),
        "algorithm_refused",
        "not PS512",
    ),
    "header HS256, signed HS512": (
        lambda: mint(alg="HS256", sign_as="512"),
        "bad_signature",
        "signature",
    ),
    "expired": (
        lambda: mint(claims(exp=_now() - CLOCK_LEEWAY_SECONDS - 5)),
        "expired",
        "expired",
    ),
    "iat in the future": (
        lambda: mint(claims(iat=_now() + CLOCK_LEEWAY_SECONDS + 60)),
        "not_yet_valid",
        "future",
    ),
    "nbf ahead": (
        lambda: mint(claims(nbf=_now() + 3600)),
        "not_yet_valid",
        "not valid yet",
    ),
    "neither exp nor iat": (lambda: mint(claims(exp=None, iat=None)), "invalid_token", "`exp`"),
    "no exp, iat over an hour ago": (
        lambda: mint(
            claims(exp=None, iat=_now() - NO_EXP_LIFETIME_SECONDS - CLOCK_LEEWAY_SECONDS - 5)
        ),
        "expired",
        "expired",
    ),
    "exp not a number": (lambda: mint(claims(exp="tomorrow")), "invalid_token", "`exp`"),
    "no user": (lambda: mint({"exp": _now() + 600, "iat": _now()}), "invalid_token", "`user`"),
    "no user.id": (lambda: mint(claims(user={"id": None})), "invalid_token", "`user.id`"),
    "no user.email": (
        lambda: mint(claims(user={"email": None})),
        "invalid_token",
        "`user.email`",
    ),
    "bad user.email": (
        lambda: mint(claims(user={"email": "not-an-address"})),
        "invalid_token",
        "`user.email`",
    ),
    "no user.username": (
        lambda: mint(claims(user={"username": ""})),
        "invalid_token",
        "`user.username`",
    ),
    "unknown role": (
        lambda: mint(claims(user={"role": "SUPERUSER"})),
        "invalid_token",
        "`user.role`",
    ),
    "badges not a list": (
        lambda: mint(claims(user={"badges": "subscriber"})),
        "invalid_token",
        "`user.badges`",
    ),
    "badge with a control character": (
        lambda: mint(claims(user={"badges": ["sub\nscriber"]})),
        "invalid_token",
        "`user.badges`",
    ),
    "url not http": (
        lambda: mint(claims(user={"url": "javascript:alert(1)"})),
        "invalid_token",
        "`user.url`",
    ),
    "unknown kid": (lambda: mint(kid="k-unknown"), "unknown_key", "k-unknown"),
    "not a JWT": (lambda: "not-a-token", "invalid_token", "not a signed JWT"),
    "five parts (JWE)": (lambda: "a.b.c.d.e", "invalid_token", "not a signed JWT"),
    "garbage header": (lambda: "!!!.e30.sig", "invalid_token", "not a JWT"),
    "payload not JSON": (
        lambda: _signed_raw(b"not json"),
        "invalid_token",
        "not JSON",
    ),
}


def _signed_raw(payload: bytes) -> str:
    import hashlib
    import hmac
    import json

    head = b64(json.dumps({"alg": "HS256", "kid": "k1"}).encode())
    signing_input = f"{head}.{b64(payload)}"
    digest = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(digest)}"


@pytest.mark.parametrize("case", list(REFUSED))
def test_every_bad_token_is_refused_with_its_reason_and_nothing_is_created(site, case):
    make, code, words = REFUSED[case]
    with pytest.raises(SSORefused) as refused:
        sso_sign_in(site=site, token=make())
    assert refused.value.code == code, refused.value.message
    assert words in refused.value.message
    assert _rows() == NOTHING


def test_tally_of_bad_tokens_accepted_is_zero(site):
    """The security tally: every forged, expired, confused or malformed token, 0 accepted."""
    accepted = 0
    for make, _, _ in REFUSED.values():
        try:
            sso_sign_in(site=site, token=make())
        except SSORefused:
            continue
        accepted += 1
    assert accepted == 0 and _rows() == NOTHING


def test_a_clock_a_little_off_is_tolerated(site):
    late = mint(claims(exp=_now() - CLOCK_LEEWAY_SECONDS + 10))
    early = mint(claims(iat=_now() + CLOCK_LEEWAY_SECONDS - 10, user={"id": "acct-2"}))
    assert sso_sign_in(site=site, token=late) and sso_token_read(site=site, token=early)


def test_a_token_of_another_site_is_refused(site):
    other = make_site()
    make_secret(other, kid="k1", secret="the-other-sites-secret-is-also-quite-long!")
    with pytest.raises(SSORefused) as refused:
        sso_sign_in(site=other, token=mint())
    assert refused.value.code == "bad_signature" and _rows() == NOTHING


def test_a_site_without_secrets_says_so(site):
    other = make_site()
    with pytest.raises(SSORefused) as refused:
        sso_sign_in(site=other, token=mint(kid=None))
    assert refused.value.code == "sso_off"


def test_a_token_signed_out_by_its_jti_is_refused_after(site):
    token = mint()
    signed_in = sso_sign_in(site=site, token=token)
    sso_sign_out(site=site, session=signed_in.session)
    signed_in.session.refresh_from_db()
    assert signed_in.session.revoked_at is not None
    assert SSORevokedToken.objects.filter(site=site).count() == 1
    before = _rows()
    with pytest.raises(SSORefused) as refused:
        sso_sign_in(site=site, token=token)
    assert refused.value.code == "signed_out" and "signed out" in refused.value.message
    assert _rows() == before


def test_signing_a_token_out_ends_every_session_it_started(site):
    token = mint()
    first = sso_sign_in(site=site, token=token).session
    second = sso_sign_in(site=site, token=token).session
    assert sso_sign_out(site=site, token=token) == 2
    assert ReaderSession.objects.filter(pk__in=[first.pk, second.pk], revoked_at=None).count() == 0


def test_signed_out_tokens_are_forgotten_once_they_have_ended_and_not_before(site):
    token = mint(claims(exp=int(time.time()) + 600))
    sso_sign_out(site=site, token=token)
    by_session = sso_sign_in(site=site, token=mint()).session
    sso_sign_out(site=site, session=by_session)  # its token's end is not known
    ended = timezone.now() + timedelta(seconds=600 + CLOCK_LEEWAY_SECONDS + 1)
    assert sso_revoked_tokens_expire(now=ended - timedelta(seconds=2)) == 0
    with pytest.raises(SSORefused) as refused:
        sso_sign_in(site=site, token=token)
    assert refused.value.code == "signed_out"
    assert sso_revoked_tokens_expire(now=ended) == 1
    assert list(SSORevokedToken.objects.values_list("expires_at", flat=True)) == [None]


def test_the_purge_is_a_daily_periodic_task():
    from townsquare.lib.periodic import periodic_tasks

    assert periodic_tasks()["townsquare.readers.tasks.sso_revoked_tokens_expire_task"] == 86400


def test_signing_out_needs_a_token_of_the_site(site):
    with pytest.raises(SSORefused):
        sso_sign_out(site=site, token=mint(secret="x" * 40))
    assert not SSORevokedToken.objects.exists()


def test_rotation_keeps_the_old_secret_for_its_overlap_then_refuses_it(site):
    old_token = mint()
    new = sso_secret_rotate(site=site, overlap=timedelta(hours=2))
    old = SSOSecret.objects.get(site=site, kid="k1")
    assert old.expires_at is not None and new.kid != "k1" and len(new.secret) >= 32
    assert sso_sign_in(site=site, token=old_token)  # within the overlap
    assert sso_sign_in(site=site, token=mint(claims(), secret=new.secret, kid=new.kid))
    old.expires_at = timezone.now() - timedelta(seconds=1)
    old.save()
    before = _rows()
    with pytest.raises(SSORefused) as refused:
        sso_sign_in(site=site, token=mint())
    assert refused.value.code == "unknown_key" and "retired" in refused.value.message
    assert _rows() == before


def test_a_newer_iat_updates_the_profile_and_an_older_one_does_not(site):
    now = _now()
    sso_sign_in(site=site, token=mint(claims(iat=now - 100)))
    newer = claims(iat=now, user={"username": "Marta Q.", "badges": ["subscriber", "founding"]})
    newer["user"]["avatar"] = "https://news.example.org/avatars/new.png"
    identity = sso_sign_in(site=site, token=mint(newer)).identity
    assert identity.username == "Marta Q." and identity.badges == ["subscriber", "founding"]
    assert identity.avatar_url.endswith("/new.png")
    stale = claims(iat=now - 50, user={"username": "Old Name", "badges": []})
    identity = sso_sign_in(site=site, token=mint(stale)).identity
    assert identity.username == "Marta Q." and identity.badges == ["subscriber", "founding"]
    assert SSOIdentity.objects.count() == 1


def test_an_address_bound_to_another_id_is_refused_clearly(site):
    sso_sign_in(site=site, token=mint())
    before = _rows()
    with pytest.raises(SSORefused) as refused:
        sso_sign_in(site=site, token=mint(claims(user={"id": "acct-2002"})))
    assert refused.value.code == "email_taken"
    assert "belongs to another account" in refused.value.message
    assert _rows() == before


def test_the_same_address_may_be_another_sites_account(site):
    other = make_site()
    make_secret(other, secret=SECRET)
    sso_sign_in(site=site, token=mint())
    assert sso_sign_in(site=other, token=mint(claims(user={"id": "elsewhere-7"})))
    assert SSOIdentity.objects.count() == 2


def test_a_new_address_needs_a_newer_iat_and_keeps_the_old_one(site):
    now = _now()
    first = sso_sign_in(site=site, token=mint(claims(iat=now - 100)))
    same_time = claims(iat=now - 100, user={"email": "marta@new.example.org"})
    with pytest.raises(SSORefused) as refused:
        sso_sign_in(site=site, token=mint(same_time))
    assert refused.value.code == "email_mismatch"
    moved = sso_sign_in(
        site=site, token=mint(claims(iat=now, user={"email": "marta@new.example.org"}))
    ).identity
    assert moved.email == "marta@new.example.org"
    assert moved.previous_emails == ["marta.subscriber@example.org"]
    first.session.refresh_from_db()
    assert first.session.revoked_at is not None  # the old address's session ended
