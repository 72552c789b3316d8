"""The synthetic national set for the revenue monitor's benchmark (benchmarks/bench_monitor):
330 pourashavas of 10 wards, BENCH_MONITOR_DEMANDS demands (default 10,000,000, one head line
each, over four fiscal years and the last two years of days) of which BENCH_MONITOR_PAYMENTS
(default 5,000,000) are paid in full by one settled payment each (receipt and receipt line
included), spread over the five channels. Made once in SQL (generate_series), then reused; the
facts are backfilled set-based and each pourashava's arrears snapshotted.

Pourashava codes start with "Q" and are inactive, so the beat job and the demo leave them be."""

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from backend.monitor.registry import WardSource, register_ward_source
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava, Ward

POURASHAVAS = 330
WARDS = 10
HEADS = (
    "holding_tax",
    "conservancy",
    "water",
    "trade_license_fee",
    "certificate_fee",
    "lease_rent",
    "connection_fee",
    "vat",
)
CHANNELS = ("bkash", "nagad", "sslcommerz", "counter", "udc")
SERVICE = "bench_monitor"
# A bench demand's object is its ward itself (object_id = the ward's id).
register_ward_source(WardSource(SERVICE, model="municipality.Ward", ward_column="id"))


@dataclass(frozen=True)
class NationalSet:
    pourashava_ids: list[int]
    demands: int
    payments: int
    made_seconds: float


