"""Demo assessments and demands (DEMO DATA): every demo holding is assessed from last fiscal
year; places of worship are exempt from the holding-tax head; last year's fourth quarter
(arrears) and this year's quarters so far are raised, so demo citizens have dues to pay."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from backend.identity.models import User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from services.holding_tax.models import Exemption
from services.holding_tax.services.assessment import assess_holding
from services.holding_tax.services.generation import execute_run, start_run
from services.property.models import Holding, Particulars, Use


def load(out: Callable[[str], None]) -> None:
    actor = User.objects.filter(username="admin").first()
    if actor is None:
        out("holding tax demo: skipped (no admin user from the identity demo)")
        return
    current = FiscalYear.of(timezone.localdate())
    last = current.previous()
    worship = Particulars.objects.filter(use=Use.RELIGIOUS, valid_to__isnull=True)
    for particulars in worship.select_related("holding"):
        Exemption.objects.get_or_create(
            holding=particulars.holding,
            pourashava_id=particulars.pourashava_id,
            heads=["holding_tax"],
            defaults={
                "reason": "Place of worship (demo)",
                "order_reference": "DEMO/ORDER/1",
                "from_fiscal_year": last.label,
                "granted_by": actor,
            },
        )
    assessed = 0
    # Only the pilot pourashavas' demo holdings (not, say, a benchmark's synthetic ones).
    demo_holdings = Holding.objects.filter(pourashava__is_active=True)
    unassessed = demo_holdings.exclude(assessments__superseded=False).select_related(
        "pourashava", "ward"
    )
    for holding in unassessed:
        with transaction.atomic():
            assess_holding(holding=holding, fiscal_year=last, actor=actor)
        assessed += 1
    periods = [(last, 4)] + [
        (current, q) for q in range(1, current.quarter_of(timezone.localdate()) + 1)
    ]
    raised = 0
    pourashava_ids = demo_holdings.values_list("pourashava_id", flat=True).distinct()
    for pourashava in Pourashava.objects.filter(pk__in=pourashava_ids):
        for fiscal_year, quarter in periods:
            run = start_run(
                pourashava=pourashava, fiscal_year=fiscal_year, quarter=quarter, actor=actor
            )
            before = run.demands_raised
            raised += execute_run(run).demands_raised - before
    out(f"holding tax demo: {assessed} holdings assessed, {raised} quarterly demands raised")
