"""Holding tax end to end on the embedded defaults (SQLite, the memory SMS backend, the sandbox
NID verifier, a gateway sandbox on a live server): a citizen logs in by OTP, proves their NID,
claims their holding, reads its valuation and dues, pays the quarter online and gets a receipt;
the revenue clerk of that pourashava sees the payment in the holding's ledger, a clerk of
another pourashava does not."""

from datetime import date
from decimal import Decimal

import pytest
import requests
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from backend.identity import demo as identity_demo
from backend.identity.models import Role, User
from backend.municipality import demo as municipality_demo
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava, Ward
from services.holding_tax.models import Assessment
from services.holding_tax.services.assessment import assess_holding
from services.holding_tax.services.generation import execute_run, start_run
from services.property import demo as property_demo
from services.property.models import Occupancy, StructureType, Use
from services.property.services.holdings import OwnerInput, register_holding
from tests.backend.identity.conftest import otp_limits, sms_outbox  # noqa: F401 (fixtures)
from tests.backend.payments.gateways import helpers
from tests.backend.payments.gateways.helpers import citizen_presses, redirect_params
from tests.factories import staff_member

# The gateway engineer's live-server sandbox fixtures, used as they are.
nagad_keys = helpers.nagad_keys
_warm_live_server = helpers._warm_live_server
sandbox = helpers.sandbox

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = "01911000777"
# A person in the sandbox NID verifier's demo records (fictional).
NID, BORN, NAME_EN, NAME_BN = "5392817046", "1969-01-30", "Mohammad Selim Reza", "মোহাম্মদ সেলিম রেজা"
MONTHLY_RENT = Decimal("9000.00")


@pytest.fixture
def natore() -> Pourashava:
    """The pilot pourashavas, their staff and demo holdings, as `load_demo_data` loads them."""
    for demo in (municipality_demo, identity_demo, property_demo):
        demo.load(lambda line: None)
    return Pourashava.objects.get(code="NAT")


@pytest.fixture
def holding(natore):
    """A let house on the register since 2020, its owner known by NID only (no mobile, no
    account), valued for this fiscal year."""
    registered = register_holding(
        pourashava=natore,
        ward=Ward.objects.get(pourashava=natore, number=2),
        number="77",
        road="Kanaikhali road",
        particulars={
            "land_area_sqft": Decimal("1800"),
            "structure_type": StructureType.PUCCA,
            "floors": 2,
            "floor_area_sqft": Decimal("2000"),
            "use": Use.RESIDENTIAL,
            "occupancy": Occupancy.LET,
            "monthly_rent": MONTHLY_RENT,
        },
        owners=[OwnerInput(name_en=NAME_EN, name_bn=NAME_BN, share=Decimal(1), nid=NID)],
        valid_from=date(2020, 7, 1),
        actor=User.objects.get(username="admin"),
        reason="2020 survey",
    )
    assess_holding(
        holding=registered,
        fiscal_year=FiscalYear.of(timezone.localdate()),
        actor=staff_member(Role.ASSESSOR, natore),
    )
    return registered


def _log_in_by_otp(outbox) -> APIClient:
    client = APIClient()
    assert client.post("/api/v1/auth/otp/", {"mobile": MOBILE}, format="json").status_code == 202
    code = outbox.code_for(MOBILE)
    tokens = client.post("/api/v1/auth/token/", {"mobile": MOBILE, "code": code}, format="json")
    assert tokens.status_code == 200, tokens.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access']}")
    return client


def _raise_this_quarters_demands(pourashava: Pourashava) -> None:
    today = timezone.localdate()
    fiscal_year = FiscalYear.of(today)
    run = start_run(
        pourashava=pourashava,
        fiscal_year=fiscal_year,
        quarter=fiscal_year.quarter_of(today),
        actor=staff_member(Role.REVENUE_CLERK, pourashava),
    )
    assert execute_run(run).status == "done"


