"""Water billing demo data (DEMO VALUES, not gazetted tariffs): per pilot pourashava, settings,
a flat and a metered tariff and the one-off fees, shaped on Chuadanga, Habiganj, Ellenga and
Manikganj (next-services.md §1) and marked `is_demo`; its meter reader and water superintendent
logins (the identity demo's, made here if missing); and a flat connection for demo citizen
01711000001 on one of their Natore holdings. Idempotent: a pourashava with tariff rows keeps
them."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal as D

from django.contrib.auth.hashers import make_password
from django.db import transaction

from backend.identity import demo as identity_demo
from backend.identity.models import Citizen, Role, User
from backend.municipality.models import Pourashava
from services.property.models import Holding
from services.water_billing.models import Basis, Connection, Fee, Source, Tariff, WaterSettings

# In Bangla, as clerks read it: "demo values, not a gazetted tariff".
DEMO_REF = "ডেমো মান - গেজেটভুক্ত ট্যারিফ নয়"
SINCE = date(2024, 7, 1)
FLAT_ROWS = (  # (storey class, diameter, monthly, per extra flat)
    ("single", "0.5", "250.00", "100.00"),
    ("multi", "0.5", "350.00", "100.00"),
    ("single", "0.75", "400.00", "100.00"),
    ("multi", "0.75", "500.00", "100.00"),
    ("single", "1", "700.00", "100.00"),
    ("multi", "1", "900.00", "100.00"),
)
SLABS = [
    {"upto_kl": "30", "rate": "10.00"},
    {"upto_kl": "60", "rate": "14.00"},
    {"upto_kl": None, "rate": "18.00"},
]
FEES = (  # (fee, diameter, amount)
    ("connection", "0.5", "1200.00"),
    ("connection", "0.75", "1800.00"),
    ("connection", "1", "2500.00"),
    ("reconnection", "any", "500.00"),
    ("name_change", "any", "1000.00"),
    ("diameter_change", "any", "800.00"),
    ("category_change", "any", "800.00"),
    ("road_cutting", "any", "1500.00"),
    ("meter", "any", "2500.00"),
)
DEMO_CITIZEN = "01711000001"


def _rates(pourashava: Pourashava) -> bool:
    if Tariff.objects.filter(pourashava=pourashava).exists():
        return False
    common = {
        "pourashava": pourashava,
        "effective_from": SINCE,
        "gazette_ref": DEMO_REF,
        "is_demo": True,
    }
    rows = [
        Tariff(
            basis=Basis.FLAT,
            category=category,
            storey_class=storey,
            diameter=diameter,
            monthly_amount=D(monthly) * (2 if category == "commercial" else 1),
            per_extra_flat=D(extra),
            **common,
        )
        for category in ("residential", "commercial")
        for storey, diameter, monthly, extra in FLAT_ROWS
    ]
    rows += [
        Tariff(
            basis=Basis.METERED,
            category=category,
            slabs=SLABS,
            minimum_charge=D("300.00"),
            sewerage_percent=D("0"),
            **common,
        )
        for category in ("residential", "commercial")
    ]
    Tariff.objects.bulk_create(rows)
    if not Fee.objects.filter(pourashava=pourashava).exists():
        Fee.objects.bulk_create(
            Fee(code=code, diameter=diameter, amount=D(amount), **common)
            for code, diameter, amount in FEES
        )
    return True


def _staff(pourashava: Pourashava, password_hash: str) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return
    prefix = pourashava.code.lower()
    for role in (Role.METER_READER, Role.WATER_SUPERINTENDENT):
        user, _ = identity_demo._user(
            f"{prefix}.{role.value}", f"{pourashava.name_en} {role.label} (demo)", password_hash
        )
        identity_demo._assign(user, role, pourashava=pourashava, granted_by=admin)


def _demo_connection() -> bool:
    citizen = Citizen.objects.filter(mobile=DEMO_CITIZEN).first()
    holding = (
        Holding.objects.filter(
            pourashava__code="NAT",
            ownerships__mobile=DEMO_CITIZEN,
            ownerships__valid_to__isnull=True,
        )
        .select_related("pourashava", "ward")
        .order_by("pk")
        .first()
    )
    if citizen is None or holding is None or Connection.objects.filter(holding=holding).exists():
        return False
    Connection.objects.create(
        pourashava=holding.pourashava,
        ward=holding.ward,
        holding=holding,
        citizen=citizen,
        number="NAT-WC-DEMO-000001",
        consumer_name=citizen.name_en or "Demo citizen",
        category="residential",
        storey_class="single",
        diameter="0.5",
        is_metered=False,
        connected_on=SINCE,
        source=Source.MIGRATION,
    )
    return True


def load(out: Callable[[str], None]) -> None:
    with transaction.atomic():
        password_hash = make_password(identity_demo.DEMO_PASSWORD)
        seeded = 0
        pilots = Pourashava.objects.filter(code__in=identity_demo.PILOT_CODES).order_by("code")
        for pourashava in pilots:
            WaterSettings.objects.get_or_create(pourashava=pourashava, defaults={"is_demo": True})
            seeded += _rates(pourashava)
            _staff(pourashava, password_hash)
        connected = _demo_connection()
    out(
        f"water billing demo: demo tariffs and fees for {seeded} pourashavas (DEMO VALUES), "
        f"{'a' if connected else 'no new'} connection for demo citizen {DEMO_CITIZEN}"
    )
