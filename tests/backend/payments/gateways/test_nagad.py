"""Nagad adapter against the Nagad sandbox, over real HTTP (live_server), with real RSA."""

import base64
import time
from decimal import Decimal

import pytest
import requests
from django.conf import settings

from backend.payments.gateways import nagad_crypto
from backend.payments.gateways.base import GatewayStatus, GatewayUnavailable
from backend.payments.gateways.errors import GatewayRejected
from backend.payments.gateways.nagad import now_text
from backend.payments.gateways.registry import get_adapter
from tests.backend.payments.gateways.helpers import (
    IMPATIENT_READ_TIMEOUT,
    SLOW_SECONDS,
    citizen_presses,
    control,
    impatient,
    inspect,
    intent,
    redirect_params,
)

RETURN = "https://pourashava.example/api/v1/payments/callback/nagad/"


def started(amount="250.00"):
    adapter = get_adapter("nagad")
    wanted = intent(RETURN, amount=amount)
    return adapter, wanted, adapter.start(wanted)


def test_happy_path_initialize_complete_pay_verify(sandbox):
    adapter, wanted, payment = started()
    assert payment.raw["initialize"]["paymentReferenceId"] == payment.gateway_reference

    url, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))
    assert url == RETURN
    assert callback["payment_ref_id"] == payment.gateway_reference
    assert callback["order_id"] == wanted.reference
    assert callback["status"] == "Success"

    answer = adapter.confirm(gateway_reference=callback["payment_ref_id"], callback=callback)
    assert answer.status == GatewayStatus.PAID
    assert answer.reference == wanted.reference
    assert answer.amount == Decimal("250.00")
    assert answer.currency == "BDT"
    assert answer.gateway_transaction_id == callback["issuer_payment_ref"]
    assert answer.raw["verify"]["status"] == "Success"


@pytest.mark.parametrize(("button", "status"), [("cancel", "Aborted"), ("fail", "Failed")])
def test_cancel_or_fail_is_failed(sandbox, button, status):
    adapter, _, payment = started()
    _, callback = redirect_params(citizen_presses(payment.redirect_url, button))
    assert callback["status"] == status
    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=callback)
    assert answer.status == GatewayStatus.FAILED


def test_forged_success_callback_is_not_confirmed(sandbox):
    adapter, wanted, payment = started()
    forged = {
        "payment_ref_id": payment.gateway_reference,
        "order_id": wanted.reference,
        "status": "Success",
        "status_code": "00_0000_000",
    }
    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=forged)
    assert answer.status == GatewayStatus.PENDING
    assert answer.raw["verify"]["status"] == "Ready"


def test_verify_timeout_raises_within_the_read_timeout(sandbox):
    _, _, payment = started()
    _, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))
    control(sandbox, "nagad", payment_id=payment.gateway_reference, behaviour="timeout")
    began = time.monotonic()
    with pytest.raises(GatewayUnavailable):
        impatient("nagad").confirm(gateway_reference=payment.gateway_reference, callback=callback)
    assert IMPATIENT_READ_TIMEOUT <= time.monotonic() - began < SLOW_SECONDS


def test_different_amount_is_reported_as_nagad_says(sandbox):
    adapter, _, payment = started(amount="250.00")
    control(sandbox, "nagad", payment_id=payment.gateway_reference, behaviour="different_amount")
    _, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))
    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=callback)
    assert answer.status == GatewayStatus.PAID
    assert answer.amount == Decimal("240.00")


def test_pending_then_paid(sandbox):
    adapter, wanted, payment = started()
    control(sandbox, "nagad", payment_id=payment.gateway_reference, behaviour="pending_then_paid")
    citizen_presses(payment.redirect_url, "pay")  # the browser never comes back
    first = adapter.query(gateway_reference=payment.gateway_reference, reference=wanted.reference)
    second = adapter.query(gateway_reference=payment.gateway_reference, reference=wanted.reference)
    assert first.status == GatewayStatus.PENDING
    assert second.status == GatewayStatus.PAID
    assert second.amount == Decimal("250.00")


