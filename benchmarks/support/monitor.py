"""The synthetic national set for the revenue monitor's benchmark (benchmarks/bench_monitor):
330 pourashavas of 10 wards, BENCH_MONITOR_DEMANDS demands (default 10,000,000, one head line
each, over four fiscal years and the last two years of days) of which BENCH_MONITOR_PAYMENTS
(default 5,000,000) are paid in full by one settled payment each (receipt and receipt line
included), spread over the five channels. Made once in SQL (generate_series), then reused; the
facts are backfilled set-based and each pourashava's arrears snapshotted.

Pourashava codes start with "Q" and are inactive, so the beat job and the demo leave them be."""

import os
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
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
    from backend.monitor.models import ArrearsSector, SectorMonth

    if remade or not (
        SectorMonth.objects.filter(pourashava_id__in=ids).exists()
        and ArrearsSector.objects.filter(pourashava_id__in=ids).exists()
    ):
        _facts(ids, out)
    _targets(places, FiscalYear.of(timezone.localdate()).start_year)
    return NationalSet(ids, demands, payments, time.perf_counter() - started)


def _make(ids, places, demands: int, payments: int, out) -> None:
    _clear()
    wards = dict(
        Ward.objects.filter(pourashava__in=places, number=1).values_list("pourashava_id", "pk")
    )
    ward_base = [wards[pk] for pk in ids]  # wards 1..10 of a pourashava have consecutive ids
    current = FiscalYear.of(timezone.localdate()).start_year
    pid = f"(ARRAY{ids})[1 + i %% {POURASHAVAS}]"
    ward = f"(ARRAY{ward_base})[1 + i %% {POURASHAVAS}] + (i / {POURASHAVAS}) %% {WARDS}"
    fy = f"({current} - (ARRAY[0,0,0,1,1,2,3])[1 + (i / 7) %% 7])"
    label = f"{fy}::text || '-' || lpad((({fy} + 1) %% 100)::text, 2, '0')"
    created = (
        "now() - ((i::bigint * 7919) %% 730) * interval '1 day'"
        " - ((i %% 600) * interval '1 minute')"
    )
    amount = "round(100 + ((i::bigint * 7919) %% 500000) / 100.0, 2)"
    head = f"(ARRAY{list(HEADS)})[1 + i %% {len(HEADS)}]"
    channel = f"(ARRAY{list(CHANNELS)})[1 + (i / 3) %% {len(CHANNELS)}]"
    with connection.cursor() as cursor:
        out(f"monitor bench: making {demands:,} demands and {payments:,} payments")
        cursor.execute(
            f"""
            INSERT INTO payments_demand (pourashava_id, citizen_id, service_code, object_type,
                object_id, object_label, natural_key, fiscal_year, period_quarter, period_month,
                due_date, status, created_at, updated_at)
            SELECT {pid}, NULL, %s, %s, ({ward})::text, '', 'b' || i, {label}, NULL, NULL,
                   make_date({fy}, 9, 30), CASE WHEN i <= %s THEN 'paid' ELSE 'open' END,
                   {created}, now()
            FROM generate_series(1, %s) AS i
            """,
            [SERVICE, SERVICE, payments, demands],
        )
        cursor.execute(
            f"""
            INSERT INTO payments_demandline (pourashava_id, demand_id, head_id, amount,
                amount_paid)
            SELECT d.pourashava_id, d.id, {head}, {amount},
                   CASE WHEN i <= %s THEN {amount} ELSE 0 END
            FROM payments_demand d, LATERAL (SELECT substr(d.natural_key, 2)::int AS i) AS n
            WHERE d.service_code = %s
            """,
            [payments, SERVICE],
        )
        cursor.execute(
            f"""
            INSERT INTO payments_payment (pourashava_id, citizen_id, bill_id, channel, reference,
                amount, currency, status, gateway_reference, gateway_transaction_id,
                redirect_url, flag_reason, collector_id, udc_centre_id, assisted_session_id,
                initiated_by_id, created_at, settled_at)
            SELECT d.pourashava_id, NULL, NULL, {channel}, 'BM' || i, {amount}, 'BDT', 'settled',
                   '', NULL, '', '', NULL, NULL, NULL, NULL,
                   d.created_at + interval '1 hour', d.created_at + interval '1 hour'
            FROM payments_demand d, LATERAL (SELECT substr(d.natural_key, 2)::int AS i) AS n
            WHERE d.service_code = %s AND d.status = 'paid'
            """,
            [SERVICE],
        )
        cursor.execute(
            """
            INSERT INTO payments_receipt (pourashava_id, number, fiscal_year, payment_id,
                citizen_id, payer_name_en, payer_name_bn, total, channel, paid_at, issued_at,
                collector_id, udc_centre_id, document_token)
            SELECT p.pourashava_id, 'BMR' || substr(p.reference, 3), '', p.id, NULL, '', '',
                   p.amount, p.channel, p.settled_at, p.settled_at, NULL, NULL, ''
            FROM payments_payment p WHERE p.reference LIKE 'BM%%' AND p.reference NOT LIKE 'BMR%%'
            """
        )
        cursor.execute(
            """
            INSERT INTO payments_receiptline (pourashava_id, receipt_id, demand_id, head_id, amount)
            SELECT r.pourashava_id, r.id, d.id, l.head_id, l.amount
            FROM payments_receipt r
            JOIN payments_demand d ON d.pourashava_id = r.pourashava_id
                 AND d.service_code = %s AND d.natural_key = 'b' || substr(r.number, 4)
            JOIN payments_demandline l ON l.demand_id = d.id
            WHERE r.number LIKE 'BMR%%'
            """,
            [SERVICE],
        )
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
        ):
            cursor.execute(f"ANALYZE {table}")


def _targets(places, current: int) -> None:
    from decimal import Decimal

    from backend.monitor.models import RevenueTarget, TargetMonth
    from backend.monitor.services.targets import even_split

    own = [h for h in HEADS if h != "vat"]
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


def _clear() -> None:
    """Remove a previous (other-sized) set: facts and payment rows of the bench service."""
    with transaction.atomic(), connection.cursor() as cursor:
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
