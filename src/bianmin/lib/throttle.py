"""Who is asking: the client's address, for counting wrong query codes and failed logins per client.

A forwarding header (``X-Forwarded-For``, ``X-Real-IP``) is believed only when the connection comes from a
proxy named in ``TRUSTED_PROXIES`` (``BIANMIN_TRUSTED_PROXIES``); from anyone else it is a value the client
chose, and counting by it would let one client guess without limit by changing it, or lock out another
client's address on purpose.
"""

from __future__ import annotations

import hashlib
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: IPAddress) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def _address(value: str | None) -> IPAddress | None:
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:1.2.3.4 is 1.2.3.4
    return address


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, or None when the server gave none (a Unix socket without a proxy).

    Behind trusted proxies, ``X-Forwarded-For`` is read from the right: each proxy appends the address it
    saw, so the rightmost entry that is not one of our proxies is the client; entries left of it were
    written by the client and are ignored. A proxy that sends only ``X-Real-IP`` is believed as well.
    """
    remote = _address(request.META.get("REMOTE_ADDR"))
    if remote is None or not _trusted(remote):
        return str(remote) if remote is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        nearest = remote
        for hop in reversed(forwarded.split(",")):
            address = _address(hop)
            if address is None:
                break  # not written by a proxy of ours: the last one we trust saw the client
            if not _trusted(address):
                return str(address)
            nearest = address
        return str(nearest)
    real = _address(request.META.get("HTTP_X_REAL_IP"))
    return str(real if real is not None else remote)


def client_key(request: HttpRequest, scope: str) -> str:
    """A fixed-length key for counting ``scope`` per client: a hash, whatever the client sent.

    IPv6 clients are counted per /64, the block one subscriber gets, so changing the last bits of the
    address does not buy more guesses.
    """
    address = _address(client_ip(request))
    if isinstance(address, ipaddress.IPv6Address):
        client = str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    else:
        client = str(address) if address is not None else "unknown"
    return hashlib.sha256(f"{scope}\n{client}".encode()).hexdigest()
