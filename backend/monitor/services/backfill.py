"""Backfill every pourashava's facts for whole months at once, in a few set-based statements
(PostgreSQL only): what a first deployment, or the national benchmark, needs instead of one
rebuild per pourashava-day. The rows are the ones rebuild_day writes, day by day."""

from datetime import date

from django.conf import settings
from django.db import connection, transaction

from backend.monitor.models import (
    CollectionFact,
    CollectionMonth,
    DemandFact,
    DemandMonth,
    SectorMonth,
    SummaryDay,
    SummaryMonth,
    SummaryYear,
    TargetMonth,
)
from backend.monitor.services.sql import month_start, next_month, ward_join
from backend.monitor.services.summary import year_column_names, year_columns
from backend.payments.models import DemandStatus, PaymentStatus

_FY_OF_DAY = (
    "(EXTRACT(YEAR FROM {day})::int - CASE WHEN EXTRACT(MONTH FROM {day}) < 7 THEN 1 ELSE 0 END)"
)


def _age(day: str) -> str:
    diff = f"({_FY_OF_DAY.format(day=day)} - CAST(SUBSTR(d.fiscal_year, 1, 4) AS INTEGER))"
    return f"CASE WHEN {diff} <= 0 THEN 0 WHEN {diff} = 1 THEN 1 WHEN {diff} = 2 THEN 2 ELSE 3 END"


def backfill(first: date, last: date) -> dict[str, int]:
    """Replace all facts of the whole months from first's to last's."""
    if connection.vendor != "postgresql":
        raise RuntimeError("the national backfill is PostgreSQL only; use rebuild_days")
    start, end = month_start(first), next_month(last)
    tz = settings.TIME_ZONE
    p_day = f"(p.created_at AT TIME ZONE '{tz}')::date"
    d_day = f"(d.created_at AT TIME ZONE '{tz}')::date"
    join, params = ward_join(None)
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # Millions of rows grouped at once: sort in memory rather than on disk (this
        # transaction only).
        cursor.execute("SET LOCAL work_mem = '256MB'")
        for model in (CollectionFact, DemandFact):
            model.objects.filter(day__gte=start, day__lt=end).delete()
        for model in (CollectionMonth, DemandMonth, SectorMonth):
            model.objects.filter(month__gte=start, month__lt=end).delete()
        cursor.execute(
            f"""
            INSERT INTO {CollectionFact._meta.db_table} (pourashava_id, day, ward_id, head_id,
                sector, own, channel, age, amount, payments)
            SELECT p.pourashava_id, {p_day}, w.ward_id, rl.head_id, h.sector,
                   h.collected_for = '', p.channel, {_age(p_day)}, SUM(rl.amount),
                   COUNT(DISTINCT p.id)
            FROM payments_payment p
            JOIN payments_receipt r ON r.payment_id = p.id
            JOIN payments_receiptline rl ON rl.receipt_id = r.id
            JOIN payments_demand d ON d.id = rl.demand_id
            JOIN payments_revenuehead h ON h.code = rl.head_id
            {join}
            WHERE p.status = %s AND p.created_at >= %s::date AT TIME ZONE '{tz}'
              AND p.created_at < %s::date AT TIME ZONE '{tz}'
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            """,  # noqa: S608 - names from our models and settings; values bound
            [*params, PaymentStatus.SETTLED, start, end],
        )
        counts["collection"] = cursor.rowcount
        cursor.execute(
            f"""
            INSERT INTO {DemandFact._meta.db_table} (pourashava_id, day, ward_id, head_id, sector,
                own, fiscal_year, amount)
            SELECT d.pourashava_id, {d_day}, w.ward_id, dl.head_id, h.sector,
                   h.collected_for = '', d.fiscal_year, SUM(dl.amount)
            FROM payments_demand d
            JOIN payments_demandline dl ON dl.demand_id = d.id
            JOIN payments_revenuehead h ON h.code = dl.head_id
            {join}
            WHERE d.status <> %s AND d.created_at >= %s::date AT TIME ZONE '{tz}'
              AND d.created_at < %s::date AT TIME ZONE '{tz}'
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            """,  # noqa: S608 - names from our models and settings; values bound
            [*params, DemandStatus.CANCELLED, start, end],
        )
        counts["demand"] = cursor.rowcount
        month = "date_trunc('month', day)::date"
        cursor.execute(
            f"""
            INSERT INTO {CollectionMonth._meta.db_table} (pourashava_id, month, ward_id, head_id,
                sector, own, channel, age, amount, payments)
            SELECT pourashava_id, {month}, NULL, head_id, sector, own, channel, age, SUM(amount),
                   SUM(payments)
            FROM {CollectionFact._meta.db_table} WHERE day >= %s AND day < %s
            GROUP BY 1, 2, 4, 5, 6, 7, 8
            """,  # noqa: S608 - names from our models and settings; values bound
            [start, end],
        )
        cursor.execute(
            f"""
            INSERT INTO {SectorMonth._meta.db_table} (pourashava_id, month, sector, own, age,
                amount)
            SELECT pourashava_id, {month}, sector, own, age, SUM(amount)
            FROM {CollectionFact._meta.db_table} WHERE day >= %s AND day < %s
            GROUP BY 1, 2, 3, 4, 5
            """,  # noqa: S608 - names from our models and settings; values bound
            [start, end],
        )
        cursor.execute(
            f"""
            INSERT INTO {DemandMonth._meta.db_table} (pourashava_id, month, ward_id, head_id,
                sector, own, fiscal_year, amount)
            SELECT pourashava_id, {month}, NULL, head_id, sector, own, fiscal_year, SUM(amount)
            FROM {DemandFact._meta.db_table} WHERE day >= %s AND day < %s
            GROUP BY 1, 2, 4, 5, 6, 7
            """,  # noqa: S608 - names from our models and settings; values bound
            [start, end],
        )
    counts.update(backfill_summary(first, last))
    return counts


