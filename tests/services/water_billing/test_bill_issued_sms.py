"""After the monthly run, each bill's consumer with a mobile gets one "bill issued" SMS in their
own language (amount and due date in that language's digits); a consumer without a mobile gets
none; running the month again, or the SMS task delivered twice, sends nothing more."""

from decimal import Decimal as D

import pytest
from django.utils import timezone

from backend.common import display
from backend.notifications.backends.memory import clear_outbox
from backend.notifications.models import SmsMessage
from services.water_billing import tasks
from services.water_billing.models import Bill, BillingRun, Connection
from services.water_billing.periods import add_months, month_of
from services.water_billing.services import bill_sms, run
from services.water_billing.services.readings import ReadingInput, record_reading
from tests.backend.notifications.outbox import SmsOutbox
from tests.factories import CitizenFactory
from tests.services.water_billing import helpers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST = add_months(month_of(TODAY), -1)


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    yield SmsOutbox()
    clear_outbox()


def _read(t, conn, period, value):
    record_reading(
        connection=conn,
        data=ReadingInput(
            connection=conn.number, period=period, reading_date=TODAY, reading=D(value)
        ),
        actor=t.reader,
        source="office",
    )


@pytest.fixture
def month(monkeypatch):
    """A town whose owner reads English, a Bangla reader with a metered connection, and a
    connection with no consumer on record; SMS written a bill a batch, a batch a task."""
    monkeypatch.setattr(bill_sms, "BATCH", 1)
    monkeypatch.setattr(tasks, "SMS_SLICE_SECONDS", 0)
    t = helpers.town()
    t.owner.user.preferred_language = "en"
    t.owner.user.save(update_fields=["preferred_language"])
    bangla = CitizenFactory(mobile="01811000009")  # chose no language: Bangla
    flat = helpers.connection(t, extra_flats=1)  # 250 + 100
    metered = helpers.connection(t, metered=True)
    Connection.objects.filter(pk=metered.pk).update(citizen=bangla)
    _read(t, metered, add_months(LAST, -1), "20")
    _read(t, metered, LAST, "85")  # 65 kL: 300 + 420 + 90, sewerage 81
    nobody = helpers.connection(t)
    Connection.objects.filter(pk=nobody.pk).update(citizen=None)
    return t, bangla, flat, metered


def _run_month(t):
    billing_run, _ = run.start_run(pourashava=t.pourashava, period=LAST, actor=t.clerk)
    run.work_run(run_id=billing_run.pk)
    return billing_run


def test_one_sms_per_bill_in_the_consumers_language(month, sms_outbox):
    t, bangla, flat, metered = month
    _run_month(t)
    assert Bill.objects.count() == 3
    sent = sms_outbox.messages
    assert sorted(m.to for m in sent) == sorted([t.owner.mobile, bangla.mobile])

    english = sms_outbox.last_to(t.owner.mobile).body
    bill = Bill.objects.get(connection=flat)
    assert flat.number in english and "Tk 350.00" in english
    assert display.gregorian(bill.due_date, "en") in english
    assert "পানির বিল" not in english  # one language, theirs

    bangla_text = sms_outbox.last_to(bangla.mobile).body
    bill = Bill.objects.get(connection=metered)
    assert bill.total == D("891.00")
    assert metered.number in bangla_text and "৳ ৮৯১.০০" in bangla_text
    assert display.gregorian(bill.due_date, "bn") in bangla_text
    assert "891" not in bangla_text and "Water bill" not in bangla_text


def test_running_again_or_a_redelivered_task_sends_nothing_twice(month, sms_outbox):
    t, *_ = month
    billing_run = _run_month(t)
    first = len(sms_outbox.messages)
    assert first == 2

    # The run resumed from the start (as after a failure) and done again: no new bill, no SMS.
    BillingRun.objects.filter(pk=billing_run.pk).update(status="failed", last_connection_id=0)
    again = run.work_run(run_id=billing_run.pk)
    assert again.status == "done"
    # The SMS task delivered a second time.
    assert tasks.bill_issued_sms(billing_run.pk) == 0
    assert len(sms_outbox.messages) == first
    assert SmsMessage.objects.count() == first