def sizes() -> tuple[int, int]:
    demands = int(os.environ.get("BENCH_MONITOR_DEMANDS", 10_000_000))
    payments = int(os.environ.get("BENCH_MONITOR_PAYMENTS", demands // 2))
    return demands, min(payments, demands)


def _pourashavas() -> list[Pourashava]:
    existing = {p.code: p for p in Pourashava.objects.filter(code__startswith="Q")}
    made = []
    for n in range(POURASHAVAS):
        code = f"Q{n:03d}"
        if code not in existing:
            made.append(
                Pourashava(
                    code=code,
                    name_en=f"Benchmark {code}",
                    name_bn=f"বেঞ্চমার্ক {code}",
                    pourashava_class="ABC"[n % 3],
                    district_en=f"Bench district {n % 64}",
                    district_bn=f"বেঞ্চ জেলা {n % 64}",
                    upazila_en="-",
                    upazila_bn="-",
                    is_active=False,
                    description="Synthetic data made by the monitor benchmark.",
                )
            )
    Pourashava.objects.bulk_create(made)
    places = list(Pourashava.objects.filter(code__startswith="Q").order_by("code"))
    have = set(Ward.objects.filter(pourashava__in=places).values_list("pourashava_id", "number"))
    Ward.objects.bulk_create(
        Ward(pourashava=p, number=w)
        for p in places
        for w in range(1, WARDS + 1)
        if (p.pk, w) not in have
    )
    return places


def _made(demands: int, payments: int) -> bool:
    """The whole set is there (a run stopped half-way is made again)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM payments_demand WHERE service_code = %s", [SERVICE])
        made_demands = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM payments_receipt WHERE number LIKE 'BMR%%'")
        made_receipts = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM payments_receiptline l JOIN payments_receipt r "
            "ON r.id = l.receipt_id WHERE r.number LIKE 'BMR%%'"
        )
        return (made_demands, made_receipts, cursor.fetchone()[0]) == (demands, payments, payments)


def national_set(out=print) -> NationalSet:
    demands, payments = sizes()
    places = _pourashavas()
    ids = [p.pk for p in places]
    started = time.perf_counter()
    remade = not _made(demands, payments)
    if remade:
        _make(ids, places, demands, payments, out)
    if remade or not _facts_made(ids, payments):
        _facts(ids, out)
    current = FiscalYear.of(timezone.localdate()).start_year
    if _targets(places, current):
        # Targets written in bulk: the summary months of their two years are derived again.
        from backend.monitor.services.backfill import backfill_summary

        counts = backfill_summary(FiscalYear(current - 1).start, FiscalYear(current).end)
        out(f"monitor bench: targets set, summary rebuilt {counts}")
    return NationalSet(ids, demands, payments, time.perf_counter() - started)


def _reserve(cursor, table: str, count: int) -> int:
    """Reserve `count` ids of the table's identity sequence; returns the id before the first."""
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
        "nextval(pg_get_serial_sequence(%s, 'id')) + %s) - %s",
        [table, table, count, count],
    )
    return cursor.fetchone()[0]


def _bulk(cursor) -> None:
    """This transaction skips the row-by-row deferred foreign-key checks and the line-check
    triggers (the rows are made consistent by construction) and sorts in memory."""
    cursor.execute("SET LOCAL session_replication_role = replica")
    cursor.execute("SET LOCAL work_mem = '256MB'")
    cursor.execute("SET LOCAL synchronous_commit = off")


def _facts_made(ids: list[int], payments: int) -> bool:
    """The facts, summaries and arrears are those of this set (not of one of another size)."""
    from backend.monitor.models import ArrearsSector, CollectionMonth, SummaryYear

    counted = CollectionMonth.objects.filter(pourashava_id__in=ids).aggregate(n=Sum("payments"))
    return (
        counted["n"] == payments
        and SummaryYear.objects.filter(pourashava_id__in=ids).exists()
        and ArrearsSector.objects.filter(pourashava_id__in=ids, latest=True).exists()
    )


def _make(ids, places, demands: int, payments: int, out) -> None:
    """Every row of demand i (1..demands) and, for i <= payments, of its payment, receipt and
    receipt line is computed from i alone, with ids reserved up front: five INSERT ... SELECT
    FROM generate_series, no joins. Natural keys and numbers are zero-padded so each unique
    index is filled in order."""
    _clear()
    wards = dict(
        Ward.objects.filter(pourashava__in=places, number=1).values_list("pourashava_id", "pk")
    )
    ward_base = [wards[pk] for pk in ids]  # wards 1..10 of a pourashava have consecutive ids
    current = FiscalYear.of(timezone.localdate()).start_year
    now = timezone.now()
    pid = f"(ARRAY{ids})[1 + i %% {POURASHAVAS}]"
    ward = f"(ARRAY{ward_base})[1 + i %% {POURASHAVAS}] + (i / {POURASHAVAS}) %% {WARDS}"
    fy = f"({current} - (ARRAY[0,0,0,1,1,2,3])[1 + (i / 7) %% 7])"
    label = f"{fy}::text || '-' || lpad((({fy} + 1) %% 100)::text, 2, '0')"
    created = (
        "%(now)s::timestamptz - ((i::bigint * 7919) %% 730) * interval '1 day'"
        " - ((i %% 600) * interval '1 minute')"
    )
    paid_at = f"LEAST({created} + interval '1 hour', %(now)s::timestamptz)"
    amount = "round(100 + ((i::bigint * 7919) %% 500000) / 100.0, 2)"
    head = f"(ARRAY{list(HEADS)})[1 + i %% {len(HEADS)}]"
    channel = f"(ARRAY{list(CHANNELS)})[1 + (i / 3) %% {len(CHANNELS)}]"
    key = "lpad(i::text, 9, '0')"
    statements = [
        (
            "demands",
            f"""
            INSERT INTO payments_demand (id, pourashava_id, citizen_id, service_code,
                object_type, object_id, object_label, natural_key, fiscal_year, period_quarter,
                period_month, due_date, status, created_at, updated_at)
            SELECT %(d0)s + i, {pid}, NULL, %(svc)s, %(svc)s, ({ward})::text, '', 'b' || {key},
                   {label}, NULL, NULL, make_date({fy}, 9, 30),
                   CASE WHEN i <= %(paid)s THEN 'paid' ELSE 'open' END, {created}, %(now)s
            FROM generate_series(1, %(demands)s) AS i
            """,
        ),
        (
            "demand lines",
            f"""
            INSERT INTO payments_demandline (id, pourashava_id, demand_id, head_id, amount,
                amount_paid)
            SELECT %(l0)s + i, {pid}, %(d0)s + i, {head}, {amount},
                   CASE WHEN i <= %(paid)s THEN {amount} ELSE 0 END
            FROM generate_series(1, %(demands)s) AS i
            """,
        ),
        (
            "payments",
            f"""
            INSERT INTO payments_payment (id, pourashava_id, citizen_id, bill_id, channel,
                reference, amount, currency, status, gateway_reference, gateway_transaction_id,
                redirect_url, flag_reason, collector_id, udc_centre_id, assisted_session_id,
                initiated_by_id, created_at, settled_at)
            SELECT %(p0)s + i, {pid}, NULL, NULL, {channel}, 'BM' || {key}, {amount}, 'BDT',
                   'settled', '', NULL, '', '', NULL, NULL, NULL, NULL, {paid_at}, {paid_at}
            FROM generate_series(1, %(paid)s) AS i
            """,
        ),
        (
            "receipts",
            f"""
            INSERT INTO payments_receipt (id, pourashava_id, number, fiscal_year, payment_id,
                citizen_id, payer_name_en, payer_name_bn, total, channel, paid_at, issued_at,
                collector_id, udc_centre_id, document_token)
            SELECT %(r0)s + i, {pid}, 'BMR' || {key}, '', %(p0)s + i, NULL, '', '', {amount},
                   {channel}, {paid_at}, {paid_at}, NULL, NULL, ''
            FROM generate_series(1, %(paid)s) AS i
            """,
        ),
        (
            "receipt lines",
            f"""
            INSERT INTO payments_receiptline (id, pourashava_id, receipt_id, demand_id, head_id,
                amount)
            SELECT %(rl0)s + i, {pid}, %(r0)s + i, %(d0)s + i, {head}, {amount}
            FROM generate_series(1, %(paid)s) AS i
            """,
        ),
    ]
    out(f"monitor bench: making {demands:,} demands and {payments:,} payments")
    with transaction.atomic(), connection.cursor() as cursor:
        params = {
            "svc": SERVICE,
            "paid": payments,
            "demands": demands,
            "now": now,
            "d0": _reserve(cursor, "payments_demand", demands),
            "l0": _reserve(cursor, "payments_demandline", demands),
            "p0": _reserve(cursor, "payments_payment", payments),
            "r0": _reserve(cursor, "payments_receipt", payments),
            "rl0": _reserve(cursor, "payments_receiptline", payments),
        }

    # The five tables at once, each on a connection of its own (the foreign-key checks are off,
    # so no table waits for another): on a shared machine this takes a fairer share of it.
    def insert(name: str, sql: str) -> None:
        started = time.perf_counter()
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                _bulk(cursor)
                cursor.execute(sql, params)
            out(f"monitor bench: {name} in {time.perf_counter() - started:.0f} s")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(statements)) as pool:
        for future in [pool.submit(insert, name, sql) for name, sql in statements]:
            future.result()
    _analyze()


