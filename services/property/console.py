"""The holdings register in the operator's console (backend/operator_console/registry.py): the
citizen's holdings and claims, and claiming a holding for them (the same service as the app's
claim, recorded as an assisted action)."""

from django import forms
from django.utils import translation
from django.utils.functional import lazy

from backend.common.text import Text, in_language
from backend.identity.assisted import record_assisted_action
from backend.municipality.models import Ward
from backend.operator_console.registry import (
    ConsoleAction,
    ConsoleContext,
    ConsoleResult,
    ConsoleRow,
    ConsoleSection,
    register_action_label,
    register_console_action,
    register_console_section,
)
from services.property import selectors, services
from services.property.models import ClaimStatus, HoldingClaim

CLAIMED = Text(
    en="Holding {reference} is claimed: {status}.",
    bn="হোল্ডিং {reference} দাবি করা হয়েছে: {status}।",
)
OWNED = Text(en="Owner", bn="মালিক")


def _label(en: str, bn: str):
    return lazy(Text(en=en, bn=bn).render, str)()


def holding_rows(context: ConsoleContext) -> list[ConsoleRow]:
    rows = []
    for holding in selectors.holdings_of(context.citizen):
        mahalla = holding.mahalla
        rows.append(
            ConsoleRow(
                cells=(
                    holding.reference,
                    in_language(holding.pourashava.name_en, holding.pourashava.name_bn),
                    in_language(mahalla.name_en, mahalla.name_bn) if mahalla else "",
                    OWNED.render(),
                )
            )
        )
    pending = HoldingClaim.objects.filter(
        citizen=context.citizen, status=ClaimStatus.PENDING
    ).select_related("holding__pourashava", "holding__ward", "holding__mahalla")
    for claim in pending:
        holding = claim.holding
        mahalla = holding.mahalla
        rows.append(
            ConsoleRow(
                cells=(
                    holding.reference,
                    in_language(holding.pourashava.name_en, holding.pourashava.name_bn),
                    in_language(mahalla.name_en, mahalla.name_bn) if mahalla else "",
                    claim.get_status_display(),
                )
            )
        )
    return rows


class ClaimForm(forms.Form):
    def __init__(self, data=None, files=None, *, context: ConsoleContext, **kwargs) -> None:
        super().__init__(data, files, **kwargs)
        wards = Ward.objects.filter(pourashava=context.pourashava).order_by("number")
        self.fields["ward"] = forms.TypedChoiceField(
            label=_label("Ward", "ওয়ার্ড"),
            coerce=int,
            choices=[(w.number, str(w.number)) for w in wards],
        )
        self.fields["number"] = forms.CharField(
            label=_label("Holding number", "হোল্ডিং নম্বর"), max_length=20
        )


def claim(context: ConsoleContext, data: dict) -> ConsoleResult:
    found = services.claim_holding(
        citizen=context.citizen,
        pourashava=context.pourashava,
        ward_number=data["ward"],
        number=data["number"],
    )
    record_assisted_action(context.request, action="property.holding_claimed", obj=found)
    params = {"reference": found.holding.reference}
    with translation.override("bn"):
        status_bn = str(ClaimStatus(found.status).label)
    with translation.override("en"):
        status_en = str(ClaimStatus(found.status).label)
    return ConsoleResult(
        message_en=CLAIMED.render("en", status=status_en, **params),
        message_bn=CLAIMED.render("bn", status=status_bn, **params),
    )


def register() -> None:
    register_console_section(
        ConsoleSection(
            code="property.holdings",
            title_en="Holdings",
            title_bn="হোল্ডিং",
            columns=(
                ("Holding", "হোল্ডিং"),
                ("Pourashava", "পৌরসভা"),
                ("Mahalla", "মহল্লা"),
                ("Standing", "অবস্থা"),
            ),
            rows=holding_rows,
            order=10,
        )
    )
    register_console_action(
        ConsoleAction(
            code="property.claim_holding",
            title_en="Claim a holding",
            title_bn="হোল্ডিং দাবি",
            form_class=ClaimForm,
            perform=claim,
            order=10,
        )
    )
    register_action_label(
        "property.holding_claimed", en="claimed a holding", bn="হোল্ডিং দাবি করেছেন"
    )
