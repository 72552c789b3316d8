"""SMS to the consumer in Bangla and English: bill issued, due soon, disconnection notice,
reconnected. Queued in the caller's transaction; nothing leaves before it commits."""

from datetime import date, timedelta

from django.utils import timezone

from backend.common.text import Text
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
                "arrears": str(notice.arrears_at_notice),
                "day": notice.expires_on.isoformat(),
            },
        )
    elif what == "reconnected":
        send_sms(to=to, text=RECONNECTED_SMS, params={"number": connection.number})


def bill_issued(bill: Bill) -> None:
    connection = bill.connection
    to = _mobile(connection)
    if to:
        send_sms(
            to=to,
            text=BILL_SMS,
            params={
                "period": f"{bill.period:%Y-%m}",
                "number": connection.number,
                "total": str(bill.total),
                "due": bill.due_date.isoformat(),
            },
        )


def due_soon(*, day: date | None = None, within_days: int = 3) -> int:
    """SMS for every open water bill falling due within `within_days` (beat, daily)."""
    day = day or timezone.localdate()
    demands = Demand.objects.filter(
        service_code=SERVICE_CODE,
        object_type=BILL_OBJECT,
        status__in=OPEN_DEMAND_STATUSES,
        due_date=day + timedelta(days=within_days),
        citizen__isnull=False,
    ).select_related("citizen")
    sent = 0
    for demand in demands.iterator():
        bill = Bill.objects.filter(pk=int(demand.object_id)).select_related("connection").first()
        if bill is None or not demand.citizen.mobile:
            continue
        send_sms(
            to=demand.citizen.mobile,
            text=DUE_SOON_SMS,
            params={
                "period": f"{bill.period:%Y-%m}",
                "number": bill.connection.number,
                "total": str(bill.total),
                "due": bill.due_date.isoformat(),
            },
        )
        sent += 1
    return sent
