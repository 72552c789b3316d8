"""The PostgreSQL path of the monthly run. Per batch of connections, in the batch's transaction:
one statement computes each bill (the calculator's rules, in SQL), inserts it (skipping
connections already billed for the month) and stages the new bills in a temporary table; a
second raises their demands through the payment layer's bulk function from that table. Before
the first batch, one statement makes the estimated readings of the unread metered connections.
Rows never pass through Python, so memory stays flat however many connections.

Figures match calculator.py: flat = (monthly + extra flats x per flat) pro-rated by days and
rounded to paisa; metered = slabs over the month's consumption, floored at the minimum;
sewerage = % of water (or flat); total rounded half-up to whole taka, the difference the
round-off line. tests/services/water_billing/test_run_pg.py checks both paths agree.

Measured (benchmarks/bench_water_billing.py, 100,000 connections, EXPLAIN ANALYZE): the
figures themselves cost a few seconds; the rest is writing the rows (indexes, WAL and the
foreign-key checks at commit), which the raw COPY floor pays as well. What is not done, and why:
dropping indexes for the insert (it would lock the national tables against every other reader
and run); synchronous_commit off (ten commits in a million-connection run: nothing to save)."""

from datetime import date, datetime

from django.db import connection as db

from backend.municipality.fiscal_year import FiscalYear
from backend.payments.services.bulk import BulkResult, raise_demands_from_query
from services.water_billing.calculator import days_in_month
from services.water_billing.heads import BILL_OBJECT, SERVICE_CODE, SEWERAGE, WATER_BILL
from services.water_billing.models import Bill, Connection, Meter, Reading, Tariff


def _tables() -> dict[str, str]:
    return {
        "conn": Connection._meta.db_table,
        "tariff": Tariff._meta.db_table,
        "reading": Reading._meta.db_table,
        "bill": Bill._meta.db_table,
        "meter": Meter._meta.db_table,
    }


# One row per billable connection of the batch with its figures. %(period)s is the month's first
# day, %(month_end)s its last, %(dim)s its days.
CALC = """
    WITH tariffs AS MATERIALIZED (
        SELECT t.id, t.basis, t.category, t.storey_class, t.diameter, t.effective_from,
               t.monthly_amount, t.per_extra_flat, t.minimum_charge, t.sewerage_percent,
               t.sewerage_flat
        FROM {tariff} t
        WHERE t.pourashava_id = %(pourashava)s AND t.effective_from <= %(period)s::date
          AND (t.effective_to IS NULL OR t.effective_to >= %(period)s::date)
    ),
    slabs AS MATERIALIZED (
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
        -- The connection's tariff as tariffs.tariff_row picks it (the latest in effect). A
        -- lateral over the month's few rows: the connections are scanned once, never once
        -- per tariff row.
        CROSS JOIN LATERAL (
            SELECT * FROM tariffs t
            WHERE t.category = c.category
              AND CASE WHEN c.is_metered THEN t.basis = 'metered'
                       ELSE t.basis = 'flat' AND t.storey_class = c.storey_class
                            AND t.diameter = c.diameter END
            ORDER BY t.effective_from DESC LIMIT 1) t
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

# The batch's new bills, kept for its demands in a temporary table (not WAL-logged, dropped at
# the batch's commit): the demands are raised from exactly the rows inserted, without reading
# the bills table back (nor needing fresh statistics on it to do so).
STAGE = """
    CREATE TEMPORARY TABLE wb_batch_bills (
        bill_id bigint, connection_id bigint, citizen_id bigint, number text,
        water numeric(14, 2), sewerage numeric(14, 2)
    ) ON COMMIT DROP
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
        RETURNING id, connection_id, citizen_id, water_charge + roundoff AS water, sewerage
    )
    INSERT INTO wb_batch_bills (bill_id, connection_id, citizen_id, number, water, sewerage)
    SELECT i.id, i.connection_id, i.citizen_id, f.number, i.water, i.sewerage
    FROM inserted i JOIN figured f ON f.connection_id = i.connection_id
