"""Write instance/config.py with a fresh secret key for local use (run once by `make run`)."""

import secrets
import sys
from pathlib import Path

TEMPLATE = """# Local settings for this checkout; not committed. Production sets these in the environment.
SECRET_KEY = {key!r}
# `make run` serves plain http on 127.0.0.1, where a Secure cookie would never be sent back.
SESSION_COOKIE_SECURE = False
# The address `make run` serves on: links in mail and feeds, and the only host answered.
PUBLIC_URL = "http://127.0.0.1:5000"
# Encrypts two-factor secrets; derived from SECRET_KEY when unset. Set it before anyone enrols.
# TOTP_ENCRYPTION_KEY = "a long random string"
# DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/facilitate"
# REDIS_URL = "redis://127.0.0.1:6379/0"
"""


def main(path: str = "instance/config.py") -> None:
    target = Path(path)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(key=secrets.token_hex(32)))
    print(f"Wrote {target} with a new secret key.")


if __name__ == "__main__":
    main(*sys.argv[1:])
