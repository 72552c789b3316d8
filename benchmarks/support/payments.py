"""Settlement throughput against a floor: the same row locks and writes in raw SQL.

    DATABASE_URL=postgres://... python -c "import django, os; \
        os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'backend.settings'); django.setup(); \
        from benchmarks.support.payments import measure_settlements; measure_settlements(200)"

The figure is settlements per second through `settle_payment` (payment and bill row locks,
demand lines applied, bill paid, receipt numbered from a locked counter, receipt lines, gateway
event, audit entry), and its ratio to the floor: one transaction per settlement doing the same
SELECT ... FOR UPDATE / UPDATE / INSERT statements by hand, with nothing else. Setup (demands,
bills, pending payments) is not timed. Used by benchmarks/bench_settlement.py."""

import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from backend.common.models import Counter
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.payments.gateways.base import GatewayAnswer, GatewayStatus
from backend.payments.models import Payment
from backend.payments.services.bills import make_bill
from backend.payments.services.demands import raise_demand, sync_revenue_heads
from backend.payments.services.online import new_reference

LINES = {"holding_tax": "400.00", "conservancy": "100.00"}


def _bench_pourashava() -> Pourashava:
    pourashava, _ = Pourashava.objects.get_or_create(
        code="BNCH",
        defaults={
            "name_en": "Benchmark",
            "name_bn": "বেঞ্চমার্ক",
            "pourashava_class": "C",
            "district_en": "-",
            "district_bn": "-",
            "upazila_en": "-",
            "upazila_bn": "-",
            "is_active": False,
            "description": "Benchmark rows, not a real pourashava.",
        },
    )
    return pourashava


def prepare_payments(n: int, tag: str) -> list[int]:
    """n open bills (one demand of two heads each) with a pending online payment; their ids."""
    sync_revenue_heads()
    pourashava = _bench_pourashava()
    today = timezone.localdate()
    stamp = f"{tag}-{time.time_ns()}"
    ids = []
    for i in range(n):
        demand = raise_demand(
            pourashava=pourashava,
            service_code="bench",
            natural_key=f"{stamp}-{i}",
            lines=LINES,
            due_date=today + timedelta(days=30),
        )
        bill = make_bill(payer=None, pourashava=pourashava, demand_ids=[demand.pk], as_of=today)
        payment = Payment.objects.create(
            pourashava=pourashava,
            bill=bill,
            channel="bkash",
            reference=new_reference("BNCH"),
            amount=bill.total,
            gateway_reference=f"G-{stamp}-{i}",
        )
        ids.append(payment.pk)
    return ids


def gateway_answers(payment_ids: list[int]) -> list[tuple[int, GatewayAnswer]]:
    """What the gateway says for each payment (read before timing: a callback brings it)."""
    payments = Payment.objects.only("reference", "amount").in_bulk(payment_ids)
    return [
        (
            pk,
            GatewayAnswer(
                status=GatewayStatus.PAID,
                reference=payments[pk].reference,
                amount=payments[pk].amount,
                currency="BDT",
                gateway_transaction_id=f"TX{pk}",
            ),
        )
        for pk in payment_ids
    ]


def settle_answers(answers: list[tuple[int, GatewayAnswer]]) -> None:
    from backend.payments.services.settlement import settle_payment

    for pk, answer in answers:
        settled = settle_payment(payment=pk, answer=answer, source="bench")
        if settled.status != "settled":
            raise RuntimeError(f"payment {pk} ended {settled.status}")


def settle_through_service(payment_ids: list[int]) -> None:
    settle_answers(gateway_answers(payment_ids))


