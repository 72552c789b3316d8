"""Targets (own revenue only, by month, set by the pourashava or the ministry, through the panel
too), the figures against them, the arrears snapshot, and the quarterly indicators."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F, Sum
from django.utils import timezone

from backend.common.errors import AppError, Forbidden
from backend.common.money import money
from backend.identity.models import Role
from backend.monitor.models import (
    ArrearsSnapshot,
    Indicator,
    IndicatorValue,
    RevenueTarget,
    TargetMonth,
)
from backend.monitor.registry import MonitorScope
from backend.monitor.selectors import revenue_summary, target_to_date
from backend.monitor.services.facts import rebuild_days, snapshot_arrears
from backend.monitor.services.indicators import compute_quarter
from backend.monitor.services.targets import set_target
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import DemandLine, Payment, RevenueHead
from tests.backend.monitor.test_ledger import ledger_total
from tests.factories import RoleAssignmentFactory, staff_member

pytestmark = pytest.mark.django_db


def test_heads_carry_their_sector():
    assert RevenueHead.objects.get(code="vat").collected_for == "nbr"
    assert RevenueHead.objects.get(code="holding_tax").sector == "holding_tax"
    assert RevenueHead.objects.get(code="lease_rent").sector == "leases"


def test_targets_rules_and_figures(ledger):
    place, _, _ = ledger.places[0]
    fy = FiscalYear.of(ledger.today)
    head = RevenueHead.objects.get(code="holding_tax")
    secretary = staff_member(Role.SECRETARY, place)
    clerk = staff_member(Role.REVENUE_CLERK, place)
    ministry = RoleAssignmentFactory(role=Role.NATIONAL_VIEWER, pourashava=None).user

    with pytest.raises(AppError) as refused:
        set_target(
            actor=secretary,
            pourashava=place,
            fiscal_year=fy.label,
            head=RevenueHead.objects.get(code="vat"),
            amount=Decimal(1000),
        )
    assert refused.value.code == "target_not_own_revenue"
    with pytest.raises(Forbidden):
        set_target(actor=clerk, pourashava=place, fiscal_year=fy.label, head=head, amount=1000)
    with pytest.raises(Forbidden):  # another pourashava's secretary
        set_target(
            actor=secretary,
            pourashava=ledger.places[1][0],
            fiscal_year=fy.label,
            head=head,
            amount=1000,
        )

    target = set_target(
        actor=secretary, pourashava=place, fiscal_year=fy.label, head=head, amount="1000.00"
    )
    months = list(target.months.values_list("amount", flat=True))
    assert target.set_by == "pourashava" and len(months) == 12 and sum(months) == Decimal(1000)

    given = [Decimal(0)] * 6 + [Decimal(200)] * 6
    with pytest.raises(AppError):
        set_target(
            actor=ministry,
            pourashava=place,
            fiscal_year=fy.label,
            head=head,
            amount=Decimal(1000),
            split="given",
            months=given,
        )
    target = set_target(
        actor=ministry,
        pourashava=place,
        fiscal_year=fy.label,
        head=head,
        amount=Decimal(1200),
        split="given",
        months=given,
    )
    assert target.set_by == "ministry"
    assert list(target.months.values_list("amount", flat=True)) == given
    assert RevenueTarget.objects.count() == 1 and TargetMonth.objects.count() == 12

    # Figures against it: target to date follows the monthly split, not the days.
    scope = MonitorScope(frozenset({place.pk}), fy.label)
    end_of_january = fy.start.replace(year=fy.start_year + 1, month=1, day=31)
    annual, due = target_to_date(scope, fy.label, end_of_january)
    assert annual[()] == Decimal(1200) and due[()] == Decimal(200)  # January: month 7
    _, due = target_to_date(scope, fy.label, end_of_january + timedelta(days=14))
    assert due[()] == Decimal(200) + money(Decimal(200) * 14 / 28)  # half of February
    rebuild_days(place.pk, ledger.days)
    snapshot_arrears(place.pk, ledger.today)
    (row,) = revenue_summary(scope, as_of=ledger.today, group_by=("pourashava",))
    assert row["collected"] == ledger_total(fy.start, ledger.today, pourashava=place.pk)
    assert row["target_annual"] == Decimal(1200)
    if row["target_to_date"]:
        assert row["achievement_pct"] == money(
            100 * row["collected"] / row["target_to_date"]
        ).quantize(Decimal("0.1"))

    # The arrears snapshot equals what is still open on the own-revenue demand lines.
    owed = DemandLine.objects.filter(
        pourashava=place, demand__status__in=["open", "partially_paid"], head__collected_for=""
    ).aggregate(s=Sum(F("amount") - F("amount_paid")))["s"] or Decimal(0)
    snap = ArrearsSnapshot.objects.filter(pourashava=place, own=True).aggregate(s=Sum("amount"))
    assert money(snap["s"] or 0) == money(owed)


def test_target_set_in_the_panel(client, db):
    from tests.factories import PourashavaFactory

    place = PourashavaFactory(code="PNL")
    secretary = staff_member(Role.SECRETARY, place)
    client.force_login(secretary)
    fy = FiscalYear.of(timezone.localdate()).label
    form = {
        "pourashava": place.pk,
        "fiscal_year": fy,
        "head": "vat",
        "amount": "100.00",
        "split": "even",
        "monthly_amounts": "",
        "note": "",
        "months-TOTAL_FORMS": "0",
        "months-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/monitor/revenuetarget/add/", form)
    assert response.status_code == 200 and not RevenueTarget.objects.exists()  # refused
    form["head"] = "holding_tax"
    form["split"] = "given"
    form["monthly_amounts"] = ",".join(["0"] * 11 + ["100"])
    response = client.post("/admin/monitor/revenuetarget/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    target = RevenueTarget.objects.get()
    assert target.set_by == "pourashava"
    assert target.months.get(month=12).amount == Decimal(100)


def test_indicators_computed_and_entered(client, ledger):
    place, _, _ = ledger.places[0]
    today = ledger.today
    fy = FiscalYear.of(today)
    quarter = fy.quarter_of(today)
    compute_quarter(place.pk, fy.label, quarter)
    online = IndicatorValue.objects.get(pourashava=place, indicator_id="[E.2]", quarter=quarter)
    start, end = fy.quarter_bounds(quarter)
    from backend.monitor.indicators import _bounds

    lo, hi = _bounds(start, end)
    settled = Payment.objects.filter(
        pourashava=place, status="settled", created_at__gte=lo, created_at__lt=hi
    )
    if settled.exists():
        share = 100 * settled.filter(channel__in=["bkash", "nagad", "sslcommerz"]).count()
        assert online.achievement == (Decimal(share) / settled.count()).quantize(Decimal("0.01"))
    # An entered indicator: added nationally, its value typed by the pourashava in the panel.
    Indicator.objects.create(
        code="[1.1.1]",
        text_en="Notes disposed in e-Nothi",
        text_bn="ই-নথিতে নিষ্পন্ন নোট",
        unit="%",
        weight=Decimal(10),
    )
    secretary = staff_member(Role.SECRETARY, place)
    client.force_login(secretary)
    response = client.post(
        "/admin/monitor/indicatorvalue/add/",
        {
            "pourashava": place.pk,
            "indicator": "[1.1.1]",
            "fiscal_year": fy.label,
            "quarter": quarter,
            "target": "80",
            "achievement": "53",
            "comment": "server down",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    value = IndicatorValue.objects.get(indicator_id="[1.1.1]")
    assert value.achievement == Decimal(53) and value.comment == "server down"
    page = client.get(f"/monitor/indicators/?lang=en&fy={fy.label}&quarter={quarter}")
    assert "[1.1.1]" in page.content.decode() and "server down" in page.content.decode()
    csv = client.get(
        f"/monitor/indicators/?fy={fy.label}&quarter={quarter}&export=indicators&format=csv"
    )
    assert "[1.1.1]" in csv.getvalue().decode()
