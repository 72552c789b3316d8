"""Synthetic pourashavas for the demand-generation benchmark (benchmarks/bench_demand_generation),
made in SQL so a million holdings take seconds, and the raw-COPY floor of the same rows."""

import time
import tracemalloc
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from backend.identity.models import User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava, Ward
from backend.payments.models import Demand, DemandLine
from services.holding_tax.models import Assessment
from services.holding_tax.services.generation import execute_run, start_run
from services.property.models import Holding, Ownership

FISCAL_YEAR = FiscalYear(2025)
HEADS = ("holding_tax", "conservancy", "lighting", "sewerage", "fire")
RATES = (Decimal("7"), Decimal("7"), Decimal("3"), Decimal("2"), Decimal("0.5"))


@dataclass(frozen=True)
class Measured:
    seconds: float
    demands: int
    lines: int
    python_peak_bytes: int


def synthetic_pourashava(code: str, holdings: int, *, analyze: bool = True) -> Pourashava:
    """A pourashava with `holdings` assessed holdings over 20 wards (made once, then reused).
    `analyze=False` leaves the planner statistics to the caller (one ANALYZE after many)."""
    pourashava, _ = Pourashava.objects.get_or_create(
        code=code,
        defaults={
            "name_en": f"Benchmark {code}",
            "name_bn": f"বেঞ্চমার্ক {code}",
            "pourashava_class": "A",
            "district_en": "-",
            "district_bn": "-",
            "upazila_en": "-",
            "upazila_bn": "-",
            "is_active": False,
            "description": "Synthetic data made by the benchmark.",
        },
    )
    if Assessment.objects.filter(pourashava=pourashava).count() == holdings:
        return pourashava
    actor, _ = User.objects.get_or_create(username="benchmark", defaults={"is_active": False})
    wards = [Ward.objects.get_or_create(pourashava=pourashava, number=n)[0] for n in range(1, 21)]
    tables = {m.__name__: m._meta.db_table for m in (Holding, Ownership, Assessment, Ward)}
    # Annual value varies by holding so amounts differ; tax per head = value x rate / 100.
    tax_json = (
        "jsonb_build_object("
        + ", ".join(
            f"'{head}', round(v.value * {rate} / 100, 2)::text"
            for head, rate in zip(HEADS, RATES, strict=True)
        )
        + ")"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {tables["Holding"]} (pourashava_id, ward_id, road, number, status,
                created_at)
            SELECT %s, (%s::bigint[])[1 + (g %% 20)], '', g::text, 'active', now()
            FROM generate_series(1, %s) g
            ON CONFLICT DO NOTHING""",
            [pourashava.pk, [w.pk for w in wards], holdings],
        )
        cursor.execute(
            f"""
            INSERT INTO {tables["Ownership"]} (holding_id, pourashava_id, name_en, name_bn, nid,
                mobile, share, valid_from, reason)
            SELECT h.id, h.pourashava_id, 'Owner ' || h.number, 'মালিক', '', '', 1,
                '2020-07-01', 'benchmark'
            FROM {tables["Holding"]} h WHERE h.pourashava_id = %s
              AND NOT EXISTS (SELECT 1 FROM {tables["Ownership"]} o WHERE o.holding_id = h.id)
            """,
            [pourashava.pk],
        )
        cursor.execute(
            f"""
            INSERT INTO {tables["Assessment"]} (holding_id, pourashava_id, from_fiscal_year,
                kind, basis, annual_value, annual_tax, working, assessed_by_id, assessed_at,
                superseded)
            SELECT h.id, h.pourashava_id, %s, 'general', 'let', v.value, {tax_json}, '[]',
                %s, now(), false
            FROM {tables["Holding"]} h
            CROSS JOIN LATERAL (SELECT (20000 + (h.id %% 9973) * 13)::numeric AS value) v
            WHERE h.pourashava_id = %s
              AND NOT EXISTS (SELECT 1 FROM {tables["Assessment"]} a WHERE a.holding_id = h.id)
            """,
            [FISCAL_YEAR.previous().label, actor.pk, pourashava.pk],
        )
    if analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return pourashava


def generate(pourashava: Pourashava, quarter: int = 1) -> Measured:
    """Time one quarter's demand run for the whole pourashava, tracking Python's peak heap."""
    actor = User.objects.get(username="benchmark")
    tracemalloc.start()
    started = time.perf_counter()
    run = execute_run(
        start_run(pourashava=pourashava, fiscal_year=FISCAL_YEAR, quarter=quarter, actor=actor)
    )
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    lines = DemandLine.objects.filter(pourashava=pourashava).count()
    return Measured(seconds, run.demands_raised, lines, peak)


def copy_floor(pourashava: Pourashava, demands: int, lines_per_demand: int) -> float:
    """Seconds to COPY the same number of demand and line rows into the same tables (raw, no
    computation); removed again afterwards."""
    demand_table, line_table = Demand._meta.db_table, DemandLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [demand_table, demands],
        )
        ids = [row[0] for row in cursor.fetchall()]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's cursor, for COPY
        columns = (
            "id, pourashava_id, service_code, object_type, object_id, object_label, "
            "natural_key, fiscal_year, period_quarter, due_date, status, created_at, "
            "updated_at"
        )
        with raw.copy(f"COPY {demand_table} ({columns}) FROM STDIN") as copy:
            for demand_id in ids:
                copy.write_row(
                    (
                        demand_id,
                        pourashava.pk,
                        "floor",
                        "holding",
                        str(demand_id),
                        f"FLOOR-{demand_id}",
                        f"FLOOR:{demand_id}",
                        "2025-26",
                        3,
                        "2026-03-31",
                        "open",
                        "2026-01-01",
                        "2026-01-01",
                    )
                )
        with raw.copy(
            f"COPY {line_table} (pourashava_id, demand_id, head_id, amount, amount_paid) FROM STDIN"
        ) as copy:
            for demand_id in ids:
                for head in HEADS[:lines_per_demand]:
                    copy.write_row((pourashava.pk, demand_id, head, "123.45", "0"))
    seconds = time.perf_counter() - started
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {line_table} WHERE demand_id IN "
            f"(SELECT id FROM {demand_table} WHERE service_code = 'floor')"
        )
        cursor.execute(f"DELETE FROM {demand_table} WHERE service_code = 'floor'")
    return seconds


def citizen_with_history(mobile: str = "01799000001", holdings: int = 5) -> str:
    """A citizen owning `holdings` Natore holdings assessed three years back, with every quarter
    since raised and open; returns a JWT access token for them."""
    from rest_framework_simplejwt.tokens import RefreshToken

    from backend.identity.models import Citizen
    from services.holding_tax.services.assessment import assess_holding
    from services.property.models import Occupancy, StructureType, Use
    from services.property.services.holdings import OwnerInput, register_holding

    nat = Pourashava.objects.get(code="NAT")
    actor, _ = User.objects.get_or_create(username="benchmark", defaults={"is_active": False})
    user, _ = User.objects.get_or_create(username=mobile)
    Citizen.objects.get_or_create(user=user, defaults={"mobile": mobile})
    ward = Ward.objects.get(pourashava=nat, number=4)
    start = FISCAL_YEAR.previous().previous()
    for n in range(1, holdings + 1):
        number = f"B{n}"
        if Holding.objects.filter(ward=ward, number=number).exists():
            continue
        with transaction.atomic():
            holding = register_holding(
                pourashava=nat,
                ward=ward,
                number=number,
                valid_from=start.start,
                actor=actor,
                reason="benchmark",
                owners=[
                    OwnerInput(name_en="Bench", name_bn="বেঞ্চ", share=Decimal(1), mobile=mobile)
                ],
                particulars={
                    "land_area_sqft": Decimal(1500),
                    "floor_area_sqft": Decimal(1200),
                    "structure_type": StructureType.PUCCA,
                    "floors": 2,
                    "use": Use.RESIDENTIAL,
                    "occupancy": Occupancy.LET,
                    "monthly_rent": Decimal(9000 + n * 500),
                },
            )
            assess_holding(holding=holding, fiscal_year=start, actor=actor)
    year = start
    while year <= FiscalYear.of(None):
        for quarter in (1, 2, 3, 4):
            execute_run(start_run(pourashava=nat, fiscal_year=year, quarter=quarter, actor=actor))
        year = year.next()
    return str(RefreshToken.for_user(user).access_token)
