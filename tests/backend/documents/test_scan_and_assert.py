"""A phone scanning real paper: the receipt and the heir certificate rendered to PDF, rasterised
at 150 dpi (a cheap scan or a photo at arm's length), the QR decoded, and the page it opens
showing what the paper asserts, so an altered amount or heir is visible to the reader."""

import re

import pypdfium2
import pytest
import zxingcpp

from backend.documents.pdf import render_document
from backend.documents.services import issue_document
from backend.identity.models import Role
from backend.payments.models import Receipt
from backend.payments.services.counter import collect_cash
from backend.payments.services.receipts import render_receipt_pdf
from tests.backend.payments.factories import demand_for
from tests.factories import CitizenFactory, PourashavaFactory, staff_member
from tests.services.certificates.doc_helpers import (
    issued_certificate,
    make_office,
    use_fresh_signing_key,
)

pytestmark = pytest.mark.django_db

SCAN_DPI = 150


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    use_fresh_signing_key(settings)


def scan_qr(pdf: bytes, dpi: int = SCAN_DPI) -> str:
    """The one QR on the first page, read from a greyscale raster at `dpi`."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, f"{len(found)} QR codes read at {dpi} dpi"
    return found[0].text


def _opened(client, url: str) -> tuple[dict, str]:
    """What the phone opens (the page) and what an app would ask (the JSON API)."""
    path = re.sub(r"^https?://[^/]+", "", url)
    token = path.rstrip("/").rsplit("/", 1)[-1]
    page = client.get(path)
    assert page.status_code == 200
    return client.get(f"/api/v1/verify/{token}/").json(), page.content.decode()


def _asserted(body: dict, language: str) -> list[tuple[str, str]]:
    return [(item["label"][language], item["value"][language]) for item in body["asserts"]]


def test_heir_certificate_scans_at_150_dpi_and_lists_its_heirs(client):
    office = make_office()
    document = issued_certificate(office, language="bn").certificate
    url = scan_qr(render_document(document))
    assert len(url) < 160 and url.endswith(document.token)
    body, html = _opened(client, url)
    assert body["genuine"] is True and body["status"] == "valid"
    # Its own name, not the platform's "councillor certificate".
    assert body["kind_title"] == {"bn": "ওয়ারিশ সনদ", "en": "Heir certificate"}
    assert "ওয়ারিশ সনদ" in html and "Heir certificate" in html
    assert "Councillor certificate" not in html and "কাউন্সিলর সনদ" not in html
    heirs_bn = [value for label, value in _asserted(body, "bn") if label.startswith("উত্তরাধিকারী (")]
    heirs_en = [value for label, value in _asserted(body, "en") if label.startswith("Heir (")]
    assert heirs_bn == ["১. আয়েশা বেগম (স্ত্রী)", "২. করিম উদ্দিন (পুত্র)", "৩. শিরিন আক্তার (কন্যা)"]
    assert heirs_en == [
        "1. Ayesha Begum (Wife)",
        "2. Karim Uddin (Son)",
        "3. Shirin Akter (Daughter)",
    ]
    assert ("মৃত ব্যক্তি", "আব্দুল করিম") in _asserted(body, "bn")
    for heir in heirs_bn + heirs_en + ["আব্দুল করিম", "Abdul Karim"]:
        assert heir in html, heir
    # Nothing that identifies a person beyond the name: no NID, BRN, birth date or address.
    for private in ("1987654321", "20051234567890123", "DR-2025-0042", "2005-06-01", "Ward 3, "):
        assert private not in html and private not in str(body), private


def test_receipt_scans_at_150_dpi_and_shows_amount_payer_and_what_was_paid_for(client):
    pourashava = PourashavaFactory(code="NAT", name_en="Natore", name_bn="নাটোর")
    payer = CitizenFactory(name_en="Rahima Khatun", name_bn="রহিমা খাতুন")
    demand_for(payer, pourashava, {"holding_tax": "1250", "conservancy": "50"})
    cashier = staff_member(Role.CASHIER, pourashava)
    payment = collect_cash(collector=cashier, pourashava=pourashava, payer=payer, amount="1300")
    receipt = Receipt.objects.get(pk=payment.receipt.pk)
    url = scan_qr(render_receipt_pdf(receipt, language="bn"))
    receipt.refresh_from_db()
    assert url.endswith(receipt.document_token) and len(url) < 160
    body, html = _opened(client, url)
    assert body["genuine"] is True and body["number"] == receipt.number
    assert body["kind_title"] == {"bn": "পরিশোধের রসিদ", "en": "Payment receipt"}
    asserted_bn, asserted_en = dict(_asserted(body, "bn")), dict(_asserted(body, "en"))
    assert asserted_bn["পরিশোধিত পরিমাণ"] == "৳ ১,৩০০.০০"
    assert asserted_en["Amount paid"] == "Tk 1,300.00"
    assert (receipt.payer_name_bn or receipt.payer_name_en) in html
    paid_for = [value for label, value in _asserted(body, "en") if label == "Paid for"]
    assert len(paid_for) == 2 and all("Tk " in line for line in paid_for), paid_for
    for text in ("৳ ১,৩০০.০০", "Tk 1,300.00", "১,২৫০.০০", "1,250.00"):
        assert text in html, text


def test_clearance_shows_the_holding_and_the_period_not_the_address(client):
    from services.holding_tax.services.clearance import KIND

    pourashava = PourashavaFactory(code="NAT", name_en="Natore", name_bn="নাটোর")
    document = issue_document(
        kind=KIND,
        number="NAT-HC-2025-26-000001",
        pourashava=pourashava,
        language="bn",
        render=False,
        fields={
            "holding": "NAT-03-000123",
            "address": "12 Kanaikhali Road, Natore",
            "owners_en": "Abdul Karim",
            "owners_bn": "আব্দুল করিম",
            "paid_through": "2025-26",
        },
    )
    body, html = _opened(client, f"/verify/{document.token}")
    assert dict(_asserted(body, "bn")) == {
        "হোল্ডিং": "NAT-03-000123",
        "মালিক": "আব্দুল করিম",
        "যে অর্থবছর পর্যন্ত কর সম্পূর্ণ পরিশোধিত": "২০২৫-২৬",
    }
    assert "NAT-03-000123" in html and "২০২৫-২৬" in html and "2025-26" in html
    assert "Kanaikhali" not in html and "Kanaikhali" not in str(body)
