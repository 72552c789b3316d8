"""Numbers people read aloud: `NAT-RC-2025-26-000123`. The counter row is locked in the
caller's transaction, so a number is used exactly when the row carrying it commits: no gaps."""

from django.db import transaction

from backend.municipality.models import Pourashava
from backend.payments.models import SequenceCounter


def next_number(*, pourashava: Pourashava, kind: str, fiscal_year: str) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that uses the number")
    # INSERT ... ON CONFLICT DO NOTHING: the first use of a counter cannot race into an error.
    SequenceCounter.objects.bulk_create(
        [SequenceCounter(pourashava=pourashava, kind=kind, fiscal_year=fiscal_year)],
        ignore_conflicts=True,
    )
    counter = SequenceCounter.objects.select_for_update().get(
        pourashava=pourashava, kind=kind, fiscal_year=fiscal_year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{pourashava.code}-{kind}-{fiscal_year}-{counter.last:06d}"
