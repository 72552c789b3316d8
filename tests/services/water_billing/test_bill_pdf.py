"""The water bill as a PDF, rendered for real and read back: the amount in Bangla digits on a
Bangla bill, the bill and due dates in both calendars, English for an English reader, a QR that
verifies and shows the bill (never the consumer), served from storage after the first download,
and another citizen's bill a 404."""

import re
from datetime import date
from decimal import Decimal as D
from unittest import mock

import pytest
from django.conf import settings as django_settings

from backend.common.digits import to_bangla_digits as bn
from backend.documents.bangla import format_both_dates, to_bangla_date
from backend.documents.models import IssuedDocument
from services.water_billing import documents
from services.water_billing.models import Bill
from services.water_billing.services.run import raise_bill_demand
from tests.backend.documents.helpers import pdf_text, qr_texts
from tests.factories import CitizenFactory
from tests.services.certificates.doc_helpers import skeleton, token_of, use_fresh_signing_key
from tests.services.water_billing import helpers

pytestmark = pytest.mark.django_db

ISSUED, DUE = date(2026, 4, 8), date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    use_fresh_signing_key(settings)


def _bill(t, conn, *, total="1234.00", period=date(2026, 3, 1)) -> Bill:
    total = D(total)
    bill = Bill.objects.create(
        pourashava=t.pourashava,
        connection=conn,
        period=period,
        citizen=t.owner,
        consumption_kl=D("42.000"),
        days_billed=31,
        days_in_month=31,
        water_charge=total - D("112.40"),
        sewerage=D("112.00"),
        roundoff=D("0.40"),
        total=total,
        lines=[
            {"code": "water_charge", "amount": str(total - D("112.40"))},
            {"code": "sewerage", "amount": "112.00"},
            {"code": "roundoff", "amount": "0.40"},
        ],
        issue_date=ISSUED,
        due_date=DUE,
    )
    raise_bill_demand(bill, conn)
    return bill


def _download(api, citizen, bill, language: str):
    api.force_authenticate(user=citizen.user)
    return api.get(f"/api/v1/me/water/bills/{bill.pk}/pdf/", HTTP_ACCEPT_LANGUAGE=language)


def test_bangla_bill_reads_back_with_bangla_amount_both_calendars_and_a_qr_that_verifies(api):
    t = helpers.town()
    conn = helpers.connection(t, metered=True)
    bill = _bill(t, conn)

    response = _download(api, t.owner, bill, "bn")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    raw = pdf_text(response.content)
    text = skeleton(raw)
    assert "১,২৩৪.০০" in raw  # the total, in Bangla digits
    assert "1,234.00" not in text and "1234.00" not in text
    for day in (ISSUED, DUE):  # Bangabda then Gregorian, in Bangla digits (month names are
        # matched loosely: pre-base vowel signs and a reph do not extract as written)
        bangla = to_bangla_date(day)
        both = (
            rf"{bn(bangla.day)} \S+ {bn(bangla.year)} বঙ্গাব্দ / "
            rf"{bn(day.day)} \S+ {bn(day.year)} খ্রিস্টাব্দ"
        )
        assert re.search(both, raw), both
    assert skeleton("পানির বিল") in text and conn.number in text

    [scanned] = qr_texts(response.content)
    document = IssuedDocument.objects.get(kind="water_bill")
    assert scanned == django_settings.DOCUMENT_VERIFY_BASE_URL + document.token
    api.force_authenticate(user=None)
    verdict = api.get(f"/api/v1/verify/{token_of(scanned)}/").json()
    assert verdict["genuine"] is True and verdict["status"] == "valid"
    assert verdict["kind"] == "water_bill" and verdict["number"] == document.number
    shown = {a["value"]["en"] for a in verdict["asserts"]}
    assert conn.number in shown and "Tk 1,234.00" in shown and "March 2026" in shown
    assert verdict["fields"] == {
        "connection": conn.number,
        "period": "2026-03",
        "total": "1234.00",
        "due_date": "2026-06-10",
    }
    assert "Rahim" not in str(verdict["asserts"]) + str(verdict["fields"])  # consumer's name
    page = api.get(f"/verify/{token_of(scanned)}")
    assert page.status_code == 200 and conn.number in page.content.decode()


def test_english_bill_for_an_english_reader(api):
    t = helpers.town()
    bill = _bill(t, helpers.connection(t), total="350.00")
    response = _download(api, t.owner, bill, "en")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "350.00" in text and "Water bill" in text
    for day in (ISSUED, DUE):
        assert " ".join(format_both_dates(day, "en").split()) in " ".join(text.split())


def test_rendered_once_then_served_from_storage(api):
    t = helpers.town()
    bill = _bill(t, helpers.connection(t))
    first = _download(api, t.owner, bill, "bn").content
    with mock.patch("backend.documents.pdf.render_document") as render:
        again = _download(api, t.owner, bill, "bn").content
    render.assert_not_called()
    assert again == first
    assert IssuedDocument.objects.filter(kind="water_bill").count() == 1
    assert IssuedDocument.objects.get(kind="water_bill").pdf.name  # stored


def test_another_citizen_gets_404_and_nothing_is_issued(api):
    t = helpers.town()
    bill = _bill(t, helpers.connection(t))
    stranger = CitizenFactory(mobile="01711999999")
    assert _download(api, stranger, bill, "bn").status_code == 404
    assert not IssuedDocument.objects.filter(kind="water_bill").exists()
    api.force_authenticate(user=None)
    assert api.get(f"/api/v1/me/water/bills/{bill.pk}/pdf/").status_code == 401


def test_the_signed_fields_are_the_bills(api):
    t = helpers.town()
    conn = helpers.connection(t)
    bill = _bill(t, conn, total="999.00")
    document = documents.issued_document(bill, "bn")
    assert document.fields["total"] == "999.00" and document.fields["connection"] == conn.number
    assert documents.issued_document(bill, "en").pk == document.pk  # issued once
