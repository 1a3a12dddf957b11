"""One-time tokens: only their hash is stored, so a reader of the database cannot use them."""

import hashlib


def token_hash(token: str) -> str:
    """Return the stored form of a token sent to someone (SHA-256, hex)."""
    return hashlib.sha256(token.encode()).hexdigest()
