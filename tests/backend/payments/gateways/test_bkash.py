"""bKash adapter against the bKash sandbox, over real HTTP (live_server)."""

import time
from decimal import Decimal

import pytest
from django.core.cache import cache

from backend.payments.gateways.base import GatewayStatus, GatewayUnavailable
from backend.payments.gateways.errors import GatewayRejected
from backend.payments.gateways.registry import get_adapter
from backend.payments.sandboxes.common import Store
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

RETURN = "https://pourashava.example/api/v1/payments/callback/bkash/?attempt=7"


def started(sandbox, amount="250.00", return_url=RETURN):
    adapter = get_adapter("bkash")
    wanted = intent(return_url, amount=amount)
    return adapter, wanted, adapter.start(wanted)


def test_happy_path_create_pay_callback_execute(sandbox):
    adapter, wanted, payment = started(sandbox)
    assert payment.gateway_reference.startswith("TR0011")

    url, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))

    # The browser comes back to our return_url, its own query kept, with bKash's parameters.
    assert url == "https://pourashava.example/api/v1/payments/callback/bkash/"
    assert callback["attempt"] == "7"
    assert callback["paymentID"] == payment.gateway_reference
    assert callback["status"] == "success"

    answer = adapter.confirm(gateway_reference=callback["paymentID"], callback=callback)
    assert answer.status == GatewayStatus.PAID
    assert answer.amount == Decimal("250.00")
    assert answer.reference == wanted.reference
    assert answer.currency == "BDT"
    assert answer.gateway_transaction_id
    assert answer.raw["execute"]["transactionStatus"] == "Completed"

    # A replayed callback asks again and gets the same verdict, not a second payment.
    again = adapter.confirm(gateway_reference=payment.gateway_reference, callback=callback)
    assert again.status == GatewayStatus.PAID
    assert again.gateway_transaction_id == answer.gateway_transaction_id
    assert inspect(sandbox, "bkash", payment.gateway_reference)["state"] == "Completed"


def test_token_is_granted_once_and_regranted_when_refused(sandbox):
    adapter, _, _ = started(sandbox)
    adapter.start(intent(RETURN))
    assert inspect(sandbox, "bkash")["counters"]["grant"] == 1

    # bKash stops accepting the token early (revoked, clock skew): one fresh grant, no failure.
    token = cache.get(adapter._token_key)
    cache.delete(Store("bkash")._key("token", token))
    adapter.start(intent(RETURN))
    assert inspect(sandbox, "bkash")["counters"]["grant"] == 2


@pytest.mark.parametrize(("button", "status"), [("cancel", "cancel"), ("fail", "failure")])
def test_cancel_or_fail_is_failed(sandbox, button, status):
    adapter, _, payment = started(sandbox)
    _, callback = redirect_params(citizen_presses(payment.redirect_url, button))
    assert callback["status"] == status

    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=callback)
    assert answer.status == GatewayStatus.FAILED
    assert inspect(sandbox, "bkash")["counters"]["execute"] == 0  # never executed


def test_declined_payment_is_failed_even_if_pay_was_pressed(sandbox):
    adapter, _, payment = started(sandbox)
    control(sandbox, "bkash", payment_id=payment.gateway_reference, behaviour="fail")
    _, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))
    assert callback["status"] == "failure"
    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=callback)
    assert answer.status == GatewayStatus.FAILED


def test_forged_success_callback_is_not_confirmed(sandbox):
    adapter, _, payment = started(sandbox)
    forged = {"paymentID": payment.gateway_reference, "status": "success"}

    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=forged)

    assert answer.status == GatewayStatus.PENDING
    assert answer.raw["execute"]["statusCode"] == "2056"  # bKash refused: nothing approved
    assert answer.gateway_transaction_id is None


def test_execute_timeout_raises_within_the_read_timeout_and_reconciles_later(sandbox):
    adapter, _, payment = started(sandbox)
    _, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))
    control(sandbox, "bkash", payment_id=payment.gateway_reference, behaviour="timeout")

    began = time.monotonic()
    with pytest.raises(GatewayUnavailable):
        impatient("bkash").confirm(gateway_reference=payment.gateway_reference, callback=callback)
    assert IMPATIENT_READ_TIMEOUT <= time.monotonic() - began < SLOW_SECONDS

    # bKash did execute; the answer was lost. The reconciliation enquiry finds it paid.
    control(sandbox, "bkash", payment_id=payment.gateway_reference, behaviour="")
    answer = adapter.query(gateway_reference=payment.gateway_reference, reference="x")
    assert answer.status == GatewayStatus.PAID


