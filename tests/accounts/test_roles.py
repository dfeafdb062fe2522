"""The Administrator role in the admin: the pages the embed, API and Coral docs send it to.

docs/embed.md sends administrators to Sites, docs/api.md to Webhooks, the delivery log and API
tokens, docs/coral.md to the Coral phase's secrets and the analysis keys. A Moderator has none of
them; a page a role does not allow is a 403, logged in one line.
"""

from __future__ import annotations

import io
import logging
import sys

import pytest
from django.contrib.auth.models import User

from tests.factories import make_site
from townsquare.accounts.models import ApiToken
from townsquare.accounts.services import moderator_create
from townsquare.lib.logs import ClientErrorsWithoutTraceback
from townsquare.webhooks.models import Webhook

pytestmark = pytest.mark.django_db

PASSWORD = "harbour-lights-at-dusk"
ADMIN_PAGES = [
    "/admin/sites/site/",
    "/admin/sites/site/add/",
    "/admin/webhooks/webhook/",
    "/admin/webhooks/webhook/add/",
    "/admin/webhooks/webhookdelivery/",
    "/admin/accounts/apitoken/",
    "/admin/accounts/apitoken/add/",
    # docs/coral.md sends them to the Coral phase's secrets and the analysis keys.
    "/admin/coral/coralsigningsecret/",
    "/admin/coral/coralsigningsecret/add/",
    "/admin/coral/coralphasesettings/add/",
    "/admin/scoring/analysiskey/",
    "/admin/scoring/analysiskey/add/",
]


@pytest.fixture
def administrator() -> User:
    return moderator_create(
        username="ada", email="ada@example.com", password=PASSWORD, administrator=True
    )


@pytest.fixture
def moderator() -> User:
    return moderator_create(username="mira", email="mira@example.com", password=PASSWORD)


def test_an_administrator_opens_sites_webhooks_and_api_tokens(client, administrator):
    client.force_login(administrator)
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 200, url


def test_an_administrator_sets_a_sites_origins_and_discussion_settings(client, administrator):
    site = make_site(origins=["https://news.example.org"])
    client.force_login(administrator)
    response = client.post(
        f"/admin/sites/site/{site.pk}/change/",
        {
            "name": site.name,
            "slug": site.slug,
            "allowed_origins": "https://news.example.org\nhttps://www.news.example.org",
            "stories_on_first_view": "on",
            "edit_window_minutes": "5",
            "close_after_days": "30",
            "unscored_language_rule": "hold",
            "commenting": "anyone",
            "subscriber_badge": "subscriber",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    site.refresh_from_db()
    assert site.allowed_origins == ["https://news.example.org", "https://www.news.example.org"]
    assert (site.edit_window_minutes, site.close_after_days) == (5, 30)
    # and adds a webhook for it
    response = client.post(
        "/admin/webhooks/webhook/add/",
        {
            "site": site.pk,
            "url": "https://cms.example.org/hooks/townsquare",
            "events": ["comment.created"],
            "active": "on",
            "secret": "a-shared-secret",
        },
    )
    assert response.status_code == 302 and Webhook.objects.filter(site=site).exists()


def test_a_moderator_still_gets_a_403_there(client, moderator):
    client.force_login(moderator)
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 403, url


def test_an_administrator_makes_tokens_but_not_one_acting_as_a_superuser(client, administrator):
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(administrator)
    made = client.post(
        "/admin/accounts/apitoken/add/",
        {"user": administrator.pk, "name": "Slack bot", "scopes": ["queue:read"]},
    )
    assert made.status_code == 302 and ApiToken.objects.filter(user=administrator).exists()
    refused = client.post(
        "/admin/accounts/apitoken/add/",
        {"user": root.pk, "name": "Acting as root", "scopes": ["comments:decide"]},
    )
    assert refused.status_code == 200 and not ApiToken.objects.filter(user=root).exists()


def _console() -> logging.Handler:
    """The console handler the settings' LOGGING made (the one that prints to the terminal)."""
    # pytest's own capturing handlers are subclasses; the settings' is a plain StreamHandler.
    (console,) = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    return console


def test_a_403_is_one_line_on_the_console_without_a_traceback(client, moderator):
    console = _console()
    printed = io.StringIO()
    previous = console.setStream(printed)
    try:
        client.force_login(moderator)
        assert client.get("/admin/sites/site/").status_code == 403
    finally:
        console.setStream(previous)
    assert "Forbidden (Permission denied): /admin/sites/site/" in printed.getvalue()
    assert "Traceback" not in printed.getvalue()


def test_a_server_error_keeps_its_traceback():
    record = logging.LogRecord("django.request", logging.ERROR, "", 0, "boom", (), None)
    try:
        raise RuntimeError("a fault of ours")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    record.status_code = 500
    assert ClientErrorsWithoutTraceback().filter(record) and record.exc_info is not None
