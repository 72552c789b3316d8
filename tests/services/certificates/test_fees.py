"""The certificate fee goes through the payment layer: applying raises a demand for the copy's
language; paying it (at a gateway sandbox over real HTTP, or in cash at the counter) moves the
application to the ward councillor and starts the SLA clock; a zero fee moves it at once."""

from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from django.test import override_settings
from django.utils import timezone

from backend.identity.models import Role
from backend.payments.models import Demand, Payment, Receipt
from backend.payments.services.bills import make_bill
from backend.payments.services.counter import collect_cash
from backend.workflow.models import Application
from services.certificates.models import CertificateApplication, CertificateType
from services.certificates.services.applications import apply
from tests.backend.payments.gateways import helpers as gateway_helpers
from tests.backend.payments.gateways.helpers import citizen_presses, redirect_params
from tests.factories import staff_member
from tests.services.certificates.helpers import (
    client_for,
    heir_input,
    make_town,
    upload_document,
    use_tmp_media,
)

# The gateway engineer's live-server sandbox fixtures, used as they are.
nagad_keys = gateway_helpers.nagad_keys
_warm_live_server = gateway_helpers._warm_live_server
sandbox = gateway_helpers.sandbox


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    settings.SMS_BACKEND = "memory"


def _apply(town, **overrides) -> CertificateApplication:
    upload = upload_document(town.citizen)
    return apply(
        citizen=town.citizen,
        actor=town.citizen.user,
        data=heir_input(town.pourashava.code, 1, upload.public_id, **overrides),
    )


@pytest.mark.django_db
def test_the_fee_follows_the_language_of_the_copy():
    town = make_town()
    CertificateType.objects.filter(code="heir").update(
        fee_bn=Decimal("100.00"), fee_en=Decimal("250.00")
    )
    bangla = _apply(town, language="bn")
    english = _apply(town, language="en")
    assert bangla.fee_demand.lines.get().amount == Decimal("100.00")
    assert english.fee_demand.lines.get().amount == Decimal("250.00")
    assert bangla.application.state == english.application.state == "payment_due"
    assert bangla.paid_at is None and bangla.due_by is None


@pytest.mark.django_db
def test_a_zero_fee_goes_straight_to_the_councillor():
    town = make_town()
    CertificateType.objects.filter(code="heir").update(fee_bn=Decimal("0.00"))
    before = timezone.now()
    detail = _apply(town)
    assert detail.application.state == "with_councillor"
    assert detail.fee_demand is None
    assert not Demand.objects.exists()
    assert detail.paid_at >= before
    assert detail.due_by == detail.paid_at + timedelta(days=3)
    paid = detail.application.log.get(action="paid")
    assert paid.actor == town.citizen.user


@pytest.mark.django_db
def test_cash_at_the_counter_moves_it_on_once():
    town = make_town()
    detail = _apply(town)
    cashier = staff_member(Role.CASHIER, town.pourashava)
    bill = make_bill(
        payer=town.citizen,
        pourashava=town.pourashava,
        demand_ids=[detail.fee_demand_id],
        as_of=timezone.localdate(),
    )
    payment = collect_cash(collector=cashier, pourashava=town.pourashava, bill=bill)

    detail.refresh_from_db()
    application = Application.objects.get(pk=detail.application_id)
    assert application.state == "with_councillor"
    assert detail.due_by == detail.paid_at + timedelta(days=3)
    paid = application.log.get(action="paid")
    assert paid.actor == town.citizen.user
    assert paid.comment == f"Fee paid, receipt {payment.receipt.number}."
    # The councillor's clock (the state's SLA) runs from payment, not from applying.
    assert application.state_entered_at == paid.at


