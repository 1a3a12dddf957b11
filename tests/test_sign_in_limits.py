"""Sign-in gives nothing away by its timing, and its limits cannot be turned against a person."""

import json
import subprocess
import sys
from pathlib import Path

from facilitate.auth import services
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
ELSEWHERE = {"REMOTE_ADDR": "203.0.113.9"}
AT_HOME = {"REMOTE_ADDR": "198.51.100.7"}


def _wrong(client, email, environ=ELSEWHERE):
    data = {"email": email, "password": "not the password"}
    return client.post("/auth/login", data=data, environ_base=environ).status_code


def test_unknown_emails_cost_the_same_as_known_ones(client, monkeypatch):
    """Both paths run the configured KDF exactly once, so timing cannot tell them apart."""
    factories.user(email="known@example.org")
    calls = []
    real = services.check_password_hash

    def counting(pwhash, password):
        calls.append(pwhash.split("$", 1)[0])
        return real(pwhash, password)

    monkeypatch.setattr(services, "check_password_hash", counting)
    assert _wrong(client, "known@example.org") == 200
    assert _wrong(client, "nobody@example.org") == 200
    # One check each, with the same method and cost (the part before the first "$").
    assert len(calls) == 2 and calls[0] == calls[1], calls


def test_failed_logins_from_elsewhere_do_not_lock_the_real_user_out(client):
    person = factories.user(email="victim@example.org")
    codes = [_wrong(client, person.email) for _ in range(12)]
    assert codes[-1] == 429  # the attacker's address is stopped...
    response = client.post(
        "/auth/login",
        data={"email": person.email, "password": factories.PASSWORD},
        environ_base=AT_HOME,
    )
    assert response.status_code == 302  # ...and the person, elsewhere, still signs in


def test_one_address_is_limited_across_many_accounts(client):
    codes = [_wrong(client, f"guess{n}@example.org") for n in range(12)]
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429]


_OTHER_PROCESS = """
import json, sys
from facilitate import create_app
from tests.conftest import _config
app = create_app(_config(sys.argv[1]))
client = app.test_client()
codes = [
    client.post(
        "/auth/login",
        data={"email": f"w{n}@example.org", "password": "x"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    ).status_code
    for n in range(6)
]
print(json.dumps(codes))
"""


def test_limits_are_shared_between_processes_without_redis(client, app, database_url):
    """Two workers without REDIS_URL count against one limit (10 per minute), not one each."""
    assert not app.config.get("REDIS_URL")
    other = subprocess.run(
        [sys.executable, "-c", _OTHER_PROCESS, database_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(other.stdout.strip().splitlines()[-1]) == [200] * 6
    here = [_wrong(client, f"h{n}@example.org") for n in range(6)]
    assert here == [200] * 4 + [429, 429]


def test_behind_a_proxy_each_client_is_limited_on_its_own(app, client):
    """Behind nginx every request comes from 127.0.0.1: limits must follow X-Forwarded-For."""
    from facilitate import proxies

    app.config["TRUSTED_PROXIES"] = 1
    proxies.configure(app)
    person = factories.user(email="victim@example.org")
    proxy = {"REMOTE_ADDR": "127.0.0.1"}

    def post(password, client_address):
        return client.post(
            "/auth/login",
            data={"email": person.email, "password": password},
            environ_base=proxy,
            headers={"X-Forwarded-For": client_address},
        ).status_code

    assert [post("wrong", "203.0.113.9") for _ in range(12)][-1] == 429
    assert post(factories.PASSWORD, "198.51.100.7") == 302
