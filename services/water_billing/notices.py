"""SMS to the consumer in Bangla and English: bill issued, due soon, disconnection notice,
reconnected. Queued in the caller's transaction; nothing leaves before it commits."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backend.common import display
from backend.common.batching import batches
from backend.common.digits import to_bangla_digits
from backend.common.text import InBoth, Text
from backend.documents.bangla.numbers import format_taka
from backend.notifications.models import SmsMessage
from backend.notifications.services import send_sms
from backend.payments.models import OPEN_DEMAND_STATUSES, Demand
from services.water_billing.heads import BILL_OBJECT, SERVICE_CODE
from services.water_billing.models import Bill, Connection

BILL_SMS = Text(
    en="Water bill {period} for connection {number}: Tk {total}, due {due}. Pay in the app.",
    bn="সংযোগ {number}-এর {period} মাসের পানির বিল: ৳ {total}, পরিশোধের শেষ তারিখ {due}। "
    "অ্যাপে পরিশোধ করুন।",
)
DUE_SOON_SMS = Text(
    en="Reminder: water bill {period} for connection {number} (Tk {total}) is due on {due}.",
    bn="স্মরণ: সংযোগ {number}-এর {period} মাসের পানির বিল (৳ {total}) {due} তারিখের মধ্যে পরিশোধ করুন।",
)
NOTICE_SMS = Text(
    en="Notice: connection {number} owes Tk {arrears}. Unless paid by {day} it will be "
    "disconnected.",
    bn="নোটিশ: সংযোগ {number}-এর বকেয়া ৳ {arrears}। {day} তারিখের মধ্যে পরিশোধ না করলে সংযোগ "
    "বিচ্ছিন্ন করা হবে।",
)
RECONNECTED_SMS = Text(
    en="Connection {number} is reconnected. Thank you.",
    bn="সংযোগ {number} পুনরায় চালু করা হয়েছে। ধন্যবাদ।",
)


def _mobile(connection: Connection) -> str:
    return connection.citizen.mobile if connection.citizen_id and connection.citizen.mobile else ""


def taka_in_both(value: Decimal) -> InBoth:
    return InBoth(en=format_taka(Decimal(value), "en"), bn=format_taka(Decimal(value), "bn"))


def day_in_both(value: date) -> InBoth:
    return InBoth(en=display.gregorian(value, "en"), bn=display.gregorian(value, "bn"))


def month_in_both(value: date) -> InBoth:
    return InBoth(
        en=f"{display.GREGORIAN_MONTHS_EN[value.month - 1]} {value.year}",
        bn=f"{display.GREGORIAN_MONTHS_BN[value.month - 1]} {to_bangla_digits(value.year)}",
    )


def send(connection: Connection, what: str, **context) -> None:
    to = _mobile(connection)
    if not to:
        return
    if what == "notice":
        notice = context["notice"]
        send_sms(
            to=to,
            text=NOTICE_SMS,
            params={
                "number": connection.number,
                "arrears": taka_in_both(notice.arrears_at_notice),
                "day": day_in_both(notice.expires_on),
            },
        )
    elif what == "reconnected":
        send_sms(to=to, text=RECONNECTED_SMS, params={"number": connection.number})


REMINDER_CHUNK = 500  # due demands read, with their bills, per round


def due_soon(*, day: date | None = None, within_days: int = 3) -> int:
    """SMS for every open water bill falling due within `within_days` after `day` (beat,
    daily). Idempotent: a bill whose reminder is already in the SMS outbox is not reminded
    again, so a second run the same day (or a missed day caught up) sends each reminder once."""
    day = day or timezone.localdate()
    demands = (
        Demand.objects.filter(
            service_code=SERVICE_CODE,
            object_type=BILL_OBJECT,
            status__in=OPEN_DEMAND_STATUSES,
            due_date__gt=day,
            due_date__lte=day + timedelta(days=within_days),
            citizen__isnull=False,
        )
        .exclude(citizen__mobile="")
        .select_related("citizen")
        .order_by("pk")
    )
    sent = 0
    for chunk in batches(demands.iterator(chunk_size=REMINDER_CHUNK), REMINDER_CHUNK):
        sent += _remind(chunk)
    return sent


def _remind(demands: list[Demand]) -> int:
    """Reminders for one chunk of due demands: their bills and the reminders already in the
    outbox are read in one query each, not one per demand."""
    bills = Bill.objects.select_related("connection").in_bulk([int(d.object_id) for d in demands])
    bodies = {}
    for demand in demands:
        bill = bills.get(int(demand.object_id))
        if bill is not None:
            bodies[demand.pk] = DUE_SOON_SMS.both(
                period=month_in_both(bill.period),
                number=bill.connection.number,
                total=taka_in_both(bill.total),
                due=day_in_both(bill.due_date),
            )
    # The outbox is the record of what was sent: one reminder per bill and number.
    already = set(
        SmsMessage.objects.filter(
            to__in={d.citizen.mobile for d in demands}, body__in=set(bodies.values())
        ).values_list("to", "body")
    )
    sent = 0
    for demand in demands:
        body = bodies.get(demand.pk)
        to = demand.citizen.mobile
        if body is None or (to, body) in already:
            continue
        with transaction.atomic():
            send_sms(to=to, text=body)
        already.add((to, body))
        sent += 1
    return sent
