"""Reads: a citizen's licences and applications, staff's in scope, and the staff reports."""

from datetime import date, timedelta

from django.db.models import QuerySet, Sum

from backend.identity.models import Citizen, Role, User
from backend.municipality.scoping import scope_of
from backend.payments.models import ReceiptLine
from services.trade_license.heads import SOURCE_TAX_HEAD
from services.trade_license.models import LicenceStatus, TradeApplication, TradeLicence

STAFF_ROLES = frozenset({Role.LICENCE_INSPECTOR, Role.LICENCE_OFFICER})
DEFAULTER_AFTER = timedelta(days=90)  # expired for more than three months


def licences_of(citizen: Citizen) -> QuerySet[TradeLicence]:
    return (
        TradeLicence.objects.filter(holder=citizen)
        .select_related("category", "pourashava", "premises_holding__ward")
        .order_by("-created_at")
    )


def licence_of(citizen: Citizen, licence_no: str) -> TradeLicence | None:
    return licences_of(citizen).filter(licence_no=licence_no).first()


def _applications() -> QuerySet[TradeApplication]:
    return TradeApplication.objects.select_related(
        "application", "licence", "licence__category", "demand", "document", "new_owner"
    ).order_by("-application__submitted_at")


def applications_of(citizen: Citizen) -> QuerySet[TradeApplication]:
    return _applications().filter(application__applicant=citizen)


def application_of(citizen: Citizen, number: str) -> TradeApplication | None:
    return applications_of(citizen).filter(application__number=number).first()


def application_for_staff(user: User, number: str) -> TradeApplication | None:
    found = _applications().filter(application__number=number).first()
    if found is None or not scope_of(user, STAFF_ROLES).covers(found.pourashava_id, None):
        return None
    return found


def licence_for_staff(user: User, licence_no: str, roles=STAFF_ROLES) -> TradeLicence | None:
    found = TradeLicence.objects.filter(licence_no=licence_no).select_related("pourashava").first()
    if found is None or not scope_of(user, roles).covers(found.pourashava_id, None):
        return None
    return found


def staff_licences(user: User) -> QuerySet[TradeLicence]:
    scope = scope_of(user, STAFF_ROLES)
    queryset = TradeLicence.objects.select_related("category", "holder", "ward", "pourashava")
    if not scope.national:
        queryset = queryset.filter(pourashava_id__in=scope.pourashava_ids)
    return queryset.order_by("pourashava_id", "licence_no")


def defaulters(user: User, today: date) -> QuerySet[TradeLicence]:
    return staff_licences(user).filter(
        status=LicenceStatus.EXPIRED, valid_to__lt=today - DEFAULTER_AFTER
    )


def monthly_collections(user: User, head: str, year: int, month: int) -> list[dict]:
    """Money received under `head` (vat, or the source tax) by pourashava for one month, from
    the receipts: what the pourashava owes the NBR."""
    scope = scope_of(user, STAFF_ROLES)
    lines = ReceiptLine.objects.filter(
        head__code=head,
        demand__service_code="trade_license",
        receipt__issued_at__year=year,
        receipt__issued_at__month=month,
    )
    if not scope.national:
        lines = lines.filter(demand__pourashava_id__in=scope.pourashava_ids)
    rows = (
        lines.values("demand__pourashava__code")
        .annotate(amount=Sum("amount"))
        .order_by("demand__pourashava__code")
    )
    return [{"pourashava": r["demand__pourashava__code"], "amount": r["amount"]} for r in rows]


REPORT_HEADS = {"vat": "vat", "source-tax": SOURCE_TAX_HEAD}
