"""The receipt PDF: served to its owner as a signed document (QR token), and to nobody else."""

import pytest

from backend.identity.models import Role
from backend.payments.models import Receipt
from backend.payments.services.counter import collect_cash
from tests.backend.payments.factories import demand_for
from tests.factories import CitizenFactory, staff_member

pytestmark = pytest.mark.django_db


def test_owner_gets_a_signed_receipt_pdf(api, citizen, pourashava, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    demand_for(citizen, pourashava, {"holding_tax": "1250", "conservancy": "50"})
    cashier = staff_member(Role.CASHIER, pourashava)
    payment = collect_cash(collector=cashier, pourashava=pourashava, payer=citizen, amount="1300")
    number = payment.receipt.number
    api.force_authenticate(user=citizen.user)
    response = api.get(f"/api/v1/receipts/{number}/pdf")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    receipt = Receipt.objects.get(number=number)
    assert receipt.document_token  # issued and signed once
    from backend.documents.services import verify_token

    assert verify_token(receipt.document_token).status == "valid"
    # Staff of the pourashava may print it too; another citizen may not.
    api.force_authenticate(user=cashier)
    assert api.get(f"/api/v1/receipts/{number}/pdf").status_code == 200
    api.force_authenticate(user=CitizenFactory().user)
    assert api.get(f"/api/v1/receipts/{number}/pdf").status_code == 404
