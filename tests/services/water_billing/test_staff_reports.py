"""Staff water reports, through the API and the panel: defaulters by ward, amount and age; the
day's collection by ward (confirmed payments of water heads only); the registers as CSV and
Excel. A clerk of another pourashava gets 404/403 and never a row of this one."""

import io
from datetime import timedelta
from decimal import Decimal as D

import openpyxl
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.identity.models import Role
from backend.payments.services import make_bill, raise_demand
from services.water_billing.models import Bill, Connection, Reading
from services.water_billing.services.run import raise_bill_demand
from tests.factories import WardFactory, staff_member
from tests.services.water_billing import helpers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _bill(t, conn, total: str, due, period) -> Bill:
    bill = Bill.objects.create(
        pourashava=t.pourashava,
        connection=conn,
        period=period,
        citizen=conn.citizen,
        days_billed=30,
        days_in_month=30,
        water_charge=D(total),
        total=D(total),
        lines=[{"code": "water_charge", "amount": total}],
        issue_date=due - timedelta(days=30),
        due_date=due,
    )
    raise_bill_demand(bill, conn)
    return bill


@pytest.fixture
def town():
    """NAT: A (ward 1) owes 500 for 40 days, C (ward 2) owes 200 for 100 days, B (ward 1) owes
    350 not yet due. OTH: another pourashava with its own clerk and a defaulter."""
    t = helpers.town()
    ward2 = WardFactory(pourashava=t.pourashava, number=2)
    a, b, c = (helpers.connection(t) for _ in range(3))
    Connection.objects.filter(pk=c.pk).update(ward=ward2)
    c.refresh_from_db()
    _bill(t, a, "500.00", TODAY - timedelta(days=40), TODAY.replace(day=1) - timedelta(days=70))
    _bill(t, b, "350.00", TODAY + timedelta(days=5), TODAY.replace(day=1) - timedelta(days=40))
    _bill(t, c, "200.00", TODAY - timedelta(days=100), TODAY.replace(day=1) - timedelta(days=130))
    other = helpers.town(code="OTH", mobile="01711000002")
    x = helpers.connection(other)
    _bill(other, x, "999.00", TODAY - timedelta(days=10), TODAY.replace(day=1) - timedelta(days=40))
    return {"t": t, "a": a, "b": b, "c": c, "other": other, "x": x}


