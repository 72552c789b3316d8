"""The clerk panel: scoped to the pourashava, read-only for money records."""

import pytest

from backend.identity.models import Role
from backend.payments.services.counter import collect_cash
from tests.backend.payments.factories import demand_for
from tests.factories import PourashavaFactory, staff_member

pytestmark = pytest.mark.django_db

MODELS = ["demand", "bill", "payment", "receipt", "credit", "refund", "dayclose"]


def test_cashier_sees_own_pourashava_only_and_cannot_edit(client, citizen, pourashava):
    demand_for(citizen, pourashava, {"holding_tax": "10"})
    cashier = staff_member(Role.CASHIER, pourashava)
    payment = collect_cash(collector=cashier, pourashava=pourashava, payer=citizen, amount="10")
    other = staff_member(Role.CASHIER, PourashavaFactory(code="FRD"))

    client.force_login(cashier)
    for model in MODELS:
        assert client.get(f"/admin/payments/{model}/").status_code == 200, model
    page = client.get(f"/admin/payments/receipt/{payment.receipt.pk}/change/")
    assert page.status_code == 200 and payment.receipt.number in page.content.decode()
    assert client.post(f"/admin/payments/receipt/{payment.receipt.pk}/delete/").status_code == 403

    client.force_login(other)
    listing = client.get("/admin/payments/receipt/").content.decode()
    assert payment.receipt.number not in listing
    assert client.get(f"/admin/payments/receipt/{payment.receipt.pk}/change/").status_code in (
        302,
        403,
        404,
    )