@pytest.mark.django_db(transaction=True)
def test_fee_paid_through_the_bkash_sandbox_moves_it_to_the_councillor(sandbox):
    town = make_town()
    citizen = client_for(town.citizen.user)
    upload = upload_document(town.citizen)
    applied = citizen.post(
        "/api/v1/me/certificate-applications/",
        heir_input("NAT", 1, upload.public_id),
        format="json",
    )
    assert applied.status_code == 201, applied.content
    number, fee = applied.json()["number"], applied.json()["fee"]

    with override_settings(PAYMENTS_CALLBACK_BASE_URL=sandbox, PUBLIC_BASE_URL=sandbox):
        bill = citizen.post(fee["pay"]["bill"]["url"], fee["pay"]["bill"]["body"], format="json")
        assert bill.status_code == 201, bill.content
        started = citizen.post(
            "/api/v1/payments/",
            {"bill": bill.json()["id"], "gateway": "bkash"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=f"fee-{number}",
        )
        assert started.status_code == 201, started.content
        back = citizen_presses(started.json()["redirect_url"], "pay")
        url, params = redirect_params(back)
        landed = requests.get(url, params=params, timeout=30, allow_redirects=False)
        assert landed.status_code == 302, landed.text

    payment = Payment.objects.get(pk=started.json()["id"])
    assert payment.status == "settled", payment.flag_reason
    shown = citizen.get(f"/api/v1/me/certificate-applications/{number}/").json()
    assert shown["state"] == "with_councillor"
    assert shown["waits_on"] == ["ward_councillor"]
    assert shown["fee"]["demand_status"] == "paid"
    assert "pay" not in shown["fee"]
    receipt = Receipt.objects.get(payment=payment)
    assert shown["history"][-1]["comment"] == f"Fee paid, receipt {receipt.number}."
    # The browser coming back again pays nothing twice and moves nothing twice.
    requests.get(url, params=params, timeout=30, allow_redirects=False)
    assert Application.objects.get(number=number).log.filter(action="paid").count() == 1


@pytest.mark.django_db
def test_part_of_the_fee_moves_nothing_and_the_rest_moves_it_on_once():
    from backend.common.errors import AppError
    from services.certificates.services.fees import on_fee_paid

    town = make_town()
    detail = _apply(town)
    fee = detail.fee_demand.lines.get().amount
    cashier = staff_member(Role.CASHIER, town.pourashava)

    def pay(amount: str):
        return collect_cash(
            collector=cashier,
            pourashava=town.pourashava,
            payer=town.citizen,
            amount=Decimal(amount),
        )

    pay("40.00")
    application = Application.objects.get(pk=detail.application_id)
    assert application.state == "payment_due"
    assert Demand.objects.get(pk=detail.fee_demand_id).status == "partially_paid"
    detail.refresh_from_db()
    assert detail.paid_at is None and detail.due_by is None

    last = pay(str(fee - Decimal("40.00")))
    application.refresh_from_db()
    assert application.state == "with_councillor"
    assert application.log.get(action="paid").comment == f"Fee paid, receipt {last.receipt.number}."

    # Paying again finds nothing due; the hook run again (a replayed settlement) is a no-op.
    with pytest.raises(AppError) as again:
        pay("1.00")
    assert again.value.code == "amount_exceeds_dues"
    detail.refresh_from_db()
    paid_at = detail.paid_at
    on_fee_paid([Demand.objects.get(pk=detail.fee_demand_id)])
    detail.refresh_from_db()
    assert detail.paid_at == paid_at
    assert application.log.filter(action="paid").count() == 1
    assert Application.objects.get(pk=application.pk).state == "with_councillor"


@pytest.mark.django_db
def test_withdrawing_before_paying_cancels_the_fee_and_it_can_no_longer_be_paid():
    town = make_town()
    detail = _apply(town)
    number = detail.application.number
    client = client_for(town.citizen.user)
    offered = client.get(f"/api/v1/applications/{number}/actions/").json()["actions"]
    assert "withdraw" in {a["action"] for a in offered}

    withdrawn = client.post(
        f"/api/v1/applications/{number}/actions/", {"action": "withdraw"}, format="json"
    )
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["state"] == "withdrawn"
    detail.fee_demand.refresh_from_db()
    assert detail.fee_demand.status == "cancelled"
    dues = client.get("/api/v1/me/dues/").json()
    assert not [d for p in dues["pourashavas"] for s in p["services"] for d in s["demands"]]
    # Nobody acts on a withdrawn application any more, the applicant included.
    again = client.post(
        f"/api/v1/applications/{number}/actions/", {"action": "resubmit"}, format="json"
    )
    assert again.status_code == 409


@pytest.mark.django_db
def test_withdrawing_after_paying_keeps_the_paid_fee():
    town = make_town()
    detail = _apply(town)
    cashier = staff_member(Role.CASHIER, town.pourashava)
    bill = make_bill(
        payer=town.citizen,
        pourashava=town.pourashava,
        demand_ids=[detail.fee_demand_id],
        as_of=timezone.localdate(),
    )
    collect_cash(collector=cashier, pourashava=town.pourashava, bill=bill)
    application = Application.objects.get(pk=detail.application_id)
    councillor = town.councillors[1]
    client_for(councillor).post(
        f"/api/v1/applications/{application.number}/actions/",
        {"action": "send_back", "comment": "Attach the death certificate again."},
        format="json",
    )
    withdrawn = client_for(town.citizen.user).post(
        f"/api/v1/applications/{application.number}/actions/", {"action": "withdraw"}, format="json"
    )
    assert withdrawn.json()["state"] == "withdrawn"
    detail.fee_demand.refresh_from_db()
    assert detail.fee_demand.status == "paid"
