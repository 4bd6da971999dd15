"""Keyed hashes of the credentials we issue (camera secrets, personal API tokens).

They are keyed with CREDENTIALS_KEY, not SECRET_KEY: rotating the key that signs sessions must not
silently refuse every camera (issue 9, item 8). A credentials key is rotated by moving the old
one to CREDENTIALS_KEYS_PREVIOUS, which still verifies what it hashed until each credential has
been reissued (docs/operations.md).
"""

import hashlib
import hmac

from django.conf import settings


def credential_hash(secret: str) -> str:
    """The keyed hash stored for a newly issued secret (current key)."""
    return _hash(settings.CREDENTIALS_KEY, secret)


def credential_matches(stored_hash: str, secret: str) -> bool:
    """Whether `secret` is the one hashed into `stored_hash`, by the current or a previous key,
    compared in constant time."""
    keys = (settings.CREDENTIALS_KEY, *settings.CREDENTIALS_KEYS_PREVIOUS)
    matches = [hmac.compare_digest(stored_hash, _hash(key, secret)) for key in keys]
    return any(matches)


def _hash(key: str, secret: str) -> str:
    return hmac.new(key.encode(), secret.encode(), hashlib.sha256).hexdigest()
