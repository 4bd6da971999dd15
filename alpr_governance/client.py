"""The client's network address, read in one place for every caller (gate, records, limits).

Behind a reverse proxy every connection comes from the proxy, so REMOTE_ADDR names the proxy and
the client is in X-Forwarded-For. Only the entries the configured proxies appended can be trusted:
anything to their left was written by the client and may be forged.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The address of whoever sent `request`: with TRUSTED_PROXY_COUNT = n, the n-th entry from the
    right of X-Forwarded-For (the one our outermost proxy saw); with n = 0, REMOTE_ADDR."""
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    if not forwarded:
        return remote
    # Same choice as DRF's NUM_PROXIES, so throttles and records agree on who asked.
    return _valid(forwarded[-min(proxies, len(forwarded))]) or remote


def _valid(candidate: str) -> str | None:
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return None
