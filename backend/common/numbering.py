"""Short, typed, per-pourashava identifiers: NAT-TL-2025-26-000123."""

from django.db import transaction
from django.db.models import F

from backend.common.models import Counter
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava


def next_number(*, pourashava: Pourashava, series: str, fiscal_year: FiscalYear | str) -> str:
    """The next number in a series. Must run inside the transaction that uses the number, so a
    rolled-back use-case gives its number back: no gaps."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that uses the number")
    label = fiscal_year if isinstance(fiscal_year, str) else fiscal_year.label
    # INSERT ... ON CONFLICT DO NOTHING: the first use of a counter cannot race into an error.
    Counter.objects.bulk_create(
        [Counter(pourashava=pourashava, series=series, fiscal_year=label)], ignore_conflicts=True
    )
    counter = Counter.objects.select_for_update().get(
        pourashava=pourashava, series=series, fiscal_year=label
    )
    Counter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    return f"{pourashava.code}-{series}-{label}-{counter.value + 1:06d}"