def _pay_online(citizen: APIClient, bill_id: int, base: str) -> dict:
    with override_settings(PAYMENTS_CALLBACK_BASE_URL=base, PUBLIC_BASE_URL=base):
        started = citizen.post(
            "/api/v1/payments/",
            {"bill": bill_id, "gateway": "bkash"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="e2e-holding-tax",
        )
        assert started.status_code == 201, started.content
        body = started.json()
        back = citizen_presses(body["redirect_url"], "pay")  # on the gateway's own page
        url, params = redirect_params(back)
        landed = requests.get(url, params=params, timeout=30, allow_redirects=False)
        assert landed.status_code == 302, landed.text
    return body


def _due_on(citizen: APIClient, holding) -> list[dict]:
    dues = citizen.get("/api/v1/me/dues/").json()
    return [
        d
        for group in dues["pourashavas"]
        for service in group["services"]
        for d in service["demands"]
        if d["object_label"] == holding.reference
    ]


def test_citizen_claims_pays_the_quarter_and_the_clerk_sees_it(
    sandbox,
    sms_outbox,  # noqa: F811
    otp_limits,  # noqa: F811
    natore,
    holding,
    client,
):
    # The quarter's demands were raised before the owner had an account: nobody to bill yet.
    _raise_this_quarters_demands(natore)
    citizen = _log_in_by_otp(sms_outbox)
    assert _due_on(citizen, holding) == []

    # Prove the NID, then claim the holding by number (typed in Bangla digits).
    profile = {"name_en": NAME_EN, "name_bn": NAME_BN, "nid": NID, "date_of_birth": BORN}
    assert citizen.patch("/api/v1/me/", profile, format="json").status_code == 200
    verified = citizen.post("/api/v1/me/nid-verification/")
    assert verified.status_code == 200 and verified.json()["verified"] is True, verified.content
    claim = citizen.post(
        "/api/v1/me/holdings/claims/",
        {"pourashava": "NAT", "ward": "২", "number": "৭৭"},
        format="json",
    )
    assert claim.status_code == 201, claim.content
    assert (claim.json()["status"], claim.json()["proof"]) == ("approved", "nid_match")
    mine = citizen.get("/api/v1/me/holdings/").json()["results"]
    assert [h["reference"] for h in mine] == [holding.reference]

    # The valuation with its working, in the citizen's language.
    assessment = citizen.get(
        f"/api/v1/me/holdings/{holding.pk}/assessment/", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert Decimal(assessment["annual_value"]) > 0
    assert any("Tk 9,000.00" in line["text"] for line in assessment["working"])
    quarter = FiscalYear.of(timezone.localdate()).quarter_of(timezone.localdate())
    instalment = sum(Decimal(v) for v in assessment["quarters"][quarter - 1].values())

    # The claim brought the holding's unbilled quarter into the citizen's dues.
    (demand,) = _due_on(citizen, holding)
    assert Decimal(demand["outstanding"]) == instalment and demand["status"] == "open"

    bill = citizen.post("/api/v1/bills/", {"demand_ids": [demand["id"]]}, format="json")
    assert bill.status_code == 201, bill.content
    bill = bill.json()
    assert {line["demand"] for line in bill["lines"]} == {demand["id"]}

    payment = _pay_online(citizen, bill["id"], sandbox)

    # Paid: the payment settled with a receipt, nothing due, the bill paid.
    settled = citizen.get(f"/api/v1/payments/{payment['id']}/").json()
    assert settled["status"] == "settled" and settled["amount"] == bill["total"]
    receipt = settled["receipt_number"]
    assert receipt
    assert citizen.get(f"/api/v1/bills/{bill['id']}/").json()["status"] == "paid"
    still_due = citizen.get("/api/v1/me/dues/").json()
    assert demand["id"] not in {
        d["id"]
        for group in still_due["pourashavas"]
        for service in group["services"]
        for d in service["demands"]
    }
    pdf = citizen.get(f"/api/v1/receipts/{receipt}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    ledger = citizen.get(f"/api/v1/me/holdings/{holding.pk}/ledger/").json()
    (row,) = ledger["demands"]
    assert row["status"] == "paid" and row["receipts"] == [receipt] and row["yours"] is True
    assert Decimal(row["paid"]) == Decimal(row["amount"]) == instalment
    assert ledger["outstanding_by_year"] == {}

    # The revenue clerk of Natore sees the payment on the holding's ledger page.
    page = f"/admin/holding_tax/assessment/{Assessment.objects.get(holding=holding).pk}/change/"
    client.force_login(staff_member(Role.REVENUE_CLERK, natore))
    seen = client.get(page)
    assert seen.status_code == 200
    assert receipt in seen.content.decode() and holding.reference in seen.content.decode()

    # A clerk of another pourashava gets no page and no receipt number.
    client.force_login(staff_member(Role.REVENUE_CLERK, Pourashava.objects.get(code="GOP")))
    refused = client.get(page)
    assert refused.status_code in (302, 403, 404)
    assert receipt not in refused.content.decode()
