"""Rebuild the monitor's facts for one pourashava and day: delete that day's rows and insert them
again from the payment layer with one INSERT ... SELECT per table (set-based, idempotent: a rerun
gives the same rows). The month roll-ups of the touched months are rebuilt from the day rows.

Collection counts the receipt lines of settled payments, on the local day the payment was
started (so a gateway confirmation or a reconciliation that lands days later corrects the day
the payer paid, not the day it was confirmed). Credits and their refunds never reach a receipt
line, so they are not revenue. Demand counts demand lines of demands not cancelled, on the day
the demand was raised."""

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from backend.monitor.models import (
    ArrearsSector,
    ArrearsSnapshot,
    CollectionFact,
    CollectionMonth,
    DemandFact,
    DemandMonth,
    SectorMonth,
)
from backend.monitor.services.sql import (
    age_sql,
    day_bounds,
    fy_start_year,
    lock_pourashava,
    month_start,
    next_month,
    ward_join,
)
from backend.monitor.services.summary import rebuild_summary_day, rebuild_summary_month
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import DemandStatus, PaymentStatus

_COLLECTION_SQL = """
INSERT INTO {table} (pourashava_id, day, ward_id, head_id, sector, own, channel, age, amount,
                     payments)
SELECT p.pourashava_id, %s, w.ward_id, rl.head_id, h.sector,
       CASE WHEN h.collected_for = '' THEN {true} ELSE {false} END,
       p.channel, {age}, SUM(rl.amount), COUNT(DISTINCT p.id)
FROM payments_payment p
JOIN payments_receipt r ON r.payment_id = p.id
JOIN payments_receiptline rl ON rl.receipt_id = r.id
JOIN payments_demand d ON d.id = rl.demand_id
JOIN payments_revenuehead h ON h.code = rl.head_id
{ward_join}
WHERE p.pourashava_id = %s AND p.status = %s AND p.created_at >= %s AND p.created_at < %s
GROUP BY p.pourashava_id, w.ward_id, rl.head_id, h.sector, h.collected_for, p.channel, {age}
"""

_DEMAND_SQL = """
INSERT INTO {table} (pourashava_id, day, ward_id, head_id, sector, own, fiscal_year, amount)
SELECT d.pourashava_id, %s, w.ward_id, dl.head_id, h.sector,
       CASE WHEN h.collected_for = '' THEN {true} ELSE {false} END,
       d.fiscal_year, SUM(dl.amount)
FROM payments_demand d
JOIN payments_demandline dl ON dl.demand_id = d.id
JOIN payments_revenuehead h ON h.code = dl.head_id
{ward_join}
WHERE d.pourashava_id = %s AND d.status <> %s AND d.created_at >= %s AND d.created_at < %s
GROUP BY d.pourashava_id, w.ward_id, dl.head_id, h.sector, h.collected_for, d.fiscal_year
"""

_ARREARS_SQL = """
INSERT INTO {table} (pourashava_id, as_of, ward_id, head_id, sector, own, age, amount)
SELECT d.pourashava_id, %s, w.ward_id, dl.head_id, h.sector,
       CASE WHEN h.collected_for = '' THEN {true} ELSE {false} END,
       {age}, SUM(dl.amount - dl.amount_paid)
FROM payments_demand d
JOIN payments_demandline dl ON dl.demand_id = d.id
JOIN payments_revenuehead h ON h.code = dl.head_id
{ward_join}
WHERE d.pourashava_id = %s AND d.status IN (%s, %s) AND d.created_at < %s
GROUP BY d.pourashava_id, w.ward_id, dl.head_id, h.sector, h.collected_for, {age}
HAVING SUM(dl.amount - dl.amount_paid) <> 0
"""

_COLLECTION_MONTH_SQL = """
INSERT INTO {table} (pourashava_id, month, ward_id, head_id, sector, own, channel, age, amount,
                     payments)
SELECT pourashava_id, %s, NULL, head_id, sector, own, channel, age, SUM(amount), SUM(payments)
FROM {source}
WHERE pourashava_id = %s AND day >= %s AND day < %s
GROUP BY pourashava_id, head_id, sector, own, channel, age
"""

_SECTOR_MONTH_SQL = """
INSERT INTO {table} (pourashava_id, month, sector, own, age, amount)
SELECT pourashava_id, %s, sector, own, age, SUM(amount)
FROM {source}
WHERE pourashava_id = %s AND day >= %s AND day < %s
GROUP BY pourashava_id, sector, own, age
"""

_DEMAND_MONTH_SQL = """
INSERT INTO {table} (pourashava_id, month, ward_id, head_id, sector, own, fiscal_year, amount)
SELECT pourashava_id, %s, NULL, head_id, sector, own, fiscal_year, SUM(amount)
FROM {source}
WHERE pourashava_id = %s AND day >= %s AND day < %s
GROUP BY pourashava_id, head_id, sector, own, fiscal_year
"""


def _bools() -> dict[str, str]:
    if connection.vendor == "postgresql":
        return {"true": "TRUE", "false": "FALSE"}
    return {"true": "1", "false": "0"}


