"""Short, typed, per-pourashava identifiers: NAT-TL-2025-26-000123."""

from django.db import transaction
from django.db.models import F

from backend.common.models import Counter
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava


def next_number(*, pourashava: Pourashava, series: str, fiscal_year: FiscalYear) -> str:
    """The next number in a series. Must run inside the transaction that uses the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that uses the number")
    counter, _ = Counter.objects.select_for_update().get_or_create(
        pourashava=pourashava, series=series, fiscal_year=fiscal_year.label
    )
    Counter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    counter.refresh_from_db(fields=["value"])
    return f"{pourashava.code}-{series}-{fiscal_year.label}-{counter.value:06d}"
