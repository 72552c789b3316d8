"""The PostgreSQL path of the monthly run: one statement per batch of connections computes each
bill (the calculator's rules, in SQL) and inserts it, skipping connections already billed for
the month; a second statement raises the batch's demands through the payment layer's bulk
function. Rows never pass through Python, so memory stays flat however many connections.

Figures match calculator.py: flat = (monthly + extra flats x per flat) pro-rated by days and
rounded to paisa; metered = slabs over the month's consumption, floored at the minimum;
sewerage = % of water (or flat); total rounded half-up to whole taka, the difference the
round-off line. tests/services/water_billing/test_run_pg.py checks both paths agree."""

from datetime import date

from django.db import connection as db

from backend.municipality.fiscal_year import FiscalYear
from backend.payments.services.bulk import BulkResult, raise_demands_from_query
from services.water_billing.calculator import days_in_month
from services.water_billing.heads import BILL_OBJECT, SERVICE_CODE, SEWERAGE, WATER_BILL
from services.water_billing.models import Bill, Connection, Reading, Tariff


def _tables() -> dict[str, str]:
    return {
        "conn": Connection._meta.db_table,
        "tariff": Tariff._meta.db_table,
        "reading": Reading._meta.db_table,
        "bill": Bill._meta.db_table,
    }


# One row per billable connection of the batch with its figures. %(period)s is the month's first
# day, %(month_end)s its last, %(dim)s its days.
CALC = """
    WITH slabs AS MATERIALIZED (
        SELECT s.tariff_id, s.rate, s.upto,
               COALESCE(lag(s.upto) OVER (PARTITION BY s.tariff_id ORDER BY s.ord), 0) AS lo
        FROM (SELECT t.id AS tariff_id, x.ord, (x.e->>'rate')::numeric AS rate,
                     NULLIF(x.e->>'upto_kl', '')::numeric AS upto
              FROM {tariff} t CROSS JOIN LATERAL jsonb_array_elements(t.slabs)
                   WITH ORDINALITY x(e, ord)
              WHERE t.pourashava_id = %(pourashava)s AND t.basis = 'metered') s
    ),
    base AS (
        SELECT c.id AS connection_id, c.ward_id, c.citizen_id, c.number, c.is_metered,
               c.extra_flats, t.id AS tariff_id, t.monthly_amount, t.per_extra_flat,
               t.minimum_charge, t.sewerage_percent, t.sewerage_flat,
               r.id AS reading_id, r.consumption_kl, COALESCE(r.status = 'estimated', false)
                   AS estimated,
               LEAST(%(month_end)s::date,
                     COALESCE(LEAST(c.disconnected_on, c.closed_on) - 1, %(month_end)s::date))
               - GREATEST(%(period)s::date, c.connected_on) + 1 AS days
        FROM {conn} c
        JOIN {tariff} t ON t.pourashava_id = c.pourashava_id AND t.category = c.category
             AND t.basis = CASE WHEN c.is_metered THEN 'metered' ELSE 'flat' END
             AND t.storey_class = CASE WHEN c.is_metered THEN 'any' ELSE c.storey_class END
             AND t.diameter = CASE WHEN c.is_metered THEN 'any' ELSE c.diameter END
             AND t.effective_from <= %(period)s::date
             AND (t.effective_to IS NULL OR t.effective_to >= %(period)s::date)
        LEFT JOIN {reading} r ON r.connection_id = c.id AND r.period = %(period)s::date
        WHERE c.pourashava_id = %(pourashava)s AND c.id > %(after)s AND c.id <= %(upto)s
          AND c.connected_on <= %(month_end)s::date
          AND COALESCE(LEAST(c.disconnected_on, c.closed_on), 'infinity'::date)
              > %(period)s::date
          AND (NOT c.is_metered OR r.id IS NOT NULL)
    ),
    charged AS MATERIALIZED (
        SELECT b.*,
               CASE WHEN b.is_metered THEN GREATEST(
                        round((SELECT COALESCE(sum(GREATEST(0, LEAST(b.consumption_kl,
                                    COALESCE(s.upto, b.consumption_kl)) - s.lo) * s.rate), 0)
                               FROM slabs s WHERE s.tariff_id = b.tariff_id), 2),
                        b.minimum_charge)
                    WHEN b.days >= %(dim)s THEN
                        round(b.monthly_amount + b.extra_flats * b.per_extra_flat, 2)
                    ELSE round((b.monthly_amount + b.extra_flats * b.per_extra_flat) * b.days
                               / %(dim)s, 2)
               END AS water
        FROM base b
    ),
    figured AS (
        SELECT c.*, s.sewerage, round(c.water + s.sewerage)::numeric(14, 2) AS total
        FROM charged c
        CROSS JOIN LATERAL (SELECT CASE WHEN c.sewerage_percent <> 0
                                        THEN round(c.water * c.sewerage_percent / 100, 2)
                                        ELSE c.sewerage_flat END AS sewerage) s
    )
"""

