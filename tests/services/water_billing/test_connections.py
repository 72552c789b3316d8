"""Applications and the connection's life: only an owner applies; the domestic-arrears setting;
a name change with its fee; disconnection for arrears after the notice, reconnection once paid;
closure with a final bill; and who can see what (citizens their own, staff their pourashava)."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.identity.models import Role
from backend.payments.models import Demand, DemandStatus
from backend.payments.services import make_bill
from backend.payments.services.counter import collect_cash
from services.water_billing.models import Bill, Connection, DisconnectionNotice, WaterSettings
from services.water_billing.periods import add_months, label, month_of
from services.water_billing.services import run
from tests.backend.payments.factories import demand_for
from tests.factories import CitizenFactory, staff_member
from tests.services.water_billing import helpers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST = add_months(month_of(TODAY), -1)


def _as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def t():
    return helpers.town()


APPLY = {
    "consumer_name": "Rahim Uddin",
    "category": "residential",
    "storey_class": "single",
    "diameter": "0.5",
}


def test_only_an_owner_applies_and_no_tariff_is_refused(t):
    stranger = CitizenFactory(mobile="01799999999")
    refused = _as(stranger.user).post(
        "/api/v1/me/water/applications/", {"holding": t.holding.pk, **APPLY}, format="json"
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_holding_owner"
    no_tariff = _as(t.owner.user).post(
        "/api/v1/me/water/applications/",
        {"holding": t.holding.pk, **APPLY, "diameter": "3"},
        format="json",
    )
    assert no_tariff.status_code == 400 and no_tariff.json()["error"]["code"] == "no_tariff"
    negative = _as(t.owner.user).post(
        "/api/v1/me/water/applications/",
        {"holding": t.holding.pk, **APPLY, "extra_flats": -1},
        format="json",
    )
    assert negative.status_code == 400


def test_domestic_connection_refused_with_holding_tax_arrears_when_the_pourashava_says_so(t):
    demand = demand_for(t.owner, t.pourashava, label="arrears")
    Demand.objects.filter(pk=demand.pk).update(
        service_code="holding_tax",
        object_type="holding",
        object_id=str(t.holding.pk),
        due_date=TODAY - timedelta(days=40),
    )
    owner = _as(t.owner.user)
    assert (
        owner.post(
            "/api/v1/me/water/applications/", {"holding": t.holding.pk, **APPLY}, format="json"
        ).status_code
        == 201
    )
    WaterSettings.objects.filter(pourashava=t.pourashava).update(refuse_domestic_with_arrears=True)
    refused = owner.post(
        "/api/v1/me/water/applications/",
        {"holding": t.holding.pk, **APPLY},
        format="json",
        HTTP_ACCEPT_LANGUAGE="bn",
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "holding_tax_arrears"
    assert "হোল্ডিং কর" in refused.json()["error"]["message"]


def test_name_change_with_its_fee(t):
    conn = helpers.connection(t)
    owner = _as(t.owner.user)
    applied = owner.post(
        f"/api/v1/me/water/connections/{conn.number}/changes/",
        {"kind": "name_change", "consumer_name": "Karim Uddin"},
        format="json",
    )
    assert applied.status_code == 201, applied.content
    number = applied.json()["number"]
    boss = _as(t.superintendent)
    assert (
        boss.post(
            f"/api/v1/applications/{number}/actions/", {"action": "approve"}, format="json"
        ).status_code
        == 200
    )
    fee = Demand.objects.get(natural_key=f"WA:{number}")
    assert sum(line.amount for line in fee.lines.all()) == D("1000.00")
    bill = make_bill(payer=t.owner, pourashava=None, demand_ids=[fee.pk])
    collect_cash(
        collector=staff_member(Role.CASHIER, t.pourashava), pourashava=t.pourashava, bill=bill
    )
    assert (
        boss.post(
            f"/api/v1/applications/{number}/actions/", {"action": "apply"}, format="json"
        ).status_code
        == 200
    )
    conn.refresh_from_db()
    assert conn.consumer_name == "Karim Uddin"


def test_disconnection_after_notice_and_reconnection_once_paid(t):
    conn = helpers.connection(t, extra_flats=1)
    boss = _as(t.superintendent)
    assert (
        boss.post(f"/api/v1/staff/water/connections/{conn.number}/notice/").json()["error"]["code"]
        == "no_arrears"
    )
    billing_run, _ = run.start_run(pourashava=t.pourashava, period=LAST, actor=t.clerk)
    run.work_run(run_id=billing_run.pk)
    bill_demand = Demand.objects.get(object_type="water_bill")
    Demand.objects.filter(pk=bill_demand.pk).update(due_date=TODAY - timedelta(days=5))
    notice = boss.post(f"/api/v1/staff/water/connections/{conn.number}/notice/")
    assert notice.status_code == 201 and notice.json()["arrears_at_notice"] == "350.00"
    notice_id = notice.json()["id"]
    assert (
        D(
            (notice_expiry := DisconnectionNotice.objects.get().expires_on).toordinal()
            - TODAY.toordinal()
        )
        == 30
    )
    early = boss.post(f"/api/v1/staff/water/notices/{notice_id}/execute/")
    assert early.status_code == 409 and early.json()["error"]["code"] == "notice_running"
    DisconnectionNotice.objects.filter(pk=notice_id).update(expires_on=TODAY)
    executed = boss.post(f"/api/v1/staff/water/notices/{notice_id}/execute/")
    assert executed.status_code == 200 and executed.json()["status"] == "executed"
    conn.refresh_from_db()
    assert conn.status == "disconnected" and notice_expiry > TODAY
    refused = boss.post(f"/api/v1/staff/water/notices/{notice_id}/reconnect/")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "reconnection_unpaid"
    fee = DisconnectionNotice.objects.get().reconnection_demand
    bill = make_bill(payer=t.owner, pourashava=None, demand_ids=[bill_demand.pk, fee.pk])
    collect_cash(
        collector=staff_member(Role.CASHIER, t.pourashava), pourashava=t.pourashava, bill=bill
    )
    back = boss.post(f"/api/v1/staff/water/notices/{notice_id}/reconnect/")
    assert back.status_code == 200 and back.json()["status"] == "active"


def test_closure_with_a_final_reading_and_bill(t):
    conn = helpers.connection(t, metered=True)
    reader = _as(t.reader)
    body = {
        "connection": conn.number,
        "period": label(LAST),
        "reading_date": str(TODAY),
        "reading": "20",
    }
    assert reader.post("/api/v1/water/readings/", body, format="json").status_code == 201
    closed = _as(t.superintendent).post(
        f"/api/v1/staff/water/connections/{conn.number}/close/",
        {"final_reading": "32"},
        format="json",
    )
    assert closed.status_code == 200, closed.content
    final = closed.json()["final_bill"]
    assert final["consumption_kl"] == "12.000" and final["total"] == "330.00" and final["is_final"]
    conn.refresh_from_db()
    assert conn.status == "closed"
    assert Demand.objects.filter(object_type="water_bill", object_id=str(final["id"])).exists()


def test_citizens_see_their_own_connections_only(t):
    conn = helpers.connection(t, metered=True)
    other = helpers.town(code="GOP", mobile="01711000002")
    theirs = helpers.connection(other)
    owner = _as(t.owner.user)
    assert [c["number"] for c in owner.get("/api/v1/me/water/connections/").json()["results"]] == [
        conn.number
    ]
    assert owner.get(f"/api/v1/me/water/connections/{theirs.number}/").status_code == 404
    assert owner.get(f"/api/v1/me/water/connections/{theirs.number}/readings/").status_code == 404
    assert owner.get(f"/api/v1/me/water/connections/{conn.number}/consumption/").status_code == 200


def test_staff_of_one_pourashava_cannot_read_or_write_anothers_connections(t):
    conn = helpers.connection(t, metered=True)
    other = helpers.town(code="GOP", mobile="01711000002")
    for user in (other.reader, other.clerk, other.superintendent):
        client = _as(user)
        assert conn.number not in str(client.get("/api/v1/staff/water/connections/").content)
        assert client.get(f"/api/v1/staff/water/connections/{conn.number}/bills/").status_code in (
            403,
            404,
        )
    boss = _as(other.superintendent)
    assert boss.post(f"/api/v1/staff/water/connections/{conn.number}/notice/").status_code == 404
    assert (
        boss.post(
            f"/api/v1/staff/water/connections/{conn.number}/close/", {}, format="json"
        ).status_code
        == 404
    )
    assert Connection.objects.get(pk=conn.pk).status == "active"
    assert not Bill.objects.exists() and DemandStatus.OPEN
