"""`check --deploy` names every gateway still pointed at the built-in sandboxes."""

from copy import deepcopy

from django.conf import settings
from django.test import override_settings

from backend.payments.checks import gateways_are_live


def test_default_gateway_settings_are_flagged_for_production():
    # Defaults (what a stack gets with no gateway environment) must warn in production.
    flagged = {m.msg.split("'")[1] for m in _check(sandboxes=False)}
    assert flagged == set(settings.PAYMENT_GATEWAYS)


def test_a_gateway_with_live_settings_is_not_flagged():
    gateways = deepcopy(settings.PAYMENT_GATEWAYS)
    gateways["bkash"].update(
        BASE_URL="https://tokenized.pay.bka.sh/v1.2.0-beta/tokenized/checkout",
        USERNAME="merchant-user",
        PASSWORD="s3cret",
        APP_KEY="live-app-key",
        APP_SECRET="live-app-secret",
    )
    flagged = {m.msg.split("'")[1] for m in _check(sandboxes=False, gateways=gateways)}
    assert "bkash" not in flagged
    assert "nagad" in flagged


def test_a_stack_that_enables_the_sandboxes_is_not_warned():
    assert _check(sandboxes=True) == []


def _check(*, sandboxes: bool, gateways: dict | None = None) -> list:
    overrides = {"GATEWAY_SANDBOXES_ENABLED": sandboxes}
    if gateways is not None:
        overrides["PAYMENT_GATEWAYS"] = gateways
    with override_settings(**overrides):
        return gateways_are_live()
