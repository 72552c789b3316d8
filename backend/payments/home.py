"""Today's collection on the panel's home page, for cashiers and the secretary or mayor:
payments confirmed today in the user's pourashava(s), by channel, with their amounts; the
counter day-closes made today (and those with a cash difference); payments held for review.
Two queries, each a list's own queryset (so the links list exactly what is counted)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.money import ZERO
from backend.identity.models import Role
from backend.panel.home import (
    HomeCount,
    HomeRow,
    admin_queryset,
    changelist_url,
    register_home_section,
)
from backend.payments.models import (
    ONLINE_CHANNELS,
    Channel,
    DayClose,
    Payment,
    PaymentStatus,
)

COLLECTION_ROLES = frozenset({Role.CASHIER, Role.SECRETARY, Role.MAYOR})
# Money taken: applied to dues (settled) or, with nothing left to pay, kept as a credit.
TAKEN = (PaymentStatus.SETTLED, PaymentStatus.CREDITED)
CHANNEL_ROWS = (
    ("online", _("Online (bKash, Nagad, SSLCommerz)"), ONLINE_CHANNELS),
    ("counter", _("Pourashava counter"), (Channel.COUNTER,)),
    ("udc", _("UDC"), (Channel.UDC,)),
)


def _today() -> tuple[datetime, datetime, str]:
    day = timezone.localdate()
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1), day.isoformat()


def _csv(values) -> str:
    return ",".join(str(v) for v in values)


def collection_rows(request: HttpRequest) -> list[HomeRow]:
    start, end, _day = _today()
    today = Q(status__in=TAKEN, settled_at__gte=start, settled_at__lt=end)
    aggregates = {}
    for key, _label, channels in CHANNEL_ROWS:
        mine = today & Q(channel__in=channels)
        aggregates[f"{key}_n"] = Count("pk", filter=mine)
        aggregates[f"{key}_sum"] = Sum("amount", filter=mine)
    aggregates["all_n"] = Count("pk", filter=today)
    aggregates["all_sum"] = Sum("amount", filter=today)
    found = admin_queryset(request, Payment).filter(today).aggregate(**aggregates)

    def cell(key: str, channels) -> HomeCount:
        return HomeCount(
            key=f"payments.today.{key}",
            value=found[f"{key}_n"],
            url=changelist_url(
                Payment,
                status__in=_csv(TAKEN),
                channel__in=_csv(channels) if channels else None,
                settled_at__gte=start.isoformat(),
                settled_at__lt=end.isoformat(),
            ),
            amount=Decimal(found[f"{key}_sum"] or ZERO).quantize(Decimal("0.01")),
        )

    rows = [HomeRow(label, (cell(key, channels),)) for key, label, channels in CHANNEL_ROWS]
    rows.append(HomeRow(_("All channels"), (cell("all", None),)))
    return rows


def counter_rows(request: HttpRequest) -> list[HomeRow]:
    _start, _end, day = _today()
    closes = admin_queryset(request, DayClose).filter(date=day)
    found = closes.aggregate(closed=Count("pk"), flagged=Count("pk", filter=Q(flagged=True)))
    return [
        HomeRow(
            _("Counter days closed today"),
            (
                HomeCount(
                    key="payments.day_close.today",
                    value=found["closed"],
                    url=changelist_url(DayClose, date=day),
                ),
            ),
        ),
        HomeRow(
            _("Closed today with a cash difference"),
            (
                HomeCount(
                    key="payments.day_close.today_flagged",
                    value=found["flagged"],
                    url=changelist_url(DayClose, date=day, flagged__exact=1),
                    tone="red",
                ),
            ),
        ),
    ]


def flagged_rows(request: HttpRequest) -> list[HomeRow]:
    held = admin_queryset(request, Payment).filter(status=PaymentStatus.FLAGGED).count()
    return [
        HomeRow(
            _("Payments held for review"),
            (
                HomeCount(
                    key="payments.flagged",
                    value=held,
                    url=changelist_url(Payment, status__exact=PaymentStatus.FLAGGED.value),
                    tone="red",
                ),
            ),
        )
    ]


def register() -> None:
    register_home_section(
        "payments.today",
        title=_("Today's collection"),
        roles=COLLECTION_ROLES,
        rows=collection_rows,
        columns=(_("Payments"), _("Taka")),
        order=10,
    )
    register_home_section(
        "payments.counter",
        title=_("Counter day-close"),
        roles=COLLECTION_ROLES,
        rows=lambda request: counter_rows(request) + flagged_rows(request),
        order=11,
    )