"""

DRY_RUN = """
    SELECT f.ward_id, count(*), COALESCE(sum(f.total), 0),
           count(*) FILTER (WHERE f.is_metered)
    FROM figured f
    WHERE NOT EXISTS (SELECT 1 FROM {bill} b WHERE b.connection_id = f.connection_id
                      AND b.period = %(period)s::date)
    GROUP BY f.ward_id
"""

# The demands of the batch's new bills: water (with its round-off) and sewerage, one a bill.
DEMANDS = """
    SELECT 'WB:' || n.connection_id || ':' || %(label)s AS natural_key, n.citizen_id,
           %(object)s AS object_type, n.bill_id::text AS object_id, n.number AS object_label,
           ARRAY[%(water_head)s, %(sewerage_head)s] AS heads, ARRAY[n.water, n.sewerage] AS amounts
    FROM wb_batch_bills n
"""

# Metered connections on during the month, active and unread: an estimated reading each, the
# average of their last three real months (readings.make_estimate, in one statement).
ESTIMATES = """
    WITH unread AS MATERIALIZED (  -- found first: the look-backs below are for these only
        SELECT c.id, c.pourashava_id FROM {conn} c
        WHERE c.pourashava_id = %(pourashava)s AND c.is_metered AND c.status = 'active'
          AND c.connected_on <= %(month_end)s::date
          AND COALESCE(LEAST(c.disconnected_on, c.closed_on), 'infinity'::date)
              > %(period)s::date
          AND NOT EXISTS (SELECT 1 FROM {reading} e
                          WHERE e.connection_id = c.id AND e.period = %(period)s::date)
    )
    INSERT INTO {reading} (pourashava_id, connection_id, meter_id, period, reading_date,
        reading, status, consumption_kl, carry_kl, source, created_at)
    SELECT u.pourashava_id, u.id, m.id, %(period)s::date, %(today)s::date, NULL, 'estimated',
           COALESCE(round(h.average, 3), 0), 0, 'estimate', %(now)s
    FROM unread u
    LEFT JOIN LATERAL (
        SELECT m.id FROM {meter} m WHERE m.connection_id = u.id AND m.status <> 'removed'
        ORDER BY m.installed_on DESC, m.id DESC LIMIT 1) m ON true
    LEFT JOIN LATERAL (
        SELECT avg(last3.consumption_kl) AS average FROM (
            SELECT r.consumption_kl FROM {reading} r
            WHERE r.connection_id = u.id AND r.period < %(period)s::date
              AND r.status IN ('normal', 'rollover', 'replaced')
            ORDER BY r.period DESC LIMIT 3) last3) h ON true
    ON CONFLICT (connection_id, period) DO NOTHING
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
    """Compute and insert the batch's bills (skipping those already there) and stage the new
    ones for raise_demands, in the caller's transaction; how many were inserted."""
    params = {
        **_params(pourashava_id, period, after, upto),
        "run": run_id,
        "issue": issue,
        "due": due,
    }
    with db.cursor() as cursor:
        # Left by an earlier batch only when the caller's transaction spans batches (tests).
        cursor.execute("DROP TABLE IF EXISTS pg_temp.wb_batch_bills")
        cursor.execute(STAGE)
        cursor.execute(_sql(CALC, INSERT_BILLS), params)
        return cursor.rowcount


def raise_demands(*, pourashava_id: int, period: date, due: date) -> BulkResult:
    """The demands of the bills insert_bills just staged, through the payment layer."""
    raised = raise_demands_from_query(
        pourashava_id=pourashava_id,
        service_code=SERVICE_CODE,
        fiscal_year=FiscalYear.of(period).label,
        month=period.month,
        due_date=due,
        source_sql=DEMANDS,
        params={
            "label": f"{period:%Y-%m}",
            "object": BILL_OBJECT,
            "water_head": WATER_BILL,
            "sewerage_head": SEWERAGE,
        },
    )
    with db.cursor() as cursor:
        cursor.execute("DROP TABLE pg_temp.wb_batch_bills")
    return raised


def make_estimates(*, pourashava_id: int, period: date, today: date, now: datetime) -> int:
    """The month's estimated readings for the unread metered connections; how many."""
    params = {**_params(pourashava_id, period, 0, 0), "today": today, "now": now}
    with db.cursor() as cursor:
        cursor.execute(_sql(ESTIMATES), params)
        return cursor.rowcount


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
