"""A demo fee for each demo citizen (created by backend/identity/demo.py), beside the holding
tax the holding tax demo raises. Idempotent: demands are raised by natural key."""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from backend.identity.models import Citizen
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.payments.services.demands import raise_demand, sync_revenue_heads

DEMO_MOBILES = ["01711000001", "01711000002", "01711000003"]


def load(out: Callable[[str], None] | None = None) -> None:
    sync_revenue_heads()
    citizens = list(Citizen.objects.filter(mobile__in=DEMO_MOBILES).order_by("mobile"))
    pourashava = (
        Pourashava.objects.filter(code="NAT").first() or Pourashava.objects.order_by("code").first()
    )
    if not citizens or pourashava is None:
        if out is not None:
            out("payments demo: no demo citizens or pourashavas yet; nothing loaded")
        return
    today = timezone.localdate()
    fy = FiscalYear.of(today)
    for n, citizen in enumerate(citizens, start=1):
        raise_demand(
            pourashava=pourashava,
            service_code="demo",
            citizen=citizen,
            natural_key=f"demo-certificate-{citizen.mobile}",
            lines={"certificate_fee": "100.00"},
            due_date=today + timedelta(days=30),
            fiscal_year=fy.label,
            object_type="demo",
            object_id=str(n),
            object_label=f"Demo certificate fee {pourashava.code}-{n}",
        )
    if out is not None:
        out(f"payments demo: a fee due for {len(citizens)} demo citizens in {pourashava.code}")
