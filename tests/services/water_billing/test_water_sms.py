"""SMS to the consumer in Bangla and English: due soon (the daily beat task, once per bill however
often it runs), the disconnection notice, and reconnected."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.common import display
from backend.notifications.models import SmsMessage
from backend.payments.models import Demand, DemandStatus
from services.water_billing import notices
from services.water_billing.models import Bill
from services.water_billing.services import disconnection
from services.water_billing.services.run import raise_bill_demand
from services.water_billing.tasks import due_soon_sms
from tests.services.water_billing import helpers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _bill(t, conn, due, total="350.00", months_back=2) -> Bill:
    period = (TODAY.replace(day=1) - timedelta(days=31 * months_back)).replace(day=1)
    bill = Bill.objects.create(
        pourashava=t.pourashava,
        connection=conn,
        period=period,
        citizen=conn.citizen,
        days_billed=30,
        days_in_month=30,
        water_charge=D(total),
        total=D(total),
        lines=[{"code": "water_charge", "amount": total}],
        issue_date=TODAY - timedelta(days=20),
        due_date=due,
    )
    raise_bill_demand(bill, conn)
    return bill


def _to(mobile: str) -> list[str]:
    return list(
        SmsMessage.objects.filter(to=mobile).order_by("created_at").values_list("body", flat=True)
    )


def test_due_soon_is_sent_once_per_bill_in_both_languages():
    t = helpers.town()
    soon = _bill(t, helpers.connection(t), TODAY + timedelta(days=2))
    _bill(t, helpers.connection(t), TODAY + timedelta(days=10), months_back=3)  # not yet
    paid = _bill(t, helpers.connection(t), TODAY + timedelta(days=1), months_back=4)
    Demand.objects.filter(object_id=str(paid.pk)).update(status=DemandStatus.PAID)

    assert due_soon_sms() == 1  # the beat task
    [body] = _to(t.owner.mobile)
    bangla, english = body.split("\n")
    assert soon.connection.number in english and "350.00" in english
    assert "স্মরণ" in bangla and soon.connection.number in bangla
    # Each half in its own digits and words: no ASCII amount or ISO date in the Bangla one.
    assert "৩৫০.০০" in bangla and "350" not in bangla
    assert display.gregorian(soon.due_date, "bn") in bangla
    assert display.gregorian(soon.due_date, "en") in english

    assert due_soon_sms() == 0  # run again the same day: nothing new
    assert notices.due_soon(day=TODAY + timedelta(days=1)) == 0  # nor the next day
    assert len(_to(t.owner.mobile)) == 1


def test_due_soon_reads_each_chunk_of_bills_at_once():
    """A town's daily reminders cost a few reads per chunk of bills, not one per bill: five due
    bills are read with as many queries as one."""
    t = helpers.town()
    _bill(t, helpers.connection(t), TODAY + timedelta(days=2))
    with CaptureQueriesContext(connection) as one:
        assert notices.due_soon() == 1
    SmsMessage.objects.all().delete()
    for months_back in range(3, 7):
        _bill(t, helpers.connection(t), TODAY + timedelta(days=2), months_back=months_back)
    with CaptureQueriesContext(connection) as five:
        assert notices.due_soon() == 5
    assert _reads(five) == _reads(one)


def _reads(queries: CaptureQueriesContext) -> int:
    return sum(
        1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
    )


def test_a_consumer_without_a_mobile_gets_nothing():
    t = helpers.town()
    conn = helpers.connection(t)
    _bill(t, conn, TODAY + timedelta(days=1))
    t.owner.mobile = ""
    t.owner.save(update_fields=["mobile"])
    assert notices.due_soon() == 0
    assert not SmsMessage.objects.exists()


def test_notice_and_reconnection_are_told_by_sms():
    t = helpers.town()
    conn = helpers.connection(t)
    _bill(t, conn, TODAY - timedelta(days=5))
    notice = disconnection.issue_notice(connection=conn, actor=t.superintendent)
    [told] = _to(t.owner.mobile)
    bangla, english = told.split("\n")
    assert "নোটিশ" in bangla and "৩৫০.০০" in bangla and "350.00" in english
    assert display.gregorian(notice.expires_on, "bn") in bangla
    assert display.gregorian(notice.expires_on, "en") in english

    notice.expires_on = TODAY
    notice.save(update_fields=["expires_on"])
    notice = disconnection.execute_notice(notice=notice, actor=t.superintendent)
    Demand.objects.filter(service_code="water_billing").update(status=DemandStatus.PAID)
    disconnection.reconnect(notice=notice, actor=t.superintendent)
    bodies = _to(t.owner.mobile)
    assert len(bodies) == 2 and "reconnected" in bodies[-1] and "পুনরায় চালু" in bodies[-1]
