"""get_adapter: the one entry point the payment layer uses."""

import pytest
from django.conf import settings
from django.test import override_settings

from backend.payments.gateways.errors import UnknownGateway
from backend.payments.gateways.registry import get_adapter


@pytest.mark.parametrize("code", ["bkash", "nagad", "sslcommerz"])
def test_each_gateway_has_an_adapter_speaking_to_its_configured_url(code):
    adapter = get_adapter(code)
    assert adapter.code == code
    assert adapter.http.base_url == settings.PAYMENT_GATEWAYS[code]["BASE_URL"].rstrip("/")
    assert get_adapter(code) is adapter  # kept while the configuration is unchanged


def test_default_configuration_points_at_the_apps_own_sandboxes():
    base = settings.PUBLIC_BASE_URL.rstrip("/") + "/sandbox/"
    for code in ("bkash", "nagad", "sslcommerz"):
        assert settings.PAYMENT_GATEWAYS[code]["BASE_URL"].startswith(base + code)


def test_a_changed_configuration_builds_a_new_adapter():
    before = get_adapter("bkash")
    changed = {**settings.PAYMENT_GATEWAYS["bkash"], "BASE_URL": "https://gw.example/checkout"}
    with override_settings(PAYMENT_GATEWAYS={**settings.PAYMENT_GATEWAYS, "bkash": changed}):
        during = get_adapter("bkash")
        assert during is not before
        assert during.http.base_url == "https://gw.example/checkout"


def test_unknown_gateway():
    with pytest.raises(UnknownGateway):
        get_adapter("paypal")
    with pytest.raises(LookupError):
        get_adapter("")


def test_unreachable_gateway_is_unavailable_and_the_error_leaks_no_secret():
    from backend.payments.gateways.base import GatewayUnavailable
    from backend.payments.gateways.sslcommerz import SslcommerzAdapter

    # Port 9 (discard) on localhost: nothing listens, the connection is refused at once.
    adapter = SslcommerzAdapter(
        {
            "BASE_URL": "http://127.0.0.1:9/sslcommerz",
            "STORE_ID": "store",
            "STORE_PASSWORD": "very-secret-password",
            "CONNECT_TIMEOUT": 1.0,
            "READ_TIMEOUT": 1.0,
        }
    )
    with pytest.raises(GatewayUnavailable) as caught:
        adapter.query(gateway_reference="SESSION", reference="PAY1")
    assert "very-secret-password" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
