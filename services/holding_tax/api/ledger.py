"""A citizen's ledger of a holding they own: every demand with what was paid and the receipts,
what is outstanding by fiscal year, and any payment for it that was kept as a credit (with what
happens to it). Demands billed to someone else (a previous owner, a co-owner) show as such
without their name: the holding's history, not another person's. Every amount, period and date
comes with its display form in the request's language (backend/common/display.py)."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import display
from backend.common.money import ZERO
from backend.common.text import Text, in_language
from backend.identity.acting import acting_citizen
from backend.identity.permissions import IsCitizen
from backend.payments.api import labels
from backend.payments.api.schemas import CreditOut, amount_field, display_field
from backend.payments.api.serializers import credit_out
from backend.payments.models import Credit
from backend.payments.registry import head_spec
from services.holding_tax.selectors import ledger_of
from services.property.selectors import holdings_of

PAYER_YOU = Text(en="You", bn="আপনি")
PAYER_OTHER = Text(en="Another owner", bn="অন্য মালিক")
PAYER_NONE = Text(en="Not yet billed to anyone", bn="এখনো কারো নামে বিল হয়নি")


def _payer(payer_id: int | None, citizen_id: int) -> str:
    if payer_id is None:
        return PAYER_NONE.render()
    return (PAYER_YOU if payer_id == citizen_id else PAYER_OTHER).render()


def _head_name(code: str) -> str:
    spec = head_spec(code)
    return in_language(spec.name_en, spec.name_bn) if spec else code


def _row(row: dict, citizen_id: int) -> dict:
    yours = row["payer_id"] == citizen_id
    outstanding = row["amount"] - row["paid"]
    return {
        "fiscal_year": row["fiscal_year"],
        "quarter": row["quarter"],
        "period_display": display.period(row["fiscal_year"], row["quarter"]),
        "due_date": row["due_date"],
        "due_date_display": display.day(row["due_date"]),
        "amount": str(row["amount"]),
        "amount_display": display.amount(row["amount"]),
        "paid": str(row["paid"]),
        "paid_display": display.amount(row["paid"]),
        "outstanding": str(outstanding),
        "outstanding_display": display.amount(outstanding),
        "status": row["status"],
        "status_label": labels.demand_status(row["status"]),
        "payer": _payer(row["payer_id"], citizen_id),
        "yours": yours,
        "receipts": row["receipts"] if yours else [],
        "heads": {head: str(amount) for head, amount in row["heads"].items()},
        "head_lines": [
            {
                "head": head,
                "head_name": _head_name(head),
                "amount": str(amount),
                "amount_display": display.amount(amount),
            }
            for head, amount in row["heads"].items()
        ],
    }


def _credits_for(holding, citizen):
    """The citizen's credits from payments of bills for this holding's demands."""
    return (
        Credit.objects.filter(
            citizen=citizen,
            payment__bill__lines__demand__object_type="holding",
            payment__bill__lines__demand__object_id=str(holding.pk),
        )
        .select_related("pourashava", "payment")
        .distinct()
        .order_by("-created_at", "-pk")
    )


class HoldingLedgerHeadOut(serializers.Serializer):
    head = serializers.CharField()
    head_name = display_field()
    amount = amount_field()
    amount_display = display_field()


class HoldingLedgerDemandOut(serializers.Serializer):
    fiscal_year = serializers.CharField()
    quarter = serializers.IntegerField(allow_null=True)
    period_display = display_field("`২০২৫-২৬, ৪র্থ কিস্তি` / `2025-26, instalment 4`")
    due_date = serializers.DateField()
    due_date_display = display_field()
    amount = amount_field()
    amount_display = display_field()
    paid = amount_field()
    paid_display = display_field()
    outstanding = amount_field()
    outstanding_display = display_field()
    status = serializers.CharField()
    status_label = display_field()
    payer = display_field("You, another owner, or nobody yet (never another person's name).")
    yours = serializers.BooleanField()
    receipts = serializers.ListField(child=serializers.CharField())
    heads = serializers.DictField(child=amount_field(), help_text="Amount by revenue head code.")
    head_lines = HoldingLedgerHeadOut(many=True)


class HoldingLedgerYearOut(serializers.Serializer):
    fiscal_year = serializers.CharField()
    fiscal_year_display = display_field()
    amount = amount_field()
    amount_display = display_field()


class HoldingLedgerOut(serializers.Serializer):
    holding = serializers.CharField()
    demands = HoldingLedgerDemandOut(many=True)
    outstanding_by_year = serializers.DictField(child=amount_field())
    outstanding_years = HoldingLedgerYearOut(many=True)
    outstanding_total = amount_field()
    outstanding_total_display = display_field()
    credits = CreditOut(many=True)


class MyHoldingLedger(APIView):
    """The holding's account: every demand raised and every payment received, with the running
    balance."""

    permission_classes = [IsCitizen]

    @extend_schema(responses={200: HoldingLedgerOut})
    def get(self, request, holding_id: int) -> Response:
        citizen = acting_citizen(request)
        holding = get_object_or_404(holdings_of(citizen), pk=holding_id)
        ledger = ledger_of(holding)
        by_year: dict[str, Decimal] = ledger["outstanding_by_year"]
        total = sum(by_year.values(), ZERO)
        return Response(
            {
                "holding": holding.reference,
                "demands": [_row(row, citizen.pk) for row in ledger["demands"]],
                "outstanding_by_year": {year: str(amount) for year, amount in by_year.items()},
                "outstanding_years": [
                    {
                        "fiscal_year": year,
                        "fiscal_year_display": display.period(year),
                        "amount": str(amount),
                        "amount_display": display.amount(amount),
                    }
                    for year, amount in by_year.items()
                ],
                "outstanding_total": str(total),
                "outstanding_total_display": display.amount(total),
                "credits": [credit_out(c) for c in _credits_for(holding, citizen)],
            }
        )
