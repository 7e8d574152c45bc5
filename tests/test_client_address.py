"""Issue 13, finding 9: behind the documented reverse proxy the audit trail and the lockout record
the client's address, and nobody else can choose the address by sending X-Forwarded-For."""

import ipaddress

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings

from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.lib.client_ip import client_ip
from wts.lib.env import env_networks

PROXY = "10.0.0.2"
BEHIND_PROXY = override_settings(TRUSTED_PROXIES=[ipaddress.ip_network("10.0.0.0/29")])


def _request(peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@BEHIND_PROXY
@pytest.mark.parametrize("peer, forwarded, expected", [
    ("198.51.100.9", "203.0.113.7", "198.51.100.9"),  # not our proxy: its header is ignored
    (PROXY, None, PROXY),
    (PROXY, "203.0.113.7", "203.0.113.7"),
    (PROXY, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the client wrote 1.2.3.4 itself
    (PROXY, "203.0.113.7, 10.0.0.3", "203.0.113.7"),  # two of our proxies in a row
    (PROXY, "203.0.113.7, not-an-address", PROXY),
    (PROXY, "2001:db8::5", "2001:db8::5"),
])
def test_the_client_is_the_right_most_address_not_written_by_a_trusted_proxy(peer, forwarded, expected):
    assert client_ip(_request(peer, forwarded)) == expected


def test_without_trusted_proxies_x_forwarded_for_is_never_believed():
    assert client_ip(_request(PROXY, "203.0.113.7")) == PROXY


def _fail_login(peer, forwarded):
    return Client(REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded).post(
        "/accounts/login/", {"username": "district-4801", "password": "wrong-password-1"})


@BEHIND_PROXY
def test_a_spoofed_x_forwarded_for_from_an_untrusted_peer_is_ignored_in_audit_and_lockout(world):
    _fail_login("198.51.100.9", "203.0.113.7")
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_LOGIN_FAILED)
    assert event.data["ip"] == "198.51.100.9"
    assert AccessAttempt.objects.get(username="district-4801").ip_address == "198.51.100.9"


@BEHIND_PROXY
def test_through_the_trusted_proxy_the_client_address_is_in_audit_and_lockout(world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(PROXY, "1.2.3.4, 203.0.113.7")
    assert {e.data["ip"] for e in AuditEvent.objects.filter(action=AuditAction.ACCOUNT_LOGIN_FAILED)} == {"203.0.113.7"}
    assert AccessAttempt.objects.get(username="district-4801").ip_address == "203.0.113.7"
    locked = AuditEvent.objects.get(action=AuditAction.ACCOUNT_LOCKED_OUT)
    assert locked.data["ip"] == "203.0.113.7"


def test_a_typo_in_the_trusted_proxies_stops_start_up(monkeypatch):
    monkeypatch.setenv("WTS_TRUSTED_PROXIES", "10.0.0.2, 10.0.0.300")
    with pytest.raises(ImproperlyConfigured, match="WTS_TRUSTED_PROXIES"):
        env_networks("WTS_TRUSTED_PROXIES", [])
    monkeypatch.setenv("WTS_TRUSTED_PROXIES", "10.0.0.2, 192.168.10.0/24")
    assert len(env_networks("WTS_TRUSTED_PROXIES", [])) == 2
