"""The summary tables the national questions read equal the daily facts, to the paisa, for
random filters and dates, after rebuilds, a late settlement, a refund and targets set; and the
national summary they answer equals the one computed from the facts."""

import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from backend.common.money import ZERO, money
from backend.identity.models import Role
from backend.monitor import selectors, selectors_summary
from backend.monitor.models import (
    CollectionFact,
    DemandFact,
    DirtyDay,
    SummaryDay,
    SummaryMonth,
    SummaryYear,
    TargetMonth,
)
from backend.monitor.registry import MonitorScope
from backend.monitor.services.facts import rebuild_days, snapshot_arrears
from backend.monitor.services.jobs import build_recent
from backend.monitor.services.sql import month_start, next_month
from backend.monitor.services.summary import fiscal_month, fiscal_year_months
from backend.monitor.services.targets import set_target
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import Payment, PaymentStatus, Refund, RevenueHead
from backend.payments.services.counter import collect_cash
from backend.payments.services.demands import raise_demand
from tests.backend.monitor.conftest import local_noon
from tests.backend.monitor.test_ledger import ledger_total
from tests.factories import CitizenFactory, staff_member

pytestmark = pytest.mark.django_db
SECTORS = ("holding_tax", "trade_licence", "certificates", "leases", "other", "")


def _sum(queryset, field: str) -> Decimal:
    return money(queryset.aggregate(s=Sum(field))["s"] or ZERO)


def _late_settlement(ledger, day) -> None:
    """A payment started on `day` and confirmed only now: the signal marks the day."""
    place, _, cashier = ledger.places[0]
    citizen = CitizenFactory()
    raise_demand(
        pourashava=place,
        service_code="test",
        natural_key="late-summary",
        lines={"holding_tax": Decimal("321.09")},
        due_date=ledger.today,
        citizen=citizen,
    )
    payment = collect_cash(
        collector=cashier, pourashava=place, payer=citizen, amount=Decimal("321.09")
    )
    Payment.objects.filter(pk=payment.pk).update(created_at=local_noon(day))
    payment.refresh_from_db()
    payment.save()


def _refund(ledger) -> None:
    """A refund recorded against an older payment (refunds give back credits, never revenue):
    its signal marks the day, which the beat job rebuilds like any other."""
    place = ledger.places[1][0]
    payment = (
        Payment.objects.filter(pourashava=place, status=PaymentStatus.SETTLED)
        .filter(created_at__lt=local_noon(ledger.today - timedelta(days=2)))
        .first()
    )
    day = timezone.localdate(payment.created_at)
    Refund.objects.create(
        pourashava=place,
        payment=payment,
        amount=Decimal("1.00"),
        reason="test",
        method="cash",
        requested_by=staff_member(Role.SECRETARY, place),
    )
    assert DirtyDay.objects.filter(pourashava=place, day=day).exists()


@pytest.fixture
def settled(ledger):
    """Facts built, targets set (by month), a late settlement and a refund applied by the beat
    job, and the arrears snapshotted."""
    for place, _, _ in ledger.places:
        rebuild_days(place.pk, ledger.days)
    fy = FiscalYear.of(ledger.today)
    for n, (place, _, _) in enumerate(ledger.places):
        secretary = staff_member(Role.SECRETARY, place)
        for code, amount in (("holding_tax", 120_000 + n), ("trade_license_fee", 36_000)):
            set_target(
                actor=secretary,
                pourashava=place,
                fiscal_year=fy.label,
                head=RevenueHead.objects.get(code=code),
                amount=Decimal(amount),
            )
    _late_settlement(ledger, ledger.days[12])
    _refund(ledger)
    assert DirtyDay.objects.exists()
    build_recent(now=timezone.now() + timedelta(seconds=5))
    assert not DirtyDay.objects.exists()
    for place, _, _ in ledger.places:
        snapshot_arrears(place.pk, ledger.today)
    return ledger


