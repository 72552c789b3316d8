"""Settlement as hand-written statements on PostgreSQL (services/settle_sql.py): it writes what
the ORM path writes, row for row, and takes its row locks in the documented order (payment ->
bills -> demands -> demand lines -> receipt counter), shown by holding one of those rows from
another connection and asking which of the others the waiting settlement already holds."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from backend.common.models import Counter
from backend.identity.models import AuditEntry
from backend.municipality.fiscal_year import FiscalYear
from backend.payments import registry
from backend.payments.gateways.base import GatewayAnswer, GatewayStatus
from backend.payments.models import (
    Bill,
    BillLine,
    Demand,
    DemandLine,
    GatewayEvent,
    Payment,
    Receipt,
    ReceiptLine,
)
from backend.payments.registry import Adjustment
from backend.payments.services import settlement
from backend.payments.services.bills import make_bill
from backend.payments.services.settlement import settle_payment
from tests.backend.payments.factories import arrear_year, demand_for, today

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="settle_sql is the PostgreSQL path"
    ),
]


@pytest.fixture
def rules():
    registry._bill_rules.pop("test_service", None)
    yield lambda fn: registry.register_bill_rules("test_service", fn)
    registry._bill_rules.pop("test_service", None)


def _answer(payment: Payment, txn: str) -> GatewayAnswer:
    return GatewayAnswer(
        status=GatewayStatus.PAID,
        reference=payment.reference,
        amount=payment.amount,
        currency="BDT",
        gateway_transaction_id=txn,
    )


def _two_demand_bill(citizen, pourashava, tag: str):
    """A bill over this year's demand (with a rebate) and an arrear (with a surcharge), plus
    an older open bill over the same arrear that paying this one supersedes."""
    current = demand_for(citizen, pourashava, {"holding_tax": "1000", "conservancy": "250"})
    arrear = demand_for(
        citizen,
        pourashava,
        {"holding_tax": "200"},
        fiscal_year=arrear_year(),
        due_date=today() - timedelta(days=400),
    )
    older = make_bill(payer=citizen, pourashava=pourashava, demand_ids=[arrear.pk], as_of=today())
    bill = make_bill(
        payer=citizen, pourashava=pourashava, demand_ids=[current.pk, arrear.pk], as_of=today()
    )
    payment = Payment.objects.create(
        pourashava=pourashava,
        citizen=citizen,
        bill=bill,
        channel="bkash",
        reference=f"NATPSQL{tag}",
        amount=bill.total,
        gateway_reference=f"G-{tag}",
    )
    return payment, bill, older, [current, arrear]


def _written(payment: Payment, bill: Bill, older: Bill, demands: list[Demand]) -> dict:
    """What a settlement left in the database, without ids, times and numbers' sequence."""
    payment.refresh_from_db()
    receipt = Receipt.objects.get(payment=payment)
    audit = AuditEntry.objects.get(object_type="payments.payment", object_id=str(payment.pk))
    event = GatewayEvent.objects.get(payment=payment)
    by_demand = {d.pk: i for i, d in enumerate(demands)}
    return {
        "payment": (payment.status, payment.gateway_transaction_id, payment.settled_at is not None),
        "bills": [
            (b.status, b.paid_at is not None)
            for b in Bill.objects.filter(pk__in=[bill.pk, older.pk]).order_by("pk")
        ],
        "demands": [
            (
                d.status,
                sorted((line.head_id, line.amount, line.amount_paid) for line in d.lines.all()),
            )
            for d in Demand.objects.filter(pk__in=by_demand).order_by("pk")
        ],
        "receipt": (
            receipt.number.rsplit("-", 1)[0],
            receipt.fiscal_year,
            receipt.citizen_id,
            receipt.payer_name_en,
            receipt.payer_name_bn,
            receipt.total,
            receipt.channel,
            receipt.paid_at == payment.settled_at,
            receipt.collector_id,
            receipt.udc_centre_id,
            receipt.document_token,
        ),
        # In the order they were written (the receipt lists them by head, then by this order).
        "receipt_lines": [
            (by_demand[line.demand_id], line.head_id, line.amount, line.pourashava_id)
            for line in ReceiptLine.objects.filter(receipt=receipt).order_by("id")
        ],
        "audit": (
            audit.action,
            audit.actor_id,
            audit.pourashava_id,
            audit.before,
            {**audit.after, "receipt": audit.after["receipt"] == receipt.number},
        ),
        "event": (event.kind, event.payload, event.answer, event.outcome, event.mismatch),
    }