def _analyze() -> None:
    with connection.cursor() as cursor:
        for table in (
            "payments_demand",
            "payments_demandline",
            "payments_payment",
            "payments_receipt",
            "payments_receiptline",
        ):
            cursor.execute(f"ANALYZE {table}")


def _facts(ids: list[int], out) -> None:
    from backend.monitor.services.backfill import backfill
    from backend.monitor.services.facts import snapshot_arrears

    today = timezone.localdate()
    counts = backfill(today - timedelta(days=740), today)
    out(f"monitor bench: facts backfilled {counts}")
    for pk in ids:
        snapshot_arrears(pk, today)
    with connection.cursor() as cursor:
        for table in (
            "monitor_collectionfact",
            "monitor_collectionmonth",
            "monitor_sectormonth",
            "monitor_demandmonth",
            "monitor_arrearssnapshot",
            "monitor_arrearssector",
            "monitor_summaryday",
            "monitor_summarymonth",
        ):
            cursor.execute(f"ANALYZE {table}")


def _targets(places, current: int) -> bool:
    """Each own head's target for last year and this, for every pourashava (made once: True
    when made now)."""
    from decimal import Decimal

    from backend.monitor.models import RevenueTarget, TargetMonth
    from backend.monitor.services.targets import even_split

    own = [h for h in HEADS if h != "vat"]
    labels = [FiscalYear(year).label for year in (current - 1, current)]
    have = TargetMonth.objects.filter(pourashava__in=places, fiscal_year__in=labels).count()
    if have == len(places) * len(own) * 12 * len(labels):
        return False
    with transaction.atomic():
        for year in (current - 1, current):
            label = FiscalYear(year).label
            RevenueTarget.objects.filter(pourashava__in=places, fiscal_year=label).delete()
            targets = RevenueTarget.objects.bulk_create(
                RevenueTarget(
                    pourashava=p,
                    fiscal_year=label,
                    head_id=h,
                    amount=Decimal(3_000_000),
                    set_by="ministry",
                    note="Benchmark target.",
                )
                for p in places
                for h in own
            )
            TargetMonth.objects.bulk_create(
                TargetMonth(
                    pourashava_id=t.pourashava_id,
                    target=t,
                    fiscal_year=label,
                    head_id=t.head_id,
                    month=m,
                    amount=a,
                )
                for t in targets
                for m, a in enumerate(even_split(t.amount), start=1)
            )
    return True


def _clear() -> None:
    """Remove a previous (other-sized) set: facts and payment rows of the bench service."""
    with transaction.atomic(), connection.cursor() as cursor:
        _bulk(cursor)
        cursor.execute(
            "DELETE FROM payments_receiptline WHERE receipt_id IN "
            "(SELECT id FROM payments_receipt WHERE number LIKE 'BMR%%')"
        )
        cursor.execute("DELETE FROM payments_receipt WHERE number LIKE 'BMR%%'")
        cursor.execute("DELETE FROM payments_payment WHERE reference LIKE 'BM%%'")
        cursor.execute(
            "DELETE FROM payments_demandline WHERE demand_id IN "
            "(SELECT id FROM payments_demand WHERE service_code = %s)",
            [SERVICE],
        )
        cursor.execute("DELETE FROM payments_demand WHERE service_code = %s", [SERVICE])


def busiest_day(pourashava_id: int):
    """The local day on which the pourashava took the most payments (the rebuild to time)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT day, sum(payments) FROM monitor_collectionfact WHERE pourashava_id = %s "
            "GROUP BY day ORDER BY 2 DESC LIMIT 1",
            [pourashava_id],
        )
        row = cursor.fetchone()
    return row[0], row[1]
