"""The issue's "done when", through the API on the demo data: the demo citizen applies for a
licence for a shop on their holding; the licence inspector inspects, the licence officer
approves; the citizen pays fee, VAT and signboard tax at the bKash sandbox over real HTTP and
downloads the licence, whose QR opens a verification page; in the next fiscal year they renew in
one step and pay the NBR source tax as well."""

from decimal import Decimal

import pytest
import requests
from django.core.management import call_command
from django.test import override_settings

from backend.municipality.fiscal_year import FiscalYear
from backend.notifications.backends.memory import clear_outbox
from services.property.models import Holding
from services.trade_license.models import LicenceTerm, TradeLicence
from tests.backend.documents.helpers import pdf_text, qr_texts
from tests.backend.notifications.outbox import SmsOutbox
from tests.backend.payments.gateways import helpers as gateway_helpers
from tests.backend.payments.gateways.helpers import citizen_presses, redirect_params
from tests.services.certificates.helpers import sign_with_fresh_key, use_tmp_media
from tests.services.trade_license.helpers import (
    APPLICATIONS,
    LICENCES,
    actions_url,
    citizen_logs_in,
    staff_logs_in,
)

nagad_keys = gateway_helpers.nagad_keys
_warm_live_server = gateway_helpers._warm_live_server
sandbox = gateway_helpers.sandbox

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    sign_with_fresh_key(settings)
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    yield
    clear_outbox()


def _pay(citizen, pay: dict, key: str) -> None:
    bill = citizen.post(pay["bill"]["url"], pay["bill"]["body"], format="json")
    assert bill.status_code == 201, bill.content
    started = citizen.post(
        "/api/v1/payments/",
        {"bill": bill.json()["id"], "gateway": "bkash"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert started.status_code == 201, started.content
    url, params = redirect_params(citizen_presses(started.json()["redirect_url"], "pay"))
    landed = requests.get(url, params=params, timeout=30, allow_redirects=False)
    assert landed.status_code == 302, landed.text


def test_demo_shop_licence_from_application_to_renewal(sandbox):
    call_command(
        "load_demo_data",
        "--app",
        "municipality",
        "--app",
        "identity",
        "--app",
        "property",
        "--app",
        "trade_license",
    )
    sms = SmsOutbox()
    holding = Holding.objects.get(pourashava__code="NAT", number="1")

    with override_settings(
        PAYMENTS_CALLBACK_BASE_URL=sandbox,
        PUBLIC_BASE_URL=sandbox,
        DOCUMENT_VERIFY_BASE_URL=f"{sandbox}/verify/",
    ):
        citizen = citizen_logs_in(sms)
        categories = citizen.get("/api/v1/trade/categories/", {"pourashava": "NAT"}).json()
        assert "RETAIL.GROCERY" in [c["code"] for c in categories["results"]]

        applied = citizen.post(
            APPLICATIONS,
            {
                "pourashava": "NAT",
                "category": "RETAIL.GROCERY",
                "business_name_en": "Rahim Store",
                "business_name_bn": "রহিম স্টোর",
                "ownership_kind": "proprietor",
                "signboard_sqft": "10",
                "premises": {"holding": holding.pk},
                "years": 1,
            },
            format="json",
        )
        assert applied.status_code == 201, applied.content
        number = applied.json()["number"]
        licence_no = applied.json()["licence_no"]
        assert applied.json()["state"] == "with_inspector"

        # The inspector finds it in the queue and records the visit.
        inspector = staff_logs_in("nat.licence_inspector")
        queue = inspector.get("/api/v1/staff/queue/", {"kind": "trade_licence"}).json()
        assert number in [row["number"] for row in queue["results"]]
        inspected = inspector.post(
            f"/api/v1/staff/trade-applications/{number}/inspection/",
            {"result": "ok", "notes": "Shop as stated."},
            format="json",
        )
        assert inspected.status_code == 200, inspected.content
        assert inspected.json()["state"] == "with_officer"

        officer = staff_logs_in("nat.licence_officer")
        approved = officer.post(actions_url(number), {"action": "approve"}, format="json")
        assert approved.status_code == 200, approved.content

        shown = citizen.get(f"{APPLICATIONS}{number}/").json()
        assert shown["state"] == "payment_due"
        totals = shown["quote"]["totals"]
        # Demo grocery: new fee 500, VAT 75, 10 sq ft signboard at Tk 10 = 100; no source tax.
        assert (totals["fee"], totals["vat"], totals["signboard"]) == ("500.00", "75.00", "100.00")
        assert totals["source_tax"] == "0.00"
        _pay(citizen, shown["pay"], f"trade-{number}")

        shown = citizen.get(f"{APPLICATIONS}{number}/").json()
        assert shown["state"] == "issued"
        licence = citizen.get(f"{LICENCES}{licence_no}/").json()
        assert licence["status"] == "active"
        pdf = citizen.get(licence["download_url"])
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert licence_no in pdf_text(pdf.content)
        [qr] = qr_texts(pdf.content)
        page = requests.get(qr, timeout=30)
        assert page.status_code == 200
        assert "Rahim Store" in page.text and "রহিম স্টোর" in page.text
        assert "Active" in page.text

    # A year on: the term paid was last year's (moved back one year, as if issued then).
    current = FiscalYear.of()
    lic = TradeLicence.objects.get(licence_no=licence_no)
    LicenceTerm.objects.filter(licence=lic).update(fiscal_year=current.previous().label)
    TradeLicence.objects.filter(pk=lic.pk).update(
        first_fy=current.previous().label, valid_to=current.previous().end
    )
    with override_settings(
        PAYMENTS_CALLBACK_BASE_URL=sandbox,
        PUBLIC_BASE_URL=sandbox,
        DOCUMENT_VERIFY_BASE_URL=f"{sandbox}/verify/",
    ):
        renewed = citizen.post(f"{LICENCES}{licence_no}/renew/", {"years": 1}, format="json")
        assert renewed.status_code == 201, renewed.content
        assert renewed.json()["state"] == "payment_due"
        totals = renewed.json()["quote"]["totals"]
        assert totals["fee"] == "400.00" and totals["source_tax"] == "500.00"
        assert renewed.json()["licence_no"] == licence_no  # the number never changes
        _pay(citizen, renewed.json()["pay"], f"renew-{licence_no}")
        again = citizen.get(f"{APPLICATIONS}{renewed.json()['number']}/").json()
        assert again["state"] == "issued"
    lic.refresh_from_db()
    assert lic.valid_to == current.end and lic.status == "active"
    term = LicenceTerm.objects.get(licence=lic, fiscal_year=current.label)
    assert term.source_tax == Decimal("500.00")
