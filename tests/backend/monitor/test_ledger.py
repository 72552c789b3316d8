"""The facts equal the confirmed payments to the paisa, for random date ranges and filters, and
rebuilding is idempotent; a late settlement corrects the day it belongs to."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum

from backend.common.money import money
from backend.monitor.models import CollectionFact, DirtyDay
from backend.monitor.registry import MonitorScope
from backend.monitor.selectors import collected
from backend.monitor.services.facts import rebuild_days
from backend.monitor.services.jobs import build_recent
from backend.monitor.services.sql import day_bounds
from backend.payments.models import Payment, PaymentStatus, ReceiptLine
from tests.backend.monitor.conftest import CHANNELS, local_noon

pytestmark = pytest.mark.django_db
SECTORS = ("holding_tax", "trade_licence", "certificates", "leases", "other", "")


def ledger_total(start, end, *, pourashava=None, sector="", channel="", ward=None, own=True):
    lo, _ = day_bounds(start)
    _, hi = day_bounds(end)
    lines = ReceiptLine.objects.filter(
        receipt__payment__status=PaymentStatus.SETTLED,
        receipt__payment__created_at__gte=lo,
        receipt__payment__created_at__lt=hi,
    )
    if own:
        lines = lines.filter(head__collected_for="")
    if pourashava:
        lines = lines.filter(pourashava_id=pourashava)
    if sector:
        lines = lines.filter(head__sector=sector)
    if channel:
        lines = lines.filter(receipt__payment__channel=channel)
    if ward == "none":
        lines = lines.exclude(demand__object_type="ward_direct")
    elif ward:
        lines = lines.filter(demand__object_type="ward_direct", demand__object_id=str(ward))
    return money(lines.aggregate(s=Sum("amount"))["s"] or Decimal("0.00"))


def build_all(ledger) -> None:
    for place, _, _ in ledger.places:
        rebuild_days(place.pk, ledger.days)


def test_facts_equal_the_ledger_for_random_ranges_and_filters(ledger):
    build_all(ledger)
    rng = random.Random(2026)
    everything = MonitorScope(None, "2025-26")
    assert collected(everything, ledger.days[-1], ledger.today, own_only=False)[()] == (
        ledger_total(ledger.days[-1], ledger.today, own=False)
    )
    for _ in range(40):
        a, b = sorted(rng.sample(ledger.days, 2))
        place, wards, _ = rng.choice(ledger.places)
        pourashava = rng.choice([None, place.pk])
        ward = rng.choice([None, None, "none", wards[0].pk]) if pourashava else None
        sector = rng.choice(SECTORS)
        channel = rng.choice(["", *CHANNELS])
        own = rng.choice([True, False])
        filters = {"pourashava": pourashava, "sector": sector, "channel": channel, "ward": ward}
        scope = MonitorScope(None if pourashava is None else frozenset({place.pk}), "2025-26")
        got = collected(scope, a, b, filters=filters, own_only=own).get((), Decimal("0.00"))
        want = ledger_total(
            a, b, pourashava=pourashava, sector=sector, channel=channel, ward=ward, own=own
        )
        assert got == want, (a, b, filters, own)

    # Grouped, the facts add up too; and a rebuild changes nothing.
    scope = MonitorScope(None, "2025-26")
    start, end = ledger.days[-1], ledger.today
    by = collected(scope, start, end, group_by=("pourashava", "channel", "sector", "age"))
    assert sum(by.values()) == ledger_total(start, end)
    for channel in CHANNELS:
        assert sum(v for k, v in by.items() if k[1] == channel) == ledger_total(
            start, end, channel=channel
        )
    rows = sorted(CollectionFact.objects.values_list("pourashava_id", "day", "head_id", "amount"))
    build_all(ledger)
    again = sorted(CollectionFact.objects.values_list("pourashava_id", "day", "head_id", "amount"))
    assert rows == again


def test_a_late_settlement_corrects_its_own_day(ledger):
    build_all(ledger)
    scope = MonitorScope(None, "2025-26")
    old_day = ledger.days[10]
    before = collected(scope, old_day, old_day).get((), Decimal("0.00"))
    place, _, cashier = ledger.places[0]
    # A payment started ten days ago and confirmed only now (as reconciliation does): the
    # signal marks its day; the beat job rebuilds it.
    from backend.payments.services.counter import collect_cash
    from backend.payments.services.demands import raise_demand
    from tests.factories import CitizenFactory

    citizen = CitizenFactory()
    raise_demand(
        pourashava=place,
        service_code="test",
        natural_key="late",
        lines={"holding_tax": Decimal("123.45")},
        due_date=ledger.today,
        citizen=citizen,
    )
    payment = collect_cash(
        collector=cashier, pourashava=place, payer=citizen, amount=Decimal("123.45")
    )
    Payment.objects.filter(pk=payment.pk).update(created_at=local_noon(old_day))
    payment.refresh_from_db()
    payment.save()  # the settling save, as the settlement's last write does
    assert DirtyDay.objects.filter(pourashava=place, day=old_day).exists()
    build_recent(pourashava_ids=[place.pk])
    assert collected(scope, old_day, old_day)[()] == before + Decimal("123.45")
    assert not DirtyDay.objects.exists()

    # A settlement written in bulk (no signal) is found again by the job's re-scan.
    old_day = ledger.days[5]
    before = collected(scope, old_day, old_day).get((), Decimal("0.00"))
    build_recent()  # sets the watermark
    payment = (
        Payment.objects.filter(status=PaymentStatus.SETTLED)
        .exclude(created_at__gte=day_bounds(old_day)[0], created_at__lt=day_bounds(old_day)[1])
        .first()
    )
    total = ReceiptLine.objects.filter(receipt__payment=payment, head__collected_for="").aggregate(
        s=Sum("amount")
    )["s"] or Decimal("0.00")
    from django.utils import timezone

    # Moved to the old day and "settled" after the watermark, by a bulk write (no signal).
    Payment.objects.filter(pk=payment.pk).update(
        created_at=local_noon(old_day), settled_at=timezone.now() + timedelta(seconds=1)
    )
    build_recent(now=timezone.now() + timedelta(seconds=5))
    assert collected(scope, old_day, old_day).get((), Decimal("0.00")) == before + total
