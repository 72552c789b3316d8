"""The issue's "done when", walked through the API on the demo data: a demo citizen logs in by
OTP, uploads the death certificate and applies for an heir certificate with three heirs, pays
the fee at the bKash sandbox over real HTTP, the demo councillor of the ward recommends, the demo
certificate officer approves, and the citizen downloads the PDF, whose QR code opens a
verification page saying the certificate is genuine and valid."""

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from backend.identity.demo import DEMO_PASSWORD
from backend.notifications.backends.memory import clear_outbox
from tests.backend.documents.helpers import pdf_text, qr_texts
from tests.backend.notifications.outbox import SmsOutbox
from tests.backend.payments.gateways import helpers as gateway_helpers
from tests.backend.payments.gateways.helpers import citizen_presses, redirect_params
from tests.services.certificates.helpers import (
    APPLICATIONS,
    HEIRS_INPUT,
    QUEUE,
    actions_url,
    sign_with_fresh_key,
    tiny_pdf,
    use_tmp_media,
)

# The gateway engineer's live-server sandbox fixtures, used as they are.
nagad_keys = gateway_helpers.nagad_keys
_warm_live_server = gateway_helpers._warm_live_server
sandbox = gateway_helpers.sandbox

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_CITIZEN = "01711000001"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    sign_with_fresh_key(settings)
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    yield
    clear_outbox()


def _citizen_logs_in(sms: SmsOutbox) -> APIClient:
    client = APIClient()
    assert client.post("/api/v1/auth/otp/", {"mobile": DEMO_CITIZEN}, format="json").status_code
    code = sms.code_for(DEMO_CITIZEN)
    token = client.post(
        "/api/v1/auth/token/", {"mobile": DEMO_CITIZEN, "code": code}, format="json"
    )
    assert token.status_code == 200, token.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access']}")
    return client


def _staff_logs_in(username: str) -> APIClient:
    client = APIClient()
    token = client.post(
        "/api/v1/auth/staff-token/",
        {"username": username, "password": DEMO_PASSWORD},
        format="json",
    )
    assert token.status_code == 200, token.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access']}")
    return client


def test_demo_heir_certificate_from_application_to_verified_pdf(sandbox):
    call_command(
        "load_demo_data", "--app", "municipality", "--app", "identity", "--app", "certificates"
    )
    sms = SmsOutbox()

    with override_settings(
        PAYMENTS_CALLBACK_BASE_URL=sandbox,
        PUBLIC_BASE_URL=sandbox,
        DOCUMENT_VERIFY_BASE_URL=f"{sandbox}/verify/",
    ):
        citizen = _citizen_logs_in(sms)

        # The heir certificate is offered in Natore, with the death certificate asked for.
        types = citizen.get("/api/v1/certificate-types/", {"pourashava": "NAT"}).json()
        heir = next(t for t in types["results"] if t["code"] == "heir")
        assert heir["lists_heirs"] and heir["required_documents"][0]["code"] == "death_certificate"

        uploaded = citizen.post(
            "/api/v1/me/uploads/",
            {
                "file": SimpleUploadedFile("death.pdf", tiny_pdf()),
                "purpose": heir["upload_purpose"],
            },
            format="multipart",
        )
        assert uploaded.status_code == 201, uploaded.content

        applied = citizen.post(
            APPLICATIONS,
            {
                "pourashava": "NAT",
                "type": "heir",
                "language": "bn",
                "ward": 1,
                "address_bn": "কানাইখালী, নাটোর",
                "address_en": "Kanaikhali, Natore",
                "deceased": {
                    "name_en": "Abdul Jalil",
                    "name_bn": "আব্দুল জলিল",
                    "date_of_death": "2025-03-14",
                },
                "heirs": [dict(h) for h in HEIRS_INPUT],
                "documents": [{"code": "death_certificate", "upload": uploaded.json()["id"]}],
            },
            format="json",
        )
        assert applied.status_code == 201, applied.content
        number, fee = applied.json()["number"], applied.json()["fee"]
        assert applied.json()["state"] == "payment_due"

        # Pay at the bKash sandbox: the real adapter, the sandbox's page, our callback.
        bill = citizen.post(fee["pay"]["bill"]["url"], fee["pay"]["bill"]["body"], format="json")
        assert bill.status_code == 201, bill.content
        started = citizen.post(
            "/api/v1/payments/",
            {"bill": bill.json()["id"], "gateway": "bkash"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=f"fee-{number}",
        )
        assert started.status_code == 201, started.content
        url, params = redirect_params(citizen_presses(started.json()["redirect_url"], "pay"))
        landed = requests.get(url, params=params, timeout=30, allow_redirects=False)
        assert landed.status_code == 302, landed.text
        assert citizen.get(f"{APPLICATIONS}{number}/").json()["state"] == "with_councillor"

        # The councillor of ward 1 finds it in their queue and recommends it.
        councillor = _staff_logs_in("nat.councillor1")
        queue = councillor.get(QUEUE, {"kind": "certificate"}).json()["results"]
        assert number in [row["number"] for row in queue]
        recommended = councillor.post(
            actions_url(number), {"action": "recommend", "comment": "Known to me."}, format="json"
        )
        assert recommended.status_code == 200, recommended.content
        # The other ward's councillor never saw it.
        other = _staff_logs_in("nat.councillor2")
        assert other.get(actions_url(number)).status_code == 404

        # The certificate officer approves and signs: the certificate is issued.
        officer = _staff_logs_in("nat.certificate_officer")
        approved = officer.post(actions_url(number), {"action": "approve"}, format="json")
        assert approved.status_code == 200, approved.content

        shown = citizen.get(f"{APPLICATIONS}{number}/").json()
        assert shown["state"] == "issued"
        certificate = shown["certificate"]
        assert certificate["download_url"] == f"/api/v1/me/certificates/{certificate['number']}/pdf"
        issued_sms = sms.last_to(DEMO_CITIZEN).body
        assert certificate["number"] in issued_sms

        # The citizen downloads the PDF (the documents side's endpoint).
        pdf = citizen.get(certificate["download_url"])
        assert pdf.status_code == 200, pdf.content[:300]
        assert pdf["Content-Type"] == "application/pdf"
        # The heirs' table is in it (identity numbers in Bangla digits survive text
        # extraction intact; the documents side's own tests check the Bangla shaping).
        text = pdf_text(pdf.content)
        assert certificate["number"] in text
        for id_number in ("১৯৮৭৬৫৪৩২১", "২০০৫১২৩৪৫৬৭৮৯০১২৩", "২০১০১২৩৪৫৬৭৮৯০১২৪"):
            assert id_number in text

        # Its QR code opens the public verification page: genuine and valid.
        [qr] = qr_texts(pdf.content)
        assert qr.startswith(f"{sandbox}/verify/")
        page = requests.get(qr, timeout=30)
        assert page.status_code == 200
        assert "Genuine document — Valid" in page.text
        assert "আসল দলিল — বৈধ" in page.text
        assert certificate["number"] in page.text
