"""Synthetic water connections for the monthly-run benchmark (benchmarks/bench_water_billing),
made in SQL so a million take seconds; the raw-COPY floor of the same rows; and a CSV of
readings for the import figure."""

import time
import tracemalloc
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from unittest import mock

from django.db import connection, transaction

from backend.identity.models import Role, RoleAssignment, User
from backend.municipality.models import Pourashava, Ward
from backend.payments.models import Demand, DemandLine
from services.property.models import Holding
from services.water_billing.models import (
    Basis,
    Bill,
    BillingRun,
    Connection,
    Meter,
    Reading,
    Tariff,
)
from services.water_billing.services import run as run_module
from services.water_billing.services import tariffs
from services.water_billing.services.run import execute_run, start_run
from services.water_billing.tasks import bill_issued_sms

PERIOD = date(2026, 1, 1)
HOLDINGS_PER_WARD = 500
SLABS = [
    {"upto_kl": "30", "rate": "10.00"},
    {"upto_kl": "60", "rate": "14.00"},
    {"upto_kl": None, "rate": "18.00"},
]


@dataclass(frozen=True)
class Measured:
    seconds: float
    bills: int
    lines: int
    python_peak_bytes: int
    sms_queued: int = 0
    sms_seconds: float = 0.0


def _tables() -> dict[str, str]:
    return {
        m.__name__: m._meta.db_table
        for m in (Holding, Connection, Meter, Reading, Bill, BillingRun, Demand, DemandLine)
    }


def synthetic_pourashava(code: str, connections: int) -> Pourashava:
    """A pourashava with `connections` connections (half metered, each read for PERIOD) over
    20 wards' holdings, and its tariffs (made once, then reused)."""
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
    if Connection.objects.filter(pourashava=pourashava).count() == connections:
        if not Meter.objects.filter(pourashava=pourashava).exists():  # made before meters were
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""INSERT INTO {_tables()["Meter"]} (pourashava_id, connection_id, serial,
                        installed_on, initial_reading, max_reading, status)
                    SELECT c.pourashava_id, c.id, 'M-' || c.id, '2020-01-01', 0, 99999, 'working'
                    FROM {_tables()["Connection"]} c WHERE c.pourashava_id = %s AND c.is_metered""",
                    [pourashava.pk],
                )
        return pourashava
    if not Tariff.objects.filter(pourashava=pourashava).exists():
        for storey in ("single", "multi"):
            for diameter, amount in (("0.5", "250.00"), ("0.75", "400.00")):
                tariffs.add_tariff(
                    pourashava=pourashava,
                    basis=Basis.FLAT,
                    category="residential",
                    storey_class=storey,
                    diameter=diameter,
                    effective_from=date(2020, 1, 1),
                    gazette_ref="benchmark",
                    monthly_amount=Decimal(amount),
                    per_extra_flat=Decimal("100.00"),
                )
        tariffs.add_tariff(
            pourashava=pourashava,
            basis=Basis.METERED,
            category="residential",
            effective_from=date(2020, 1, 1),
            gazette_ref="benchmark",
            slabs=SLABS,
            minimum_charge=Decimal("300.00"),
            sewerage_percent=Decimal("10"),
        )
    wards = [Ward.objects.get_or_create(pourashava=pourashava, number=n)[0] for n in range(1, 21)]
    t = _tables()
    holdings = 20 * HOLDINGS_PER_WARD
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {t["Holding"]} (pourashava_id, ward_id, road, number, status,
                created_at)
            SELECT %s, (%s::bigint[])[1 + (g %% 20)], '', 'W' || g, 'active', now()
            FROM generate_series(1, %s) g ON CONFLICT DO NOTHING""",
            [pourashava.pk, [w.pk for w in wards], holdings],
        )
        cursor.execute(
            f"""INSERT INTO {t["Connection"]} (pourashava_id, ward_id, holding_id, citizen_id,
                number, consumer_name, category, storey_class, diameter, extra_flats, is_metered,
                status, connected_on, source)
            SELECT %s, h.ward_id, h.id, NULL, %s || '-WC-' || g, 'Consumer ' || g, 'residential',
                CASE WHEN g %% 3 = 0 THEN 'multi' ELSE 'single' END,
                CASE WHEN g %% 5 = 0 THEN '0.75' ELSE '0.5' END, g %% 3, g %% 2 = 0, 'active',
                CASE WHEN g %% 97 = 0 THEN %s::date + (g %% 28) ELSE '2020-01-01'::date END,
                'migration'
            FROM generate_series(1, %s) g
            JOIN (SELECT id, ward_id, row_number() OVER (ORDER BY id) AS n FROM {t["Holding"]}
                  WHERE pourashava_id = %s) h ON h.n = 1 + (g %% %s)
            ON CONFLICT DO NOTHING""",
            [pourashava.pk, code, PERIOD, connections, pourashava.pk, holdings],
        )
        cursor.execute(
            f"""INSERT INTO {t["Meter"]} (pourashava_id, connection_id, serial, installed_on,
                initial_reading, max_reading, status)
            SELECT c.pourashava_id, c.id, 'M-' || c.id, '2020-01-01', 0, 99999, 'working'
            FROM {t["Connection"]} c WHERE c.pourashava_id = %s AND c.is_metered
              AND NOT EXISTS (SELECT 1 FROM {t["Meter"]} m WHERE m.connection_id = c.id)""",
            [pourashava.pk],
        )
        cursor.execute(
            f"""INSERT INTO {t["Reading"]} (pourashava_id, connection_id, period, reading_date,
                reading, status, consumption_kl, carry_kl, source, created_at)
            SELECT c.pourashava_id, c.id, %s, %s, (c.id %% 90) + 1, 'normal', (c.id %% 90) + 1,
                0, 'office', now()
            FROM {t["Connection"]} c WHERE c.pourashava_id = %s AND c.is_metered
            ON CONFLICT DO NOTHING""",
            [PERIOD, date(2026, 2, 3), pourashava.pk],
        )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {t['Connection']}, {t['Reading']}, {t['Holding']}")
    return pourashava


