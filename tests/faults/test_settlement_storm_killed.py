"""A settlement storm (many gateway callbacks at once, duplicates included) in which the
database connections of some settlements are killed midway, inside their settling transaction
(`pg_terminate_backend` from another connection): no payment is lost or applied twice, receipt
numbers keep no gap, and the gateway's retried callback settles what was left."""

import threading
from decimal import Decimal

import pytest
from django.db import connections
from django.db.models import Sum

from backend.payments import registry
from backend.payments.gateways.base import GatewayAnswer, GatewayStatus
from backend.payments.models import Credit, DemandLine, Payment, Receipt
from backend.payments.services.bills import make_bill
from backend.payments.services.settlement import settle_payment
from tests.backend.payments.factories import demand_for, today
from tests.factories import CitizenFactory, PourashavaFactory
from tests.faults.conftest import kill_my_connection, needs_postgres

pytestmark = needs_postgres
PAYMENTS = 9
COPIES = 3  # each callback arrives three times at once, as gateways retry


def storm(payments, copies):
    """Every payment's callback, `copies` times, all released together on their own threads
    and connections; returns (statuses, errors)."""
    jobs = [p for p in payments for _ in range(copies)]
    barrier = threading.Barrier(len(jobs))
    statuses, errors = [], []

    def callback(payment):
        try:
            barrier.wait()
            answer = GatewayAnswer(
                status=GatewayStatus.PAID,
                reference=payment.reference,
                amount=payment.amount,
                currency="BDT",
                gateway_transaction_id=f"TX{payment.pk}",
            )
            statuses.append(settle_payment(payment=payment.pk, answer=answer).status)
        except Exception as exc:  # asserted on by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=callback, args=(p,)) for p in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses, errors


@pytest.fixture
def payments():
    pourashava = PourashavaFactory(code="NAT")
    made = []
    for n in range(PAYMENTS):
        citizen = CitizenFactory()
        # Every third payment's connection will be killed while it settles.
        service = "doomed" if n % 3 == 0 else "steady"
        demand = demand_for(citizen, pourashava, {"holding_tax": "250.00"}, service_code=service)
        bill = make_bill(
            payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today()
        )
        made.append(
            Payment.objects.create(
                pourashava=pourashava,
                citizen=citizen,
                bill=bill,
                channel=["bkash", "nagad", "sslcommerz"][n % 3],
                reference=f"NATSTORM{n:04d}",
                amount=bill.total,
                gateway_reference=f"G{n}",
            )
        )
    return made


def test_killed_settlements_lose_nothing_and_a_retry_settles_them(payments):
    killing = threading.Event()
    killing.set()

    def die_midway(demands):
        # Inside the settling transaction: lines applied, receipt numbered, not committed.
        if killing.is_set():
            kill_my_connection()

    registry.register_settlement_hook("doomed", die_midway)
    try:
        statuses, errors = storm(payments, COPIES)
        doomed = [p for n, p in enumerate(payments) if n % 3 == 0]
        steady = [p for p in payments if p not in doomed]

        # Each killed settlement failed as a dropped connection does; the rest settled once.
        assert len(errors) == len(doomed) * COPIES
        assert all("terminat" in str(e) or "closed" in str(e) for e in errors), errors
        assert statuses == ["settled"] * (len(steady) * COPIES)
        assert Receipt.objects.count() == len(steady)
        for payment in doomed:  # rolled back whole: still pending, nothing applied
            payment.refresh_from_db()
            assert payment.status == "pending"
            assert payment.bill.lines.first().demand.lines.aggregate(s=Sum("amount_paid"))[
                "s"
            ] == Decimal("0.00")

        # The gateway retries its callbacks (twice at once, again).
        killing.clear()
        statuses, errors = storm(doomed, 2)
        assert not errors, errors
        assert statuses == ["settled"] * (len(doomed) * 2)
    finally:
        registry._settlement_hooks.pop("doomed", None)

    assert set(Payment.objects.values_list("status", flat=True)) == {"settled"}
    assert Receipt.objects.count() == PAYMENTS
    assert not Credit.objects.exists()
    total = sum((p.amount for p in payments), Decimal("0"))
    assert DemandLine.objects.aggregate(s=Sum("amount_paid"))["s"] == total
    numbers = sorted(
        int(n.rsplit("-", 1)[1]) for n in Receipt.objects.values_list("number", flat=True)
    )
    assert numbers == list(range(1, PAYMENTS + 1))  # killed numbers were rolled back, no gap
