"""The summary tables the national questions read (SummaryDay, SummaryMonth), rebuilt from the
daily facts of one pourashava: a day's rows with the day's facts, a month's rows with the month's
(so whatever corrects a day, a late settlement or a refund, corrects its month too), and a
fiscal year's months when its targets change. Set-based and idempotent, like the facts."""

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from backend.monitor.models import (
    FISCAL_MONTHS,
    CollectionFact,
    DemandFact,
    SummaryDay,
    SummaryMonth,
    SummaryYear,
    TargetMonth,
)
from backend.monitor.services.sql import lock_pourashava, month_start, next_month
from backend.municipality.fiscal_year import FiscalYear

_DAY_SQL = """
INSERT INTO {table} (pourashava_id, fiscal_year, sector, day, collected_current,
                     collected_arrears, collected_other)
SELECT pourashava_id, %s, sector, day,
       SUM(CASE WHEN own = {true} AND age = 0 THEN amount ELSE 0 END),
       SUM(CASE WHEN own = {true} AND age > 0 THEN amount ELSE 0 END),
       SUM(CASE WHEN own = {true} THEN 0 ELSE amount END)
FROM {source}
WHERE pourashava_id = %s AND day = %s
GROUP BY pourashava_id, sector, day
"""

# A month's rows: its collection (from the day rows), the own demand raised in it (by the
# fiscal year it is for) and the targets of its fiscal-year month.
_MONTH_SQL = """
INSERT INTO {table} (pourashava_id, fiscal_year, sector, month, collected_current,
                     collected_arrears, collected_other, demand, target)
SELECT %s, fiscal_year, sector, %s, SUM(cc), SUM(ca), SUM(co), SUM(dm), SUM(tg)
FROM (
    SELECT fiscal_year, sector, collected_current AS cc, collected_arrears AS ca,
           collected_other AS co, 0 AS dm, 0 AS tg
    FROM {days} WHERE pourashava_id = %s AND day >= %s AND day < %s
    UNION ALL
    SELECT fiscal_year, sector, 0, 0, 0, amount, 0
    FROM {demand} WHERE pourashava_id = %s AND day >= %s AND day < %s AND own = {true}
    UNION ALL
    SELECT t.fiscal_year, h.sector, 0, 0, 0, 0, t.amount
    FROM {targets} t JOIN payments_revenuehead h ON h.code = t.head_id
    WHERE t.pourashava_id = %s AND t.fiscal_year = %s AND t.month = %s
) x
GROUP BY fiscal_year, sector
"""


def _true() -> str:
    return "TRUE" if connection.vendor == "postgresql" else "1"


def _d(day: date):
    return connection.ops.adapt_datefield_value(day)


def fiscal_month(day: date) -> int:
    """1 for July ... 12 for June."""
    return (day.month - 7) % 12 + 1


def rebuild_summary_day(pourashava_id: int, day: date) -> None:
    """The day's rows from its collection facts (inside the day's rebuild transaction)."""
    SummaryDay.objects.filter(pourashava_id=pourashava_id, day=day).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            _DAY_SQL.format(
                table=SummaryDay._meta.db_table,
                source=CollectionFact._meta.db_table,
                true=_true(),
            ),
            [FiscalYear.of(day).label, pourashava_id, _d(day)],
        )


def rebuild_summary_month(pourashava_id: int, month: date) -> None:
    """The month's rows from its day rows, demand facts and targets (call in a transaction that
    holds the pourashava's lock)."""
    month = month_start(month)
    end = next_month(month)
    rows = SummaryMonth.objects.filter(pourashava_id=pourashava_id, month=month)
    years = set(rows.values_list("fiscal_year", flat=True))
    rows.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            _MONTH_SQL.format(
                table=SummaryMonth._meta.db_table,
                days=SummaryDay._meta.db_table,
                demand=DemandFact._meta.db_table,
                targets=TargetMonth._meta.db_table,
                true=_true(),
            ),
            [
                pourashava_id,
                _d(month),
                pourashava_id,
                _d(month),
                _d(end),
                pourashava_id,
                _d(month),
                _d(end),
                pourashava_id,
                FiscalYear.of(month).label,
                fiscal_month(month),
            ],
        )
    years |= set(rows.values_list("fiscal_year", flat=True))
    for label in sorted(years):
        rebuild_summary_year(pourashava_id, label)


def year_columns(month_of_row: str) -> str:
    """The select list of SummaryYear's month columns, from SummaryMonth rows whose fiscal
    month (1 = July) `month_of_row` gives."""
    return ", ".join(
        f"SUM(CASE WHEN {month_of_row} = {m} THEN {source} ELSE 0 END)"
        for m in FISCAL_MONTHS
        for source in ("collected_current", "collected_arrears", "target")
    )


def year_column_names() -> str:
    return ", ".join(
        f"{column}_{m:02d}" for m in FISCAL_MONTHS for column in ("current", "arrears", "target")
    )


def rebuild_summary_year(pourashava_id: int, fiscal_year: str) -> None:
    """The fiscal year's rows (one per sector) from its month rows."""
    SummaryYear.objects.filter(pourashava_id=pourashava_id, fiscal_year=fiscal_year).delete()
    months = fiscal_year_months(fiscal_year)
    # The fiscal month of a row: its position among the year's twelve firsts of the month.
    which = "CASE month " + " ".join(f"WHEN %s THEN {i}" for i in FISCAL_MONTHS) + " ELSE 0 END"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SummaryYear._meta.db_table} "  # noqa: S608 - names from our models
            f"(pourashava_id, fiscal_year, sector, demand, {year_column_names()}) "
            f"SELECT pourashava_id, fiscal_year, sector, SUM(demand), {year_columns('m.fm')} "
            f"FROM (SELECT *, {which} AS fm FROM {SummaryMonth._meta.db_table} "
            "WHERE pourashava_id = %s AND fiscal_year = %s) m "
            "GROUP BY pourashava_id, fiscal_year, sector",
            [*(_d(m) for m in months), pourashava_id, fiscal_year],
        )


def fiscal_year_months(fiscal_year: str) -> list[date]:
    fy = FiscalYear.parse(fiscal_year)
    months, month = [], fy.start
    for _ in range(12):
        months.append(month)
        month = next_month(month)
    return months


def rebuild_summary_months(pourashava_id: int, months: Iterable[date]) -> None:
    """Several months of one pourashava (a target set for a fiscal year: its twelve months)."""
    with transaction.atomic():
        lock_pourashava(pourashava_id)
        for month in sorted({month_start(m) for m in months}):
            rebuild_summary_month(pourashava_id, month)
