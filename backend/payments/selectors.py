"""Reads of the payment layer, scoped: a citizen sees what they owe or paid; staff see their
pourashava's rows through backend.municipality.scoping.restrict."""

from collections import defaultdict

from django.db.models import F, Prefetch, QuerySet, Sum

from backend.common.money import ZERO
from backend.identity.models import Citizen, Role, User
from backend.municipality.models import Pourashava
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


def dues_of(citizen: Citizen, *, with_lines: bool = False) -> list[dict]:
    """Everything `citizen` owes, grouped by pourashava then service, with totals per group:
    one row per demand with its outstanding amount (summed in SQL), and its lines by head only
    when asked. Two queries (three with lines), however many demands; no model instances, so
    the answer stays fast for a citizen with years of quarterly demands."""
    demands = list(
        Demand.objects.filter(citizen=citizen, status__in=OPEN_DEMAND_STATUSES)
        .values(
            "id",
            "pourashava_id",
            "service_code",
            "object_type",
            "object_id",
            "object_label",
            "fiscal_year",
            "period_quarter",
            "period_month",
            "due_date",
            "status",
        )
        .annotate(outstanding=Sum(F("lines__amount") - F("lines__amount_paid")))
        .order_by("pourashava__code", "service_code", "due_date", "id")
    )
    if not demands:
        return []
    pourashavas = {
        p["id"]: p
        for p in Pourashava.objects.filter(pk__in={d["pourashava_id"] for d in demands}).values(
            "id", "code", "name_en", "name_bn"
        )
    }
    lines: dict[int, list[dict]] = defaultdict(list)
    if with_lines:
        for line in (
            DemandLine.objects.filter(demand_id__in=[d["id"] for d in demands])
            .values(
                "demand_id", "head_id", "head__name_en", "head__name_bn", "amount", "amount_paid"
            )
            .order_by("demand_id", "head__order", "id")
        ):
            lines[line["demand_id"]].append(line)
    groups: dict[int, dict] = {}
    for demand in demands:
        demand["lines"] = lines.get(demand["id"]) if with_lines else None
        group = groups.setdefault(
            demand["pourashava_id"],
            {"pourashava": pourashavas[demand["pourashava_id"]], "services": {}, "total": ZERO},
        )
        service = group["services"].setdefault(
            demand["service_code"],
            {"service_code": demand["service_code"], "demands": [], "total": ZERO},
        )
        service["demands"].append(demand)
        service["total"] += demand["outstanding"]
        group["total"] += demand["outstanding"]
    for group in groups.values():
        group["services"] = list(group["services"].values())
    return list(groups.values())


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
