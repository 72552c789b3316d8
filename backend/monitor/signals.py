"""Mark the pourashava-days whose facts a change makes stale, inside the changing transaction
(rolled back with it). The beat job rebuilds them. Only late changes are marked: today's and
yesterday's days are rebuilt on every run anyway."""

from datetime import timedelta

from django.db.models.signals import post_save
from django.utils import timezone

from backend.monitor.services.jobs import mark_dirty
from backend.monitor.services.sql import local_day
from backend.payments.models import Demand, DemandStatus, Payment, PaymentStatus, Refund


def _is_old(day) -> bool:
    return day < timezone.localdate() - timedelta(days=1)


def _payment_saved(sender, instance: Payment, **kwargs) -> None:
    if instance.status == PaymentStatus.SETTLED and instance.created_at is not None:
        day = local_day(instance.created_at)
        if _is_old(day):
            mark_dirty(instance.pourashava_id, day)


def _refund_saved(sender, instance: Refund, **kwargs) -> None:
    # Refunds give back credits (never revenue) today; the payment's day is rebuilt all the same
    # so a future refund of settled money corrects its day without touching this module.
    created_at = (
        Payment.objects.filter(pk=instance.payment_id).values_list("created_at", flat=True).first()
    )
    if created_at is not None and _is_old(local_day(created_at)):
        mark_dirty(instance.pourashava_id, local_day(created_at))


def _demand_saved(sender, instance: Demand, **kwargs) -> None:
    if instance.status == DemandStatus.CANCELLED and instance.created_at is not None:
        day = local_day(instance.created_at)
        if _is_old(day):
            mark_dirty(instance.pourashava_id, day)


def connect() -> None:
    post_save.connect(_payment_saved, sender=Payment, dispatch_uid="monitor_payment_saved")
    post_save.connect(_refund_saved, sender=Refund, dispatch_uid="monitor_refund_saved")
    post_save.connect(_demand_saved, sender=Demand, dispatch_uid="monitor_demand_saved")