def test_status_timeout_raises(sandbox):
    _, _, payment = started(sandbox)
    control(sandbox, "bkash", payment_id=payment.gateway_reference, behaviour="timeout")
    began = time.monotonic()
    with pytest.raises(GatewayUnavailable):
        impatient("bkash").query(gateway_reference=payment.gateway_reference, reference="x")
    assert IMPATIENT_READ_TIMEOUT <= time.monotonic() - began < SLOW_SECONDS


@pytest.mark.parametrize("behaviour", ["error", "garbage"])
def test_5xx_and_garbage_raise_unavailable(sandbox, behaviour):
    adapter, _, payment = started(sandbox)
    control(sandbox, "bkash", payment_id=payment.gateway_reference, behaviour=behaviour)
    with pytest.raises(GatewayUnavailable):
        adapter.query(gateway_reference=payment.gateway_reference, reference="x")


def test_different_amount_is_reported_as_bkash_says(sandbox):
    adapter, _, payment = started(sandbox, amount="250.00")
    control(sandbox, "bkash", payment_id=payment.gateway_reference, behaviour="different_amount")
    _, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))
    answer = adapter.confirm(gateway_reference=payment.gateway_reference, callback=callback)
    assert answer.status == GatewayStatus.PAID
    assert answer.amount == Decimal("240.00")  # the caller compares and rejects


def test_pending_then_paid(sandbox):
    adapter, wanted, payment = started(sandbox)
    control(sandbox, "bkash", payment_id=payment.gateway_reference, behaviour="pending_then_paid")
    _, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))

    first = adapter.confirm(gateway_reference=payment.gateway_reference, callback=callback)
    assert first.status == GatewayStatus.PENDING
    second = adapter.query(gateway_reference=payment.gateway_reference, reference=wanted.reference)
    assert second.status == GatewayStatus.PENDING
    third = adapter.query(gateway_reference=payment.gateway_reference, reference=wanted.reference)
    assert third.status == GatewayStatus.PAID
    assert third.amount == Decimal("250.00")
    assert third.gateway_transaction_id


def test_answer_twice_delivers_the_callback_twice(sandbox, merchant):
    adapter, _, payment = started(sandbox, return_url=f"{merchant.url}/cb/bkash/")
    control(sandbox, "bkash", payment_id=payment.gateway_reference, behaviour="answer_twice")
    _, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))

    server_side = merchant.at("/cb/bkash/")
    assert len(server_side) == 1  # plus the browser's redirect: two deliveries
    assert server_side[0]["query"] == callback

    answers = [
        adapter.confirm(gateway_reference=payment.gateway_reference, callback=c)
        for c in (server_side[0]["query"], callback)
    ]
    assert [a.status for a in answers] == [GatewayStatus.PAID, GatewayStatus.PAID]
    assert answers[0].gateway_transaction_id == answers[1].gateway_transaction_id


def test_refund(sandbox):
    adapter, _, payment = started(sandbox, amount="250.00")
    _, callback = redirect_params(citizen_presses(payment.redirect_url, "pay"))
    paid = adapter.confirm(gateway_reference=payment.gateway_reference, callback=callback)

    refund = adapter.refund(
        gateway_reference=payment.gateway_reference,
        gateway_transaction_id=paid.gateway_transaction_id,
        amount=Decimal("100.00"),
        reason="Paid twice",
    )
    assert refund.accepted
    assert refund.gateway_refund_id
    assert refund.raw["originalTrxID"] == paid.gateway_transaction_id

    too_much = adapter.refund(
        gateway_reference=payment.gateway_reference,
        gateway_transaction_id=paid.gateway_transaction_id,
        amount=Decimal("150.01"),
        reason="More than is left",
    )
    assert not too_much.accepted


def test_wrong_credentials_are_rejected(sandbox, settings):
    config = {**settings.PAYMENT_GATEWAYS["bkash"], "APP_SECRET": "wrong"}
    from backend.payments.gateways.bkash import BkashAdapter

    with pytest.raises(GatewayRejected) as caught:
        BkashAdapter(config).start(intent(RETURN))
    assert caught.value.code == "2079"
