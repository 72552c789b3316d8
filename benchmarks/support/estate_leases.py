"""The national hat-bazar set for the lease benchmark: 10,273 leasable properties (the FY
2021-22 national count) spread over 330 synthetic pourashavas, each with five Bangla years of
outcomes (about 78% leased, as nationally, the rest directly collected or not operated with a
reason). Made once and reused while the count matches."""

import random
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction

from backend.municipality.models import Pourashava
from services.estate_leases.models import (
    NonLeaseReason,
    Outcome,
    Property,
    PropertyKind,
    YearOutcome,
)

NATIONAL_COUNT = 10_273
POURASHAVAS = 330
YEARS = 5
PREFIX = "BL"  # synthetic pourashava codes BL000..BL329
KINDS = [k.value for k in PropertyKind]
REASONS = [r.value for r in NonLeaseReason]


def _pourashavas() -> list[Pourashava]:
    existing = {p.code: p for p in Pourashava.objects.filter(code__startswith=PREFIX)}
    made = []
    for n in range(POURASHAVAS):
        code = f"{PREFIX}{n:03d}"
        if code not in existing:
            existing[code] = Pourashava.objects.create(
                code=code,
                name_en=f"Bench lease town {n}",
                name_bn=f"বেঞ্চ ইজারা শহর {n}",
                pourashava_class="B",
                district_en="Bench",
                district_bn="বেঞ্চ",
                upazila_en="Bench",
                upazila_bn="বেঞ্চ",
                description="Synthetic benchmark data.",
            )
        made.append(existing[code])
    return made


def national_set(year: int, out: Callable[[str], None]) -> list[int]:
    """The pourashava ids of the set, whose history runs to `year` (made if missing)."""
    started = time.monotonic()
    towns = _pourashavas()
    ids = [p.pk for p in towns]
    have = Property.objects.filter(pourashava_id__in=ids).count()
    latest = (
        YearOutcome.objects.filter(pourashava_id__in=ids)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if have == NATIONAL_COUNT and latest == year:
        out(f"   lease set reused ({have:,} properties)")
        return ids
    rng = random.Random(1427)
    with transaction.atomic():
        YearOutcome.objects.filter(pourashava_id__in=ids).delete()
        Property.objects.filter(pourashava_id__in=ids).delete()
        props = []
        for n in range(NATIONAL_COUNT):
            kind = KINDS[n % len(KINDS)]
            props.append(
                Property(
                    pourashava=towns[n % POURASHAVAS],
                    code=f"P{n:05d}",
                    name_en=f"Bench market {n}",
                    name_bn=f"বেঞ্চ বাজার {n}",
                    kind=kind,
                    dc_approval_ref="BENCH/DC" if kind in ("hat_bazar", "temp_cattle_hat") else "",
                    is_demo=True,
                )
            )
        Property.objects.bulk_create(props, batch_size=2000)
        rows = []
        for prop in props:
            base = rng.randint(50, 5000) * 1000
            for y in range(year - YEARS + 1, year + 1):
                roll = rng.random()
                outcome = (
                    Outcome.LEASED
                    if roll < 0.78
                    else Outcome.DIRECT
                    if roll < 0.95
                    else Outcome.NOT_OPERATED
                )
                value = (
                    None
                    if outcome == Outcome.NOT_OPERATED
                    else Decimal(base * rng.randint(80, 130) // 100)
                )
                rows.append(
                    YearOutcome(
                        pourashava_id=prop.pourashava_id,
                        property=prop,
                        year=y,
                        outcome=outcome,
                        reason="" if outcome == Outcome.LEASED else rng.choice(REASONS),
                        realised_value=value,
                        is_demo=True,
                    )
                )
        YearOutcome.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE estate_leases_property, estate_leases_yearoutcome")
    seconds = time.monotonic() - started
    out(
        f"   lease set made ({NATIONAL_COUNT:,} properties, {len(rows):,} years) in {seconds:.0f} s"
    )
    return ids
