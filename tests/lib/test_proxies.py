"""A clear warning, once per process, when X-Forwarded-For shows the proxy setting is wrong."""

from __future__ import annotations

import logging

import pytest

from townsquare.lib import proxies

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    """Each test is a process that has not warned yet."""
    monkeypatch.setattr(proxies, "_warned", set())


def warnings(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "townsquare.lib.proxies" and r.levelno == logging.WARNING
    ]


def test_forwarded_for_with_no_trusted_proxy_warns_once(client, settings, story, caplog):
    settings.TRUSTED_PROXY_COUNT = 0
    caplog.set_level(logging.WARNING, logger="townsquare.lib.proxies")
    for reader in ("203.0.113.7", "198.51.100.23", "192.0.2.99"):
        assert client.get("/", HTTP_X_FORWARDED_FOR=reader).status_code == 200
    (message,) = warnings(caplog)
    assert "TRUSTED_PROXY_COUNT is 0" in message
    assert "'203.0.113.7'" in message and "127.0.0.1" in message
    assert "docs/deployment.md" in message


def test_no_warning_without_a_proxy_or_with_a_matching_setting(client, settings, caplog):
    caplog.set_level(logging.WARNING, logger="townsquare.lib.proxies")
    settings.TRUSTED_PROXY_COUNT = 0
    client.get("/")
    settings.TRUSTED_PROXY_COUNT = 1
    client.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7")
    settings.TRUSTED_PROXY_COUNT = 2
    client.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.2")
    assert warnings(caplog) == []


@pytest.mark.parametrize(
    ("count", "header", "entries"),
    [(2, "203.0.113.7", "1 X-Forwarded-For entry"), (1, None, "0 X-Forwarded-For entries")],
)
def test_fewer_forwarded_for_entries_than_trusted_proxies_warns_once(
    client, settings, caplog, count, header, entries
):
    settings.TRUSTED_PROXY_COUNT = count
    caplog.set_level(logging.WARNING, logger="townsquare.lib.proxies")
    extra = {"HTTP_X_FORWARDED_FOR": header} if header else {}
    client.get("/", **extra)
    client.get("/", **extra)
    (message,) = warnings(caplog)
    assert f"TRUSTED_PROXY_COUNT is {count}" in message and entries in message