def settle_raw_sql(payment_ids: list[int]) -> None:
    """The floor: the same locks and row writes, by hand."""
    fiscal_year = FiscalYear.of(timezone.now()).label
    pourashava = _bench_pourashava()
    Counter.objects.get_or_create(pourashava=pourashava, series="RC", fiscal_year=fiscal_year)
    for pk in payment_ids:
        with transaction.atomic(), connection.cursor() as cur:
            now = timezone.now()
            cur.execute(
                "SELECT bill_id, amount, pourashava_id, reference FROM payments_payment "
                "WHERE id = %s FOR UPDATE",
                [pk],
            )
            bill_id, amount, pourashava_id, reference = cur.fetchone()
            cur.execute("SELECT id FROM payments_bill WHERE id = %s FOR UPDATE", [bill_id])
            cur.execute(
                "SELECT demand_id, head_id, amount FROM payments_billline WHERE bill_id = %s",
                [bill_id],
            )
            lines = cur.fetchall()
            demand_id = lines[0][0]
            cur.execute("SELECT id FROM payments_demand WHERE id = %s FOR UPDATE", [demand_id])
            cur.execute(
                "SELECT id FROM payments_demandline WHERE demand_id = %s FOR UPDATE", [demand_id]
            )
            cur.execute(
                "UPDATE payments_demandline SET amount_paid = amount WHERE demand_id = %s",
                [demand_id],
            )
            cur.execute(
                "UPDATE payments_demand SET status = 'paid', updated_at = %s WHERE id = %s",
                [now, demand_id],
            )
            cur.execute(
                "UPDATE payments_bill SET status = 'paid', paid_at = %s WHERE id = %s",
                [now, bill_id],
            )
            cur.execute(
                "UPDATE payments_payment SET status = 'settled', settled_at = %s, "
                "gateway_transaction_id = %s WHERE id = %s",
                [now, f"RAW{pk}", pk],
            )
            cur.execute(
                "INSERT INTO payments_gatewayevent (payment_id, pourashava_id, kind, "
                "payload, answer, outcome, mismatch, at) VALUES "
                "(%s, %s, 'bench', '{}', '{}', 'paid', false, %s)",
                [pk, pourashava_id, now],
            )
            cur.execute(
                "UPDATE common_counter SET value = value + 1 WHERE "
                "pourashava_id = %s AND series = 'RC' AND fiscal_year = %s RETURNING value",
                [pourashava_id, fiscal_year],
            )
            (number,) = cur.fetchone()
            cur.execute(
                "INSERT INTO payments_receipt (pourashava_id, number, fiscal_year, "
                "payment_id, payer_name_en, payer_name_bn, total, channel, paid_at, "
                "issued_at, document_token) VALUES (%s, %s, %s, %s, '', '', %s, "
                "'bkash', %s, %s, '') RETURNING id",
                [
                    pourashava_id,
                    f"BNCH-RC-{fiscal_year}-R{number:06d}",
                    fiscal_year,
                    pk,
                    amount,
                    now,
                    now,
                ],
            )
            (receipt_id,) = cur.fetchone()
            for line_demand, head, line_amount in lines:
                cur.execute(
                    "INSERT INTO payments_receiptline (pourashava_id, receipt_id, "
                    "demand_id, head_id, amount) VALUES (%s, %s, %s, %s, %s)",
                    [pourashava_id, receipt_id, line_demand, head, line_amount],
                )
            cur.execute(
                "INSERT INTO identity_auditentry (at, pourashava_id, action, "
                "object_type, object_id, after) VALUES (%s, %s, 'bench', "
                "'payments.payment', %s, %s)",
                [now, pourashava_id, str(pk), f'{{"reference": "{reference}"}}'],
            )


def measure_settlements(n: int = 200, out=print) -> dict:
    """Settle n payments each way; print and return settlements/second and the ratio."""
    if connection.vendor != "postgresql":
        raise SystemExit("measure_settlements needs PostgreSQL (set DATABASE_URL)")
    service_ids = prepare_payments(n, "svc")
    raw_ids = prepare_payments(n, "raw")
    started = time.perf_counter()
    settle_raw_sql(raw_ids)
    floor = n / (time.perf_counter() - started)
    answers = gateway_answers(service_ids)
    started = time.perf_counter()
    settle_answers(answers)
    rate = n / (time.perf_counter() - started)
    figures = {"settlements_per_s": rate, "floor_per_s": floor, "ratio": rate / floor}
    out(
        f"settle_payment: {rate:,.1f}/s; raw SQL floor: {floor:,.1f}/s; "
        f"ratio {figures['ratio']:.3f} (n={n})"
    )
    return figures
