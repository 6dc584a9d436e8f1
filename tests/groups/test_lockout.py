"""The log-in lock-out counts failures per account, whichever identifier named it, and per
address; a locked account stays locked whatever identifier is typed next (issue 10)."""

import pytest
from django.urls import reverse

from tests import factories

LOCKED = 429


def _fail(client, identifier, times=5, address="127.0.0.1"):
    for _ in range(times):
        client.post(
            reverse("login"), {"username": identifier, "password": "wrong"}, REMOTE_ADDR=address
        )


def _login(client, identifier, address="127.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": identifier, "password": factories.PASSWORD},
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize(
    "failed_as, then_as",
    [
        ("officer", "officer@example.org"),
        ("officer", "OFFICER@EXAMPLE.ORG"),
        ("officer@example.org", "officer"),
        ("Officer@Example.org", "officer@example.org"),
        ("OFFICER", "officer"),
        (" officer ", "officer"),
    ],
)
def test_lockout_holds_for_every_identifier_of_the_account(client, officer, failed_as, then_as):
    _fail(client, failed_as, address="10.0.0.1")

    response = _login(client, then_as, address="10.0.0.2")

    assert response.status_code == LOCKED
    assert "_auth_user_id" not in client.session


def test_lockout_counts_failures_across_identifiers(client, officer):
    for index, identifier in enumerate(
        ["officer", "OFFICER@example.org", "officer@EXAMPLE.org", "Officer", "officer"]
    ):
        _fail(client, identifier, times=1, address=f"10.0.1.{index}")

    response = _login(client, "officer", address="10.0.1.99")

    assert response.status_code == LOCKED


def test_lockout_per_address_locks_other_accounts_from_that_address(client, officer, db):
    other = factories.make_user(username="someone")
    for index in range(5):
        _fail(client, f"nobody{index}", times=1, address="10.0.2.1")

    assert _login(client, other.username, address="10.0.2.1").status_code == LOCKED
    assert _login(client, other.username, address="10.0.2.2").status_code == 302


def test_lockout_not_reset_for_the_victim_by_another_accounts_login(client, officer, db):
    factories.make_user(username="attacker")
    _fail(client, "officer", times=4, address="10.0.3.1")
    assert _login(client, "attacker", address="10.0.3.1").status_code == 302
    client.logout()

    _fail(client, "officer@example.org", times=1, address="10.0.3.2")

    assert _login(client, "officer", address="10.0.3.3").status_code == LOCKED


def test_lockout_leaves_other_accounts_alone(client, officer, db):
    other = factories.make_user(username="bystander")
    _fail(client, "officer", address="10.0.4.1")

    assert _login(client, other.username, address="10.0.4.2").status_code == 302