def test_defaulters_by_ward_amount_and_age(town):
    t, a, c = town["t"], town["a"], town["c"]
    clerk = _client(t.clerk)
    rows = clerk.get("/api/v1/staff/water/defaulters/").json()["results"]
    assert [(r["connection"], r["ward"], r["arrears"], r["age_days"]) for r in rows] == [
        (a.number, 1, "500.00", 40),
        (c.number, 2, "200.00", 100),
    ]
    assert town["b"].number not in str(rows)  # not yet due
    by_ward = clerk.get("/api/v1/staff/water/defaulters/", {"ward": 2}).json()["results"]
    assert [r["connection"] for r in by_ward] == [c.number]
    big = clerk.get("/api/v1/staff/water/defaulters/", {"min_amount": "300"}).json()["results"]
    assert [r["connection"] for r in big] == [a.number]
    old = clerk.get("/api/v1/staff/water/defaulters/", {"min_days": 60}).json()["results"]
    assert [r["connection"] for r in old] == [c.number]
    bad = clerk.get(
        "/api/v1/staff/water/defaulters/", {"min_days": "-1"}, HTTP_ACCEPT_LANGUAGE="bn"
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "validation_failed"


def test_defaulters_register_as_csv_and_excel(town):
    clerk = _client(town["t"].clerk)
    csv = clerk.get("/api/v1/staff/water/defaulters/", {"export": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "connection,ward,consumer,status,arrears,oldest_due,age_days"
    assert lines[1].startswith(f"{town['a'].number},1,") and lines[1].endswith(
        ",500.00," + str(TODAY - timedelta(days=40)) + ",40"
    )
    xlsx = clerk.get("/api/v1/staff/water/defaulters/", {"export": "xlsx", "ward": 2})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "connection" and [r[0] for r in rows[1:]] == [town["c"].number]


def test_daily_collection_counts_confirmed_water_payments_by_ward(town, api):
    t, b, c = town["t"], town["b"], town["c"]
    # C pays its water bill and a holding-tax demand in one counter bill; B pays nothing.
    tax = raise_demand(
        pourashava=t.pourashava,
        service_code="holding_tax",
        natural_key="HT-test",
        lines={"holding_tax": D("700.00")},
        due_date=TODAY + timedelta(days=30),
        citizen=t.owner,
        object_type="holding",
        object_id=t.holding.pk,
        object_label="holding",
    )
    from backend.payments.models import Demand

    water = Demand.objects.get(object_type="water_bill", object_label=c.number)
    bill = make_bill(payer=t.owner, pourashava=None, demand_ids=[water.pk, tax.pk], as_of=TODAY)
    cashier = staff_member(Role.CASHIER, t.pourashava)
    paid = _client(cashier).post("/api/v1/counter/payments/", {"bill": bill.pk}, format="json")
    assert paid.status_code == 201, paid.content
    pending = make_bill(
        payer=t.owner,
        pourashava=None,
        demand_ids=[Demand.objects.get(object_label=b.number).pk],
        as_of=TODAY,
    )
    assert pending.status != "paid"  # a bill made but not paid collects nothing

    day = _client(t.clerk).get("/api/v1/staff/water/collection/", {"on": str(TODAY)}).json()
    surcharge = sum(D(line.amount) for line in bill.lines.filter(head_id="water_surcharge"))
    assert day["wards"] == [{"ward": 2, "receipts": 1, "amount": str(D("200.00") + surcharge)}]
    assert day["total"] == str(D("200.00") + surcharge)  # the 700 of holding tax is not water
    yesterday = _client(t.clerk).get(
        "/api/v1/staff/water/collection/", {"on": str(TODAY - timedelta(days=1))}
    )
    assert yesterday.json()["wards"] == []


def test_registers_as_csv_and_excel(town):
    t, a = town["t"], town["a"]
    conn = helpers.connection(t, metered=True)
    Reading.objects.create(
        pourashava=t.pourashava,
        connection=conn,
        period=TODAY.replace(day=1) - timedelta(days=1),
        reading_date=TODAY,
        reading=D("12"),
        status="normal",
        consumption_kl=D("12"),
        source="office",
    )
    clerk = _client(t.clerk)
    connections = clerk.get("/api/v1/staff/water/registers/connections/")
    text = b"".join(connections.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("connection,ward,holding,consumer")
    assert a.number in text and town["x"].number not in text
    bills = clerk.get("/api/v1/staff/water/registers/bills/", {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(bills.content)).active
    assert {r[0] for r in list(sheet.iter_rows(values_only=True))[1:]} == {
        a.number,
        town["b"].number,
        town["c"].number,
    }
    readings = clerk.get("/api/v1/staff/water/registers/readings/", {"export": "csv"})
    lines = b"".join(readings.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith(conn.number)


def test_a_clerk_of_another_pourashava_gets_nothing_of_this_one(town):
    t, other = town["t"], town["other"]
    stranger = _client(other.clerk)
    for url in (
        "/api/v1/staff/water/defaulters/",
        "/api/v1/staff/water/collection/",
        "/api/v1/staff/water/registers/connections/",
        "/api/v1/staff/water/registers/bills/",
        "/api/v1/staff/water/registers/readings/",
    ):
        assert stranger.get(url, {"pourashava": "NAT"}).status_code == 404, url
    own = stranger.get("/api/v1/staff/water/defaulters/").json()["results"]
    assert [r["connection"] for r in own] == [town["x"].number]  # their own, never NAT's
    export = stranger.get("/api/v1/staff/water/registers/connections/")
    assert town["a"].number not in b"".join(export.streaming_content).decode()
    # A meter reader of this pourashava is not a report reader.
    assert _client(t.reader).get("/api/v1/staff/water/defaulters/").status_code == 403


def test_panel_pages_and_exports_are_scoped(town, client):
    t, a = town["t"], town["a"]
    client.force_login(t.clerk)
    page = client.get("/admin/water_billing/connection/defaulters/")
    assert page.status_code == 200
    assert a.number in page.content.decode() and town["x"].number not in page.content.decode()
    ward2 = client.get("/admin/water_billing/connection/defaulters/", {"ward": 2}).content.decode()
    assert town["c"].number in ward2 and a.number not in ward2
    assert client.get("/admin/water_billing/connection/collection/").status_code == 200
    export = client.get("/admin/water_billing/connection/registers/bills/xlsx/")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row == 4  # header + NAT's three bills
    action = client.post(
        "/admin/water_billing/connection/",
        {"action": "export_connections_csv", "_selected_action": [a.pk]},
    )
    assert action.status_code == 200 and a.number in b"".join(action.streaming_content).decode()

    client.force_login(town["other"].clerk)
    assert (
        client.get("/admin/water_billing/connection/defaulters/", {"pourashava": "NAT"})
    ).status_code == 403
    theirs = client.get("/admin/water_billing/connection/defaulters/").content.decode()
    assert a.number not in theirs and town["x"].number in theirs
    elsewhere = client.get(
        "/admin/water_billing/connection/registers/connections/csv/", {"pourashava": "NAT"}
    )
    assert elsewhere.status_code == 403
