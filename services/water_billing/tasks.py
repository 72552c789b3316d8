"""Celery tasks of water billing: thin, idempotent wrappers (acks_late; a second delivery finds
the run done or claimed and does nothing)."""

from celery import shared_task

from backend.municipality.models import Pourashava
from services.water_billing.periods import parse
from services.water_billing.services import run

# A bill SMS task works this long, then hands the rest of the run to a fresh task.
SMS_SLICE_SECONDS = 60


@shared_task(acks_late=True, name="water_billing.start_last_month_everywhere")
def start_last_month_everywhere() -> list[int]:
    """Beat, on the 8th of each month: last month's bills for every active pourashava."""
    return run.start_last_month_everywhere()


@shared_task(acks_late=True, name="water_billing.start_month")
def start_month_for(pourashava_id: int, period: str) -> int:
    billing_run, _ = run.start_run(
        pourashava=Pourashava.objects.get(pk=pourashava_id), period=parse(period), actor=None
    )
    return billing_run.pk


@shared_task(acks_late=True, name="water_billing.work_billing_run")
def work_billing_run(run_id: int, stop_after: int | None = None) -> str | None:
    worked = run.work_run(run_id=run_id, stop_after=stop_after)
    return worked.status if worked is not None else None


@shared_task(acks_late=True, name="water_billing.due_soon_sms")
def due_soon_sms() -> int:
    """Beat, daily: SMS for water bills falling due in three days."""
    from services.water_billing.notices import due_soon

    return due_soon()


@shared_task(acks_late=True, name="water_billing.bill_issued_sms")
def bill_issued_sms(run_id: int, after: int = 0) -> int:
    """After a run: the "bill issued" SMS of its bills, from the bill after `after` on, through
    the notifications outbox (each message then delivered by notifications.deliver_sms). On the
    runs queue: writing a million messages is batch work, and must not hold up the
    notifications queue's deliveries (login codes). A redelivery sends nothing twice."""
    from services.water_billing.services import bill_sms

    queued, left_at = bill_sms.send_for_run(run_id=run_id, after=after, seconds=SMS_SLICE_SECONDS)
    if left_at:
        bill_issued_sms.delay(run_id, left_at)
    return queued
