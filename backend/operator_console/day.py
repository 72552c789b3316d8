"""The operator's own day: sessions and assisted actions, cash taken per pourashava against
what the day-close declared (deposited), and closing the day through the payment layer."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from backend.common.money import ZERO, money
from backend.identity.models import AssistedAction, User
from backend.municipality.models import Pourashava
from backend.payments.models import Channel, DayClose, Receipt


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


@dataclass
class CashLine:
    pourashava: Pourashava
    receipts: int = 0
    taken: Decimal = ZERO
    close: DayClose | None = None

    @property
    def deposited(self) -> Decimal | None:
        return self.close.declared_cash if self.close else None

    @property
    def difference(self) -> Decimal | None:
        return self.close.difference if self.close else None


@dataclass
class Day:
    day: date
    sessions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    cash: list[CashLine] = field(default_factory=list)
    receipts: list = field(default_factory=list)

    @property
    def cash_total(self) -> Decimal:
        return sum((line.taken for line in self.cash), ZERO)


def day_of(operator: User, day: date, pourashavas: list[Pourashava]) -> Day:
    """What the operator did on `day`: a handful of queries, whatever the day's volume."""
    from backend.operator_console.sessions import sessions_of_day

    start, stop = day_bounds(day)
    result = Day(day=day)
    result.sessions = list(sessions_of_day(operator, day))
    result.actions = list(
        AssistedAction.objects.filter(operator=operator, at__gte=start, at__lt=stop)
        .select_related("citizen", "pourashava")
        .order_by("at", "id")
    )
    receipts = Receipt.objects.filter(
        collector=operator, paid_at__gte=start, paid_at__lt=stop, channel=Channel.UDC
    )
    result.receipts = list(
        receipts.select_related("pourashava", "citizen").order_by("paid_at", "id")
    )
    taken = {
        row["pourashava_id"]: row
        for row in receipts.values("pourashava_id")
        .annotate(count=Count("id"), total=Sum("total"))
        .order_by("pourashava_id")
    }
    closes = {c.pourashava_id: c for c in DayClose.objects.filter(collector=operator, date=day)}
    for pourashava in pourashavas:
        row = taken.get(pourashava.pk)
        if row is None and pourashava.pk not in closes:
            continue
        result.cash.append(
            CashLine(
                pourashava=pourashava,
                receipts=row["count"] if row else 0,
                taken=money(row["total"]) if row else ZERO,
                close=closes.get(pourashava.pk),
            )
        )
    return result