@pytest.mark.django_db
def test_the_sql_path_writes_what_the_orm_path_writes(citizen, pourashava, rules, monkeypatch):
    deadline = today() + timedelta(days=3)

    def fn(demands, as_of):
        for d in demands:
            if d.fiscal_year == arrear_year():
                yield Adjustment(d.pk, "surcharge", Decimal("30"), "15% on arrears")
            else:
                yield Adjustment(d.pk, "rebate", Decimal("-100"), "10% rebate", deadline)

    rules(fn)
    written = []
    for tag, in_sql in (("ORM", False), ("SQL", True)):
        monkeypatch.setattr(settlement, "in_sql", lambda in_sql=in_sql: in_sql)
        payment, bill, older, demands = _two_demand_bill(citizen, pourashava, tag)
        settled = settle_payment(
            payment=payment.pk, answer=_answer(payment, f"TX-{tag}"), payload={"ref": tag}
        )
        assert settled.status == "settled"
        result = _written(payment, bill, older, demands)
        # What differs by design: the references and transaction ids carry the tag.
        status, txn, settled_at = result["payment"]
        result["payment"] = (status, txn.replace(tag, ""), settled_at)
        kind, payload, answer, outcome, mismatch = result["event"]
        assert payload == {"ref": tag} and answer["gateway_transaction_id"] == f"TX-{tag}"
        answer = {**answer, "reference": "", "gateway_transaction_id": ""}
        result["event"] = (kind, answer, outcome, mismatch)
        written.append(result)
    orm, sql = written
    assert sql == orm
    # And what both wrote is right: both demands paid, the rebate and surcharge kept as lines.
    assert [status for status, _ in sql["demands"]] == ["paid", "paid"]
    assert ("rebate", Decimal("-100.00"), Decimal("-100.00")) in sql["demands"][0][1]
    assert [b[0] for b in sql["bills"]] == ["superseded", "paid"]
    # Receipt numbers follow each other: the ORM's was n, the SQL path's n + 1.
    numbers = sorted(
        int(r.number.rsplit("-", 1)[1]) for r in Receipt.objects.filter(pourashava=pourashava)
    )
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


@pytest.mark.django_db
def test_receipt_numbers_past_six_digits_are_not_cut(citizen, pourashava):
    payment, *_ = _two_demand_bill(citizen, pourashava, "BIG")
    fiscal_year = FiscalYear.of(timezone.now()).label
    Counter.objects.update_or_create(
        pourashava=pourashava, series="RC", fiscal_year=fiscal_year, defaults={"value": 999_999}
    )
    settle_payment(payment=payment.pk, answer=_answer(payment, "TX-BIG"))
    assert payment.receipt.number == f"{pourashava.code}-RC-{fiscal_year}-1000000"


@pytest.mark.django_db
def test_a_settlement_of_an_old_payment_still_tells_the_monitor(citizen, pourashava):
    """The statements replace the payment's save(): its post_save still reaches the monitor,
    which marks the payment's day to be rebuilt."""
    from backend.monitor.models import DirtyDay

    payment, *_ = _two_demand_bill(citizen, pourashava, "OLD")
    started = timezone.now() - timedelta(days=5)
    Payment.objects.filter(pk=payment.pk).update(created_at=started)
    settle_payment(payment=payment.pk, answer=_answer(payment, "TX-OLD"))
    assert DirtyDay.objects.filter(
        pourashava=pourashava, day=timezone.localtime(started).date()
    ).exists()


def test_nobody_listens_to_saves_the_statements_do_not_send():
    """settle_sql writes these rows without their save(); it sends pre_save/post_save for the
    payment and the demands only. A receiver added for any of these would not be called."""
    for model in (Bill, BillLine, DemandLine, GatewayEvent, Receipt, ReceiptLine, AuditEntry):
        assert not pre_save.has_listeners(model), model
        assert not post_save.has_listeners(model), model


# --- lock order ----------------------------------------------------------------------------


def _locked_elsewhere(sql: str, params) -> bool:
    """Whether another transaction holds the row: a NOWAIT lock from a fresh connection."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            try:
                cursor.execute(sql + " FOR UPDATE NOWAIT", params)
            except Exception:  # psycopg's LockNotAvailable, wrapped by Django
                return True
            finally:
                cursor.execute("ROLLBACK")
        return False
    finally:
        other.close()


def _waiting(pid_box: list) -> bool:
    with connections.create_connection("default").cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid_box[0]])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("held", ["demand", "demand_line", "counter"])
def test_settlement_locks_in_the_documented_order(citizen, pourashava, held):
    payment, _bill, older, demands = _two_demand_bill(citizen, pourashava, f"LOCK{held}")
    fiscal_year = FiscalYear.of(timezone.now()).label
    counter, _ = Counter.objects.get_or_create(
        pourashava=pourashava, series="RC", fiscal_year=fiscal_year
    )
    arrear = demands[1]
    arrear_line = DemandLine.objects.filter(demand=arrear).first()
    rows = {
        "bill": ("SELECT 1 FROM payments_bill WHERE id = %s", [older.pk]),
        "demand": ("SELECT 1 FROM payments_demand WHERE id = %s", [arrear.pk]),
        "demand_line": ("SELECT 1 FROM payments_demandline WHERE id = %s", [arrear_line.pk]),
        "counter": ("SELECT 1 FROM common_counter WHERE id = %s", [counter.pk]),
    }
    order = ["bill", "demand", "demand_line", "counter"]
    holder = connections.create_connection("default")
    holder_cursor = holder.cursor()
    holder_cursor.execute("BEGIN")
    holder_cursor.execute(rows[held][0] + " FOR UPDATE", rows[held][1])

    pid_box, outcome = [], []

    def settle():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid_box.append(cursor.fetchone()[0])
            outcome.append(settle_payment(payment=payment.pk, answer=_answer(payment, "TX-L")))
        except Exception as exc:  # asserted on below
            outcome.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=settle)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not (pid_box and _waiting(pid_box)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pid_box and _waiting(pid_box), "the settlement never waited for the held row"
        position = order.index(held)
        for earlier in order[:position]:
            assert _locked_elsewhere(*rows[earlier]), f"{earlier} not locked before {held}"
        for later in order[position + 1 :]:
            assert not _locked_elsewhere(*rows[later]), f"{later} locked before {held}"
    finally:
        holder_cursor.execute("ROLLBACK")
        holder.close()
        thread.join(30)
    assert outcome and isinstance(outcome[0], Payment) and outcome[0].status == "settled"
