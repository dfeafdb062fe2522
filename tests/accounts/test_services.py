"""moderator_create and the sign-in throttle."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError

from townsquare.accounts.services import (
    LoginThrottled,
    login_attempt_finish,
    login_attempt_start,
    moderator_create,
    staff_device_token,
)

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "harbour-lights-at-dusk"


def test_moderator_is_staff_in_the_moderator_group_only():
    moderator = moderator_create(username="mira", email="mira@example.com", password=GOOD_PASSWORD)
    assert moderator.is_staff and moderator.is_active and not moderator.is_superuser
    assert list(moderator.groups.values_list("name", flat=True)) == ["Moderator"]
    assert moderator.check_password(GOOD_PASSWORD)
    assert moderator.has_perm("moderation.view_report")
    assert not moderator.has_perm("moderation.change_moderationpolicy")


def test_administrator_is_in_both_groups_and_may_change_the_policy():
    admin = moderator_create(
        username="ada", email="ada@example.com", password=GOOD_PASSWORD, administrator=True
    )
    assert set(admin.groups.values_list("name", flat=True)) == {"Moderator", "Administrator"}
    assert admin.has_perm("moderation.change_moderationpolicy")
    assert admin.has_perm("moderation.delete_wordrule")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"password": "short"}, "password", "too short"),
        ({"password": "password123"}, "password", "too common"),
        ({"password": "mira@example.com"}, "password", "too similar"),
        ({"email": "not-an-address"}, "email", "Enter a valid e-mail address."),
        ({"username": "has spaces"}, "username", "Enter a valid username"),
        ({"username": "  "}, "username", "Enter a username."),
    ],
)
def test_bad_input_is_refused_per_field_and_creates_nothing(fields, field, message):
    data = {"username": "mira", "email": "mira@example.com", "password": GOOD_PASSWORD, **fields}
    with pytest.raises(ValidationError) as refused:
        moderator_create(**data)
    assert message in " ".join(refused.value.message_dict[field])
    assert not User.objects.exists()


def test_usernames_are_unique_ignoring_case():
    moderator_create(username="mira", email="mira@example.com", password=GOOD_PASSWORD)
    with pytest.raises(ValidationError) as refused:
        moderator_create(username="MIRA", email="other@example.com", password=GOOD_PASSWORD)
    assert "already taken" in refused.value.message_dict["username"][0]


@pytest.mark.postgres
def test_the_staff_groups_come_from_the_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Moderator", "Administrator"}


# --- throttling ---------------------------------------------------------------------------------


def fail(times: int, *, username: str = "mira", ip: str = "198.51.100.4", device: str = "") -> None:
    for _ in range(times):
        attempt = login_attempt_start(username=username, ip=ip, device_token=device)
        login_attempt_finish(attempt=attempt, succeeded=False)


def succeed(*, username: str = "mira", ip: str = "198.51.100.4", device: str = "") -> None:
    attempt = login_attempt_start(username=username, ip=ip, device_token=device)
    login_attempt_finish(attempt=attempt, succeeded=True)


@pytest.mark.redis
def test_lockout_after_the_maximum_failures_for_that_username():
    fail(4)
    fail(1, ip="203.0.113.1")  # the fifth attempt may still check its password
    with pytest.raises(LoginThrottled) as throttled:
        login_attempt_start(username="MIRA ", ip="203.0.113.1")  # any IP, any spelling
    assert throttled.value.message == "Too many sign-in attempts. Try again in 15 minutes."
    assert 890 <= throttled.value.retry_after_seconds <= 900


def test_an_attempt_is_counted_before_its_password_is_checked():
    # Five attempts started and not yet finished (checking their passwords at this moment)
    # leave no room for a sixth: the count is taken first, not after the check.
    for _ in range(5):
        login_attempt_start(username="mira", ip="203.0.113.1")
    with pytest.raises(LoginThrottled):
        login_attempt_start(username="mira", ip="203.0.113.1")


def test_colleagues_on_one_network_do_not_lock_each_other_out():
    # Five wrong passwords from one office address used to lock out every moderator there.
    for name in ["ana", "ben", "cai", "dee", "eve"]:
        fail(1, username=name, ip="198.51.100.4")
    succeed(username="fay", ip="198.51.100.4")
    succeed(username="fay", ip="198.51.100.77")  # same /24


@pytest.mark.redis
def test_a_network_is_locked_out_past_its_loose_limit_across_usernames(settings):
    settings.LOGIN_MAX_ATTEMPTS_PER_NETWORK = 8
    for n in range(8):
        fail(1, username=f"guess{n}", ip=f"198.51.100.{n + 1}")
    with pytest.raises(LoginThrottled):
        login_attempt_start(username="fay", ip="198.51.100.200")  # anywhere in the /24
    succeed(username="fay", ip="198.51.101.5")  # another network is unaffected


def test_ipv6_addresses_share_a_slash_48(settings):
    settings.LOGIN_MAX_ATTEMPTS_PER_NETWORK = 3
    for n in range(3):
        fail(1, username=f"guess{n}", ip=f"2001:db8:1:{n}::9")
    with pytest.raises(LoginThrottled):
        login_attempt_start(username="fay", ip="2001:db8:1:ffff::1")
    succeed(username="fay", ip="2001:db8:2::1")


def test_success_clears_the_username_count_but_not_the_network_count(settings):
    settings.LOGIN_MAX_ATTEMPTS_PER_NETWORK = 6
    fail(4)
    succeed(username="mira", ip="198.51.100.4")  # a success is not a network failure
    fail(4, ip="203.0.113.7")  # the username count started over
    fail(2, username="zed", ip="198.51.100.4")  # the network's sixth failure
    with pytest.raises(LoginThrottled):
        login_attempt_start(username="anyone", ip="198.51.100.4")


@pytest.mark.redis
def test_lockout_length_and_limit_are_settings(settings):
    settings.LOGIN_MAX_ATTEMPTS = 2
    settings.LOGIN_LOCKOUT_SECONDS = 60
    fail(2)
    with pytest.raises(LoginThrottled) as throttled:
        login_attempt_start(username="mira", ip="")
    assert throttled.value.message == "Too many sign-in attempts. Try again in 1 minute."


def test_a_known_browser_signs_in_while_strangers_have_locked_the_account_and_network(settings):
    settings.LOGIN_MAX_ATTEMPTS_PER_NETWORK = 10
    own_browser = staff_device_token(username="mira")
    for n in range(10):  # a guesser on the newsroom's own network, at mira and at others
        fail(1, username="mira" if n < 5 else f"desk{n}", ip=f"198.51.100.{n + 1}")
    with pytest.raises(LoginThrottled):
        login_attempt_start(username="mira", ip="203.0.113.9")  # any unknown browser
    with pytest.raises(LoginThrottled):
        login_attempt_start(username="fay", ip="198.51.100.50")  # the office network
    succeed(username="mira", ip="198.51.100.50", device=own_browser)


def test_a_known_browser_is_limited_on_its_own_and_only_for_its_account():
    own_browser = staff_device_token(username="mira")
    fail(5, device=own_browser)
    with pytest.raises(LoginThrottled):
        login_attempt_start(username="mira", ip="198.51.100.4", device_token=own_browser)
    succeed(username="mira", ip="203.0.113.1")  # strangers' count for mira is untouched
    # The cookie vouches for mira only: another username from that browser is a stranger's.
    fail(5, username="zed", device=own_browser)
    with pytest.raises(LoginThrottled):
        login_attempt_start(username="zed", ip="203.0.113.1")


@pytest.mark.parametrize("token", ["", "junk", "x" * 1000, "W10:1abc:def"])
def test_a_forged_or_junk_browser_cookie_counts_as_a_stranger(token):
    fail(5, device=token)
    with pytest.raises(LoginThrottled):
        login_attempt_start(username="mira", ip="203.0.113.1", device_token=token)
