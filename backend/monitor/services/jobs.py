"""The beat job: today's and yesterday's facts for every active pourashava, plus every day a late
settlement, a refund or a cancelled demand changed since the last run (marked by signal in
DirtyDay, and found again by re-scanning payments settled since the job's watermark, in case a
bulk write bypassed the signal). Optionally the arrears snapshot (nightly)."""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from backend.monitor.models import BuildState, DirtyDay
from backend.monitor.services.facts import rebuild_days, snapshot_arrears
from backend.monitor.services.sql import local_day
from backend.municipality.models import Pourashava
from backend.payments.models import Payment, PaymentStatus

WATERMARK = "settled_since"
# A settlement is looked for this far back by its start (an index on status, created_at): a
# gateway confirmation later than this is caught by the signal only.
RESCAN_DAYS = 35


def mark_dirty(pourashava_id: int, day: date) -> None:
    DirtyDay.objects.bulk_create(
        [DirtyDay(pourashava_id=pourashava_id, day=day)], ignore_conflicts=True
    )


def _late_settled(since: datetime, now: datetime) -> dict[int, set[date]]:
    """Days of payments settled in [since, now) but started on an earlier day."""
    found: dict[int, set[date]] = defaultdict(set)
    rows = Payment.objects.filter(
        status=PaymentStatus.SETTLED,
        created_at__gte=now - timedelta(days=RESCAN_DAYS),
        settled_at__gte=since,
        settled_at__lt=now,
    ).values_list("pourashava_id", "created_at", "settled_at")
    for pourashava_id, created_at, settled_at in rows.iterator():
        if local_day(created_at) != local_day(settled_at):
            found[pourashava_id].add(local_day(created_at))
    return found


def build_recent(
    *, now: datetime | None = None, snapshot: bool = False, pourashava_ids=None
) -> dict[str, int]:
    now = now or timezone.now()
    today = local_day(now)
    wanted: dict[int, set[date]] = defaultdict(set)
    pourashavas = Pourashava.objects.filter(is_active=True)
    if pourashava_ids is not None:
        pourashavas = pourashavas.filter(pk__in=pourashava_ids)
    active = list(pourashavas.values_list("pk", flat=True))
    for pk in active:
        wanted[pk] |= {today, today - timedelta(days=1)}
    state = BuildState.objects.filter(key=WATERMARK).first()
    since = state.value if state else now - timedelta(days=2)
    for pk, days in _late_settled(since, now).items():
        wanted[pk] |= days
    dirty = list(
        DirtyDay.objects.filter(marked_at__lt=now).values_list("pk", "pourashava_id", "day")
    )
    for _, pk, day in dirty:
        wanted[pk].add(day)
    written = 0
    for pk, days in sorted(wanted.items()):
        written += rebuild_days(pk, days)
    snapshots = 0
    if snapshot:
        for pk in active:
            snapshots += snapshot_arrears(pk, today)
    with transaction.atomic():
        DirtyDay.objects.filter(pk__in=[row[0] for row in dirty]).delete()
        BuildState.objects.update_or_create(key=WATERMARK, defaults={"value": now})
    return {
        "pourashavas": len(wanted),
        "days": sum(len(d) for d in wanted.values()),
        "rows": written,
        "arrears_rows": snapshots,
    }


def build_range(pourashava_ids, start: date, end: date, *, snapshot: bool = True) -> int:
    """Backfill [start, end] for the given pourashavas (the management command)."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    written = 0
    for pk in pourashava_ids:
        written += rebuild_days(pk, days)
        if snapshot:
            written += snapshot_arrears(pk, local_day(timezone.now()))
    return written


def build_days_with_activity(pourashava_ids, *, days: int = 400) -> int:
    """Rebuild every day of the last `days` on which the pourashavas took a payment or raised a
    demand, and snapshot their arrears (demo data, backfills). Returns the pourashava-days."""
    from backend.payments.models import Demand

    now = timezone.now()
    since = now - timedelta(days=days)
    wanted: dict[int, set[date]] = defaultdict(set)
    for model in (Payment, Demand):
        rows = model.objects.filter(
            pourashava_id__in=pourashava_ids, created_at__gte=since
        ).values_list("pourashava_id", "created_at")
        for pk, created_at in rows.iterator():
            wanted[pk].add(local_day(created_at))
    for pk in pourashava_ids:
        wanted[pk].add(local_day(now))
        rebuild_days(pk, wanted[pk])
        snapshot_arrears(pk, local_day(now))
    return sum(len(d) for d in wanted.values())
