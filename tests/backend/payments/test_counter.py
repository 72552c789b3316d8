"""Counter and UDC cash, part payments oldest first, and the collector's day-close."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from backend.identity.models import (
    AssistedAction,
    AssistedSession,
    OtpChallenge,
    Role,
)
from backend.payments.models import DayClose, Demand, Payment, Receipt, ReceiptLine
from tests.backend.payments.factories import bill_for, demand_for, today
from tests.backend.payments.helpers import snapshot
from tests.factories import CitizenFactory, PourashavaFactory, UdcCentreFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def cashier(pourashava):
    return staff_member(Role.CASHIER, pourashava)


def pay(api, user, body, **headers):
    api.force_authenticate(user=user)
    return api.post("/api/v1/counter/payments/", body, format="json", **headers)


def test_part_payment_goes_to_the_oldest_demand_first(api, cashier, citizen, pourashava):
    newer = demand_for(citizen, pourashava, {"holding_tax": "300"}, due_date=today())
    older = demand_for(
        citizen,
        pourashava,
        {"holding_tax": "200", "conservancy": "100"},
        due_date=today() - timedelta(days=90),
    )
    response = pay(
        api, cashier, {"pourashava": "NAT", "payer": citizen.mobile, "amount": "৩৫০"}
    )  # Bangla digits
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "settled" and body["channel"] == "counter"
    assert body["receipt"]["total"] == "350.00"
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.status == "paid" and newer.status == "partially_paid"
    assert newer.lines.get().amount_paid == Decimal("50.00")
    payment = Payment.objects.get(pk=body["id"])
    assert payment.collector == cashier


def test_more_than_owed_is_refused_and_nothing_written(api, cashier, citizen, pourashava):
    demand_for(citizen, pourashava, {"holding_tax": "300"})
    before = snapshot()
    response = pay(api, cashier, {"pourashava": "NAT", "payer": citizen.mobile, "amount": "301"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "amount_exceeds_dues"
    assert snapshot() == before


def test_bill_at_the_counter_is_paid_in_full(api, cashier, citizen, pourashava):
    bill = bill_for(citizen, pourashava)
    partial = pay(api, cashier, {"bill": bill.pk, "amount": "10"})
    assert partial.status_code == 400
    response = pay(api, cashier, {"bill": bill.pk})
    assert response.status_code == 201
    bill.refresh_from_db()
    assert bill.status == "paid"


def test_only_a_cashier_of_this_pourashava(api, citizen, pourashava):
    demand_for(citizen, pourashava)
    elsewhere = staff_member(Role.CASHIER, PourashavaFactory(code="FRD"))
    clerk = staff_member(Role.ASSESSOR, pourashava)
    for user in (elsewhere, clerk, citizen.user):
        response = pay(api, user, {"pourashava": "NAT", "payer": citizen.mobile, "amount": "10"})
        assert response.status_code == 403, user
    assert not Payment.objects.exists()


def _session(operator, centre, citizen, pourashava, live=True):
    now = timezone.now()
    challenge = OtpChallenge.objects.create(
        mobile=citizen.mobile, purpose="consent", code_hash="x", expires_at=now, max_attempts=5
    )
    return AssistedSession.objects.create(
        operator=operator,
        udc_centre=centre,
        pourashava=pourashava,
        citizen=citizen,
        challenge=challenge,
        confirmed_at=now if live else None,
        expires_at=now + timedelta(minutes=30),
    )


def test_udc_operator_in_live_session_collects(api, citizen, pourashava):
    centre = UdcCentreFactory(pourashavas=[pourashava])
    operator = staff_member(Role.UDC_OPERATOR, None, udc_centre=centre)
    demand_for(citizen, pourashava, {"holding_tax": "120"})
    session = _session(operator, centre, citizen, pourashava)
    response = pay(api, operator, {"amount": "120"}, HTTP_X_ASSISTED_SESSION=str(session.pk))
    assert response.status_code == 201, response.content
    payment = Payment.objects.get()
    assert payment.channel == "udc" and payment.udc_centre == centre
    assert payment.citizen == citizen and payment.collector == operator
    assert AssistedAction.objects.filter(session=session, action="payments.cash_collected").exists()


def test_udc_operator_without_live_session_is_refused(api, citizen, pourashava):
    centre = UdcCentreFactory(pourashavas=[pourashava])
    operator = staff_member(Role.UDC_OPERATOR, None, udc_centre=centre)
    demand_for(citizen, pourashava)
    session = _session(operator, centre, citizen, pourashava, live=False)
    response = pay(api, operator, {"amount": "10"}, HTTP_X_ASSISTED_SESSION=str(session.pk))
    assert response.status_code == 403
    response = pay(api, operator, {"pourashava": "NAT", "payer": citizen.mobile, "amount": "10"})
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_day_close_totals_by_head_and_locks_the_day(api, cashier, pourashava):
    other_cashier = staff_member(Role.CASHIER, pourashava)
    payers = [CitizenFactory() for _ in range(3)]
    for n, payer in enumerate(payers):
        demand_for(payer, pourashava, {"holding_tax": f"{100 + n}.25", "conservancy": "40"})
        pay(api, cashier, {"pourashava": "NAT", "payer": payer.mobile, "amount": f"{120 + n}"})
    extra = CitizenFactory()
    demand_for(extra, pourashava, {"holding_tax": "999"})
    pay(api, other_cashier, {"pourashava": "NAT", "payer": extra.mobile, "amount": "999"})

    api.force_authenticate(user=cashier)
    response = api.post(
        "/api/v1/counter/day-close/",
        {"date": today().isoformat(), "declared_cash": "360.00"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    mine = ReceiptLine.objects.filter(receipt__collector=cashier)
    by_head = {
        row["head_id"]: f"{row['s']:.2f}"
        for row in mine.values("head_id").annotate(s=Sum("amount"))
    }
    assert body["totals_by_head"] == by_head
    expected = mine.aggregate(s=Sum("amount"))["s"]
    assert Decimal(body["expected_total"]) == expected == Decimal("363.00")
    assert body["receipt_count"] == 3
    assert body["difference"] == "-3.00" and body["flagged"] is True

    # The day is locked for this collector, not for the other one.
    payer = CitizenFactory()
    demand_for(payer, pourashava)
    before = snapshot()
    locked = pay(api, cashier, {"pourashava": "NAT", "payer": payer.mobile, "amount": "10"})
    assert locked.status_code == 409 and locked.json()["error"]["code"] == "day_closed"
    assert snapshot() == before
    ok = pay(api, other_cashier, {"pourashava": "NAT", "payer": payer.mobile, "amount": "10"})
    assert ok.status_code == 201
    api.force_authenticate(user=cashier)
    again = api.post(
        "/api/v1/counter/day-close/",
        {"date": today().isoformat(), "declared_cash": "1"},
        format="json",
    )
    assert again.status_code == 409
    assert DayClose.objects.count() == 1


def test_day_close_with_matching_cash_is_not_flagged(api, cashier, citizen, pourashava):
    demand_for(citizen, pourashava, {"holding_tax": "75.50"})
    pay(api, cashier, {"pourashava": "NAT", "payer": citizen.mobile, "amount": "75.50"})
    api.force_authenticate(user=cashier)
    body = api.post(
        "/api/v1/counter/day-close/",
        {"date": today().isoformat(), "declared_cash": "75.5"},
        format="json",
    ).json()
    assert body["flagged"] is False and body["difference"] == "0.00"
    assert Receipt.objects.count() == 1 and Demand.objects.get().status == "paid"


def test_counter_settlement_is_audited_with_the_request(api, cashier, citizen, pourashava):
    from backend.identity.models import AuditEntry

    demand_for(citizen, pourashava, {"holding_tax": "10"})
    response = pay(api, cashier, {"pourashava": "NAT", "payer": citizen.mobile, "amount": "10"})
    entry = AuditEntry.objects.get(
        action="payments.payment_settled", object_id=str(response.json()["id"])
    )
    assert entry.actor == cashier and entry.pourashava == pourashava
    assert entry.after["receipt"] == response.json()["receipt_number"]
    assert entry.client_address == "127.0.0.1"


def test_day_close_for_a_future_date_is_refused_and_cash_still_taken(
    api, cashier, citizen, pourashava
):
    tomorrow = today() + timedelta(days=1)
    api.force_authenticate(user=cashier)
    refused = api.post(
        "/api/v1/counter/day-close/",
        {"date": tomorrow.isoformat(), "declared_cash": "0"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="bn",
    )
    assert refused.status_code == 400, refused.content
    error = refused.json()["error"]
    assert error["code"] == "day_close_in_future"
    assert "ভবিষ্যতের" in error["message"]
    assert not DayClose.objects.exists()
    english = api.post(
        "/api/v1/counter/day-close/",
        {"date": tomorrow.isoformat(), "declared_cash": "0"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "future" in english.json()["error"]["message"]
    # Nothing was locked: the cashier still takes cash.
    demand_for(citizen, pourashava, {"holding_tax": "20"})
    taken = pay(api, cashier, {"pourashava": "NAT", "payer": citizen.mobile, "amount": "10"})
    assert taken.status_code == 201, taken.content