def test_summary_rows_equal_the_daily_facts(settled):
    ledger = settled
    rng = random.Random(16)
    fy = FiscalYear.of(ledger.today)
    heads = dict(RevenueHead.objects.values_list("code", "sector"))
    for _ in range(40):
        a, b = sorted(rng.sample(ledger.days, 2))
        place = rng.choice(ledger.places)[0]
        pourashava = rng.choice([None, place.pk])
        sector = rng.choice(SECTORS)
        facts = CollectionFact.objects.filter(day__gte=a, day__lte=b)
        days = SummaryDay.objects.filter(day__gte=a, day__lte=b)
        lo, hi = month_start(a), next_month(b)
        months = SummaryMonth.objects.filter(month__gte=lo, month__lt=hi)
        month_facts = CollectionFact.objects.filter(day__gte=lo, day__lt=hi)
        if pourashava:
            facts, days, months = (
                q.filter(pourashava_id=pourashava) for q in (facts, days, months)
            )
            month_facts = month_facts.filter(pourashava_id=pourashava)
        if sector:
            facts, days, months = (q.filter(sector=sector) for q in (facts, days, months))
            month_facts = month_facts.filter(sector=sector)
        own = facts.filter(own=True)
        assert _sum(days, "collected_current") == _sum(own.filter(age=0), "amount")
        assert _sum(days, "collected_arrears") == _sum(own.filter(age__gt=0), "amount")
        assert _sum(days, "collected_other") == _sum(facts.filter(own=False), "amount")
        # Whole months: collection, and the own demand raised in them.
        m_own = month_facts.filter(own=True)
        assert _sum(months, "collected_current") == _sum(m_own.filter(age=0), "amount")
        assert _sum(months, "collected_arrears") == _sum(m_own.filter(age__gt=0), "amount")
        assert _sum(months, "collected_other") == _sum(month_facts.filter(own=False), "amount")
    # Demand and targets by fiscal year, for each pourashava and sector.
    for place, _, _ in settled.places:
        for sector in SECTORS[:-1]:
            rows = SummaryMonth.objects.filter(pourashava=place, sector=sector)
            for label in {r for r in rows.values_list("fiscal_year", flat=True)}:
                want = DemandFact.objects.filter(
                    pourashava=place, sector=sector, own=True, fiscal_year=label
                )
                assert _sum(rows.filter(fiscal_year=label), "demand") == _sum(want, "amount")
            targets = TargetMonth.objects.filter(
                pourashava=place,
                fiscal_year=fy.label,
                head_id__in=[c for c, s in heads.items() if s == sector],
            )
            got = rows.filter(fiscal_year=fy.label)
            assert _sum(got, "target") == _sum(targets, "amount")
            by_month = defaultdict(lambda: ZERO)
            for t in targets:
                by_month[t.month] += t.amount
            for row in got.exclude(target=0):
                assert row.target == by_month[fiscal_month(row.month)]
    # The year rows: each month column is its month row, the demand the year's demand facts.
    years = SummaryYear.objects.all()
    assert years.count() == len(
        set(SummaryMonth.objects.values_list("pourashava_id", "fiscal_year", "sector"))
    )
    for row in years:
        mine = SummaryMonth.objects.filter(
            pourashava_id=row.pourashava_id, fiscal_year=row.fiscal_year, sector=row.sector
        )
        for i, month in enumerate(fiscal_year_months(row.fiscal_year), start=1):
            of_month = mine.filter(month=month)
            assert getattr(row, f"current_{i:02d}") == _sum(of_month, "collected_current")
            assert getattr(row, f"arrears_{i:02d}") == _sum(of_month, "collected_arrears")
            assert getattr(row, f"target_{i:02d}") == _sum(of_month, "target")
        want = DemandFact.objects.filter(
            pourashava_id=row.pourashava_id,
            fiscal_year=row.fiscal_year,
            sector=row.sector,
            own=True,
        )
        assert row.demand == _sum(want, "amount")
    # And the facts still equal the ledger (the late payment and the refund included).
    assert selectors.collected(MonitorScope(None, fy.label), ledger.days[-1], ledger.today).get(
        (), ZERO
    ) == ledger_total(ledger.days[-1], ledger.today)


def test_the_summary_answers_as_the_facts_do(settled):
    ledger = settled
    rng = random.Random(61)
    fy = FiscalYear.of(ledger.today)
    fields = (
        "collected",
        "collected_current",
        "collected_arrears",
        "collected_last_year",
        "demand",
        "target_annual",
        "target_to_date",
        "arrears_outstanding",
    )
    as_of_days = [ledger.today, *rng.sample(ledger.days, 8)]
    for as_of in as_of_days:
        place = rng.choice(ledger.places)[0]
        scope = rng.choice(
            [MonitorScope(None, fy.label), MonitorScope(frozenset({place.pk}), fy.label)]
        )
        group_by = rng.choice([("pourashava",), ("sector",), ("pourashava", "sector"), ()])
        filters = rng.choice([{}, {"sector": rng.choice(SECTORS[:-1])}, {"pourashava": place.pk}])
        assert selectors_summary.answers(group_by, filters)
        fast = selectors.revenue_summary(scope, as_of=as_of, group_by=group_by, filters=filters)
        slow_rows: dict = {}

        def row_for(key, slow_rows=slow_rows, group_by=group_by):
            return slow_rows.setdefault(
                key, {**dict(zip(group_by, key, strict=True)), **dict.fromkeys(fields, ZERO)}
            )

        end = min(as_of, FiscalYear.parse(fy.label).end)
        selectors._from_facts(scope, fy, fy.start, end, group_by, filters, row_for)
        got = {tuple(r[g] for g in group_by): r for r in fast}
        for key in set(got) | set(slow_rows):
            for name in fields:
                a = got.get(key, {}).get(name, ZERO)
                b = slow_rows.get(key, {}).get(name, ZERO)
                assert a == b, (as_of, group_by, filters, key, name, a, b)
        # The monthly trend too.
        trend = selectors.monthly_trend(scope, as_of=as_of, filters=filters)
        by_month = selectors.collected(scope, fy.start, end, group_by=("month",), filters=filters)
        for item in trend:
            assert item["this_year"] == by_month.get((item["month"],), ZERO)