def clear(pourashava: Pourashava) -> None:
    """Remove the month's bills, their demands and the run (set-based), then vacuum."""
    t = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {t['DemandLine']} l USING {t['Demand']} d WHERE l.demand_id = d.id "
            "AND d.pourashava_id = %s",
            [pourashava.pk],
        )
        for table in (t["Demand"], t["Bill"], t["BillingRun"]):
            cursor.execute(f"DELETE FROM {table} WHERE pourashava_id = %s", [pourashava.pk])
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {t['DemandLine']}, {t['Demand']}, {t['Bill']}")


def run_month(pourashava: Pourashava) -> Measured:
    """Time the month's run for the whole pourashava, tracking Python's peak heap. The run
    ends by queueing its "bill issued" SMS task on commit (a broker message in production; in
    this process, without a broker, the task would run inline): it is queued after the timed
    window instead, and timed on its own."""
    actor, _ = User.objects.get_or_create(username="benchmark", defaults={"is_active": False})
    queued: list[int] = []
    tracemalloc.start()
    with mock.patch.object(run_module, "queue_bill_sms", queued.append):
        started = time.perf_counter()
        billing_run, _ = start_run(pourashava=pourashava, period=PERIOD, actor=actor)
        billing_run = execute_run(billing_run)
        seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.perf_counter()
    sms = sum(bill_issued_sms(run_id) for run_id in sorted(set(queued)))
    sms_seconds = time.perf_counter() - started
    lines = DemandLine.objects.filter(pourashava=pourashava).count()
    return Measured(seconds, billing_run.bills_raised, lines, peak, sms, sms_seconds)


