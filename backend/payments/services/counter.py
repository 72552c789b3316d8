"""Cash at the pourashava counter or a UDC, and the collector's day-close."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from backend.common.errors import AppError, Conflict, Forbidden, NotFound
from backend.common.money import ZERO, money
from backend.identity.models import AssistedSession, Citizen, Role, User
from backend.identity.roles import has_role
from backend.municipality.models import Pourashava
from backend.payments import errors
from backend.payments.integration import record_assisted_action, record_audit
from backend.payments.models import (
    OPEN_DEMAND_STATUSES,
    Bill,
    BillStatus,
    Channel,
    DayClose,
    Demand,
    Payment,
    Receipt,
    ReceiptLine,
)
from backend.payments.services.online import new_reference
from backend.payments.services.settlement import settle_payment

CASHIER_ROLES = frozenset({Role.CASHIER})
COLLECTOR_ROLES = frozenset({Role.CASHIER, Role.UDC_OPERATOR})


def _is_cashier(user: User, pourashava: Pourashava) -> bool:
    return user.is_superuser or has_role(user, CASHIER_ROLES, pourashava_id=pourashava.pk)


def _lock_collector(user: User) -> None:
    # Serialises one collector's receipts with their day-close, so no receipt slips in
    # after the day's totals were taken.
    User.objects.select_for_update().filter(pk=user.pk).first()


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def collect_cash(
    *,
    collector: User,
    pourashava: Pourashava,
    amount: Decimal | None = None,
    bill: Bill | None = None,
    payer: Citizen | None = None,
    assisted_session: AssistedSession | None = None,
    request=None,
) -> Payment:
    """Take cash for a bill (in full) or against a payer's open dues in this pourashava (any
    part of them, oldest demand first). The receipt is issued in the same transaction."""
    channel = Channel.COUNTER
    udc_centre = None
    if assisted_session is not None:
        if (
            not assisted_session.is_live()
            or assisted_session.operator_id != collector.pk
            or assisted_session.pourashava_id != pourashava.pk
            or not has_role(collector, {Role.UDC_OPERATOR}, pourashava_id=pourashava.pk)
        ):
            raise Forbidden("not_a_collector", errors.NOT_A_COLLECTOR)
        payer = assisted_session.citizen
        channel = Channel.UDC
        udc_centre = assisted_session.udc_centre
    elif not _is_cashier(collector, pourashava):
        raise Forbidden("not_a_collector", errors.NOT_A_COLLECTOR)

    with transaction.atomic():
        _lock_collector(collector)
        today = timezone.localdate()
        if DayClose.objects.filter(pourashava=pourashava, collector=collector, date=today).exists():
            raise Conflict("day_closed", errors.DAY_CLOSED, params={"date": today.isoformat()})
        demand_ids = None
        if bill is not None:
            if bill.pourashava_id != pourashava.pk or (
                payer is not None and bill.citizen_id != payer.pk
            ):
                raise NotFound("bill_not_found", errors.BILL_NOT_FOUND)
            if bill.status != BillStatus.OPEN:
                raise Conflict("bill_not_open", errors.BILL_NOT_OPEN)
            if bill.is_expired():
                raise Conflict("bill_expired", errors.BILL_EXPIRED)
            if amount is not None and money(amount) != bill.total:
                raise AppError(
                    "amount_not_bill_total",
                    errors.AMOUNT_NOT_BILL_TOTAL,
                    params={"total": str(bill.total)},
                )
            amount = bill.total
            payer = bill.citizen
        else:
            if payer is None:
                raise AppError("payer_required", errors.PAYER_REQUIRED)
            if amount is None or money(amount) <= ZERO:
                raise AppError("invalid_amount", errors.BAD_AMOUNT)
            amount = money(amount)
            demands = list(
                Demand.objects.filter(
                    pourashava=pourashava, citizen=payer, status__in=OPEN_DEMAND_STATUSES
                ).prefetch_related("lines")
            )
            due = sum((line.outstanding for d in demands for line in d.lines.all()), ZERO)
            if amount > due:
                raise AppError(
                    "amount_exceeds_dues", errors.AMOUNT_EXCEEDS_DUES, params={"due": str(due)}
                )
            demand_ids = [d.pk for d in demands]
        payment = Payment.objects.create(
            pourashava=pourashava,
            citizen=payer,
            bill=bill,
            channel=channel,
            reference=new_reference(pourashava.code),
            amount=amount,
            collector=collector,
            udc_centre=udc_centre,
            assisted_session=assisted_session,
            initiated_by=collector,
        )
        payment = settle_payment(
            payment=payment,
            source=channel,
            actor=collector,
            demand_ids=demand_ids,
            request=request,
        )
        if assisted_session is not None and request is not None:
            record_assisted_action(request, action="payments.cash_collected", obj=payment)
    return payment


def close_day(
    *, collector: User, pourashava: Pourashava, day: date, declared_cash: Decimal
) -> DayClose:
    """Total the collector's receipts of `day` by head, compare with the cash declared, flag a
    difference, and lock the day against further counter receipts."""
    if not (
        _is_cashier(collector, pourashava)
        or has_role(collector, {Role.UDC_OPERATOR}, pourashava_id=pourashava.pk)
    ):
        raise Forbidden("not_a_collector", errors.NOT_A_COLLECTOR)
    if day > timezone.localdate():
        # Closing a day not yet begun would refuse every receipt of that day.
        raise AppError(
            "day_close_in_future", errors.DAY_CLOSE_IN_FUTURE, params={"date": day.isoformat()}
        )
    declared = money(declared_cash)
    with transaction.atomic():
        _lock_collector(collector)
        if DayClose.objects.filter(pourashava=pourashava, collector=collector, date=day).exists():
            raise Conflict("day_already_closed", errors.DAY_ALREADY_CLOSED)
        start, end = _day_bounds(day)
        receipts = Receipt.objects.filter(
            pourashava=pourashava, collector=collector, paid_at__gte=start, paid_at__lt=end
        )
        totals = {
            row["head_id"]: money(row["total"])
            for row in ReceiptLine.objects.filter(receipt__in=receipts)
            .values("head_id")
            .annotate(total=Sum("amount"))
            .order_by("head_id")
        }
        expected = sum(totals.values(), ZERO)
        close = DayClose.objects.create(
            pourashava=pourashava,
            collector=collector,
            date=day,
            totals_by_head={head: str(total) for head, total in totals.items()},
            receipt_count=receipts.count(),
            expected_total=expected,
            declared_cash=declared,
            difference=declared - expected,
            flagged=declared != expected,
        )
        record_audit(
            actor=collector,
            action="payments.day_closed",
            obj=close,
            pourashava=pourashava,
            after={
                "date": day.isoformat(),
                "expected": str(expected),
                "declared": str(declared),
                "flagged": close.flagged,
            },
        )
    return close
