"""Water billing end to end on the embedded defaults (SQLite, the memory SMS backend, a gateway
sandbox on a live server), with the pilot demo data: the demo citizen applies for a metered
connection on their holding; the water superintendent verifies the documents, inspects and
approves; the citizen pays the fee online and the connection is made; the meter reader sends a
month of readings as an offline batch, twice; the month's bills are run from the panel; the
citizen sees the water bill beside holding tax in their dues, pays both in one bill through the
sandbox and downloads the receipt."""

from datetime import timedelta

import pytest
import requests
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from backend.identity import demo as identity_demo
from backend.identity.models import User
from backend.municipality import demo as municipality_demo
from backend.payments.models import Demand
from services.holding_tax import demo as holding_tax_demo
from services.property import demo as property_demo
from services.water_billing import demo as water_demo
from services.water_billing.models import Bill, Connection, Meter, Reading
from services.water_billing.periods import add_months, label, month_of
from tests.backend.identity.conftest import otp_limits, sms_outbox  # noqa: F401 (fixtures)
from tests.backend.payments.gateways import helpers
from tests.backend.payments.gateways.helpers import citizen_presses, redirect_params

nagad_keys = helpers.nagad_keys
_warm_live_server = helpers._warm_live_server
sandbox = helpers.sandbox

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = water_demo.DEMO_CITIZEN


@pytest.fixture
def natore():
    for demo in (municipality_demo, identity_demo, property_demo, holding_tax_demo, water_demo):
        demo.load(lambda line: None)


def _log_in_by_otp(outbox) -> APIClient:
    client = APIClient()
    assert client.post("/api/v1/auth/otp/", {"mobile": MOBILE}, format="json").status_code == 202
    tokens = client.post(
        "/api/v1/auth/token/", {"mobile": MOBILE, "code": outbox.code_for(MOBILE)}, format="json"
    )
    assert tokens.status_code == 200, tokens.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access']}")
    return client


def _staff(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def _pay_online(citizen: APIClient, demand_ids: list[int], base: str, key: str) -> dict:
    bill = citizen.post("/api/v1/bills/", {"demand_ids": demand_ids}, format="json")
    assert bill.status_code == 201, bill.content
    with override_settings(PAYMENTS_CALLBACK_BASE_URL=base, PUBLIC_BASE_URL=base):
        started = citizen.post(
            "/api/v1/payments/",
            {"bill": bill.json()["id"], "gateway": "bkash"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
        assert started.status_code == 201, started.content
        back = citizen_presses(started.json()["redirect_url"], "pay")
        url, params = redirect_params(back)
        assert (
            requests.get(url, params=params, timeout=30, allow_redirects=False).status_code == 302
        )
    settled = citizen.get(f"/api/v1/payments/{started.json()['id']}/").json()
    assert settled["status"] == "settled" and settled["amount"] == bill.json()["total"]
    return settled


def _dues(citizen: APIClient) -> dict[str, list[dict]]:
    by_service: dict[str, list[dict]] = {}
    for group in citizen.get("/api/v1/me/dues/").json()["pourashavas"]:
        for service in group["services"]:
            by_service.setdefault(service["service_code"], []).extend(service["demands"])
    return by_service


def _act(client: APIClient, number: str, action: str) -> dict:
    answer = client.post(
        f"/api/v1/applications/{number}/actions/", {"action": action}, format="json"
    )
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_apply_connect_read_run_and_pay_water_with_holding_tax(
    sandbox,
    sms_outbox,  # noqa: F811
    otp_limits,  # noqa: F811
    natore,
    client,
):
    citizen = _log_in_by_otp(sms_outbox)
    holding = next(
        h
        for h in citizen.get("/api/v1/me/holdings/").json()["results"]
        if h["reference"].startswith("NAT-")
    )

    applied = citizen.post(
        "/api/v1/me/water/applications/",
        {
            "holding": holding["id"],
            "consumer_name": "Demo citizen",
            "category": "residential",
            "storey_class": "single",
            "diameter": "0.5",
            "is_metered": True,
        },
        format="json",
    )
    assert applied.status_code == 201, applied.content
    number = applied.json()["number"]

    superintendent = _staff("nat.water_superintendent")
    _act(superintendent, number, "verify")
    _act(superintendent, number, "inspect")
    assert _act(superintendent, number, "approve")["state"] == "fee_due"

    (fee,) = [d for d in _dues(citizen)["water_billing"] if d["object_id"] == number]
    assert fee["outstanding"] == "5200.00"  # connection 1,200 + road cutting 1,500 + meter 2,500
    _pay_online(citizen, [fee["id"]], sandbox, "e2e-water-fee")
    assert (
        superintendent.get(f"/api/v1/applications/{number}/actions/").json()["application"]["state"]
        == "to_connect"
    )
    _act(superintendent, number, "connect")
    (mine,) = [
        c for c in citizen.get("/api/v1/me/water/connections/").json()["results"] if c["is_metered"]
    ]
    connection = Connection.objects.get(number=mine["number"])

    # The clock cannot move here: the connection is dated a month back, as one made last month.
    last = add_months(month_of(timezone.localdate()), -1)
    Connection.objects.filter(pk=connection.pk).update(connected_on=last)
    Meter.objects.filter(connection=connection).update(installed_on=last)

    reader = _staff("nat.meter_reader")
    batch = {
        "readings": [
            {
                "connection": connection.number,
                "period": label(last),
                "reading_date": str(timezone.localdate()),
                "reading": "42.5",
                "client_id": "nat-tab-1:0001",
            }
        ]
    }
    sent = reader.post("/api/v1/water/readings/batch/", batch, format="json").json()
    again = reader.post("/api/v1/water/readings/batch/", batch, format="json").json()
    assert (sent["created"], again["created"], again["already_recorded"]) == (1, 0, 1)
    assert Reading.objects.filter(connection=connection).count() == 1

    client.force_login(User.objects.get(username="nat.water_superintendent"))
    started = client.post(
        "/admin/water_billing/billingrun/start/",
        {"pourashava": connection.pourashava_id, "month": label(last), "run": "1"},
    )
    assert started.status_code == 302
    assert b'data-status="done"' in client.get(started["Location"]).content
    bill = Bill.objects.get(connection=connection)
    assert str(bill.total) == "475.00"  # 30 kL x Tk 10 + 12.5 kL x Tk 14 (demo slabs)

    # The water bill beside holding tax in the citizen's dues; one bill pays both.
    dues = _dues(citizen)
    (water,) = [d for d in dues["water_billing"] if d["object_label"] == connection.number]
    assert water["outstanding"] == "475.00" and water["object_label"] == connection.number
    holding_tax = [d["id"] for d in dues["holding_tax"] if d["object_id"] == str(holding["id"])]
    assert holding_tax
    paid = _pay_online(citizen, [water["id"], *holding_tax], sandbox, "e2e-water-and-tax")
    assert Demand.objects.get(pk=water["id"]).status == "paid"
    assert all(Demand.objects.get(pk=i).status == "paid" for i in holding_tax)
    remaining = _dues(citizen)
    assert water["id"] not in {d["id"] for d in remaining.get("water_billing", [])}
    pdf = citizen.get(f"/api/v1/receipts/{paid['receipt_number']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bills = citizen.get("/api/v1/me/water/bills/").json()["results"]
    assert [b["total"] for b in bills if b["connection"] == connection.number] == ["475.00"]
    assert bill.due_date > timezone.localdate() - timedelta(days=1)
