"""SSLCommerz adapter against the SSLCommerz sandbox, over real HTTP (live_server): session init,
the hosted page, the signed IPN to a real merchant endpoint, validation and transaction APIs."""

import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings

from backend.payments.gateways.base import GatewayStatus, GatewayUnavailable
from backend.payments.gateways.errors import GatewayRejected
from backend.payments.gateways.registry import get_adapter
from backend.payments.gateways.sslcommerz import sign_fields, verify_callback_signature
from tests.backend.payments.gateways.helpers import (
    IMPATIENT_READ_TIMEOUT,
    SLOW_SECONDS,
    citizen_presses,
    control,
    forms,
    impatient,
    intent,
)


@pytest.fixture
def ssl(sandbox, merchant):
    """SSLCommerz pointed at the sandbox, with its IPN going to the fake merchant server."""
    config = {**settings.PAYMENT_GATEWAYS["sslcommerz"], "IPN_URL": f"{merchant.url}/ipn/"}
    with override_settings(PAYMENT_GATEWAYS={**settings.PAYMENT_GATEWAYS, "sslcommerz": config}):
        yield sandbox


def started(merchant, amount="250.00"):
    adapter = get_adapter("sslcommerz")
    wanted = intent(f"{merchant.url}/return/", amount=amount)
    return adapter, wanted, adapter.start(wanted)


def back_to_merchant(response) -> tuple[str, dict[str, str]]:
    """SSLCommerz sends the browser back by an auto-submitted POST form."""
    assert response.status_code == 200, response.text
    return forms(response.text)["return"]


def store_password() -> str:
    return settings.PAYMENT_GATEWAYS["sslcommerz"]["STORE_PASSWORD"]


def test_happy_path_init_pay_ipn_validate(ssl, merchant):
    adapter, wanted, payment = started(merchant)
    assert payment.raw["status"] == "SUCCESS"

    action, browser_fields = back_to_merchant(citizen_presses(payment.redirect_url, "pay"))
    assert action == wanted.return_url
    ipns = merchant.at("/ipn/")
    assert len(ipns) == 1 and ipns[0]["method"] == "POST"
    ipn = ipns[0]["form"]
    assert ipn == browser_fields
    assert ipn["tran_id"] == wanted.reference and ipn["status"] == "VALID" and ipn["val_id"]
    assert verify_callback_signature(ipn, store_password())

    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=ipn)
    assert answer.status == GatewayStatus.PAID
    assert answer.reference == wanted.reference
    assert answer.amount == Decimal("250.00")
    assert answer.currency == "BDT"
    assert answer.gateway_transaction_id == ipn["bank_tran_id"]
    assert answer.raw["callback_signature"] == "valid"
    assert answer.raw["validation"]["status"] == "VALID"

    # The browser's POST arrives too: validated again, same verdict.
    again = adapter.confirm(gateway_reference=payment.gateway_reference, callback=browser_fields)
    assert again.status == GatewayStatus.PAID
    assert again.raw["validation"]["status"] == "VALIDATED"


@pytest.mark.parametrize(("button", "status"), [("cancel", "CANCELLED"), ("fail", "FAILED")])
def test_cancel_or_fail_is_failed(ssl, merchant, button, status):
    adapter, _, payment = started(merchant)
    _, fields = back_to_merchant(citizen_presses(payment.redirect_url, button))
    assert fields["status"] == status
    assert merchant.at("/ipn/")[0]["form"]["status"] == status
    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=fields)
    assert answer.status == GatewayStatus.FAILED


def test_ipn_with_bad_verify_sign_is_detected_and_not_believed(ssl, merchant):
    adapter, wanted, payment = started(merchant, amount="250.00")
    # An attacker pays 10 taka for another session and replays that val_id with our tran_id.
    _, _, other = started(merchant, amount="10.00")
    citizen_presses(other.redirect_url, "pay")
    stolen = merchant.at("/ipn/")[0]["form"]
    forged = {**stolen, "tran_id": wanted.reference, "amount": "250.00"}
    assert not verify_callback_signature(forged, store_password())

    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=forged)

    assert answer.raw["callback_signature"] == "invalid"
    assert "validation" not in answer.raw  # the forged val_id was never used
    assert answer.status == GatewayStatus.PENDING  # our session is unpaid at SSLCommerz
    assert answer.reference == wanted.reference


def test_forged_success_without_any_signature_is_not_confirmed(ssl, merchant):
    adapter, wanted, payment = started(merchant)
    forged = {"tran_id": wanted.reference, "status": "VALID", "val_id": "made-up", "amount": "250"}
    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=forged)
    assert answer.status == GatewayStatus.PENDING
    assert answer.raw["callback_signature"] == "missing"


