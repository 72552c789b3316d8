"""The issue's "done when", over the API on the embedded demo data: the estate officer of
Natore computes the reserves for the next Bangla year and calls a tender for the demo hat-bazar
and cattle hat; the notice is public; three bids (one below the reserve, one with too small an
earnest, refused); opening refused before the deadline, done after it by the committee; the
right winner awarded, the mayor approves, the lessee pays at the bKash sandbox over real HTTP;
the report then shows the hat leased against its three-year average and the cattle hat under
direct collection with its reason."""

from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from backend.identity.demo import DEMO_PASSWORD
from backend.notifications.backends.memory import clear_outbox
from services.estate_leases.lease_year import next_lease_year
from services.estate_leases.models import Lease, LeaseStatus
from tests.backend.notifications.outbox import SmsOutbox
from tests.backend.payments.gateways import helpers as gateway_helpers
from tests.backend.payments.gateways.helpers import citizen_presses, redirect_params
from tests.services.estate_leases.helpers import clock

nagad_keys = gateway_helpers.nagad_keys
_warm_live_server = gateway_helpers._warm_live_server
sandbox = gateway_helpers.sandbox

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "/api/v1/staff/estate/"
WINNER = "01711000001"  # the demo citizen: they log in by OTP and pay


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    yield
    clear_outbox()


def _staff(username: str) -> APIClient:
    client = APIClient()
    token = client.post(
        "/api/v1/auth/staff-token/",
        {"username": username, "password": DEMO_PASSWORD},
        format="json",
    )
    assert token.status_code == 200, token.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access']}")
    return client


def _citizen(mobile: str, sms: SmsOutbox) -> APIClient:
    client = APIClient()
    assert client.post("/api/v1/auth/otp/", {"mobile": mobile}, format="json").status_code < 300
    token = client.post(
        "/api/v1/auth/token/", {"mobile": mobile, "code": sms.code_for(mobile)}, format="json"
    )
    assert token.status_code == 200, token.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access']}")
    return client


def _bid(mobile, name, amount, earnest=None):
    amount = Decimal(amount)
    return {
        "property": "NAT-HAT-1",
        "mobile": mobile,
        "name": name,
        "amount": str(amount),
        "earnest_amount": str(earnest if earnest is not None else amount / 4),
        "security_amount": str(amount / 20),
        "instrument_ref": f"PO-{mobile[-4:]}",
    }


