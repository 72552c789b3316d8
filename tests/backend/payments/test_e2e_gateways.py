"""End to end over real HTTP: our API starts a payment at the gateway's sandbox (the real
adapter, from the gateways registry), the citizen pays on the sandbox's page, the browser comes
back to our callback, which confirms with the sandbox and settles."""

import pytest
import requests
from django.test import override_settings

from backend.payments.models import Payment, Receipt
from tests.backend.payments.factories import bill_for
from tests.backend.payments.gateways import helpers
from tests.backend.payments.gateways.helpers import citizen_presses, redirect_params

# The gateway engineer's live-server sandbox fixtures, used as they are.
nagad_keys = helpers.nagad_keys
_warm_live_server = helpers._warm_live_server
sandbox = helpers.sandbox

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("gateway", ["bkash", "nagad"])
def test_pay_through_the_sandbox_and_come_back_settled(
    api,
    sandbox,
    citizen,
    pourashava,
    gateway,
):
    bill = bill_for(citizen, pourashava)
    with override_settings(PAYMENTS_CALLBACK_BASE_URL=sandbox, PUBLIC_BASE_URL=sandbox):
        api.force_authenticate(user=citizen.user)
        started = api.post(
            "/api/v1/payments/",
            {"bill": bill.pk, "gateway": gateway},
            format="json",
            HTTP_IDEMPOTENCY_KEY="e2e",
        )
        assert started.status_code == 201, started.content
        body = started.json()

        back = citizen_presses(body["redirect_url"], "pay")
        url, params = redirect_params(back)
        assert url == f"{sandbox}/api/v1/payments/callback/{gateway}/"
        landed = requests.get(url, params=params, timeout=30, allow_redirects=False)
        assert landed.status_code == 302, landed.text
        assert body["reference"] in landed.headers["Location"]

    payment = Payment.objects.get(pk=body["id"])
    assert payment.status == "settled", payment.flag_reason
    assert Receipt.objects.get(payment=payment).total == bill.total
    # The browser refreshing the return page settles nothing again.
    requests.get(url, params=params, timeout=30, allow_redirects=False)
    assert Receipt.objects.filter(payment=payment).count() == 1


def test_sslcommerz_ipn_settles_and_the_browser_return_changes_nothing(
    api, sandbox, citizen, pourashava
):
    bill = bill_for(citizen, pourashava)
    with override_settings(PAYMENTS_CALLBACK_BASE_URL=sandbox, PUBLIC_BASE_URL=sandbox):
        api.force_authenticate(user=citizen.user)
        started = api.post(
            "/api/v1/payments/",
            {"bill": bill.pk, "gateway": "sslcommerz"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="e2e-ssl",
        )
        assert started.status_code == 201, started.content
        body = started.json()

        # Pressing Pay makes the gateway POST its signed IPN to us, server to server, before
        # the browser is sent back with an auto-submitting form.
        back = citizen_presses(body["redirect_url"], "pay")
        payment = Payment.objects.get(pk=body["id"])
        assert payment.status == "settled", payment.flag_reason
        action, fields = helpers.forms(back.text)["return"]
        assert action.startswith(f"{sandbox}/api/v1/payments/callback/sslcommerz/")
        landed = requests.post(action, data=fields, timeout=30, allow_redirects=False)
        assert landed.status_code == 302, landed.text
        assert body["reference"] in landed.headers["Location"]

    assert Receipt.objects.filter(payment=payment).count() == 1
    assert Receipt.objects.get(payment=payment).total == bill.total