# Table names come from our models (_sql); values are bound parameters.
INSERT_BILLS = """
    , inserted AS (
        INSERT INTO {bill} (pourashava_id, connection_id, run_id, period, citizen_id,
            consumption_kl, estimated, days_billed, days_in_month, water_charge, sewerage,
            roundoff, total, lines, issue_date, due_date, is_final)
        SELECT %(pourashava)s, f.connection_id, %(run)s, %(period)s::date, f.citizen_id,
               CASE WHEN f.is_metered THEN f.consumption_kl END, f.estimated,
               CASE WHEN f.is_metered THEN %(dim)s ELSE f.days END, %(dim)s, f.water,
               f.sewerage, f.total - f.water - f.sewerage, f.total,
               jsonb_build_array(jsonb_build_object('code', 'water_charge',
                                                    'amount', f.water::text))
               || CASE WHEN f.sewerage <> 0 THEN jsonb_build_array(jsonb_build_object(
                      'code', 'sewerage', 'amount', f.sewerage::text)) ELSE '[]'::jsonb END
               || CASE WHEN f.total <> f.water + f.sewerage THEN jsonb_build_array(
                      jsonb_build_object('code', 'roundoff',
                                         'amount', (f.total - f.water - f.sewerage)::text))
                  ELSE '[]'::jsonb END,
               %(issue)s::date, %(due)s::date, false
        FROM figured f
        ON CONFLICT (connection_id, period) DO NOTHING
        RETURNING 1
    )
    SELECT count(*) FROM inserted
"""

DRY_RUN = """
    SELECT f.ward_id, count(*), COALESCE(sum(f.total), 0),
           count(*) FILTER (WHERE f.is_metered)
    FROM figured f
    WHERE NOT EXISTS (SELECT 1 FROM {bill} b WHERE b.connection_id = f.connection_id
                      AND b.period = %(period)s::date)
    GROUP BY f.ward_id
"""

# The demands of the batch's bills: water (with its round-off) and sewerage, one demand a bill.
DEMANDS = """
    SELECT 'WB:' || b.connection_id || ':' || %(label)s AS natural_key, b.citizen_id,
           %(object)s AS object_type, b.id::text AS object_id, c.number AS object_label,
           ARRAY[%(water_head)s, %(sewerage_head)s] AS heads,
           ARRAY[b.water_charge + b.roundoff, b.sewerage] AS amounts
    FROM {bill} b JOIN {conn} c ON c.id = b.connection_id
    WHERE b.pourashava_id = %(pourashava)s AND b.period = %(period)s::date
      AND b.connection_id > %(after)s AND b.connection_id <= %(upto)s
"""


def _sql(*parts: str) -> str:
    return "".join(parts).format(**_tables())


def _params(pourashava_id: int, period: date, after: int, upto: int) -> dict:
    dim = days_in_month(period)
    return {
        "pourashava": pourashava_id,
        "period": period,
        "month_end": period.replace(day=dim),
        "dim": dim,
        "after": after,
        "upto": upto,
    }


def insert_bills(
    *, pourashava_id: int, period: date, run_id: int, after: int, upto: int, issue: date, due: date
) -> int:
    params = {
        **_params(pourashava_id, period, after, upto),
        "run": run_id,
        "issue": issue,
        "due": due,
    }
    with db.cursor() as cursor:
        cursor.execute(_sql(CALC, INSERT_BILLS), params)
        return cursor.fetchone()[0]


def raise_demands(
    *, pourashava_id: int, period: date, after: int, upto: int, due: date
) -> BulkResult:
    return raise_demands_from_query(
        pourashava_id=pourashava_id,
        service_code=SERVICE_CODE,
        fiscal_year=FiscalYear.of(period).label,
        month=period.month,
        due_date=due,
        source_sql=DEMANDS.format(**_tables()),
        params={
            **_params(pourashava_id, period, after, upto),
            "label": f"{period:%Y-%m}",
            "object": BILL_OBJECT,
            "water_head": WATER_BILL,
            "sewerage_head": SEWERAGE,
        },
    )


def dry_run(*, pourashava_id: int, period: date) -> list[tuple[int, int, object, int]]:
    """(ward id, bills, total, metered bills) of what the run would raise now."""
    params = _params(pourashava_id, period, 0, 2**62)
    with db.cursor() as cursor:
        cursor.execute(_sql(CALC, DRY_RUN), params)
        return cursor.fetchall()


def next_batches(
    *, pourashava_id: int, after: int, size: int, count: int = 1
) -> list[tuple[int, int]]:
    """(last connection id, connections) of each of the next batches of the pourashava."""
    sql = f"""
        SELECT max(id), count(*) FROM (
            SELECT id, (row_number() OVER (ORDER BY id) - 1) / %s AS batch
            FROM {_tables()["conn"]} WHERE pourashava_id = %s AND id > %s
            ORDER BY id LIMIT %s) numbered
        GROUP BY batch ORDER BY batch
    """  # noqa: S608 - table name from our model
    with db.cursor() as cursor:
        cursor.execute(sql, [size, pourashava_id, after, size * count])
        return list(cursor.fetchall())
