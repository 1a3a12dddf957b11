"""Encrypt two-factor secrets at rest, with a key derived from the configuration.

Fernet authenticates as well as encrypts, so a value sealed under another key is refused
instead of being decrypted into a wrong secret.
"""

import base64
from collections.abc import Mapping

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: Fixed HKDF labels: changing them makes every stored secret unreadable.
_SALT = b"facilitate"
_INFO = b"facilitate two-factor secrets v1"


class UnreadableSecret(ValueError):
    """A sealed secret this key cannot open: the key changed, or the value is not ours."""


def key_from_config(config: Mapping) -> bytes:
    """Return the Fernet key: from TOTP_ENCRYPTION_KEY when set, else from SECRET_KEY."""
    # HKDF, so any long random string will do, and SECRET_KEY's other uses (signing
    # cookies) never share key material with this one.
    material = config.get("TOTP_ENCRYPTION_KEY") or config["SECRET_KEY"]
    if not isinstance(material, bytes):
        material = str(material).encode()
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO)
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
            "a two-factor secret cannot be decrypted with this key; "
            "were TOTP_ENCRYPTION_KEY or SECRET_KEY changed?"
        ) from error
