"""Concurrency on PostgreSQL: real threads, each with its own connection, racing to settle.

Run with DATABASE_URL=postgres://... (CI does); skipped on SQLite, which has no row locks."""

import contextlib
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Sum

from backend.identity.models import Role
from backend.payments import registry
from backend.payments.gateways.base import GatewayAnswer, GatewayStatus
from backend.payments.models import Credit, DemandLine, Payment, Receipt
from backend.payments.services.bills import make_bill
from backend.payments.services.counter import collect_cash
from backend.payments.services.idempotency import claim
from backend.payments.services.settlement import settle_payment
from tests.backend.payments.factories import demand_for, today
from tests.factories import CitizenFactory, staff_member

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (set DATABASE_URL)"
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 8


def race(fn, args_list):
    """Run fn(*args) in one thread per args, all released together; return results/errors."""
    barrier = threading.Barrier(len(args_list))
    results, errors = [], []

    def worker(args):
        try:
            barrier.wait()
            results.append(fn(*args))
        except Exception as exc:  # collected and asserted on by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(a,)) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def paid_answer(payment, txn="TX1"):
    return GatewayAnswer(
        status=GatewayStatus.PAID,
        reference=payment.reference,
        amount=payment.amount,
        currency="BDT",
        gateway_transaction_id=txn,
    )


def _online_payment(bill, channel, n):
    return Payment.objects.create(
        pourashava=bill.pourashava,
        citizen=bill.citizen,
        bill=bill,
        channel=channel,
        reference=f"NATPRACE{n:04d}",
        amount=bill.total,
        gateway_reference=f"G{n}",
    )


def test_one_payment_settled_from_many_threads_settles_once(citizen, pourashava):
    demand = demand_for(citizen, pourashava)
    bill = make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
    payment = _online_payment(bill, "bkash", 1)
    answer = paid_answer(payment)
    results, errors = race(
        lambda: settle_payment(payment=payment.pk, answer=answer, source="callback").status,
        [()] * THREADS,
    )
    assert not errors, errors
    assert results == ["settled"] * THREADS
    assert Receipt.objects.count() == 1
    assert DemandLine.objects.aggregate(s=Sum("amount_paid"))["s"] == bill.total


def test_many_payments_of_one_demand_settle_once_rest_are_credits(citizen, pourashava):
    demand = demand_for(citizen, pourashava)
    payments = []
    for n in range(THREADS):
        bill = make_bill(
            payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today()
        )
        payments.append(_online_payment(bill, ["bkash", "nagad", "sslcommerz"][n % 3], n))
    results, errors = race(
        lambda p: settle_payment(payment=p.pk, answer=paid_answer(p, f"TX{p.pk}")).status,
        [(p,) for p in payments],
    )
    assert not errors, errors
    assert sorted(results) == ["credited"] * (THREADS - 1) + ["settled"]
    assert Receipt.objects.count() == 1
    assert Credit.objects.count() == THREADS - 1
    total = sum((p.amount for p in payments), Decimal("0"))
    assert (
        Credit.objects.aggregate(s=Sum("amount"))["s"]
        + demand.lines.aggregate(s=Sum("amount_paid"))["s"]
        == total
    )  # every taka accounted for, none twice


def test_receipt_numbers_have_no_gaps_under_concurrency(pourashava):
    cashiers = [staff_member(Role.CASHIER, pourashava) for _ in range(THREADS)]
    payers = [CitizenFactory() for _ in range(THREADS * 2)]
    for n, payer in enumerate(payers):
        # Every third payment's hook fails, rolling its settlement (and number) back.
        demand_for(
            payer,
            pourashava,
            {"holding_tax": "100"},
            service_code="flaky" if n % 3 == 0 else "steady",
        )

    def flaky(demands):
        raise RuntimeError("service refused")

    registry.register_settlement_hook("flaky", flaky)
    try:

        def collect(cashier, payer_pair):
            done = []
            for payer in payer_pair:
                with contextlib.suppress(RuntimeError):  # the flaky hook: rolled back
                    done.append(
                        collect_cash(
                            collector=cashier,
                            pourashava=pourashava,
                            payer=payer,
                            amount=Decimal("100"),
                        ).pk
                    )
            return done

        _, errors = race(
            collect, [(cashiers[i], payers[2 * i : 2 * i + 2]) for i in range(THREADS)]
        )
    finally:
        registry._settlement_hooks.pop("flaky", None)
    assert not errors, errors
    numbers = sorted(
        int(n.rsplit("-", 1)[1]) for n in Receipt.objects.values_list("number", flat=True)
    )
    expected = sum(1 for n in range(THREADS * 2) if n % 3 != 0)
    assert numbers == list(range(1, expected + 1))
    assert Payment.objects.count() == expected  # failed ones left nothing behind


def test_same_idempotency_key_at_once_runs_once(citizen):
    def try_claim():
        try:
            _, fresh = claim(user=citizen.user, endpoint="e", key="k", digest="d")
            return "fresh" if fresh else "replay"
        except Exception as exc:
            return getattr(exc, "code", repr(exc))

    results, errors = race(try_claim, [()] * THREADS)
    assert not errors
    assert results.count("fresh") == 1
    assert results.count("idempotency_key_in_flight") == THREADS - 1


def test_counter_and_online_racing_for_one_demand_apply_it_once(citizen, pourashava):
    """Cash at the counter and a gateway success at the same moment: the demand is paid once;
    the online money (already taken) becomes a credit, or the cash is refused (not taken)."""
    demand = demand_for(citizen, pourashava)
    bill = make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
    online = _online_payment(bill, "bkash", 99)
    cashier = staff_member(Role.CASHIER, pourashava)

    def counter():
        try:
            return collect_cash(
                collector=cashier, pourashava=pourashava, payer=citizen, amount=bill.total
            ).status
        except Exception as exc:
            return getattr(exc, "code", repr(exc))

    def gateway():
        return settle_payment(payment=online.pk, answer=paid_answer(online)).status

    results, errors = race(lambda f: f(), [(counter,), (gateway,)])
    assert not errors, errors
    assert "settled" in results
    assert sorted(results) in (
        ["credited", "settled"],
        ["dues_changed", "settled"],
        ["amount_exceeds_dues", "settled"],
        ["bill_not_open", "settled"],
    )
    assert Receipt.objects.count() == 1
    assert DemandLine.objects.aggregate(s=Sum("amount_paid"))["s"] == bill.total
