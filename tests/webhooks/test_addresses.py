"""Webhooks reach only the public internet unless the operator allows more: refused when saved,
checked again when sent (connecting to the address checked), and the log keeps no answer."""

from __future__ import annotations

import socket

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_comment, make_site, make_story
from townsquare.lib.events import EVENTS
from townsquare.webhooks.models import Webhook, WebhookDelivery
from townsquare.webhooks.services import webhook_attempt, webhook_event_handle

pytestmark = pytest.mark.django_db

REFUSED = [
    "http://127.0.0.1:8000/hook",
    "http://localhost:6379/",  # a name that resolves to loopback
    "https://10.0.0.5/hook",
    "http://192.168.1.20/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://224.0.0.251/hook",
    "http://[::1]:8000/hook",
    "http://[fd00::5]/hook",
    "http://[fe80::1]/hook",
    "http://[::ffff:192.168.1.20]/hook",
    "http://0.0.0.0:8000/hook",
]
PUBLIC_URL = "https://93.184.215.14/hooks/townsquare"


@pytest.fixture
def site():
    return make_site()


def _admin_add(admin_client, site, url):
    return admin_client.post(
        "/admin/webhooks/webhook/add/",
        {
            "site": site.pk,
            "url": url,
            "description": "",
            "events": ["comment.created"],
            "active": "on",
            "secret": "a-shared-secret",
        },
    )


@pytest.mark.parametrize("url", REFUSED)
def test_the_admin_refuses_a_webhook_to_a_non_public_address(admin_client, site, url):
    response = _admin_add(admin_client, site, url)
    assert response.status_code == 200  # the form again, with the error
    assert "is not a public internet address" in response.content.decode()
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("url", REFUSED)
def test_model_validation_refuses_it_too(site, url):
    with pytest.raises(ValidationError) as refused:
        Webhook(site=site, url=url, events=["comment.created"]).full_clean()
    assert "url" in refused.value.message_dict


def test_a_public_address_and_a_name_not_resolving_yet_are_accepted(admin_client, site):
    assert _admin_add(admin_client, site, PUBLIC_URL).status_code == 302
    # A name that does not resolve (yet) is saved; each delivery checks it again.
    assert _admin_add(admin_client, site, "https://hooks.newsroom.invalid/in").status_code == 302
    assert Webhook.objects.count() == 2


def test_the_operator_may_allow_private_addresses(admin_client, site, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    assert _admin_add(admin_client, site, "http://10.0.0.5/hook").status_code == 302
    assert _admin_add(admin_client, site, "http://localhost:8080/hook").status_code == 302


def _deliver(hook) -> WebhookDelivery:
    comment = make_comment(story=make_story(site=hook.site))
    (delivery_id,) = webhook_event_handle(
        name="comment.created", site_id=hook.site_id, data={"comment_id": comment.pk}
    )
    webhook_attempt(delivery_id=delivery_id)
    return WebhookDelivery.objects.get(pk=delivery_id)


@pytest.mark.parametrize(
    "scheme_and_host", ["http://127.0.0.1", "http://localhost", "https://localhost"]
)
def test_a_delivery_to_a_non_public_address_is_refused_before_connecting(
    site, receiver, settings, scheme_and_host
):
    # Saved while the operator allowed it, say; refused now that they do not.
    hook = Webhook.objects.create(
        site=site,
        url=receiver.url.replace("http://127.0.0.1", scheme_and_host),
        events=list(EVENTS),
    )
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    delivery = _deliver(hook)
    assert receiver.requests == []
    assert delivery.status == "retrying" and delivery.response_status is None
    assert "is not a public internet address" in delivery.last_error


@pytest.fixture
def rebinding_dns(monkeypatch):
    """A hostile name server, as a resolver sees it: a public address the first time a name is
    looked up, loopback every time after (DNS rebinding). The suite cannot run a name server
    of its own that the system resolver would ask, so the resolver's answers stand in for one;
    every other name resolves as usual."""
    real = socket.getaddrinfo
    lookups = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        address = "93.184.215.14" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def test_a_name_that_rebinds_to_loopback_after_it_was_saved_is_refused(
    site, receiver, settings, rebinding_dns
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    port = receiver.url.split(":")[2].split("/")[0]
    hook = Webhook(site=site, url=f"http://rebind.example:{port}/hook", events=list(EVENTS))
    hook.full_clean()  # the first lookup: public
    hook.save()
    delivery = _deliver(hook)
    assert receiver.requests == []
    assert "is not a public internet address (127.0.0.1)" in delivery.last_error
    assert len(rebinding_dns) == 2  # one lookup to save, one to send


def test_a_delivery_connects_to_the_address_it_checked(site, receiver, settings, rebinding_dns):
    # The delivery's own lookup is the first: public. A connection that looked the name up again
    # would get loopback and reach the receiver; the checked address is connected to instead.
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    settings.WEBHOOK_TIMEOUT = 0.5
    port = receiver.url.split(":")[2].split("/")[0]
    hook = Webhook.objects.create(
        site=site, url=f"http://rebind.example:{port}/hook", events=list(EVENTS)
    )
    delivery = _deliver(hook)
    assert receiver.requests == []
    assert delivery.status == "retrying" and delivery.response_status is None
    assert rebinding_dns == ["rebind.example"]


def test_the_log_keeps_the_answers_status_never_its_body(site, receiver):
    receiver.answers = [500]
    receiver.body = b"Internal error: connection to db-primary.internal:5432 refused"
    hook = Webhook.objects.create(site=site, url=receiver.url, events=list(EVENTS))
    delivery = _deliver(hook)
    assert delivery.response_status == 500
    assert delivery.last_error == "HTTP 500"
    assert "db-primary" not in str(WebhookDelivery.objects.values().get())
