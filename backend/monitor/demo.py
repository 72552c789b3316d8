"""Demo data of the revenue monitor: a national and a district viewer, revenue targets for the
pilot pourashavas (DEMO values, marked as such), and the facts, arrears snapshot and computed
indicators for whatever demo data the apps loaded before this one hold. Idempotent.

The services' demo data load after this app (INSTALLED_APPS order): run
`manage.py monitor_build_facts --days 400` after `load_demo_data` to include them (the beat job
does the same for today and yesterday on its own)."""

from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from backend.identity.demo import DEMO_PASSWORD, PILOT_CODES
from backend.identity.models import Role, RoleAssignment, User
from backend.monitor.services.indicators import compute_recent_quarters
from backend.monitor.services.jobs import build_days_with_activity
from backend.monitor.services.targets import set_target
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.payments.models import RevenueHead
from backend.payments.services.demands import sync_revenue_heads

DEMO_NOTE = "DEMO value: not a real target."
# Annual demo targets in taka per head; split like last year's collection where there was any.
DEMO_TARGETS = {
    "holding_tax": Decimal("2400000.00"),
    "trade_license_fee": Decimal("600000.00"),
    "certificate_fee": Decimal("120000.00"),
    "lease_rent": Decimal("900000.00"),
}
VIEWERS = (
    ("lgd.viewer", "LGD national viewer (demo)", Role.NATIONAL_VIEWER, ""),
    ("natore.district", "Natore district viewer (demo)", Role.DISTRICT_VIEWER, "Natore"),
)


def _viewers() -> list[str]:
    made = []
    password = make_password(DEMO_PASSWORD)
    for username, name, role, district in VIEWERS:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"full_name": name, "password": password, "is_staff": True}
        )
        RoleAssignment.objects.get_or_create(user=user, role=role, district_en=district)
        made.append(f"{username} ({role}{', ' + district if district else ''})")
    return made


def load(out: Callable[[str], None]) -> None:
    sync_revenue_heads()
    logins = _viewers()
    ministry = User.objects.get(username="lgd.viewer")
    fy = FiscalYear.of(timezone.localdate()).label
    pilots = list(Pourashava.objects.filter(code__in=PILOT_CODES))
    heads = {h.code: h for h in RevenueHead.objects.filter(code__in=DEMO_TARGETS)}
    for place in pilots:
        for code, amount in DEMO_TARGETS.items():
            set_target(
                actor=ministry,
                pourashava=place,
                fiscal_year=fy,
                head=heads[code],
                amount=amount,
                split="last_year",
                note=DEMO_NOTE,
            )
    ids = [p.pk for p in pilots]
    days = build_days_with_activity(ids, days=400)
    indicators = compute_recent_quarters(pourashava_ids=ids) if ids else 0
    out(
        f"Monitor demo: logins {', '.join(logins)} (password {DEMO_PASSWORD}); demo targets for "
        f"{len(pilots)} pilot pourashavas ({fy}); facts of {days} pourashava-days; "
        f"{indicators} indicator values."
    )
