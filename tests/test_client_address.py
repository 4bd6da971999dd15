"""The client address: one function, trusting X-Forwarded-For only from configured proxies."""

import pytest
from django.test import RequestFactory

from alpr_governance.client import client_address


def _request(remote="203.0.113.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_forged_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request(forwarded="10.0.0.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.7", "198.51.100.7"),  # Caddy appended the client
        ("10.0.0.1, 198.51.100.7", "198.51.100.7"),  # the client's forged entry is passed over
        ("not-an-address", "172.18.0.5"),  # garbage falls back to the peer
        ("", "172.18.0.5"),
    ],
)
def test_one_trusted_proxy_takes_the_entry_it_appended(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(remote="172.18.0.5", forwarded=forwarded)) == expected


def test_two_trusted_proxies_take_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(remote="172.18.0.5", forwarded="10.9.9.9, 198.51.100.7, 172.18.0.4")
    assert client_address(request) == "198.51.100.7"


def test_no_request_has_no_address():
    assert client_address(None) is None
