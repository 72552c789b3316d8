"""Celery: the monthly shop-rent run (thin and idempotent: the demands' natural keys hold)."""

from celery import shared_task
from django.utils import timezone

from backend.municipality.models import Pourashava
from services.estate_leases.models import ShopTenancy, TenancyStatus
from services.estate_leases.services.tenancies import raise_rent


@shared_task(name="estate_leases.raise_shop_rent", acks_late=True)
def raise_shop_rent() -> int:
    """This month's rent demands in every pourashava with an active shop tenancy."""
    today = timezone.localdate()
    ids = ShopTenancy.objects.filter(status=TenancyStatus.ACTIVE).values("pourashava_id")
    raised = 0
    for pourashava in Pourashava.objects.filter(pk__in=ids):
        raised += raise_rent(pourashava=pourashava, year=today.year, month=today.month).raised
    return raised
