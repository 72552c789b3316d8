"""`manage.py raise_shop_rent [--month YYYY-MM]`: the shop-rent demands of a month in every
pourashava (safe to run again)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from backend.municipality.models import Pourashava
from services.estate_leases.models import ShopTenancy, TenancyStatus
from services.estate_leases.services.tenancies import raise_rent


class Command(BaseCommand):
    help = "Raise the market shop rent demands of a month (default: this month)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: this month)")

    def handle(self, *args, month: str | None = None, **options) -> None:
        today = timezone.localdate()
        year, number = (int(x) for x in month.split("-")) if month else (today.year, today.month)
        ids = ShopTenancy.objects.filter(status=TenancyStatus.ACTIVE).values("pourashava_id")
        for pourashava in Pourashava.objects.filter(pk__in=ids).order_by("code"):
            run = raise_rent(pourashava=pourashava, year=year, month=number)
            self.stdout.write(
                f"{pourashava.code}: {run.raised} raised, {run.existing} already there"
            )
