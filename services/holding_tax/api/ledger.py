"""A citizen's ledger of a holding they own: every demand with what was paid and the receipts,
and what is outstanding by fiscal year. Demands billed to someone else (a previous owner, a
co-owner) show as such without their name: the holding's history, not another person's."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.text import Text
from backend.identity.acting import acting_citizen
from backend.identity.permissions import IsCitizen
from services.holding_tax.selectors import ledger_of
from services.property.selectors import holdings_of

PAYER_YOU = Text(en="You", bn="আপনি")
PAYER_OTHER = Text(en="Another owner", bn="অন্য মালিক")
PAYER_NONE = Text(en="Not yet billed to anyone", bn="এখনো কারো নামে বিল হয়নি")


def _payer(payer_id: int | None, citizen_id: int) -> str:
    if payer_id is None:
        return PAYER_NONE.render()
    return (PAYER_YOU if payer_id == citizen_id else PAYER_OTHER).render()


class MyHoldingLedger(APIView):
    """The holding's account: every demand raised and every payment received, with the running
    balance."""

    permission_classes = [IsCitizen]

    @extend_schema(responses={200: dict})
    def get(self, request, holding_id: int) -> Response:
        citizen = acting_citizen(request)
        holding = get_object_or_404(holdings_of(citizen), pk=holding_id)
        ledger = ledger_of(holding)
        return Response(
            {
                "holding": holding.reference,
                "demands": [
                    {
                        "fiscal_year": row["fiscal_year"],
                        "quarter": row["quarter"],
                        "due_date": row["due_date"],
                        "amount": str(row["amount"]),
                        "paid": str(row["paid"]),
                        "status": row["status"],
                        "payer": _payer(row["payer_id"], citizen.pk),
                        "yours": row["payer_id"] == citizen.pk,
                        "receipts": row["receipts"] if row["payer_id"] == citizen.pk else [],
                        "heads": {head: str(amount) for head, amount in row["heads"].items()},
                    }
                    for row in ledger["demands"]
                ],
                "outstanding_by_year": {
                    year: str(amount) for year, amount in ledger["outstanding_by_year"].items()
                },
            }
        )
