"""The set-based PostgreSQL run gives the same bills as the calculator, raises their demands
through the payment layer, and raises nothing on a second run. PostgreSQL only (the portable
path is tested in test_run.py)."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection as db
from django.utils import timezone

from backend.payments.models import Demand, DemandLine
from services.water_billing.models import Bill, Reading
from services.water_billing.periods import add_months, month_of
from services.water_billing.services import run
from services.water_billing.services.readings import ReadingInput, record_reading
from tests.services.water_billing import helpers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        db.vendor != "postgresql", reason="the set-based path runs on PostgreSQL only"
    ),
    pytest.mark.django_db,
]

TODAY = timezone.localdate()
LAST = add_months(month_of(TODAY), -1)


def _read(t, conn, period, value):
    record_reading(
        connection=conn,
        data=ReadingInput(
            connection=conn.number, period=period, reading_date=TODAY, reading=D(value)
        ),
        actor=t.reader,
        source="office",
    )


def test_sql_bills_match_the_calculator_and_a_rerun_raises_nothing(monkeypatch):
    monkeypatch.setattr(run, "SQL_BATCH", 3)
    t = helpers.town()
    conns = [
        helpers.connection(t),
        helpers.connection(t, extra_flats=3, storey_class="multi"),
        helpers.connection(t, diameter="0.75", connected_on=LAST + timedelta(days=9)),
        helpers.connection(t, disconnected_on=LAST + timedelta(days=17), status="disconnected"),
        helpers.connection(t, closed_on=LAST, status="closed"),  # closed before the month
    ]
    for value in ("7.5", "33.25", "61", "0"):
        metered = helpers.connection(t, metered=True)
        _read(t, metered, add_months(LAST, -1), "10")
        if value != "0":
            _read(t, metered, LAST, str(D("10") + D(value)))
        conns.append(metered)
    helpers.connection(t, metered=True)  # never read: estimated at zero, the minimum charge

    expected = {}
    for conn in conns:
        reading = Reading.objects.filter(connection=conn, period=LAST).first()
        figures = run.figures_for(conn, LAST, reading)
        if figures is not None:
            expected[conn.pk] = figures

    billing_run, _ = run.start_run(pourashava=t.pourashava, period=LAST, actor=t.clerk)
    done = run.work_run(run_id=billing_run.pk)
    assert done.status == "done" and done.estimates_made == 2
    bills = {b.connection_id: b for b in Bill.objects.all()}
    for pk, figures in expected.items():
        bill = bills[pk]
        assert (bill.water_charge, bill.sewerage, bill.roundoff, bill.total) == (
            figures.water_charge,
            figures.sewerage,
            figures.roundoff,
            figures.total,
        ), pk
        assert bill.lines == [
            {"code": line.code, "amount": str(line.amount)} for line in figures.lines
        ]
    assert conns[4].pk not in bills
    assert len(bills) == len(expected) + 2  # and the two unread, estimated

    demands = Demand.objects.filter(service_code="water_billing")
    assert demands.count() == len(bills)
    for demand in demands:
        lines = DemandLine.objects.filter(demand=demand)
        assert sum(line.amount for line in lines) == Bill.objects.get(pk=demand.object_id).total

    dry = run.dry_run(pourashava=t.pourashava, period=LAST)
    assert dry.bills == 0  # nothing left to bill
    billing_run.refresh_from_db()
    type(billing_run).objects.filter(pk=billing_run.pk).update(
        status="failed", last_connection_id=0
    )
    again = run.work_run(run_id=billing_run.pk)
    assert again.status == "done" and again.bills_raised == done.bills_raised
    assert Bill.objects.count() == len(bills) and demands.count() == len(bills)
