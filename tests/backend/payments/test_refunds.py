"""Refunds: credits and flagged payments, two people, through the gateway or in cash."""

from decimal import Decimal

import pytest

from backend.identity.models import AuditEntry, Role
from backend.payments.models import Credit, Payment
from backend.payments.services.bills import make_bill
from tests.backend.payments.factories import demand_for, today
from tests.backend.payments.test_online import callback, start
from tests.factories import PourashavaFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def credit(api, gateways, citizen, pourashava):
    demand = demand_for(citizen, pourashava)
    bills = [
        make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
        for _ in range(2)
    ]
    payments = [
        Payment.objects.get(pk=start(api, citizen, bill, key=f"k{n}").json()["id"])
        for n, bill in enumerate(bills)
    ]
    for payment in payments:
        gateways["bkash"].pay(payment.gateway_reference)
        callback(api, payment)
    return Credit.objects.get()


def test_credit_refund_needs_a_second_person(api, gateways, pourashava, credit):
    clerk = staff_member(Role.REVENUE_CLERK, pourashava)
    secretary = staff_member(Role.SECRETARY, pourashava)
    api.force_authenticate(user=clerk)
    too_much = api.post(
        "/api/v1/refunds/",
        {"credit": credit.pk, "amount": str(credit.amount + 1), "reason": "x"},
        format="json",
    )
    assert too_much.status_code == 400
    response = api.post(
        "/api/v1/refunds/",
        {"credit": credit.pk, "amount": str(credit.amount), "reason": "paid twice"},
        format="json",
    )
    assert response.status_code == 201, response.content
    refund_id = response.json()["id"]
    own = api.post(f"/api/v1/refunds/{refund_id}/approve/")
    assert own.status_code == 403
    assert own.json()["error"]["code"] in ("refund_same_user", "permission_denied")

    api.force_authenticate(user=secretary)
    done = api.post(f"/api/v1/refunds/{refund_id}/approve/")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert gateways["bkash"].refunds == [(credit.payment.gateway_transaction_id, credit.amount)]
    credit.refresh_from_db()
    assert credit.status == "refunded" and credit.remaining == Decimal("0.00")
    assert AuditEntry.objects.filter(action="payments.refund_completed").exists()
    assert api.post(f"/api/v1/refunds/{refund_id}/approve/").status_code == 409


def test_settled_payment_is_not_refundable_here(api, pourashava, credit):
    settled = Payment.objects.get(status="settled")
    api.force_authenticate(user=staff_member(Role.SECRETARY, pourashava))
    response = api.post(
        "/api/v1/refunds/", {"payment": settled.pk, "amount": "1", "reason": "x"}, format="json"
    )
    assert response.status_code == 409


def test_other_pourashava_staff_cannot_refund(api, credit):
    api.force_authenticate(user=staff_member(Role.SECRETARY, PourashavaFactory(code="FRD")))
    response = api.post(
        "/api/v1/refunds/", {"credit": credit.pk, "amount": "1", "reason": "x"}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("taken", ["300.00", "700.00"])
def test_flagged_payment_refunds_what_the_gateway_took(api, gateways, citizen, pourashava, taken):
    """The gateway took another amount than asked (500): the payment is flagged, and what can
    be given back is what the gateway took, no more (and no less)."""
    demand = demand_for(citizen, pourashava, {"holding_tax": "500.00"})
    bill = make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
    payment = Payment.objects.get(pk=start(api, citizen, bill).json()["id"])
    gateways["bkash"].pay(payment.gateway_reference, amount=Decimal(taken))
    callback(api, payment)
    payment.refresh_from_db()
    assert payment.status == "flagged" and payment.amount == Decimal("500.00")

    clerk = staff_member(Role.REVENUE_CLERK, pourashava)
    api.force_authenticate(user=clerk)
    over = api.post(
        "/api/v1/refunds/",
        {"payment": payment.pk, "amount": str(Decimal(taken) + Decimal("0.01")), "reason": "x"},
        format="json",
    )
    assert over.status_code == 400 and over.json()["error"]["code"] == "refund_too_large"
    whole = api.post(
        "/api/v1/refunds/",
        {"payment": payment.pk, "amount": taken, "reason": "gateway took another amount"},
        format="json",
    )
    assert whole.status_code == 201, whole.content
    api.force_authenticate(user=staff_member(Role.SECRETARY, pourashava))
    done = api.post(f"/api/v1/refunds/{whole.json()['id']}/approve/")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert gateways["bkash"].refunds == [(payment.gateway_transaction_id, Decimal(taken))]
