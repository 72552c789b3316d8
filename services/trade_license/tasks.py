"""The daily licence job (beat, 00:45 Dhaka): licences without a term for the current fiscal
year expire (one set-based UPDATE, idempotent: a rerun changes nothing), and from 1 June the
holders of licences not yet renewed for the coming year get one SMS reminder."""

from datetime import date

from celery import shared_task
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from backend.common.text import Text
from backend.municipality.fiscal_year import FiscalYear
from backend.notifications.services import send_sms
from services.trade_license.models import LicenceStatus, LicenceTerm, TradeLicence

REMINDER_MONTH = 6
REMINDER = Text(
    en="Trade licence {licence} ({business}) expires on 30 June. Renew it in the app or at a UDC; "
    "after the grace date a surcharge applies.",
    bn="ট্রেড লাইসেন্স {licence} ({business})-এর মেয়াদ ৩০ জুন শেষ হবে। অ্যাপে বা ইউডিসিতে নবায়ন করুন; "
    "নির্ধারিত তারিখের পরে সারচার্জ প্রযোজ্য।",
)


def expire_licences(today: date | None = None) -> int:
    """ACTIVE licences with no term for today's fiscal year become EXPIRED. Cancelled and
    suspended ones are left as they are; expired ones stay renewable (with surcharge)."""
    today = today or timezone.localdate()
    fy = FiscalYear.of(today).label
    has_term = LicenceTerm.objects.filter(licence=OuterRef("pk"), fiscal_year=fy)
    return (
        TradeLicence.objects.filter(status=LicenceStatus.ACTIVE)
        .filter(~Exists(has_term))
        .update(status=LicenceStatus.EXPIRED, expired_on=today)
    )


def send_reminders(today: date | None = None) -> int:
    """From 1 June, one SMS per active licence not yet renewed for the coming year (a reminder
    is remembered by the licence's `expired_on`-independent marker: the audit of SMS is the
    notifications table, so a rerun the same June sends nothing twice)."""
    today = today or timezone.localdate()
    if today.month != REMINDER_MONTH:
        return 0
    coming = FiscalYear.of(today).next().label
    renewed = LicenceTerm.objects.filter(licence=OuterRef("pk"), fiscal_year=coming)
    licences = (
        TradeLicence.objects.filter(status=LicenceStatus.ACTIVE, reminded_for__lt=coming)
        .filter(~Exists(renewed))
        .select_related("holder")
    )
    sent = 0
    for licence in licences.iterator(chunk_size=500):
        with transaction.atomic():
            updated = TradeLicence.objects.filter(pk=licence.pk, reminded_for__lt=coming).update(
                reminded_for=coming
            )
            if not updated:
                continue
            send_sms(
                to=licence.holder.mobile,
                text=REMINDER,
                params={"licence": licence.licence_no, "business": licence.business_name_en},
            )
            sent += 1
    return sent


@shared_task(name="trade_license.daily")
def daily() -> dict:
    return {"expired": expire_licences(), "reminded": send_reminders()}
