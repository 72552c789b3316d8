"""Ledger data for the monitor's tests: demands raised through the payment layer on objects whose
ward the monitor resolves (a test ward source: the object is the ward itself), paid at the
counter, then moved to the day and channel the test wants (the facts read those columns)."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.identity.models import Role
from backend.monitor.registry import WardSource, register_ward_source
from backend.payments.models import Channel, Payment
from backend.payments.services.counter import collect_cash
from backend.payments.services.demands import raise_demand
from tests.factories import CitizenFactory, PourashavaFactory, WardFactory, staff_member

HEADS = ("holding_tax", "conservancy", "trade_license_fee", "vat", "certificate_fee", "lease_rent")
CHANNELS = [c.value for c in Channel]
register_ward_source(WardSource("ward_direct", model="municipality.Ward", ward_column="id"))


def local_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)), timezone.get_default_timezone())


class Ledger:
    def __init__(self, seed: int = 7, pourashavas: int = 3, days: int = 40, payments: int = 36):
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.places = []
        for i in range(pourashavas):
            district = "Natore" if i < 2 else "Faridpur"
            place = PourashavaFactory(code=f"MN{i}", district_en=district)
            wards = [WardFactory(pourashava=place, number=n) for n in (1, 2)]
            cashier = staff_member(Role.CASHIER, place)
            self.places.append((place, wards, cashier))
        self.days = [self.today - timedelta(days=d) for d in range(days)]
        n = 0
        for _ in range(payments):
            place, wards, cashier = self.rng.choice(self.places)
            citizen = CitizenFactory()
            ward = self.rng.choice([*wards, None])
            heads = self.rng.sample(HEADS, 2)
            fy_back = self.rng.choice([0, 0, 1, 2, 4])
            year = self.today.year - (1 if self.today.month < 7 else 0) - fy_back
            due = Decimal("0.00")
            for head in heads:
                n += 1
                share = Decimal(self.rng.randint(100, 99999)) / 100
                due += share
                raise_demand(
                    pourashava=place,
                    service_code="test",
                    natural_key=f"k{n}",
                    lines={head: share},
                    due_date=date(year, 9, 30),
                    fiscal_year=f"{year}-{(year + 1) % 100:02d}",
                    citizen=citizen,
                    object_type="ward_direct" if ward else "other",
                    object_id=str(ward.pk) if ward else "x",
                )
            # Part or all of what this payer owes (oldest demand first, as the counter does).
            amount = min(due, Decimal(self.rng.randint(50, 150000)) / 100)
            payment = collect_cash(
                collector=cashier, pourashava=place, amount=amount, payer=citizen
            )
            Payment.objects.filter(pk=payment.pk).update(
                channel=self.rng.choice(CHANNELS),
                created_at=local_noon(self.rng.choice(self.days)),
            )


@pytest.fixture
def ledger(db) -> Ledger:
    return Ledger()