def test_a_tender_for_the_next_bangla_year_from_notice_to_paid_lease_and_report(sandbox):
    call_command(
        "load_demo_data", "--app", "municipality", "--app", "identity", "--app", "estate_leases"
    )
    year = next_lease_year(timezone.localdate()).year
    officer = _staff("nat.estate_officer")

    # Reserves for next year from the demo's three years of history.
    computed = officer.post(
        f"{BASE}reserve-prices/compute/", {"pourashava": "NAT", "year": year}, format="json"
    )
    assert computed.status_code == 200, computed.content
    reserve = next(r for r in computed.json()["results"] if r["property"] == "NAT-HAT-1")
    assert reserve["years_used"] == 3 and not reserve["partial"]
    reserve_amount = Decimal(reserve["amount"])
    average = Decimal(reserve["average"])

    now = timezone.now()
    made = officer.post(
        f"{BASE}tenders/",
        {
            "pourashava": "NAT",
            "year": year,
            "properties": ["NAT-HAT-1", "NAT-HAT-2"],
            "sale_until": (now + timedelta(hours=1)).isoformat(),
            "deadline": (now + timedelta(hours=2)).isoformat(),
            "opening_at": (now + timedelta(hours=3)).isoformat(),
            "schedule_price": "1000",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    call_id = made.json()["id"]
    published = officer.post(f"{BASE}tenders/{call_id}/publish/", format="json")
    assert published.status_code == 200, published.content
    assert "দরপত্র বিজ্ঞপ্তি" in published.json()["notice_bn"]
    assert "Tender notice" in published.json()["notice_en"]

    # The notice is public: the API for anyone, and a plain page.
    public = APIClient().get("/api/v1/public/tenders/", {"pourashava": "NAT"})
    assert public.status_code == 200
    assert public.json()["results"][0]["number"] == made.json()["number"]
    page = APIClient().get("/tenders/")
    assert page.status_code == 200 and "বড় বাজার হাট" in page.content.decode()

    # Three bids: the winner's, one below the reserve, one with too small an earnest (refused).
    high = reserve_amount + 20_000  # the whole payable stays under the sandbox cap
    assert (
        officer.post(
            f"{BASE}tenders/{call_id}/bids/", _bid(WINNER, "Rahim Traders", high), format="json"
        ).status_code
        == 201
    )
    assert (
        officer.post(
            f"{BASE}tenders/{call_id}/bids/",
            _bid("01822000002", "Low Bidder", reserve_amount - 100),
            format="json",
        ).status_code
        == 201
    )
    short = officer.post(
        f"{BASE}tenders/{call_id}/bids/",
        _bid("01933000003", "Short Earnest", high + 10_000, earnest=(high + 10_000) / 10),
        format="json",
    )
    assert short.status_code == 400 and short.json()["error"]["code"] == "earnest_too_small"

    committee = _staff("nat.tender_committee1")
    early = committee.post(f"{BASE}tenders/{call_id}/open/", format="json")
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "opening_before_deadline"

    with clock(now + timedelta(hours=3, minutes=1)):
        opened = committee.post(f"{BASE}tenders/{call_id}/open/", format="json")
        assert opened.status_code == 200, opened.content
        [hat, cattle] = opened.json()["items"]
        assert [b["bidder_name"] for b in hat["bids"]] == ["Rahim Traders", "Low Bidder"]
        assert [b["at_or_above_reserve"] for b in hat["bids"]] == [True, False]
        assert cattle["bids"] == []

        awarded = committee.post(
            f"{BASE}tenders/{call_id}/award/", {"property": "NAT-HAT-1"}, format="json"
        )
        assert awarded.status_code == 201, awarded.content
        assert awarded.json()["lessee"] == "Rahim Traders"
        assert Decimal(awarded.json()["amount"]) == high
        failed = committee.post(
            f"{BASE}tenders/{call_id}/fail/",
            {
                "property": "NAT-HAT-2",
                "reason": "no_bid",
                "reason_text": "40 schedules sold, none submitted",
                "next_action": "direct",
            },
            format="json",
        )
        assert failed.status_code == 200, failed.content

    # The mayor approves through the workflow engine: the demands are raised.
    number = awarded.json()["approval_number"]
    approved = _staff("nat.mayor").post(
        f"/api/v1/applications/{number}/actions/", {"action": "approve"}, format="json"
    )
    assert approved.status_code == 200, approved.content
    lease = officer.get(f"{BASE}leases/{awarded.json()['id']}/").json()
    assert lease["status"] == "approved"
    total = Decimal(lease["total_payable"])
    assert total == high * Decimal("1.20")  # + 15% VAT + 5% income tax

    # The lessee pays at the bKash sandbox.
    sms = SmsOutbox()
    with override_settings(PAYMENTS_CALLBACK_BASE_URL=sandbox, PUBLIC_BASE_URL=sandbox):
        lessee = _citizen(WINNER, sms)
        bill = lessee.post("/api/v1/bills/", {"demand_ids": [lease["demand_id"]]}, format="json")
        assert bill.status_code == 201, bill.content
        assert Decimal(bill.json()["total"]) == total
        started = lessee.post(
            "/api/v1/payments/",
            {"bill": bill.json()["id"], "gateway": "bkash"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=f"lease-{lease['id']}",
        )
        assert started.status_code == 201, started.content
        url, params = redirect_params(citizen_presses(started.json()["redirect_url"], "pay"))
        landed = requests.get(url, params=params, timeout=30, allow_redirects=False)
        assert landed.status_code == 302, landed.text
    assert Lease.objects.get(pk=lease["id"]).status == LeaseStatus.PAID

    # The report: the hat leased, against its three-year average; the cattle hat not, with why.
    report = officer.get(f"{BASE}report/", {"pourashava": "NAT", "year": year})
    assert report.status_code == 200, report.content
    rows = {r["code"]: r for r in report.json()["properties"]}
    assert rows["NAT-HAT-1"]["outcome"] == "leased"
    assert Decimal(rows["NAT-HAT-1"]["value_this_year"]) == high
    assert Decimal(rows["NAT-HAT-1"]["average_3y"]) == average
    assert rows["NAT-HAT-2"]["outcome"] == "direct"
    assert rows["NAT-HAT-2"]["reason"] == "no_bid"
    assert "none submitted" in rows["NAT-HAT-2"]["reason_text"]
    assert ("no_bid", 1) in [(r["reason"], r["count"]) for r in report.json()["reasons"]]
    csv = officer.get(f"{BASE}report/", {"pourashava": "NAT", "year": year, "export": "csv"})
    assert csv.status_code == 200
    assert "NAT-HAT-1" in b"".join(csv.streaming_content).decode()
    # And the public result shows the lease amount.
    result = APIClient().get("/api/v1/public/tenders/", {"pourashava": "NAT"}).json()["results"][0]
    amounts = {r["property"]: r["lease_amount"] for r in result["results"]}
    assert Decimal(amounts["NAT-HAT-1"]) == high and amounts["NAT-HAT-2"] is None
