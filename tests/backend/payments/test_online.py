"""Online payment: bill -> payment at a gateway -> callback confirmed with the gateway ->
settlement, receipt. Replays, tampering, timeouts, late payments, idempotency keys."""

from decimal import Decimal

import pytest

from backend.payments.models import Bill, Credit, GatewayEvent, Payment, Receipt
from backend.payments.services.reconciliation import reconcile_pending
from tests.backend.payments.factories import bill_for, demand_for
from tests.backend.payments.helpers import snapshot

pytestmark = pytest.mark.django_db


def start(api, citizen, bill, gateway="bkash", key="k-1"):
    api.force_authenticate(user=citizen.user)
    return api.post(
        "/api/v1/payments/",
        {"bill": bill.pk, "gateway": gateway},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def callback(api, payment, gateway="bkash", **extra):
    api.force_authenticate(user=None)
    return api.get(
        f"/api/v1/payments/callback/{gateway}/",
        {
            "ref": payment.reference,
            "paymentID": payment.gateway_reference,
            "status": "success",
            **extra,
        },
    )


def test_full_flow_dues_bill_pay_callback_receipt(api, gateways, citizen, pourashava):
    demand = demand_for(citizen, pourashava, {"holding_tax": "400.00", "conservancy": "100.50"})
    api.force_authenticate(user=citizen.user)
    dues = api.get("/api/v1/me/dues/").json()
    assert dues["total"] == "500.50"
    assert dues["pourashavas"][0]["services"][0]["demands"][0]["id"] == demand.pk

    bill = api.post("/api/v1/bills/", {"demand_ids": [demand.pk]}, format="json")
    assert bill.status_code == 201, bill.content
    assert bill.json()["total"] == "500.50"
    assert {line["head"] for line in bill.json()["lines"]} == {"holding_tax", "conservancy"}

    started = api.post(
        "/api/v1/payments/",
        {"bill": bill.json()["id"], "gateway": "bkash"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="abc",
    )
    assert started.status_code == 201, started.content
    body = started.json()
    assert body["status"] == "pending" and body["redirect_url"].startswith("https://pay.example/")
    payment = Payment.objects.get(pk=body["id"])

    gateways["bkash"].pay(payment.gateway_reference)
    response = callback(api, payment)
    assert response.status_code == 302
    assert payment.reference in response["Location"]

    payment.refresh_from_db()
    assert payment.status == "settled"
    receipt = Receipt.objects.get(payment=payment)
    assert receipt.number == f"NAT-RC-{receipt.fiscal_year}-000001"
    assert receipt.total == Decimal("500.50")
    assert sorted((r.head_id, r.amount) for r in receipt.lines.all()) == [
        ("conservancy", Decimal("100.50")),
        ("holding_tax", Decimal("400.00")),
    ]
    demand.refresh_from_db()
    assert demand.status == "paid"
    assert Bill.objects.get(pk=bill.json()["id"]).status == "paid"
    api.force_authenticate(user=citizen.user)
    assert api.get("/api/v1/me/dues/").json()["total"] == "0.00"
    assert api.get(f"/api/v1/payments/{payment.pk}/").json()["receipt_number"] == receipt.number


def test_replayed_callback_and_ipn_settle_once(api, gateways, citizen, pourashava):
    bill = bill_for(citizen, pourashava)
    payment = Payment.objects.get(pk=start(api, citizen, bill).json()["id"])
    gateways["bkash"].pay(payment.gateway_reference)
    callback(api, payment)
    after_first = snapshot()
    confirms = gateways["bkash"].calls.count("confirm")

    callback(api, payment)  # browser refresh
    ipn = api.post(
        "/api/v1/payments/callback/bkash/", {"paymentID": payment.gateway_reference}, format="json"
    )  # IPN
    assert ipn.status_code == 200 and ipn.json()["status"] == "settled"
    assert snapshot() == after_first
    assert gateways["bkash"].calls.count("confirm") == confirms  # final: no second execute
    assert Receipt.objects.filter(payment=payment).count() == 1


@pytest.mark.parametrize("tamper", ["amount", "reference", "currency"])
def test_tampered_answer_is_flagged_not_settled(api, gateways, citizen, pourashava, tamper):
    bill = bill_for(citizen, pourashava)
    payment = Payment.objects.get(pk=start(api, citizen, bill).json()["id"])
    gateways["bkash"].pay(payment.gateway_reference)
    remote = gateways["bkash"].payments[payment.gateway_reference]
    if tamper == "amount":
        remote.amount = payment.amount - Decimal("0.01")
    elif tamper == "reference":
        remote.reference = "NATPOTHER0000001"
    else:
        remote.currency = "USD"
    before = snapshot()

    # The callback itself claims the right amount: it is not what is checked.
    callback(api, payment, amount=str(payment.amount))

    payment.refresh_from_db()
    assert payment.status == "flagged" and tamper in payment.flag_reason
    event = GatewayEvent.objects.get(payment=payment, kind="callback")
    assert event.mismatch and event.payload["ref"] == payment.reference
    after = snapshot()
    for key in (
        "receipts",
        "receipt_lines",
        "credits",
        "bills_paid",
        "paid_total",
        "counters",
        "settled",
    ):
        assert after[key] == before[key], key
    bill.refresh_from_db()
    assert bill.status == "open"


def test_gateway_timeout_leaves_pending_then_reconciliation_settles(
    api, gateways, citizen, pourashava
):
    bill = bill_for(citizen, pourashava)
    payment = Payment.objects.get(pk=start(api, citizen, bill).json()["id"])
    gateways["bkash"].pay(payment.gateway_reference)
    gateways["bkash"].down = True
    before = snapshot()
    callback(api, payment)
    payment.refresh_from_db()
    assert payment.status == "pending"
    assert snapshot()["receipts"] == before["receipts"]

    Payment.objects.filter(pk=payment.pk).update(
        created_at=payment.created_at - __import__("datetime").timedelta(minutes=20)
    )
    report = reconcile_pending(older_than_minutes=5)
    assert report["unresolved"] and report["settled"] == 0  # still down: reported
    gateways["bkash"].down = False
    report = reconcile_pending(older_than_minutes=5)
    assert report["settled"] == 1 and not report["unresolved"]
    payment.refresh_from_db()
    assert payment.status == "settled"
    assert Receipt.objects.filter(payment=payment).count() == 1
    # Nothing left pending: a second sweep changes nothing.
    settled = snapshot()
    assert reconcile_pending(older_than_minutes=0)["checked"] == 0
    assert snapshot() == settled


def test_reconciliation_fails_a_declined_payment(api, gateways, citizen, pourashava):
    bill = bill_for(citizen, pourashava)
    payment = Payment.objects.get(pk=start(api, citizen, bill).json()["id"])
    gateways["bkash"].payments[payment.gateway_reference].status = "failed"
    report = reconcile_pending(older_than_minutes=0)
    assert report["failed"] == 1
    payment.refresh_from_db()
    assert payment.status == "failed" and not Receipt.objects.exists()


def test_second_gateway_success_for_paid_demand_becomes_credit(api, gateways, citizen, pourashava):
    """Two tabs, two bills over the same dues, paid with two gateways: both take money."""
    from backend.payments.services.bills import make_bill
    from tests.backend.payments.factories import today

    demand = demand_for(citizen, pourashava)
    bill_a = make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
    bill_b = make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
    first = Payment.objects.get(pk=start(api, citizen, bill_a, "bkash", "k1").json()["id"])
    second = Payment.objects.get(pk=start(api, citizen, bill_b, "nagad", "k2").json()["id"])
    gateways["bkash"].pay(first.gateway_reference)
    gateways["nagad"].pay(second.gateway_reference)
    callback(api, first, "bkash")
    before = snapshot()
    callback(api, second, "nagad")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "settled" and second.status == "credited"
    credit = Credit.objects.get(payment=second)
    assert credit.amount == bill_b.total and credit.remaining == bill_b.total
    after = snapshot()
    assert after["paid_total"] == before["paid_total"]  # not applied twice
    assert after["receipts"] == before["receipts"]
    assert after["credits"] == before["credits"] + 1
    bill_b.refresh_from_db()
    assert bill_b.status == "superseded"
    # Replaying the late one changes nothing either.
    callback(api, second, "nagad")
    assert Credit.objects.filter(payment=second).count() == 1


def test_payment_after_counter_paid_the_demand_becomes_credit(api, gateways, citizen, pourashava):
    from backend.identity.models import Role
    from backend.payments.services.counter import collect_cash
    from tests.factories import staff_member

    bill = bill_for(citizen, pourashava)
    payment = Payment.objects.get(pk=start(api, citizen, bill).json()["id"])
    cashier = staff_member(Role.CASHIER, pourashava)
    collect_cash(collector=cashier, pourashava=pourashava, payer=citizen, amount=bill.total)
    bill.refresh_from_db()
    assert bill.status == "superseded"
    gateways["bkash"].pay(payment.gateway_reference)
    callback(api, payment)
    payment.refresh_from_db()
    assert payment.status == "credited"
    assert Credit.objects.get(payment=payment).amount == bill.total


def test_idempotency_key_replay_and_reuse(api, gateways, citizen, pourashava):
    bill = bill_for(citizen, pourashava)
    other = bill_for(citizen, pourashava)
    first = start(api, citizen, bill, key="same")
    assert first.status_code == 201
    count = snapshot()
    again = start(api, citizen, bill, key="same")
    assert again.status_code == first.status_code and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert gateways["bkash"].calls.count("start") == 1
    reused = start(api, citizen, other, key="same")
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert snapshot() == count
    missing = api.post("/api/v1/payments/", {"bill": bill.pk, "gateway": "bkash"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "idempotency_key_required"


def test_refusal_is_replayed_too(api, gateways, citizen, pourashava):
    bill = bill_for(citizen, pourashava)
    start(api, citizen, bill, "bkash", "a")
    refused = start(api, citizen, bill, "nagad", "b")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "payment_in_progress"
    assert start(api, citizen, bill, "nagad", "b").json() == refused.json()


def test_in_flight_key_is_409(api, gateways, citizen, pourashava):
    from backend.payments.services.idempotency import claim, request_hash

    bill = bill_for(citizen, pourashava)
    body = {"bill": bill.pk, "gateway": "bkash"}
    claim(
        user=citizen.user,
        endpoint="payments.create",
        key="busy",
        digest=request_hash("POST", "/api/v1/payments/", body),
    )
    response = start(api, citizen, bill, key="busy")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_in_flight"
    assert not Payment.objects.exists()


def test_one_open_payment_per_bill(api, gateways, citizen, pourashava):
    bill = bill_for(citizen, pourashava)
    first = start(api, citizen, bill, "bkash", "k1").json()
    second = start(api, citizen, bill, "bkash", "k2").json()
    assert second["id"] == first["id"]  # same gateway: the open payment again
    assert Payment.objects.filter(bill=bill).count() == 1


def test_gateway_down_at_start_is_503_and_payment_failed(api, gateways, citizen, pourashava):
    bill = bill_for(citizen, pourashava)
    gateways["bkash"].down = True
    response = start(api, citizen, bill)
    assert response.status_code == 503
    assert Payment.objects.get(bill=bill).status == "failed"
    gateways["bkash"].down = False
    assert start(api, citizen, bill, key="retry").status_code == 201


def test_duplicate_gateway_transaction_is_flagged(api, gateways, citizen, pourashava):
    one, two = bill_for(citizen, pourashava), bill_for(citizen, pourashava)
    p1 = Payment.objects.get(pk=start(api, citizen, one, key="1").json()["id"])
    p2 = Payment.objects.get(pk=start(api, citizen, two, key="2").json()["id"])
    gateways["bkash"].pay(p1.gateway_reference, txn="TXSAME")
    gateways["bkash"].pay(p2.gateway_reference, txn="TXSAME")
    callback(api, p1)
    callback(api, p2)
    p1.refresh_from_db()
    p2.refresh_from_db()
    assert p1.status == "settled" and p2.status == "flagged"


def test_unknown_callback_is_404(api, gateways):
    response = api.get("/api/v1/payments/callback/bkash/", {"ref": "NOPE"})
    assert response.status_code == 404


def test_reconcile_task_runs_the_sweep(api, gateways, citizen, pourashava):
    from backend.payments.tasks import reconcile_pending_payments

    bill = bill_for(citizen, pourashava)
    payment = Payment.objects.get(pk=start(api, citizen, bill).json()["id"])
    gateways["bkash"].pay(payment.gateway_reference)
    report = reconcile_pending_payments.delay(older_than_minutes=0).get()
    assert report["settled"] == 1
    payment.refresh_from_db()
    assert payment.status == "settled"