def copy_floor(pourashava: Pourashava, bills: int, lines: int) -> float:
    """Seconds to COPY as many bill, demand and demand-line rows into the same tables (raw, no
    computation); removed again afterwards."""
    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {t['Connection']} WHERE pourashava_id = %s ORDER BY id LIMIT %s",
            [pourashava.pk, bills],
        )
        connection_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [t["Demand"], len(connection_ids)],
        )
        demand_ids = [row[0] for row in cursor.fetchall()]
    floor_period = date(1999, 1, 1)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        bill_columns = (
            "pourashava_id, connection_id, period, days_billed, days_in_month, water_charge, "
            "sewerage, roundoff, total, lines, issue_date, due_date, is_final, estimated"
        )
        with raw.copy(f"COPY {t['Bill']} ({bill_columns}) FROM STDIN") as copy:
            for connection_id in connection_ids:
                copy.write_row(
                    (
                        pourashava.pk,
                        connection_id,
                        floor_period,
                        31,
                        31,
                        "250.00",
                        "0.00",
                        "0.00",
                        "250.00",
                        '[{"code": "water_charge", "amount": "250.00"}]',
                        "1999-02-08",
                        "1999-03-10",
                        False,
                        False,
                    )
                )
        demand_columns = (
            "id, pourashava_id, service_code, object_type, object_id, object_label, "
            "natural_key, fiscal_year, period_month, due_date, status, created_at, updated_at"
        )
        with raw.copy(f"COPY {t['Demand']} ({demand_columns}) FROM STDIN") as copy:
            for demand_id in demand_ids:
                copy.write_row(
                    (
                        demand_id,
                        pourashava.pk,
                        "floor",
                        "water_bill",
                        str(demand_id),
                        f"FLOOR-{demand_id}",
                        f"FLOOR:{demand_id}",
                        "1998-99",
                        1,
                        "1999-03-10",
                        "open",
                        "2026-01-01",
                        "2026-01-01",
                    )
                )
        per_demand = max(1, round(lines / max(len(demand_ids), 1)))
        extra = lines - per_demand * len(demand_ids)
        with raw.copy(
            f"COPY {t['DemandLine']} (pourashava_id, demand_id, head_id, amount, amount_paid) "
            "FROM STDIN"
        ) as copy:
            for index, demand_id in enumerate(demand_ids):
                heads = ["water_bill", "water_sewerage"][: per_demand + (1 if index < extra else 0)]
                for head in heads:
                    copy.write_row((pourashava.pk, demand_id, head, "250.00", "0"))
    seconds = time.perf_counter() - started
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {t['DemandLine']} WHERE demand_id IN "
            f"(SELECT id FROM {t['Demand']} WHERE service_code = 'floor')"
        )
        cursor.execute(f"DELETE FROM {t['Demand']} WHERE service_code = 'floor'")
        cursor.execute(f"DELETE FROM {t['Bill']} WHERE period = %s", [floor_period])
    return seconds


# --- readings from CSV ----------------------------------------------------------------------

READINGS_PERIOD = date(2026, 2, 1)


def reader_for(pourashava: Pourashava) -> User:
    user, _ = User.objects.get_or_create(
        username=f"bench-reader-{pourashava.code}", defaults={"is_staff": True}
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.METER_READER, pourashava=pourashava)
    return user


def readings_csv(pourashava: Pourashava, rows: int) -> str:
    """A month of readings for `rows` metered connections (each 5 to 94 kL on from PERIOD)."""
    numbers = list(
        Connection.objects.filter(pourashava=pourashava, is_metered=True, connected_on__lt=PERIOD)
        .order_by("pk")
        .values_list("number", "pk")[:rows]
    )
    lines = ["connection,period,reading_date,reading,client_id"]
    for number, pk in numbers:
        lines.append(f"{number},2026-02,2026-03-03,{(pk % 90) + 1 + 5 + pk % 40},csv-{pk}")
    return "\n".join(lines) + "\n"


def clear_readings(pourashava: Pourashava) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_tables()['Reading']} WHERE pourashava_id = %s AND period = %s",
            [pourashava.pk, READINGS_PERIOD],
        )


def readings_copy_floor(pourashava: Pourashava, rows: int) -> float:
    """Seconds to COPY as many reading rows into the readings table (removed afterwards)."""
    ids = list(
        Connection.objects.filter(pourashava=pourashava, is_metered=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:rows]
    )
    floor_period = date(1999, 1, 1)
    table = _tables()["Reading"]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        columns = (
            "pourashava_id, connection_id, period, reading_date, reading, status, "
            "consumption_kl, carry_kl, source, created_at"
        )
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk in ids:
                copy.write_row(
                    (
                        pourashava.pk,
                        pk,
                        floor_period,
                        "1999-02-02",
                        "10",
                        "normal",
                        "10",
                        "0",
                        "csv",
                        "2026-01-01",
                    )
                )
    seconds = time.perf_counter() - started
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE period = %s", [floor_period])
    return seconds
