"""Raising many demands in one statement, for bulk jobs (a quarter's holding tax for a whole
pourashava). PostgreSQL only: the rows never pass through Python, so a million demands take
seconds, and memory does not grow with their number.

The service supplies a query yielding one row per demand line:
    (natural_key, citizen_id, object_type, object_id, object_label, head, amount)
Demands already raised under a natural key are left alone (ON CONFLICT DO NOTHING), so a
rerun raises nothing twice. Lines with a zero amount are dropped.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection

from backend.payments.models import Demand, DemandLine


@dataclass(frozen=True)
class BulkResult:
    demands: int
    lines: int


def raise_demands_from_query(
    *,
    pourashava_id: int,
    service_code: str,
    fiscal_year: str,
    due_date: date,
    source_sql: str,
    params: dict,
    quarter: int | None = None,
    month: int | None = None,
) -> BulkResult:
    if connection.vendor != "postgresql":
        raise NotImplementedError("bulk demand raising needs PostgreSQL")
    demand, line = Demand._meta.db_table, DemandLine._meta.db_table
    sql = f"""
        WITH src AS MATERIALIZED ({source_sql}),
        new_demands AS (
            INSERT INTO {demand} (pourashava_id, citizen_id, service_code, object_type,
                object_id, object_label, natural_key, fiscal_year, period_quarter,
                period_month, due_date, status, created_at, updated_at)
            SELECT DISTINCT ON (natural_key) %(_pourashava)s, citizen_id, %(_service)s,
                object_type, object_id, object_label, natural_key, %(_fiscal_year)s,
                %(_quarter)s, %(_month)s, %(_due)s, 'open', now(), now()
            FROM src WHERE amount > 0 ORDER BY natural_key
            ON CONFLICT (pourashava_id, service_code, natural_key) DO NOTHING
            RETURNING id, natural_key
        ),
        new_lines AS (
            INSERT INTO {line} (pourashava_id, demand_id, head_id, amount, amount_paid)
            SELECT %(_pourashava)s, d.id, src.head, src.amount, 0
            FROM new_demands d JOIN src USING (natural_key) WHERE src.amount > 0
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM new_demands), (SELECT count(*) FROM new_lines)
    """  # noqa: S608 - table names come from our models; values are bound parameters
    bound = {
        **params,
        "_pourashava": pourashava_id,
        "_service": service_code,
        "_fiscal_year": fiscal_year,
        "_quarter": quarter,
        "_month": month,
        "_due": due_date,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, bound)
        demands, lines = cursor.fetchone()
    return BulkResult(demands=demands, lines=lines)
