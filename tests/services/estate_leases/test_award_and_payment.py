"""From award to the security's refund: the mayor's approval raises one demand with the lease
money, VAT and income tax as separate heads (worked examples), the lessee pays at the counter,
the agreement is signed, the security is refunded once the year is over; a rejected award
reopens the property for the committee."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from backend.common.errors import Conflict
from backend.payments.models import DemandLine, RevenueHead
from backend.payments.services.counter import collect_cash
from backend.workflow.services import take_action
from services.estate_leases.models import ItemStatus, LeaseStatus, Outcome, TenderItem
from services.estate_leases.services import awards, tenders
from tests.factories import CitizenFactory
from tests.services.estate_leases.helpers import (
    YEAR,
    after_deadline,
    bid,
    make_place,
    outcome_of,
    published_call,
    ready_property,
)

pytestmark = pytest.mark.django_db
D = Decimal


def _awarded(amount="650000", kind=None):
    pourashava, staff = make_place()
    prop = ready_property(pourashava, staff)
    if kind:
        type(prop).objects.filter(pk=prop.pk).update(kind=kind)
    call = published_call(pourashava, staff)
    lessee = CitizenFactory()
    bid(call, staff, amount, citizen=lessee, name="Rahim Traders")
    bid(call, staff, "600000")  # below the 649,500 reserve
    with after_deadline(call):
        tenders.open_bids(call=call, actor=staff.committee)
        lease = awards.award(call=call, code="H1", actor=staff.committee)
    return pourashava, staff, prop, lease, lessee


def test_vat_15_and_income_tax_5_percent_on_a_lease_of_650000():
    _pourashava, staff, prop, lease, lessee = _awarded("650000")
    assert lease.status == LeaseStatus.AWAITING_APPROVAL
    assert outcome_of(prop, YEAR).outcome == Outcome.PENDING
    assert lease.application.state == "awaiting_approval"

    take_action(application=lease.application, action="approve", actor=staff.mayor)
    lease.refresh_from_db()
    # 650,000 x 15% = 97,500 VAT; 650,000 x 5% = 32,500 income tax; 780,000 in all.
    lines = {
        line.head.code: line.amount
        for line in DemandLine.objects.filter(demand=lease.demand).select_related("head")
    }
    assert lines == {
        "lease_money": D("650000.00"),
        "lease_vat": D("97500.00"),
        "lease_income_tax": D("32500.00"),
    }
    assert lease.demand.citizen_id == lessee.pk
    assert lease.status == LeaseStatus.APPROVED
    # VAT and income tax are collected for the NBR, never counted as the pourashava's revenue.
    assert RevenueHead.objects.get(code="lease_money").code == "lease_money"
    from backend.payments.registry import head_spec

    assert head_spec("lease_vat").collected_for == "nbr"
    assert head_spec("lease_income_tax").collected_for == "nbr"
    assert (
        head_spec("lease_money").sector == "leases" and not head_spec("lease_money").collected_for
    )
    outcome = outcome_of(prop, YEAR)
    assert (outcome.outcome, outcome.realised_value) == (Outcome.LEASED, D("650000.00"))


def test_income_tax_10_percent_on_a_temporary_cattle_hat():
    # 700,000 on an Eid cattle hat (10% from 2025, Debidwar): VAT 105,000, income tax 70,000.
    *_, lease, _ = _awarded("700000", kind="temp_cattle_hat")
    assert (lease.vat_percent, lease.income_tax_percent) == (D("15.00"), D("10.00"))
    assert (lease.vat_amount, lease.income_tax_amount) == (D("105000.00"), D("70000.00"))


def test_paid_at_the_counter_then_agreement_then_security_refunded_after_the_year():
    pourashava, staff, _prop, lease, lessee = _awarded("650000")
    take_action(application=lease.application, action="approve", actor=staff.mayor)
    with pytest.raises(Conflict):  # not paid yet
        awards.sign_agreement(
            lease=lease, agreement_date=date(2027, 4, 1), stamp_ref="NJ-300", actor=staff.officer
        )
    payment = collect_cash(
        collector=staff.cashier, pourashava=pourashava, amount=D("780000"), payer=lessee
    )
    assert payment.receipt is not None
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.PAID and lease.paid_at is not None

    awards.sign_agreement(
        lease=lease, agreement_date=date(2027, 4, 1), stamp_ref="NJ-300", actor=staff.officer
    )
    with pytest.raises(Conflict) as early:
        awards.refund_security(lease=lease, reference="PO-1", actor=staff.officer, on=lease.ends_on)
    assert early.value.code == "lease_not_ended"
    done = awards.refund_security(
        lease=lease, reference="PO-1", actor=staff.officer, on=lease.ends_on + timedelta(days=1)
    )
    assert done.status == LeaseStatus.CLOSED and done.security_amount == D("32500.00")


def test_a_rejected_award_reopens_the_property():
    _pourashava, staff, _prop, lease, _ = _awarded("650000")
    take_action(
        application=lease.application, action="reject", actor=staff.mayor, comment="Collusion"
    )
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.REJECTED and lease.demand is None
    assert TenderItem.objects.get().status == ItemStatus.OPEN


def test_the_lease_year_is_1_boishakh_to_30_chaitra():
    *_, lease, _ = _awarded()
    assert (lease.starts_on, lease.ends_on) == (date(2027, 4, 14), date(2028, 4, 13))
