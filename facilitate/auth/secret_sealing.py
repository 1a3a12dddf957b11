"""Encrypt secrets at rest (two-factor secrets, queued mail) with keys derived from the configuration.

Fernet authenticates as well as encrypts, so a value sealed under another key is refused
instead of being decrypted into a wrong secret. Each use has its own HKDF label, so one
configured secret yields unrelated keys and a key for one use never opens another's values.
"""

import base64
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: Fixed HKDF salt: changing it makes every stored secret unreadable.
_SALT = b"facilitate"


@dataclass(frozen=True)
class Use:
    """What a key is for: its HKDF label, and a setting that may supply its own material."""

    #: Fixed: changing a label makes every value sealed for that use unreadable.
    info: bytes
    setting: str | None = None


TWO_FACTOR = Use(b"facilitate two-factor secrets v1", "TOTP_ENCRYPTION_KEY")
OUTBOX = Use(b"facilitate outbox bodies v1")


class UnreadableSecret(ValueError):
    """A sealed secret this key cannot open: the key changed, or the value is not ours."""


def key_from_config(config: Mapping, use: Use = TWO_FACTOR) -> bytes:
    """Return the Fernet key for `use`: from its own setting when set, else from SECRET_KEY."""
    # HKDF, so any long random string will do, and SECRET_KEY's other uses (signing
    # cookies) never share key material with this one.
    material = (use.setting and config.get(use.setting)) or config["SECRET_KEY"]
    if not isinstance(material, bytes):
        material = str(material).encode()
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=use.info)
    return base64.urlsafe_b64encode(hkdf.derive(material))


def seal(secret: str, key: bytes) -> str:
    """Encrypt a secret for the database or the session."""
    return Fernet(key).encrypt(secret.encode()).decode("ascii")


def unseal(sealed: str, key: bytes) -> str:
    """Decrypt a sealed secret, or raise UnreadableSecret."""
    try:
        return Fernet(key).decrypt(sealed.encode()).decode()
    except (InvalidToken, UnicodeError) as error:
        raise UnreadableSecret(
            "a sealed secret cannot be decrypted with this key; "
            "were TOTP_ENCRYPTION_KEY or SECRET_KEY changed?"
        ) from error
