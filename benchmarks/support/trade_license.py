"""Synthetic licences for the trade-licence benchmark (benchmarks/bench_trade_license), made in
SQL so a million rows take seconds: every other licence (odd ids) has a term for the new fiscal
year, so the 1 July job expires the even half. And the job's floor: a raw UPDATE of exactly
those rows, picked by id parity instead of the NOT EXISTS over the terms."""

import time
from datetime import date

from django.db import connection, transaction

from backend.identity.models import Citizen, User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.workflow.models import Application
from services.trade_license.models import (
    ApplicationKind,
    BusinessCategory,
    LicenceTerm,
    TradeApplication,
    TradeLicence,
)

NEW_FY = FiscalYear.of()
OLD_FY = NEW_FY.previous()


def _pourashava(code: str) -> Pourashava:
    return Pourashava.objects.get_or_create(
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
    )[0]


def synthetic_licences(code: str, count: int) -> Pourashava:
    """`count` active licences of one pourashava (made once, then reused)."""
    pourashava = _pourashava(code)
    if TradeLicence.objects.filter(pourashava=pourashava).count() == count:
        return pourashava
    user, _ = User.objects.get_or_create(username="benchmark.trader", defaults={"is_active": False})
    holder, _ = Citizen.objects.get_or_create(mobile="01799000077", defaults={"user": user})
    category, _ = BusinessCategory.objects.get_or_create(
        pourashava=pourashava, code="BENCH", defaults={"name_en": "Bench", "name_bn": "বেঞ্চ"}
    )
    application, _ = Application.objects.get_or_create(
        number=f"{code}-TA-BENCH",
        defaults={"pourashava": pourashava, "kind": "trade_licence", "state": "issued"},
    )
    licence_table = TradeLicence._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {LicenceTerm._meta.db_table} WHERE pourashava_id = %s", [pourashava.pk]
        )
        cursor.execute(
            f"DELETE FROM {TradeApplication._meta.db_table} WHERE pourashava_id = %s",
            [pourashava.pk],
        )
        cursor.execute(f"DELETE FROM {licence_table} WHERE pourashava_id = %s", [pourashava.pk])
        cursor.execute(
            f"""
            INSERT INTO {licence_table} (pourashava_id, licence_no, holder_id, business_name_en,
                business_name_bn, category_id, ownership_kind, signboard_sqft,
                signboard_illuminated, premises_address_en, premises_address_bn, tin, bin, status,
                first_fy, valid_from, valid_to, reminded_for, cancelled_reason, created_at)
            SELECT %s, %s || '-TL-' || g, %s, 'Shop ' || g, 'দোকান', %s, 'proprietor', 0, false,
                '', '', '', '', 'active', %s, %s, %s, '', '', now()
            FROM generate_series(1, %s) g""",
            [
                pourashava.pk,
                code,
                holder.pk,
                category.pk,
                OLD_FY.label,
                OLD_FY.start,
                OLD_FY.end,
                count,
            ],
        )
        detail = TradeApplication.objects.create(
            application=application,
            pourashava=pourashava,
            licence=TradeLicence.objects.filter(pourashava=pourashava).first(),
            kind=ApplicationKind.RENEWAL,
            fiscal_year=NEW_FY.label,
        )
        cursor.execute(
            f"""
            INSERT INTO {LicenceTerm._meta.db_table} (licence_id, pourashava_id, fiscal_year,
                application_id, fee, vat, signboard, source_tax, surcharge, paid_at)
            SELECT id, %s, %s, %s, 500, 75, 0, 500, 0, now()
            FROM {licence_table} WHERE pourashava_id = %s AND id %% 2 = 1""",
            [pourashava.pk, NEW_FY.label, detail.pk, pourashava.pk],
        )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {licence_table}, {LicenceTerm._meta.db_table}")
    return pourashava


def reset(pourashava: Pourashava) -> None:
    """Every licence of the pourashava active again (the state before 1 July)."""
    with transaction.atomic():
        TradeLicence.objects.filter(pourashava=pourashava).exclude(status="active").update(
            status="active", expired_on=None
        )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {TradeLicence._meta.db_table}")


def expire(day: date) -> tuple[float, int]:
    from services.trade_license.tasks import expire_licences

    started = time.perf_counter()
    with transaction.atomic():
        changed = expire_licences(day)
    return time.perf_counter() - started, changed


def floor(pourashava: Pourashava, day: date) -> tuple[float, int]:
    """The same rows updated the same way, picked without looking at the terms."""
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TradeLicence._meta.db_table} SET status = 'expired', expired_on = %s "
            "WHERE pourashava_id = %s AND status = 'active' AND id %% 2 = 0",
            [day, pourashava.pk],
        )
        changed = cursor.rowcount
    return time.perf_counter() - started, changed
