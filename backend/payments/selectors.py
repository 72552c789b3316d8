"""Reads of the payment layer, scoped: a citizen sees what they owe or paid; staff see their
pourashava's rows through backend.municipality.scoping.restrict."""

from collections import OrderedDict
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from backend.common.money import ZERO
from backend.identity.models import Citizen, Role, User
from backend.municipality.scoping import restrict
from backend.payments.models import (
    OPEN_DEMAND_STATUSES,
    Bill,
    BillLine,
    Demand,
    DemandLine,
    Payment,
    Receipt,
    ReceiptLine,
)

# Staff who may look at payments and receipts of their pourashava.
PAYMENT_STAFF_ROLES = frozenset(
    {
        Role.CASHIER,
        Role.REVENUE_CLERK,
        Role.SECRETARY,
        Role.MAYOR,
        Role.ASSESSOR,
        Role.WATER_SUPERINTENDENT,
        Role.LICENCE_OFFICER,
        Role.CERTIFICATE_OFFICER,
        Role.NATIONAL_VIEWER,
        Role.SYSTEM_ADMIN,
    }
)


def open_demands_of(citizen: Citizen) -> QuerySet[Demand]:
    return (
        Demand.objects.filter(citizen=citizen, status__in=OPEN_DEMAND_STATUSES)
        .select_related("pourashava")
        .prefetch_related(Prefetch("lines", queryset=DemandLine.objects.select_related("head")))
        .order_by("pourashava__code", "service_code", "due_date", "id")
    )


def dues_of(citizen: Citizen) -> list[dict]:
    """Everything `citizen` owes, grouped by pourashava then service, totals per group.
    Three queries however many demands there are."""
    groups: OrderedDict[int, dict] = OrderedDict()
    for demand in open_demands_of(citizen):
        p = demand.pourashava
        group = groups.setdefault(p.pk, {"pourashava": p, "services": OrderedDict(), "total": ZERO})
        service = group["services"].setdefault(
            demand.service_code, {"service_code": demand.service_code, "demands": [], "total": ZERO}
        )
        amount, paid = demand.lines_total()
        outstanding: Decimal = amount - paid
        service["demands"].append({"demand": demand, "outstanding": outstanding})
        service["total"] += outstanding
        group["total"] += outstanding
    result = []
    for group in groups.values():
        group["services"] = list(group["services"].values())
        result.append(group)
    return result


def _bill_query() -> QuerySet[Bill]:
    return Bill.objects.select_related("pourashava").prefetch_related(
        Prefetch("lines", queryset=BillLine.objects.select_related("head", "demand"))
    )


def bill_for_citizen(citizen: Citizen, pk: int) -> Bill | None:
    return _bill_query().filter(pk=pk, citizen=citizen).first()


def payments_visible_to(user: User, citizen: Citizen | None) -> QuerySet[Payment]:
    """The citizen's own payments, or (for staff) their pourashava's."""
    qs = Payment.objects.select_related("pourashava", "bill", "receipt")
    if citizen is not None:
        return qs.filter(citizen=citizen)
    return restrict(qs, user, roles=PAYMENT_STAFF_ROLES)


def receipts_visible_to(user: User, citizen: Citizen | None) -> QuerySet[Receipt]:
    qs = Receipt.objects.select_related(
        "pourashava", "payment", "citizen", "udc_centre", "collector"
    ).prefetch_related(
        Prefetch("lines", queryset=ReceiptLine.objects.select_related("head", "demand"))
    )
    if citizen is not None:
        return qs.filter(citizen=citizen)
    return restrict(qs, user, roles=PAYMENT_STAFF_ROLES)


def receipt_of_payment(payment: Payment) -> Receipt | None:
    return (
        Receipt.objects.select_related("pourashava", "payment")
        .prefetch_related(Prefetch("lines", queryset=ReceiptLine.objects.select_related("head")))
        .filter(payment=payment)
        .first()
    )
