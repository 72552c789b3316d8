"""Reads of the payment layer, scoped: a citizen sees what they owe or paid; staff see their
pourashava's rows through backend.municipality.scoping.restrict."""

import decimal
from collections import defaultdict
from datetime import date
from functools import cache

from django.db import connection
from django.db.models import Prefetch, QuerySet

from backend.common.money import ZERO
from backend.identity.models import Citizen, Role, User
from backend.municipality.models import Pourashava
from backend.municipality.scoping import restrict
from backend.payments.models import (
    OPEN_DEMAND_STATUSES,
    Bill,
    BillLine,
    Credit,
    Demand,
    DemandLine,
    Payment,
    Receipt,
    ReceiptLine,
)
from backend.payments.services import rows

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
    when asked. One query (two with lines), however many demands; no model
    instances, so the answer stays fast for a citizen with years of quarterly demands."""
    with connection.cursor() as cursor:
        cursor.execute(_dues_sql(), [citizen.pk, *(s.value for s in OPEN_DEMAND_STATUSES)])
        rows = cursor.fetchall()
    if not rows:
        return []
    demands = [_demand_row(row) for row in rows]
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
    for demand, row in zip(demands, rows, strict=True):
        demand["lines"] = lines.get(demand["id"]) if with_lines else None
        group = groups.get(demand["pourashava_id"])
        if group is None:
            pourashava = dict(zip(("id", "code", "name_en", "name_bn"), row[-4:], strict=True))
            group = {"pourashava": pourashava, "services": {}, "total": ZERO}
            groups[demand["pourashava_id"]] = group
        service = group["services"].get(demand["service_code"])
        if service is None:  # (not setdefault: that builds the default for every demand)
            service = {"service_code": demand["service_code"], "demands": [], "total": ZERO}
            group["services"][demand["service_code"]] = service
        service["demands"].append(demand)
        service["total"] += demand["outstanding"]
        group["total"] += demand["outstanding"]
    for group in groups.values():
        group["services"] = list(group["services"].values())
    return list(groups.values())


# The columns of each demand in the dues answer, in the order of the SELECT below.
_DEMAND_COLUMNS = (
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
    "outstanding",
)
# What the ORM does with a SUM of decimals that the driver returns as a float (SQLite).
_decimal_from_float = decimal.Context(prec=15).create_decimal_from_float


def _demand_row(row: tuple) -> dict:
    # The demand's columns come first in the row, the pourashava's after them.
    demand = dict(zip(_DEMAND_COLUMNS, row, strict=False))
    if isinstance(demand["due_date"], str):  # SQLite without a declared-type conversion
        demand["due_date"] = date.fromisoformat(demand["due_date"])
    outstanding = demand["outstanding"]
    if outstanding is not None and not isinstance(outstanding, decimal.Decimal):
        demand["outstanding"] = _decimal_from_float(outstanding)
    return demand


@cache  # built on first use, once the database is configured
def _dues_sql() -> str:
    """The dues query by hand: the answer every citizen's app asks for first, where building
    the query with the ORM cost more than running it. Same rows and order as
    Demand.objects.filter(citizen=..., status__in=OPEN_DEMAND_STATUSES).values(...)
    .annotate(outstanding=Sum(lines.amount - lines.amount_paid)) ordered by pourashava code,
    service, due date and id; then the pourashava's id, code and names."""
    q = connection.ops.quote_name
    demand, line = q(Demand._meta.db_table), q(DemandLine._meta.db_table)
    pourashava = q(Pourashava._meta.db_table)
    columns = ", ".join(f"d.{name}" for name in _DEMAND_COLUMNS[:-1])
    statuses = ", ".join(["%s"] * len(OPEN_DEMAND_STATUSES))
    # The sum as a subquery per demand rather than a join and GROUP BY: the same answer (NULL
    # for a demand without lines), planned and run in about three quarters of the time.
    return f"""
        SELECT {columns},
            (SELECT SUM(l.amount - l.amount_paid) FROM {line} l WHERE l.demand_id = d.id),
            p.id, p.code, p.name_en, p.name_bn
        FROM {demand} d
        JOIN {pourashava} p ON p.id = d.pourashava_id
        WHERE d.citizen_id = %s AND d.status IN ({statuses})
        ORDER BY p.code, d.service_code, d.due_date, d.id
    """  # noqa: S608 - names come from our models; values are bound parameters


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


@cache  # built on first use, once the database is configured
def _credits_sql() -> str:
    q = connection.ops.quote_name
    return (
        f"SELECT {rows.columns(Credit, 'c')}, {rows.columns(Pourashava, 'p')}, "  # noqa: S608
        f"{rows.columns(Payment, 'y')} FROM {q(Credit._meta.db_table)} c "
        f"JOIN {q(Pourashava._meta.db_table)} p ON p.id = c.pourashava_id "
        f"JOIN {q(Payment._meta.db_table)} y ON y.id = c.payment_id "
        "WHERE c.citizen_id = %s ORDER BY c.created_at DESC, c.id DESC"
    )


def credits_of(citizen: Citizen) -> list[Credit]:
    """The citizen's credits, newest first, with their pourashava and payment loaded: what
    Credit.objects.filter(citizen=...).select_related("pourashava", "payment")
    .order_by("-created_at", "-pk") gives, read by hand (on the dues answer, compiling that
    query cost more than everything else the view does)."""
    with connection.cursor() as cursor:
        cursor.execute(_credits_sql(), [citizen.pk])
        found = cursor.fetchall()
    credit_width, pourashava_width = rows.width(Credit), rows.width(Pourashava)
    credits = []
    for row in found:
        credit = rows.instance(Credit, row[:credit_width])
        end = credit_width + pourashava_width
        credit._state.fields_cache["pourashava"] = rows.instance(Pourashava, row[credit_width:end])
        credit._state.fields_cache["payment"] = rows.instance(Payment, row[end:])
        credits.append(credit)
    return credits
