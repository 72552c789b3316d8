"""Lease test data: a pourashava with its estate staff, properties with realised history, a
published call with bids, and a clock to step past a deadline."""

import contextlib
from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from backend.identity.models import Role
from services.estate_leases.models import Outcome, Property, PropertyKind, YearOutcome
from services.estate_leases.services import register, reserves, tenders
from tests.factories import CitizenFactory, PourashavaFactory, WardFactory, staff_member

D = Decimal
YEAR = 1434  # the lease year tendered in these tests (1 Boishakh 1434 = 14 April 2027)


class Staff:
    def __init__(self, pourashava) -> None:
        self.officer = staff_member(Role.ESTATE_OFFICER, pourashava)
        self.committee = staff_member(Role.TENDER_COMMITTEE, pourashava)
        self.mayor = staff_member(Role.MAYOR, pourashava)
        self.collector = staff_member(Role.LEASE_COLLECTOR, pourashava)
        self.cashier = staff_member(Role.CASHIER, pourashava)


def make_place(code: str = "NAT"):
    pourashava = PourashavaFactory(code=code, name_en=f"{code} Pourashava", name_bn="নাটোর")
    WardFactory(pourashava=pourashava, number=1)
    return pourashava, Staff(pourashava)


def make_property(pourashava, officer, code="H1", kind=PropertyKind.HAT_BAZAR, **kw) -> Property:
    data = register.PropertyInput(
        code=code,
        name_en=kw.pop("name_en", f"Ahmedpur hat {code}"),
        name_bn=kw.pop("name_bn", f"আহমদপুর হাট {code}"),
        kind=kind,
        dc_approval_ref=kw.pop("dc_approval_ref", "DC/NAT/2020/17"),
        hat_days="sat,tue",
        **kw,
    )
    return register.add_property(pourashava=pourashava, data=data, actor=officer)


def history(prop, officer, values: dict[int, tuple[str, str]]) -> None:
    """{year: (outcome, amount)} recorded as the register would hold them."""
    for year, (outcome, amount) in values.items():
        register.record_outcome(
            prop=prop,
            year=year,
            outcome=outcome,
            reason="no_bid" if outcome == Outcome.DIRECT else "",
            realised_value=D(amount),
            actor=officer,
        )


BARAIGRAM = {  # Ahmedpur hat, Baraigram (next-services.md §3): average 612,700
    1431: (Outcome.LEASED, "711000"),
    1432: (Outcome.LEASED, "555000"),
    1433: (Outcome.LEASED, "572100"),
}


def ready_property(pourashava, staff, code="H1", values=BARAIGRAM) -> Property:
    prop = make_property(pourashava, staff.officer, code=code)
    history(prop, staff.officer, values)
    reserves.compute_for(prop, YEAR)
    return prop


def published_call(pourashava, staff, codes=("H1",), hours=48):
    now = timezone.now()
    call = tenders.create_call(
        pourashava=pourashava,
        data=tenders.CallInput(
            year=YEAR,
            property_codes=tuple(codes),
            sale_until=now + timedelta(hours=hours - 1),
            deadline=now + timedelta(hours=hours),
            opening_at=now + timedelta(hours=hours + 1),
            schedule_price=D("500"),
        ),
        actor=staff.officer,
    )
    return tenders.publish(call=call, actor=staff.officer)


def bid(
    call, staff, amount, *, code="H1", citizen=None, name="Bidder", earnest=None, security=None
):
    amount = D(amount)
    return tenders.submit_bid(
        call=call,
        data=tenders.BidInput(
            property_code=code,
            bidder=citizen or CitizenFactory(),
            bidder_name=name,
            amount=amount,
            earnest_amount=D(earnest) if earnest is not None else amount / 4,
            security_amount=D(security) if security is not None else amount / 20,
        ),
        actor=staff.officer,
    )


@contextlib.contextmanager
def clock(at: datetime):
    """timezone.now() answers `at` (the deadline rules read the clock, nothing else here)."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def after_deadline(call):
    return clock(call.deadline + timedelta(minutes=5))


def outcome_of(prop, year):
    return YearOutcome.objects.filter(property=prop, year=year).first()
