"""Nobody sees another payer's dues, bills, payments or receipts; staff only their pourashava."""

import pytest

from backend.identity.models import Role
from backend.payments.models import Payment
from backend.payments.services.counter import collect_cash
from tests.backend.payments.factories import bill_for, demand_for
from tests.factories import CitizenFactory, PourashavaFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(citizen, pourashava, gateways):
    bill = bill_for(citizen, pourashava)
    cashier = staff_member(Role.CASHIER, pourashava)
    demand_for(citizen, pourashava, {"holding_tax": "50"})
    payment = collect_cash(collector=cashier, pourashava=pourashava, bill=bill)
    open_bill = bill_for(citizen, pourashava)
    return {"bill": open_bill, "payment": payment, "receipt": payment.receipt}


def _urls(paid):
    number = paid["receipt"].number
    return [
        f"/api/v1/bills/{paid['bill'].pk}/",
        f"/api/v1/payments/{paid['payment'].pk}/",
        f"/api/v1/receipts/{number}/",
        f"/api/v1/receipts/{number}/pdf",
    ]


def test_owner_sees_own(api, citizen, paid):
    api.force_authenticate(user=citizen.user)
    for url in _urls(paid)[:3]:
        assert api.get(url).status_code == 200, url
    assert api.get("/api/v1/me/dues/").json()["total"] != "0.00"


def test_another_citizen_gets_404_and_no_dues(api, citizen, paid):
    stranger = CitizenFactory()
    api.force_authenticate(user=stranger.user)
    for url in _urls(paid):
        assert api.get(url).status_code == 404, url
    dues = api.get("/api/v1/me/dues/").json()
    assert (dues["total"], dues["pourashavas"], dues["credits"]) == ("0.00", [], [])
    response = api.post(
        "/api/v1/bills/", {"demand_ids": [paid["bill"].demands.first().pk]}, format="json"
    )
    assert response.status_code == 404
    response = api.post(
        "/api/v1/payments/",
        {"bill": paid["bill"].pk, "gateway": "bkash"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="x",
    )
    assert response.status_code == 404
    assert not Payment.objects.filter(bill=paid["bill"]).exists()


def test_staff_of_another_pourashava_gets_404(api, paid):
    other = PourashavaFactory(code="FRD")
    for role in (Role.CASHIER, Role.SECRETARY, Role.REVENUE_CLERK):
        user = staff_member(role, other)
        api.force_authenticate(user=user)
        for url in _urls(paid)[1:]:
            assert api.get(url).status_code == 404, (role, url)


def test_staff_of_the_pourashava_sees_payment_and_receipt(api, pourashava, paid):
    api.force_authenticate(user=staff_member(Role.SECRETARY, pourashava))
    assert api.get(_urls(paid)[1]).status_code == 200
    assert api.get(_urls(paid)[2]).json()["number"] == paid["receipt"].number


def test_anonymous_is_refused(api, paid):
    for url in [*_urls(paid), "/api/v1/me/dues/"]:
        assert api.get(url).status_code == 401, url
