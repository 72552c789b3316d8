"""Holding tax clearance: a certificate, verifiable by its QR code, that nothing is due on a
holding. Valid to the end of the fiscal year it was issued in."""

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError
from backend.common.numbering import next_number
from backend.common.text import Text
from backend.documents.kinds import register_document_kind
from backend.documents.models import IssuedDocument
from backend.documents.services import issue_document
from backend.identity.models import Citizen, User
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import OPEN_DEMAND_STATUSES, Demand
from services.holding_tax.billing import SERVICE_CODE
from services.property.models import Holding
from services.property.selectors import owners_on

KIND = "holding_clearance"
register_document_kind(
    KIND,
    title=Text(en="Holding tax clearance certificate", bn="হোল্ডিং কর পরিশোধ প্রত্যয়নপত্র"),
    template="holding_tax/clearance.html",
    public_fields=("holding", "owners_en", "owners_bn", "paid_through"),
    field_labels={
        "holding": Text(en="Holding", bn="হোল্ডিং"),
        "owners_en": Text(en="Owners", bn="মালিক (ইংরেজি)"),
        "owners_bn": Text(en="Owners (Bangla)", bn="মালিক"),
        "paid_through": Text(en="Nothing due up to fiscal year", bn="বকেয়াহীন অর্থবছর পর্যন্ত"),
    },
)

DUES_OUTSTANDING = Text(
    en="Holding {holding} still owes tax; pay the dues first.",
    bn="হোল্ডিং {holding}-এর কর বকেয়া আছে; আগে বকেয়া পরিশোধ করুন।",
)


def has_dues(holding: Holding) -> bool:
    return Demand.objects.filter(
        service_code=SERVICE_CODE,
        object_type="holding",
        object_id=str(holding.pk),
        status__in=OPEN_DEMAND_STATUSES,
    ).exists()


@transaction.atomic
def issue_clearance(
    *, holding: Holding, language: str, actor: User, holder: Citizen | None = None
) -> IssuedDocument:
    if has_dues(holding):
        raise AppError("holding_has_dues", DUES_OUTSTANDING, params={"holding": holding.reference})
    today = timezone.localdate()
    fiscal_year = FiscalYear.of(today)
    owners = owners_on(holding, today)
    return issue_document(
        kind=KIND,
        number=next_number(pourashava=holding.pourashava, series="HC", fiscal_year=fiscal_year),
        pourashava=holding.pourashava,
        language=language,
        holder=holder,
        valid_until=fiscal_year.end,
        actor=actor,
        fields={
            "holding": holding.reference,
            "address": ", ".join(p for p in (holding.road, str(holding.mahalla or "")) if p),
            "owners_en": ", ".join(o.name_en for o in owners),
            "owners_bn": ", ".join(o.name_bn for o in owners),
            "paid_through": fiscal_year.label,
        },
    )
