"""A citizen's view of a holding's assessment: annual value, the working line by line in their
language, tax by head and the four instalments."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import NotFound
from backend.common.text import Text
from backend.identity.acting import acting_citizen
from backend.identity.permissions import IsCitizen
from services.holding_tax.calculator import quarterly_instalments
from services.holding_tax.models import Assessment
from services.property.selectors import holdings_of

NOT_ASSESSED = Text(
    en="This holding has not been assessed yet.", bn="এই হোল্ডিংয়ের এখনো কর নির্ধারণ হয়নি।"
)


def assessment_body(assessment: Assessment, language: str) -> dict:
    tax = {head: Decimal(amount) for head, amount in assessment.annual_tax.items()}
    return {
        "holding": assessment.holding.reference,
        "from_fiscal_year": assessment.from_fiscal_year,
        "kind": assessment.kind,
        "basis": assessment.basis,
        "annual_value": str(assessment.annual_value),
        "working": [
            {"text": line["bn" if language == "bn" else "en"], "amount": line["amount"]}
            for line in assessment.working
        ],
        "annual_tax": {head: str(amount) for head, amount in tax.items()},
        "annual_total": str(sum(tax.values(), Decimal("0.00"))),
        "quarters": [
            {head: str(amount) for head, amount in quarter.items()}
            for quarter in quarterly_instalments(tax)
        ],
    }


class MyHoldingAssessment(APIView):
    permission_classes = [IsCitizen]

    @extend_schema(responses={200: dict})
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
