"""The receipt PDF: rendered for real, read back (text and QR), served to its owner and the
pourashava's staff, and to nobody else."""

import pytest

from backend.documents.services import verify_token
from backend.identity.models import Role
from backend.payments.models import Receipt
from backend.payments.services.counter import collect_cash
from tests.backend.documents.helpers import pdf_glyph_texts, pdf_text, qr_texts
from tests.backend.payments.factories import demand_for
from tests.factories import CitizenFactory, PourashavaFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt_number(citizen, pourashava, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    demand_for(citizen, pourashava, {"holding_tax": "1250", "conservancy": "50"})
    cashier = staff_member(Role.CASHIER, pourashava)
    payment = collect_cash(collector=cashier, pourashava=pourashava, payer=citizen, amount="1300")
    return payment.receipt.number


def test_bangla_receipt_reads_back_with_its_amounts_number_and_a_verifiable_qr(
    api, citizen, receipt_number
):
    api.force_authenticate(user=citizen.user)
    response = api.get(f"/api/v1/receipts/{receipt_number}/pdf", HTTP_ACCEPT_LANGUAGE="bn")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"

    text = pdf_text(response.content)
    assert receipt_number in text
    assert "১,৩০০.০০" in text  # the total, grouped the Bangladeshi way in Bangla digits
    assert "১,২৫০.০০" in text and "৫০.০০" in text  # the lines by head
    # Conjuncts are shaped into single glyphs and extract as written (vowel signs drawn before
    # their letter do not extract reliably: see tests/backend/documents/test_rendering.py).
    assert "প্রদানকারী" in text and "চ্ছন্ন" in text and "স্বাক্ষর" in text
    assert {"প্র", "চ্ছ", "ন্ন"} <= pdf_glyph_texts(response.content)

    [scanned] = qr_texts(response.content)
    token = scanned.rstrip("/").rsplit("/", 1)[-1]
    receipt = Receipt.objects.get(number=receipt_number)
    assert token == receipt.document_token
    verdict = api.get(f"/api/v1/verify/{token}/").json()
    assert verdict["genuine"] is True and verdict["status"] == "valid"
    assert verdict["number"] == receipt_number
    page = api.get(f"/verify/{token}")
    assert page.status_code == 200 and receipt_number in page.content.decode()


def test_only_the_owner_and_the_pourashavas_staff_get_the_pdf(
    api, citizen, pourashava, receipt_number
):
    api.force_authenticate(user=staff_member(Role.CASHIER, pourashava))
    assert api.get(f"/api/v1/receipts/{receipt_number}/pdf").status_code == 200
    api.force_authenticate(user=CitizenFactory().user)
    assert api.get(f"/api/v1/receipts/{receipt_number}/pdf").status_code == 404
    api.force_authenticate(user=staff_member(Role.CASHIER, PourashavaFactory()))
    assert api.get(f"/api/v1/receipts/{receipt_number}/pdf").status_code == 404
    assert verify_token(Receipt.objects.get(number=receipt_number).document_token).status == "valid"
