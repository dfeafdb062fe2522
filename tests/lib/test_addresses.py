"""Which addresses an administrator's URL may reach: the public internet only."""

from __future__ import annotations

import ipaddress

import pytest

from townsquare.lib.addresses import NonPublicAddress, address_is_public, host_addresses

NOT_PUBLIC = [
    "127.0.0.1",  # loopback
    "127.8.9.10",
    "0.0.0.0",  # unspecified
    "10.1.2.3",  # private
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",  # shared (carrier-grade NAT)
    "169.254.169.254",  # link-local: a cloud's metadata service
    "224.0.0.1",  # multicast
    "239.1.2.3",
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "192.0.2.1",  # documentation
    "::1",
    "::",
    "fe80::1",
    "fc00::1",  # unique local
    "fd12:3456::1",
    "ff02::1",  # multicast
    "ff0e::1",
    "2001:db8::1",  # documentation
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:10.0.0.1",
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
]
PUBLIC = ["8.8.8.8", "93.184.215.14", "1.1.1.1", "2606:4700::1111", "64:ff9b::808:808"]


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_addresses_off_the_public_internet_are_refused(address):
    assert not address_is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address):
    assert address_is_public(ipaddress.ip_address(address))


def test_a_name_that_resolves_to_loopback_is_refused_unless_allowed():
    with pytest.raises(NonPublicAddress, match="localhost is not a public internet address"):
        host_addresses("localhost", 80)
    assert ("127.0.0.1", 80) in [
        a for _family, a in host_addresses("localhost", 80, public_only=False)
    ]


def test_an_address_literal_is_checked_as_it_is():
    with pytest.raises(NonPublicAddress):
        host_addresses("10.0.0.7", 443)
    assert host_addresses("8.8.8.8", 443) == [(2, ("8.8.8.8", 443))]