def backfill_summary(first: date, last: date) -> dict[str, int]:
    """Replace the summary rows of the whole months from first's to last's, from the facts and
    the targets already there (the rows rebuild_summary_day and _month write)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("the national backfill is PostgreSQL only; use rebuild_days")
    start, end = month_start(first), next_month(last)
    fy_of_day = (
        "(EXTRACT(YEAR FROM day)::int - CASE WHEN EXTRACT(MONTH FROM day) < 7 THEN 1 ELSE 0 END)"
    )
    label = f"({fy_of_day}::text || '-' || lpad((({fy_of_day} + 1) %% 100)::text, 2, '0'))"
    # The first of the month of fiscal month t.month (1 = July) of the target's year.
    target_month = (
        "make_date(SUBSTR(t.fiscal_year, 1, 4)::int + CASE WHEN t.month <= 6 THEN 0 ELSE 1 END,"
        " (t.month + 5) %% 12 + 1, 1)"
    )
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        SummaryDay.objects.filter(day__gte=start, day__lt=end).delete()
        SummaryMonth.objects.filter(month__gte=start, month__lt=end).delete()
        cursor.execute(
            f"""
            INSERT INTO {SummaryDay._meta.db_table} (pourashava_id, fiscal_year, sector, day,
                collected_current, collected_arrears, collected_other)
            SELECT pourashava_id, {label}, sector, day,
                   SUM(CASE WHEN own AND age = 0 THEN amount ELSE 0 END),
                   SUM(CASE WHEN own AND age > 0 THEN amount ELSE 0 END),
                   SUM(CASE WHEN own THEN 0 ELSE amount END)
            FROM {CollectionFact._meta.db_table} WHERE day >= %s AND day < %s
            GROUP BY pourashava_id, sector, day
            """,  # noqa: S608 - names from our models; values bound
            [start, end],
        )
        counts["summary_days"] = cursor.rowcount
        cursor.execute(
            f"""
            INSERT INTO {SummaryMonth._meta.db_table} (pourashava_id, fiscal_year, sector, month,
                collected_current, collected_arrears, collected_other, demand, target)
            SELECT pourashava_id, fiscal_year, sector, month, SUM(cc), SUM(ca), SUM(co),
                   SUM(dm), SUM(tg)
            FROM (
                SELECT pourashava_id, fiscal_year, sector, date_trunc('month', day)::date AS month,
                       collected_current AS cc, collected_arrears AS ca, collected_other AS co,
                       0 AS dm, 0 AS tg
                FROM {SummaryDay._meta.db_table} WHERE day >= %s AND day < %s
                UNION ALL
                SELECT pourashava_id, fiscal_year, sector, date_trunc('month', day)::date,
                       0, 0, 0, amount, 0
                FROM {DemandFact._meta.db_table} WHERE day >= %s AND day < %s AND own
                UNION ALL
                SELECT t.pourashava_id, t.fiscal_year, h.sector, {target_month}, 0, 0, 0, 0,
                       t.amount
                FROM {TargetMonth._meta.db_table} t
                JOIN payments_revenuehead h ON h.code = t.head_id
                WHERE {target_month} >= %s AND {target_month} < %s
            ) x
            GROUP BY pourashava_id, fiscal_year, sector, month
            """,  # noqa: S608 - names from our models; values bound
            [start, end, start, end, start, end],
        )
        counts["summary_months"] = cursor.rowcount
        # The fiscal years those months touch, derived again from all their month rows.
        years = (
            f"SELECT DISTINCT fiscal_year FROM {SummaryMonth._meta.db_table} "  # noqa: S608
            "WHERE month >= %s AND month < %s"
        )
        cursor.execute(
            f"DELETE FROM {SummaryYear._meta.db_table} WHERE fiscal_year IN ({years})",  # noqa: S608
            [start, end],
        )
        cursor.execute(
            f"""
            INSERT INTO {SummaryYear._meta.db_table} (pourashava_id, fiscal_year, sector, demand,
                {year_column_names()})
            SELECT pourashava_id, fiscal_year, sector, SUM(demand), {year_columns("m.fm")}
            FROM (SELECT *, (EXTRACT(MONTH FROM month)::int + 5) %% 12 + 1 AS fm
                  FROM {SummaryMonth._meta.db_table} WHERE fiscal_year IN ({years})) m
            GROUP BY pourashava_id, fiscal_year, sector
            """,  # noqa: S608 - names from our models; values bound
            [start, end],
        )
        counts["summary_years"] = cursor.rowcount
    return counts