def _run(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _d(day: date):
    return connection.ops.adapt_datefield_value(day)


def rebuild_day(pourashava_id: int, day: date, *, months: bool = True) -> int:
    """Rebuild one pourashava-day (and, unless told not to, its month's roll-up). Returns the
    number of fact rows written for the day."""
    start, end = (connection.ops.adapt_datetimefield_value(b) for b in day_bounds(day))
    join, join_params = ward_join(pourashava_id)
    age = age_sql(fy_start_year(day))
    with transaction.atomic():
        lock_pourashava(pourashava_id)
        CollectionFact.objects.filter(pourashava_id=pourashava_id, day=day).delete()
        DemandFact.objects.filter(pourashava_id=pourashava_id, day=day).delete()
        written = _run(
            _COLLECTION_SQL.format(
                table=CollectionFact._meta.db_table, age=age, ward_join=join, **_bools()
            ),
            [_d(day), *join_params, pourashava_id, PaymentStatus.SETTLED, start, end],
        )
        written += _run(
            _DEMAND_SQL.format(table=DemandFact._meta.db_table, ward_join=join, **_bools()),
            [_d(day), *join_params, pourashava_id, DemandStatus.CANCELLED, start, end],
        )
        rebuild_summary_day(pourashava_id, day)
        if months:
            rebuild_month(pourashava_id, month_start(day))
    return written


def rebuild_month(pourashava_id: int, month: date) -> None:
    """The month's roll-up rows, summed from its day rows (call inside the day's transaction)."""
    month = month_start(month)
    end = next_month(month)
    CollectionMonth.objects.filter(pourashava_id=pourashava_id, month=month).delete()
    SectorMonth.objects.filter(pourashava_id=pourashava_id, month=month).delete()
    DemandMonth.objects.filter(pourashava_id=pourashava_id, month=month).delete()
    params = [_d(month), pourashava_id, _d(month), _d(end)]
    _run(
        _COLLECTION_MONTH_SQL.format(
            table=CollectionMonth._meta.db_table, source=CollectionFact._meta.db_table
        ),
        params,
    )
    _run(
        _SECTOR_MONTH_SQL.format(
            table=SectorMonth._meta.db_table, source=CollectionFact._meta.db_table
        ),
        params,
    )
    _run(
        _DEMAND_MONTH_SQL.format(
            table=DemandMonth._meta.db_table, source=DemandFact._meta.db_table
        ),
        params,
    )
    rebuild_summary_month(pourashava_id, month)


def rebuild_days(pourashava_id: int, days: Iterable[date]) -> int:
    """Rebuild several days of one pourashava, each month's roll-up once at the end."""
    days = sorted(set(days))
    written = 0
    for day in days:
        written += rebuild_day(pourashava_id, day, months=False)
    for month in sorted({month_start(d) for d in days}):
        with transaction.atomic():
            lock_pourashava(pourashava_id)
            rebuild_month(pourashava_id, month)
    return written


def snapshot_arrears(pourashava_id: int, as_of: date) -> int:
    """What is still owed at the end of `as_of` (meant for today: it reads the current balances),
    aged in fiscal years. Earlier snapshots of the same month are dropped: each past month keeps
    its last one."""
    end = connection.ops.adapt_datetimefield_value(day_bounds(as_of)[1])
    join, join_params = ward_join(pourashava_id)
    age = age_sql(FiscalYear.of(as_of).start_year)
    with transaction.atomic():
        lock_pourashava(pourashava_id)
        for model in (ArrearsSnapshot, ArrearsSector):
            model.objects.filter(
                pourashava_id=pourashava_id, as_of__gte=month_start(as_of), as_of__lte=as_of
            ).delete()
        written = _run(
            _ARREARS_SQL.format(
                table=ArrearsSnapshot._meta.db_table, age=age, ward_join=join, **_bools()
            ),
            [
                _d(as_of),
                *join_params,
                pourashava_id,
                DemandStatus.OPEN,
                DemandStatus.PARTIALLY_PAID,
                end,
            ],
        )
        _run(  # names from our models; values bound
            f"INSERT INTO {ArrearsSector._meta.db_table} "  # noqa: S608
            "(pourashava_id, as_of, sector, own, age, amount, latest) "
            f"SELECT pourashava_id, as_of, sector, own, age, SUM(amount), {_bools()['false']} "
            f"FROM {ArrearsSnapshot._meta.db_table} WHERE pourashava_id = %s AND as_of = %s "
            "GROUP BY pourashava_id, as_of, sector, own, age",
            [pourashava_id, _d(as_of)],
        )
        _mark_latest(pourashava_id, as_of)
    return written


def _mark_latest(pourashava_id: int, as_of: date) -> None:
    """Flag the snapshot just taken as the pourashava's latest (the one the summary reads),
    unless a newer one exists (a backfill of an older date). A snapshot with nothing owed has
    no rows: then nothing is flagged, and the summary shows no arrears."""
    rows = ArrearsSector.objects.filter(pourashava_id=pourashava_id)
    if rows.filter(as_of__gt=as_of).exists():
        return
    rows.filter(latest=True).exclude(as_of=as_of).update(latest=False)
    rows.filter(as_of=as_of).update(latest=True)