def test_signature_helper_detects_any_changed_signed_field():
    fields = {"tran_id": "PAY1", "val_id": "V1", "amount": "250.00", "status": "VALID"}
    verify_sign, verify_key = sign_fields(fields, "secret")
    signed = {**fields, "verify_sign": verify_sign, "verify_key": verify_key}
    assert verify_callback_signature(signed, "secret")
    assert not verify_callback_signature(signed, "other-store-password")
    for name in fields:
        assert not verify_callback_signature({**signed, name: "changed"}, "secret"), name
    assert not verify_callback_signature({**signed, "verify_key": "tran_id"}, "secret")


def test_validation_timeout_raises_within_the_read_timeout(ssl, merchant):
    _, _, payment = started(merchant)
    control(ssl, "sslcommerz", payment_id=payment.gateway_reference, behaviour="timeout")
    citizen_presses(payment.redirect_url, "pay")
    ipn = merchant.at("/ipn/")[0]["form"]
    began = time.monotonic()
    with pytest.raises(GatewayUnavailable):
        impatient("sslcommerz").confirm(gateway_reference=payment.gateway_reference, callback=ipn)
    assert IMPATIENT_READ_TIMEOUT <= time.monotonic() - began < SLOW_SECONDS


def test_different_amount_is_reported_as_sslcommerz_says(ssl, merchant):
    adapter, _, payment = started(merchant, amount="250.00")
    control(ssl, "sslcommerz", payment_id=payment.gateway_reference, behaviour="different_amount")
    citizen_presses(payment.redirect_url, "pay")
    ipn = merchant.at("/ipn/")[0]["form"]
    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=ipn)
    assert answer.status == GatewayStatus.PAID
    assert answer.amount == Decimal("240.00")


def test_answer_twice_delivers_the_ipn_twice(ssl, merchant):
    adapter, _, payment = started(merchant)
    control(ssl, "sslcommerz", payment_id=payment.gateway_reference, behaviour="answer_twice")
    citizen_presses(payment.redirect_url, "pay")
    ipns = merchant.at("/ipn/")
    assert len(ipns) == 2
    assert ipns[0]["form"] == ipns[1]["form"]
    answers = [
        adapter.confirm(gateway_reference=payment.gateway_reference, callback=hit["form"])
        for hit in ipns
    ]
    assert [a.status for a in answers] == [GatewayStatus.PAID, GatewayStatus.PAID]
    assert answers[0].gateway_transaction_id == answers[1].gateway_transaction_id


def test_pending_then_paid_by_query(ssl, merchant):
    adapter, wanted, payment = started(merchant)
    control(ssl, "sslcommerz", payment_id=payment.gateway_reference, behaviour="pending_then_paid")
    citizen_presses(payment.redirect_url, "pay")
    first = adapter.query(gateway_reference=payment.gateway_reference, reference=wanted.reference)
    second = adapter.query(gateway_reference=payment.gateway_reference, reference=wanted.reference)
    assert first.status == GatewayStatus.PENDING
    assert second.status == GatewayStatus.PAID
    assert second.reference == wanted.reference

    # The same enquiry by tran_id alone (no session key kept) finds the same payment.
    by_tran = adapter.query(gateway_reference="", reference=wanted.reference)
    assert by_tran.status == GatewayStatus.PAID
    assert by_tran.gateway_transaction_id == second.gateway_transaction_id


def test_unpaid_session_is_pending_not_failed(ssl, merchant):
    adapter, wanted, payment = started(merchant)
    answer = adapter.query(gateway_reference=payment.gateway_reference, reference=wanted.reference)
    assert answer.status == GatewayStatus.PENDING  # the citizen may still be on the page


def test_risky_payment_is_held_pending(ssl, merchant):
    adapter, _, payment = started(merchant)
    control(ssl, "sslcommerz", payment_id=payment.gateway_reference, behaviour="risky")
    citizen_presses(payment.redirect_url, "pay")
    ipn = merchant.at("/ipn/")[0]["form"]
    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=ipn)
    assert answer.status == GatewayStatus.PENDING
    assert answer.raw["validation"]["risk_level"] == "1"


def test_refund(ssl, merchant):
    adapter, _, payment = started(merchant, amount="250.00")
    citizen_presses(payment.redirect_url, "pay")
    ipn = merchant.at("/ipn/")[0]["form"]
    paid = adapter.confirm(gateway_reference=payment.gateway_reference, callback=ipn)

    refund = adapter.refund(
        gateway_reference=payment.gateway_reference,
        gateway_transaction_id=paid.gateway_transaction_id,
        amount=Decimal("50.00"),
        reason="Overpaid",
    )
    assert refund.accepted
    assert refund.gateway_refund_id
    too_much = adapter.refund(
        gateway_reference=payment.gateway_reference,
        gateway_transaction_id=paid.gateway_transaction_id,
        amount=Decimal("200.01"),
        reason="More than is left",
    )
    assert not too_much.accepted


def test_amount_below_the_gateway_minimum_is_rejected_at_start(ssl, merchant):
    with pytest.raises(GatewayRejected) as caught:
        started(merchant, amount="5.00")
    assert "total_amount" in caught.value.gateway_message
