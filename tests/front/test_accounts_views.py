"""Staff sign-in and sign-out pages, throttling as a browser meets it, and the staff groups."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.conftest import csrf_post
from townsquare.accounts.services import moderator_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_sign_in")]

LOGIN = "/accounts/login/"
PASSWORD = "harbour-lights-at-dusk"
LOCKED_OUT = "Too many sign-in attempts. Try again in 15 minutes."


@pytest.fixture
def moderator(db):
    return moderator_create(username="mira", email="mira@example.com", password=PASSWORD)


def sign_in(client: Client, username: str, password: str, *, url: str = LOGIN, **extra):
    return csrf_post(
        client, url, {"username": username, "password": password}, page_url=LOGIN, **extra
    )


def test_the_sign_in_page_is_an_accessible_form(reader):
    response = reader.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username">Username</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert 'autocomplete="current-password"' in html
    assert "csrfmiddlewaretoken" in html


def test_signing_in_goes_to_the_moderation_queue(reader, moderator):
    response = sign_in(reader, "mira", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/moderate/"
    assert reader.session["_auth_user_id"] == str(moderator.pk)


def test_signing_in_goes_to_a_safe_next_page_only(moderator):
    here, elsewhere = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    response = sign_in(here, "mira", PASSWORD, url=f"{LOGIN}?next=/moderate/reported/")
    assert response["Location"] == "/moderate/reported/"
    response = sign_in(elsewhere, "mira", PASSWORD, url=f"{LOGIN}?next=https://evil.example/")
    assert response["Location"] == "/moderate/"


def test_a_wrong_password_keeps_the_username_and_says_so(reader, moderator):
    response = sign_in(reader, "mira", "wrong-password")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please enter a correct username and password." in html
    assert 'value="mira"' in html
    assert "wrong-password" not in html
    assert "_auth_user_id" not in reader.session


@pytest.mark.redis
def test_five_failures_lock_the_username_even_with_the_right_password(moderator):
    for n in range(5):
        attacker = Client(enforce_csrf_checks=True, REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert sign_in(attacker, "mira", f"guess-{n}").status_code == 400

    owner = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.50")
    response = sign_in(owner, "mira", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert 'value="mira"' in response.content.decode()
    assert int(response["Retry-After"]) > 800
    assert "_auth_user_id" not in owner.session


@pytest.mark.redis
def test_failures_from_one_network_lock_it_only_past_the_network_limit(settings, moderator):
    settings.LOGIN_MAX_ATTEMPTS_PER_NETWORK = 6
    guesser = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.9")
    for name in ["admin", "root", "editor", "moderator", "staff"]:
        sign_in(guesser, name, "password1")
    # A colleague at the same office signs in: five failures lock no one else out.
    colleague = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.10")
    assert sign_in(colleague, "mira", PASSWORD).status_code == 302
    sign_in(guesser, "webmaster", "password1")  # the network's sixth failure
    response = sign_in(guesser, "mira", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    elsewhere = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.10")
    assert sign_in(elsewhere, "mira", PASSWORD).status_code == 302


@pytest.mark.redis
def test_behind_a_proxy_the_forwarded_address_is_throttled(settings, moderator):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_MAX_ATTEMPTS_PER_NETWORK = 5
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        proxy = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.0.0.2")
        sign_in(proxy, name, "password1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    via_same_proxy = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.0.0.2")
    assert (
        sign_in(via_same_proxy, "mira", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code
        == 302
    )


@pytest.mark.postgres
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "mira"},
        {"username": "x" * 10_000, "password": "y"},
        {"username": "mi\x00ra", "password": "y"},
    ],
)
def test_malformed_sign_in_posts_get_400_not_500(reader, moderator, data):
    assert csrf_post(reader, LOGIN, data, page_url=LOGIN).status_code == 400


def test_sign_out_is_post_only_and_returns_to_the_sign_in_page(reader, moderator):
    sign_in(reader, "mira", PASSWORD)
    assert reader.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in reader.session
    response = csrf_post(reader, "/accounts/logout/", {}, page_url=LOGIN)
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in reader.session


def test_moderators_may_use_the_django_admin(moderator):
    client = Client()
    client.force_login(moderator)
    assert client.get("/admin/").status_code == 200


def _codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


# Decisions on comments and commenters are made through the services (queue or admin actions),
# offered by role; in the admin, moderators read records and the rules they apply.
MODERATOR_PERMISSIONS = {
    "comments.view_comment",
    "comments.view_commenter",
    "moderation.view_sanction",
    "moderation.view_report",
    "moderation.view_auditentry",
    "moderation.view_moderationpolicy",
    "moderation.view_wordrule",
    "stories.view_story",
    "terms.view_termsversion",
}


def test_the_moderator_group_reads_records_and_rules_and_edits_nothing():
    assert _codenames("Moderator") == MODERATOR_PERMISSIONS


def test_the_administrator_group_adds_settings_word_lists_stories_and_terms():
    assert _codenames("Administrator") == MODERATOR_PERMISSIONS | {
        "moderation.add_wordrule",
        "moderation.change_wordrule",
        "moderation.delete_wordrule",
        "moderation.change_moderationpolicy",
        "terms.add_termsversion",
        "terms.change_termsversion",
        "stories.add_story",
        "stories.change_story",
        # 0005: the pages docs/embed.md and docs/api.md send administrators to.
        "sites.view_site",
        "sites.add_site",
        "sites.change_site",
        "webhooks.view_webhook",
        "webhooks.add_webhook",
        "webhooks.change_webhook",
        "webhooks.delete_webhook",
        "webhooks.view_webhookdelivery",
        "accounts.view_apitoken",
        "accounts.add_apitoken",
        # scoring 0002 and coral 0002: docs/coral.md's analysis keys and Coral phase.
        "scoring.add_analysiskey",
        "scoring.view_analysiskey",
        "scoring.view_analysiscall",
        "scoring.add_sitescoring",
        "scoring.change_sitescoring",
        "scoring.view_sitescoring",
        "scoring.view_scorefeedback",
        "coral.add_coralsigningsecret",
        "coral.change_coralsigningsecret",
        "coral.view_coralsigningsecret",
        "coral.add_coralphasesettings",
        "coral.change_coralphasesettings",
        "coral.view_coralphasesettings",
    }


@pytest.mark.redis
def test_the_admin_sign_in_is_throttled_too(reader, moderator, settings):
    settings.LOGIN_MAX_ATTEMPTS = 2
    for _ in range(2):
        sign_in(reader, "mira", "wrong", url="/admin/login/")
    locked = sign_in(reader, "mira", PASSWORD, url="/admin/login/")
    assert LOCKED_OUT.split(" Try")[0] in locked.content.decode()
    assert "_auth_user_id" not in reader.session


def test_the_moderators_own_browser_signs_in_while_the_office_network_is_locked(
    settings, moderator
):
    settings.LOGIN_MAX_ATTEMPTS_PER_NETWORK = 6
    own = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.10")
    assert sign_in(own, "mira", PASSWORD).status_code == 302  # the browser is now known
    assert "ts_staff_device" in own.cookies
    assert own.cookies["ts_staff_device"]["httponly"]
    csrf_post(own, "/accounts/logout/", {}, page_url=LOGIN)

    # Someone on the same office network guesses at mira and at other names until the account
    # and the whole network are locked for every browser that has not signed in before.
    guesser = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.9")
    for name in ["mira", "mira", "mira", "mira", "mira", "desk"]:
        assert sign_in(guesser, name, "password1").status_code == 400
    assert sign_in(guesser, "mira", PASSWORD).status_code == 429
    colleague_new_laptop = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.11")
    assert sign_in(colleague_new_laptop, "mira", PASSWORD).status_code == 429

    assert sign_in(own, "mira", PASSWORD).status_code == 302
    assert own.session["_auth_user_id"] == str(moderator.pk)


def test_a_lockout_never_ends_a_signed_in_moderators_session(settings, moderator):
    working = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.10")
    assert sign_in(working, "mira", PASSWORD).status_code == 302
    for n in range(5):
        guesser = Client(enforce_csrf_checks=True, REMOTE_ADDR=f"198.51.100.{n + 20}")
        sign_in(guesser, "mira", f"guess-{n}")
    stranger = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.5")
    assert sign_in(stranger, "mira", PASSWORD).status_code == 429  # mira is locked out...
    assert working.get("/moderate/").status_code == 200  # ...but her open session works on


def test_the_sign_in_page_speaks_the_browsers_language(reader, moderator):
    page = reader.get(LOGIN, HTTP_ACCEPT_LANGUAGE="pt-PT,pt;q=0.9,en;q=0.5")
    html = page.content.decode()
    assert '<html lang="pt">' in html
    assert '<h1 class="short-form__title" id="login-title">Acesso da equipa</h1>' in html
    assert '<label for="id_username">Nome de utilizador</label>' in html
    assert '<label for="id_password">Palavra-passe</label>' in html
    assert "Iniciar sessão</button>" in html
    refused = sign_in(reader, "mira", "wrong", HTTP_ACCEPT_LANGUAGE="pt")
    assert refused.status_code == 400
    assert "Username" not in refused.content.decode()
