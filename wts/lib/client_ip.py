"""The address of the person at the other end, seen through the reverse proxies we run.

X-Forwarded-For is believed only when the direct peer is one of settings.TRUSTED_PROXIES; then
the right-most address that is not a trusted proxy is the client (every address left of it was
written by the client itself and may be anything). One function, used by the audit trail and by
the login lockout (AXES_CLIENT_IP_CALLABLE).
"""

import ipaddress

from django.conf import settings


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_ip(request) -> str:
    if request is None:
        return ""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return request.META.get("REMOTE_ADDR", "")
    if not _trusted(peer):
        return str(peer)
    hops = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    client = peer
    for part in reversed(hops):
        address = _address(part)
        if address is None:
            # A malformed entry was not written by our proxies: stop at the last one we trust.
            break
        client = address
        if not _trusted(address):
            break
    return str(client)
