"""A citizen's view of a holding's assessment: annual value, the working line by line in their
language, tax by head and the four instalments."""

from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import display
from backend.common.errors import NotFound
from backend.common.text import Text, in_language
from backend.documents.models import IssuedDocument
from backend.documents.pdf import verify_url
from backend.documents.services import ensure_pdf
from backend.identity.acting import acting_citizen
from backend.identity.assisted import record_assisted_action
from backend.identity.permissions import IsCitizen
from backend.payments.api.schemas import amount_field, display_field
from backend.payments.registry import head_spec
from services.holding_tax.calculator import quarterly_instalments
from services.holding_tax.models import Assessment
from services.holding_tax.services.clearance import KIND as CLEARANCE
from services.holding_tax.services.clearance import issue_clearance
from services.property.selectors import holdings_of

NOT_ASSESSED = Text(
    en="This holding has not been assessed yet.", bn="এই হোল্ডিংয়ের এখনো কর নির্ধারণ হয়নি।"
)


def _head_name(code: str) -> str:
    spec = head_spec(code)
    return in_language(spec.name_en, spec.name_bn) if spec else code


def _by_head(amounts: dict[str, Decimal]) -> list[dict]:
    return [
        {
            "head": head,
            "head_name": _head_name(head),
            "amount": str(amount),
            "amount_display": display.amount(amount),
        }
        for head, amount in amounts.items()
    ]


def assessment_body(assessment: Assessment, language: str) -> dict:
    tax = {head: Decimal(amount) for head, amount in assessment.annual_tax.items()}
    total = sum(tax.values(), Decimal("0.00"))
    quarters = quarterly_instalments(tax)
    return {
        "holding": assessment.holding.reference,
        "from_fiscal_year": assessment.from_fiscal_year,
        "from_fiscal_year_display": display.period(assessment.from_fiscal_year, lang=language),
        "kind": assessment.kind,
        "kind_label": assessment.get_kind_display(),
        "basis": assessment.basis,
        "basis_label": assessment.get_basis_display(),
        "annual_value": str(assessment.annual_value),
        "annual_value_display": display.amount(assessment.annual_value, language),
        "working": [
            {
                "text": line["bn" if language == "bn" else "en"],
                "amount": line["amount"],
                "amount_display": display.amount(line["amount"], language),
            }
            for line in assessment.working
        ],
        "annual_tax": {head: str(amount) for head, amount in tax.items()},
        "annual_tax_by_head": _by_head(tax),
        "annual_total": str(total),
        "annual_total_display": display.amount(total, language),
        "quarters": [
            {head: str(amount) for head, amount in quarter.items()} for quarter in quarters
        ],
        "instalments": [
            {
                "quarter": number,
                "period_display": display.period(
                    assessment.from_fiscal_year, number, lang=language
                ),
                "total": str(sum(quarter.values(), Decimal("0.00"))),
                "total_display": display.amount(sum(quarter.values(), Decimal("0.00")), language),
                "by_head": _by_head(quarter),
            }
            for number, quarter in enumerate(quarters, start=1)
        ],
    }


class HoldingTaxHeadAmountOut(serializers.Serializer):
    head = serializers.CharField()
    head_name = display_field()
    amount = amount_field()
    amount_display = display_field()


class HoldingTaxWorkingLineOut(serializers.Serializer):
    text = display_field("One step of the working, in the request's language.")
    amount = amount_field()
    amount_display = display_field()


class HoldingTaxInstalmentOut(serializers.Serializer):
    quarter = serializers.IntegerField()
    period_display = display_field()
    total = amount_field()
    total_display = display_field()
    by_head = HoldingTaxHeadAmountOut(many=True)


class AssessmentOut(serializers.Serializer):
    holding = serializers.CharField()
    from_fiscal_year = serializers.CharField()
    from_fiscal_year_display = display_field()
    kind = serializers.CharField()
    kind_label = display_field()
    basis = serializers.CharField()
    basis_label = display_field()
    annual_value = amount_field()
    annual_value_display = display_field()
    working = HoldingTaxWorkingLineOut(many=True)
    annual_tax = serializers.DictField(child=amount_field())
    annual_tax_by_head = HoldingTaxHeadAmountOut(many=True)
    annual_total = amount_field()
    annual_total_display = display_field()
    quarters = serializers.ListField(child=serializers.DictField(child=amount_field()))
    instalments = HoldingTaxInstalmentOut(many=True)


class MyHoldingAssessment(APIView):
    """How one of your holdings is assessed: annual value, the working behind it, and the tax by
    head for the fiscal year."""

    permission_classes = [IsCitizen]

    @extend_schema(responses={200: AssessmentOut})
    def get(self, request, holding_id: int) -> Response:
        holding = get_object_or_404(holdings_of(acting_citizen(request)), pk=holding_id)
        assessment = (
            Assessment.objects.filter(holding=holding, superseded=False)
            .select_related("holding__pourashava", "holding__ward")
            .first()
        )
        if assessment is None:
            raise NotFound("holding_not_assessed", NOT_ASSESSED)
        return Response(assessment_body(assessment, (translation.get_language() or "en")[:2]))


class ClearanceInput(serializers.Serializer):
    language = serializers.ChoiceField(choices=["bn", "en"], default="bn")


class MyHoldingClearance(APIView):
    """Ask for a clearance certificate for a holding with nothing due."""

    permission_classes = [IsCitizen]

    @extend_schema(request=ClearanceInput, responses={201: dict})
    def post(self, request, holding_id: int) -> Response:
        citizen = acting_citizen(request)
        holding = get_object_or_404(holdings_of(citizen), pk=holding_id)
        data = ClearanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        document = issue_clearance(
            holding=holding,
            holder=citizen,
            actor=request.user,
            language=data.validated_data["language"],
        )
        record_assisted_action(request, action="holding_tax.clearance_issued", obj=document)
        return Response(
            {
                "number": document.number,
                "valid_until": document.valid_until,
                "verify_url": verify_url(document.token),
                "pdf": f"/api/v1/me/clearances/{document.number}/pdf",
            },
            status=status.HTTP_201_CREATED,
        )


class MyClearancePdf(APIView):
    """A holding-tax clearance certificate you hold, as a PDF with its QR code."""

    permission_classes = [IsCitizen]

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, number: str) -> HttpResponse:
        document = get_object_or_404(
            IssuedDocument, kind=CLEARANCE, number=number, holder=acting_citizen(request)
        )
        response = HttpResponse(ensure_pdf(document=document), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{number}.pdf"'
        return response