def test_refund(sandbox):
    adapter, _, payment = started(amount="250.00")
    _, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))
    paid = adapter.confirm(gateway_reference=payment.gateway_reference, callback=callback)

    refund = adapter.refund(
        gateway_reference=payment.gateway_reference,
        gateway_transaction_id=paid.gateway_transaction_id,
        amount=Decimal("250.00"),
        reason="Bill cancelled",
    )
    assert refund.accepted
    assert refund.gateway_refund_id
    assert refund.raw["cancelAmount"] == "250.00"
    assert inspect(sandbox, "nagad", payment.gateway_reference)["refunded"] == "250.00"

    again = adapter.refund(
        gateway_reference=payment.gateway_reference,
        gateway_transaction_id=paid.gateway_transaction_id,
        amount=Decimal("1.00"),
        reason="Nothing left to refund",
    )
    assert not again.accepted


# --- the RSA layer, over HTTP -----------------------------------------------------------------
def _initialize(sandbox, body: dict, order_id: str) -> requests.Response:
    config = settings.PAYMENT_GATEWAYS["nagad"]
    return requests.post(
        f"{config['BASE_URL']}/check-out/initialize/{config['MERCHANT_ID']}/{order_id}",
        json=body,
        headers={"X-KM-Api-Version": "v-0.2.0", "X-KM-Client-Type": "PC_WEB"},
        timeout=10,
    )


def _sealed_initialize(order_id: str, signer=None) -> dict:
    config = settings.PAYMENT_GATEWAYS["nagad"]
    merchant = nagad_crypto.load_private_key(config["MERCHANT_PRIVATE_KEY"])
    gateway = nagad_crypto.load_public_key(config["GATEWAY_PUBLIC_KEY"])
    when = now_text()
    sealed = nagad_crypto.seal(
        {
            "merchantId": config["MERCHANT_ID"],
            "datetime": when,
            "orderId": order_id,
            "challenge": "c" * 40,
        },
        to_public=gateway,
        signer=signer or merchant,
    )
    return {"accountNumber": config["MERCHANT_NUMBER"], "dateTime": when, **sealed}


def test_sandbox_accepts_a_correctly_sealed_request_and_answers_sealed(sandbox):
    response = _initialize(sandbox, _sealed_initialize("ORDERSEALOK1"), "ORDERSEALOK1")
    assert response.status_code == 200, response.text
    config = settings.PAYMENT_GATEWAYS["nagad"]
    opened = nagad_crypto.open_sealed(
        response.json()["sensitiveData"],
        response.json()["signature"],
        own_private=nagad_crypto.load_private_key(config["MERCHANT_PRIVATE_KEY"]),
        sender=nagad_crypto.load_public_key(config["GATEWAY_PUBLIC_KEY"]),
    )
    assert opened["paymentReferenceId"]
    assert opened["challenge"]


def test_sandbox_rejects_tampered_sensitive_data(sandbox):
    body = _sealed_initialize("ORDERTAMPER1")
    encrypted = bytearray(base64.b64decode(body["sensitiveData"]))
    encrypted[10] ^= 0x01
    body["sensitiveData"] = base64.b64encode(bytes(encrypted)).decode()

    response = _initialize(sandbox, body, "ORDERTAMPER1")

    assert response.status_code == 400
    assert response.json()["reason"] == "InvalidSignature"


def test_sandbox_rejects_a_request_signed_by_another_key(sandbox):
    impostor = nagad_crypto.generate_private_key()
    response = _initialize(sandbox, _sealed_initialize("ORDERIMPOST1", impostor), "ORDERIMPOST1")
    assert response.status_code == 400
    assert response.json()["reason"] == "InvalidSignature"


def test_adapter_rejects_an_answer_not_signed_by_nagad(sandbox):
    control(sandbox, "nagad", next="bad_signature")
    with pytest.raises(GatewayRejected) as caught:
        get_adapter("nagad").start(intent(RETURN))
    assert caught.value.code == "bad_gateway_signature"
