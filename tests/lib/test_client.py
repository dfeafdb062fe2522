"""Client IP, IP hash and device cookie helpers."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory

from townsquare.lib.client import (
    DEVICE_COOKIE,
    client_info,
    client_ip,
    device_cookie_is_new,
    device_cookie_set,
    device_cookie_value,
    device_id_for,
    ip_hash,
    ip_network,
    network_hash,
)

factory = RequestFactory()


def _request(*, remote_addr="203.0.113.9", forwarded=None, cookie=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    request = factory.get("/", **extra)
    if cookie is not None:
        request.COOKIES[DEVICE_COOKIE] = cookie
    return request


def test_without_trusted_proxies_the_peer_is_the_client_and_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_rightmost_forwarded_entry_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The leftmost entry was written by the client and is a lie; the proxy appended the truth.
    request = _request(remote_addr="10.0.0.2", forwarded="6.6.6.6, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(remote_addr="10.0.0.3", forwarded="6.6.6.6, 198.51.100.7, 10.0.0.2")
    assert client_ip(request) == "198.51.100.7"


def test_ports_and_brackets_written_by_proxies_are_removed(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded="198.51.100.7:51234")) == "198.51.100.7"
    assert client_ip(_request(forwarded="[2001:db8::1]:443")) == "2001:db8::1"
    assert client_ip(_request(forwarded="2001:db8::1")) == "2001:db8::1"


def test_a_malformed_forwarded_header_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded="not an address")) == "203.0.113.9"
    assert client_ip(_request(forwarded=" , ")) == "203.0.113.9"
    assert client_ip(_request(remote_addr="garbage", forwarded="")) == ""


def test_ip_hash_is_keyed_stable_and_not_the_address(settings):
    first = ip_hash("198.51.100.7")
    assert first == ip_hash("198.51.100.7")
    assert first != ip_hash("198.51.100.8")
    assert "198.51.100.7" not in first and len(first) == 32
    settings.SECRET_KEY = "another-secret-for-another-site-" * 2
    assert ip_hash("198.51.100.7") != first
    assert ip_hash("") == ""


def test_a_browser_without_a_cookie_gets_one_new_id_for_the_whole_request():
    request = _request()
    device_id = device_id_for(request)
    assert len(device_id) == 32
    assert device_id_for(request) == device_id
    assert device_cookie_is_new(request)
    assert device_id_for(_request()) != device_id


def test_a_signed_cookie_is_kept_and_a_tampered_or_chosen_one_replaced():
    kept = "A" * 32
    request = _request(cookie=device_cookie_value(kept))
    assert device_id_for(request) == kept
    assert not device_cookie_is_new(request)
    for bad in ["<script>" + "x" * 60, kept, device_cookie_value(kept)[:-1] + "Z", "x" * 5000]:
        # A client may drop its cookie, but never choose its id (another reader's, say).
        tampered = _request(cookie=bad)
        assert device_id_for(tampered) != kept
        assert device_cookie_is_new(tampered)


def test_the_device_cookie_is_signed_long_lived_httponly_and_same_site_lax():
    response = HttpResponse()
    device_cookie_set(response, "B" * 32)
    cookie = response.cookies[DEVICE_COOKIE]
    assert cookie.value == device_cookie_value("B" * 32) != "B" * 32
    assert device_id_for(_request(cookie=cookie.value)) == "B" * 32
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] >= 2 * 365 * 24 * 3600


def test_networks_are_the_ipv4_slash_24_and_the_ipv6_slash_48():
    assert ip_network("198.51.100.7") == "198.51.100.0/24"
    assert ip_network("2001:db8:1:2:3::9") == "2001:db8:1::/48"
    assert ip_network("::ffff:198.51.100.7") == "198.51.100.0/24"
    assert ip_network("") == ip_network("nonsense") == ""
    assert network_hash("198.51.100.7") == network_hash("198.51.100.250")
    assert network_hash("198.51.100.7") != network_hash("198.51.101.7")
    assert "198.51" not in network_hash("198.51.100.7") and network_hash("") == ""


def test_client_info_gathers_the_address_its_network_and_the_device(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = _request(remote_addr="198.51.100.7", cookie=device_cookie_value("C" * 32))
    info = client_info(request)
    assert info.raw_ip == "198.51.100.7"
    assert info.ip_hash == ip_hash("198.51.100.7")
    assert info.network_hash == network_hash("198.51.100.7")
    assert info.device_id == "C" * 32
