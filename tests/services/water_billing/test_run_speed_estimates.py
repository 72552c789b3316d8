"""The run's estimated readings, made for all unread metered connections in one statement on
PostgreSQL, are the readings `make_estimate` makes one by one: the average of the last three
real months rounded half up to the litre (estimates in between skipped), on the meter in
service, zero with no history; and a connection read, flat, disconnected or already estimated
gets none."""

from decimal import Decimal as D

import pytest
from django.db import connection as db
from django.db import transaction
from django.utils import timezone

from services.water_billing.models import Meter, MeterStatus, Reading
from services.water_billing.periods import add_months, month_of
from services.water_billing.services import run
from services.water_billing.services.readings import ReadingInput, make_estimate, record_reading
from tests.services.water_billing import helpers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(db.vendor != "postgresql", reason="the set-based estimates are SQL"),
    pytest.mark.django_db,
]

TODAY = timezone.localdate()
P = add_months(month_of(TODAY), -1)


def _read(t, conn, months_back, value):
    record_reading(
        connection=conn,
        data=ReadingInput(
            connection=conn.number,
            period=add_months(P, -months_back),
            reading_date=TODAY,
            reading=D(value),
        ),
        actor=t.reader,
        source="office",
    )


def _estimates() -> list[tuple]:
    return sorted(
        (r.connection_id, r.period, r.meter_id, r.reading, r.consumption_kl, r.carry_kl, r.source)
        for r in Reading.objects.filter(period=P, status="estimated")
    )


def test_set_based_estimates_are_make_estimates(monkeypatch):
    t = helpers.town()
    thirds = helpers.connection(t, metered=True)  # 10, 20.001, 25: 18.3336..., so 18.334
    for back, value in ((4, "10"), (3, "30.001"), (2, "55.001")):
        _read(t, thirds, back, value)
    half = helpers.connection(t, metered=True)  # 10.001 and 10.002: 10.0015, a tie: 10.002
    _read(t, half, 3, "10.001")
    _read(t, half, 2, "20.003")
    skipped = helpers.connection(t, metered=True)  # an estimate between real months
    for back, value in ((5, "12"), (4, "30"), (3, "40")):
        _read(t, skipped, back, value)
    make_estimate(skipped, add_months(P, -2))
    swapped = helpers.connection(t, metered=True)  # its meter replaced: the new one
    _read(t, swapped, 2, "7")
    Meter.objects.filter(connection=swapped).update(status=MeterStatus.REMOVED, removed_on=TODAY)
    Meter.objects.create(
        pourashava=t.pourashava, connection=swapped, serial="N-2", installed_on=TODAY
    )
    helpers.connection(t, metered=True)  # never read: zero
    read = helpers.connection(t, metered=True)
    _read(t, read, 0, "5")
    helpers.connection(t)  # flat
    helpers.connection(t, metered=True, status="disconnected")
    already = helpers.connection(t, metered=True)
    make_estimate(already, P)

    with transaction.atomic():
        made_one_by_one = sum(
            1 for c in run._unread(t.pourashava.pk, P) if make_estimate(c, P) is not None
        )
        one_by_one = _estimates()
        transaction.set_rollback(True)
    billing_run, _ = run.start_run(pourashava=t.pourashava, period=P, actor=t.clerk)
    made = run.estimate_unread(billing_run)

    assert made == made_one_by_one == 5
    assert _estimates() == one_by_one
    by_connection = {row[0]: row[4] for row in _estimates()}
    assert by_connection[thirds.pk] == D("18.334") and by_connection[half.pk] == D("10.002")
    assert by_connection[skipped.pk] == D("13.333")  # 12, 18, 10: the estimate not counted
    new_meter = Meter.objects.get(connection=swapped, serial="N-2")
    assert Reading.objects.get(connection=swapped, period=P).meter_id == new_meter.pk
