"""Public internet addresses: which an outgoing request may reach when an administrator names it.

A URL typed into the admin (a webhook's) must not turn the server into a way to reach what only
the server can reach: its own loopback services, the private network behind it, the cloud's
metadata address (link-local). ``address_is_public`` says whether one address is on the public
internet; ``host_addresses`` resolves a host name once and refuses it when any of its addresses
is not. A connection then goes to the addresses that were checked, never to a second lookup
that might answer differently (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 prefixes that carry an IPv4 address inside them: a packet to one reaches that IPv4 host.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


class NonPublicAddress(OSError):
    """A host that is, or resolves to, an address off the public internet.

    An ``OSError``, so that a connection refused for it fails as any other connection does.
    """


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or address in _NAT64_LOCAL:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_is_public(address: IPAddress) -> bool:
    """Whether ``address`` is a unicast address on the public internet.

    Refused: loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10),
    link-local (169.254/16, fe80::/10), multicast, unspecified, reserved and documentation
    ranges, and IPv6 forms of any IPv4 address that is one of those.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return False
        inner = _embedded_ipv4(address)
        if inner is not None:
            return address_is_public(inner)
    return address.is_global and not address.is_multicast and not address.is_reserved


def host_addresses(host: str, port: int, *, public_only: bool = True) -> list[tuple[int, tuple]]:
    """``(family, sockaddr)`` for each address ``host`` resolves to, looked up once.

    With ``public_only`` (the default) raises ``NonPublicAddress`` when any address is not public
    (a name with one private address among public ones is refused whole). Raises
    ``socket.gaierror`` when the name does not resolve.
    """
    found = []
    for family, _type, _proto, _name, sockaddr in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    ):
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        scoped = len(sockaddr) > 3 and bool(sockaddr[3])  # an IPv6 address bound to one interface
        if public_only and (scoped or not address_is_public(address)):
            raise NonPublicAddress(f"{host} is not a public internet address ({address})")
        if (family, sockaddr) not in found:
            found.append((family, sockaddr))
    return found
