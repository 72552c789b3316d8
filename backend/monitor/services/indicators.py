"""Quarterly e-governance indicators: the national list (Indicator) kept in step with the
computed ones registered, and each pourashava's computed achievements written for a quarter.
Targets, comments and the achievements of entered indicators are typed in the panel."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backend.monitor.indicators import average_days_to_issue
from backend.monitor.models import Indicator, IndicatorValue
from backend.monitor.registry import ComputedIndicator, computed_indicators
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.workflow.definitions import registered_workflows


def _per_service() -> list[ComputedIndicator]:
    """Average days to issue, one line per registered workflow (service)."""
    out = []
    for definition in registered_workflows():
        kind = definition.kind

        def compute(pid: int, start: date, end: date, kind: str = kind) -> Decimal | None:
            return average_days_to_issue(pid, start, end, kind)

        out.append(
            ComputedIndicator(
                f"[E.4.{kind}]"[:20],
                f"Average days to issue: {definition.title.en}",
                f"সেবা প্রদানে গড় দিন: {definition.title.bn}",
                "days",
                Decimal(0),
                compute,
            )
        )
    return out


def all_computed() -> list[ComputedIndicator]:
    return [*computed_indicators(), *_per_service()]


def sync_indicators() -> dict[str, ComputedIndicator]:
    """Create or refresh the Indicator rows of the computed indicators; returns them by code."""
    found = {}
    for order, spec in enumerate(all_computed(), start=1):
        Indicator.objects.update_or_create(
            code=spec.code,
            defaults={
                "text_en": spec.text_en,
                "text_bn": spec.text_bn,
                "unit": spec.unit,
                "weight": spec.weight,
                "computed": True,
                "order": order,
            },
        )
        found[spec.code] = spec
    return found


def compute_quarter(pourashava_id: int, fiscal_year: str, quarter: int) -> int:
    """Write the computed achievements of one pourashava and quarter (target and comment kept).
    Returns how many values were written."""
    start, end = FiscalYear.parse(fiscal_year).quarter_bounds(quarter)
    specs = sync_indicators()
    now = timezone.now()
    written = 0
    with transaction.atomic():
        for code, spec in specs.items():
            value = spec.compute(pourashava_id, start, end)
            IndicatorValue.objects.update_or_create(
                pourashava_id=pourashava_id,
                indicator_id=code,
                fiscal_year=fiscal_year,
                quarter=quarter,
                defaults={"achievement": value, "computed_at": now},
            )
            written += 1
    return written


def compute_recent_quarters(today: date | None = None, pourashava_ids=None) -> int:
    """The current and the previous quarter, for every active pourashava (the beat job)."""
    today = today or timezone.localdate()
    quarters = []
    for day in (today, today - timedelta(days=92)):
        fy = FiscalYear.of(day)
        quarters.append((fy.label, fy.quarter_of(day)))
    ids = pourashava_ids or Pourashava.objects.filter(is_active=True).values_list("pk", flat=True)
    return sum(compute_quarter(pk, fy, q) for pk in ids for fy, q in dict.fromkeys(quarters))
