"""Short, typed, per-pourashava identifiers: NAT-TL-2025-26-000123."""

from django.db import connection, transaction
from django.db.models import F

from backend.common.models import Counter
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava

# One statement on PostgreSQL: create the counter at 1, or add 1 under the row lock the upsert
# takes (held to the caller's commit, like the SELECT ... FOR UPDATE it replaces): the same
# guarantees in one round trip instead of three.
_UPSERT = (
    "INSERT INTO common_counter AS c (pourashava_id, series, fiscal_year, value) "
    "VALUES (%s, %s, %s, 1) ON CONFLICT (pourashava_id, series, fiscal_year) "
    "DO UPDATE SET value = c.value + 1 RETURNING c.value"
)


def next_number(*, pourashava: Pourashava, series: str, fiscal_year: FiscalYear | str) -> str:
    """The next number in a series. Must run inside the transaction that uses the number, so a
    rolled-back use-case gives its number back: no gaps."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that uses the number")
    label = fiscal_year if isinstance(fiscal_year, str) else fiscal_year.label
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT, [pourashava.pk, series, label])
            (value,) = cursor.fetchone()
        return f"{pourashava.code}-{series}-{label}-{value:06d}"
    # INSERT ... ON CONFLICT DO NOTHING: the first use of a counter cannot race into an error.
    Counter.objects.bulk_create(
        [Counter(pourashava=pourashava, series=series, fiscal_year=label)], ignore_conflicts=True
    )
    counter = Counter.objects.select_for_update().get(
        pourashava=pourashava, series=series, fiscal_year=label
    )
    Counter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    return f"{pourashava.code}-{series}-{label}-{counter.value + 1:06d}"
